"""Where the spreadsheet imports lean on Django's and django-import-export's internals.

Ten thousand rows import in seconds because of a few shortcuts past the libraries' public
API. Every one of them is here and nowhere else, each with what it relies on, so an
upgrade has one place to check; tests/office/test_library_seam.py checks each assumption
and says which library changed what.

Django (django.db.models):
- A model instance is its class, a __dict__ holding each loaded field's value under the
  field's attname, and a _state (ModelState: adding, db, fields_cache).
- A field whose class attribute is a DeferredAttribute keeps the value set on it as it
  is in __dict__ (a country field, for one, wraps it: its class attribute is another
  descriptor).
- prefetch_related puts what it fetched in __dict__["_prefetched_objects_cache"], by the
  relation's name.

django-import-export (import_export.resources):
- A resource's options are its _meta, one import_export.options.ResourceOptions shared
  by the class and every instance; skip_diff there is read on every row (Resource.import_row).
- The hooks SpreadsheetResource and its fields, widgets and formats override keep the
  names and parameters listed in the test; import_row is given each row's row_number;
  CachedInstanceLoader keeps the records it loaded in all_instances.
"""

import copy
from contextlib import contextmanager

from django.db.models.base import ModelState
from django.db.models.query_utils import DeferredAttribute

PREFETCH_CACHE = "_prefetched_objects_cache"


def copy_new_record(record):
    """A copy of a record never saved: the same values, a state of its own.

    As copy.copy() would make, at a fifth of the cost (no pickling protocol). Relies on
    an instance being its __dict__ and _state, and on a fresh ModelState meaning "not in
    the database yet" (adding=True, db=None).
    """
    new = record.__class__.__new__(record.__class__)
    new.__dict__.update(record.__dict__)
    new._state = ModelState()
    return new


def field_values(record):
    """The record's loaded field values by attname, read without the descriptors.

    The mapping is the record's own __dict__: read from it, never write to it.
    """
    return record.__dict__


def keeps_value_as_set(model, field):
    """True when the value set on field is the value stored in the record, unchanged.

    Relies on Django giving such a field a plain DeferredAttribute as class attribute.
    """
    return type(getattr(model, field.attname, None)) is DeferredAttribute


def take_prefetched(record):
    """What prefetch_related fetched for record, by relation name; the record forgets it.

    Import-export copies each record before changing it, and a copied prefetch cache
    would be fetched again row by row.
    """
    return record.__dict__.pop(PREFETCH_CACHE, {})


@contextmanager
def without_diff(resource):
    """The resource builds no per-row diff until the block ends.

    skip_diff is an option of the resource's class; set on a copy of its _meta, the
    change stays with this resource and this import.
    """
    meta = resource._meta
    resource._meta = copy.copy(meta)
    resource._meta.skip_diff = True
    try:
        yield
    finally:
        resource._meta = meta


def skips_diff(resource):
    """True while the resource builds no per-row diff (its own option or without_diff)."""
    return resource._meta.skip_diff
