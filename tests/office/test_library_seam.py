"""What office/library_seam.py relies on in Django and django-import-export still holds.

Each failure names the library and what changed: after an upgrade, fix the seam (and only
the seam), or drop the shortcut it takes.
"""

import inspect

import pytest
import tablib
from django.db.models.base import ModelState
from django.utils import translation
from import_export import fields, resources, widgets
from import_export.formats import base_formats
from import_export.instance_loaders import CachedInstanceLoader
from import_export.options import ResourceOptions

from agreements.models import Agreement
from agreements.resources import AgreementResource
from cities.models import Partner, PartnerFact
from cities.resources import PartnerFactResource, PartnerResource
from office.library_seam import (
    PREFETCH_CACHE,
    copy_new_record,
    field_values,
    keeps_value_as_set,
    skips_diff,
    take_prefetched,
    without_diff,
)
from office.spreadsheets import SpreadsheetResource
from tests.factories import make_fact, make_partner

RESOURCES = [PartnerResource, PartnerFactResource, AgreementResource]
MODELS = [Partner, PartnerFact, Agreement]


# --- Django: a model instance is its __dict__ and its _state ---------------------------


@pytest.mark.parametrize("model", MODELS)
def test_django_keeps_nothing_on_a_new_record_but_field_values_and_its_state(model):
    record = model()
    extra = set(vars(record)) - {field.attname for field in model._meta.concrete_fields}
    assert extra == {"_state"}, (
        f"Django: Model.__init__ now sets {sorted(extra - {'_state'})} on each {model.__name__}"
        "; copy_new_record would share them between copies."
    )


@pytest.mark.parametrize("model", MODELS)
def test_django_a_copied_blank_record_equals_one_built_by_the_constructor(model):
    copied = copy_new_record(model())
    built = model()
    differences = [
        field.attname
        for field in model._meta.concrete_fields
        if getattr(copied, field.attname) != getattr(built, field.attname)
    ]
    assert differences == [], f"Django: copy_new_record no longer copies {differences}."


def test_django_a_copied_record_has_a_state_of_its_own_that_says_new():
    original = Partner(name_ja="ボーフム", name_en="Bochum", country="DE")
    original._state.adding = False
    original._state.db = "default"
    copied = copy_new_record(original)
    assert copied._state is not original._state
    assert (copied._state.adding, copied._state.db) == (True, None), (
        "Django: a fresh ModelState no longer means a record not in the database "
        "(adding=True, db=None)."
    )
    assert copied._state.fields_cache == {}
    assert field_values(copied) is not field_values(original)
    copied.name_ja = "ドルトムント"
    assert original.name_ja == "ボーフム"


def test_django_a_fresh_model_state_has_every_attribute_the_seam_relies_on():
    state = ModelState()
    missing = [name for name in ("adding", "db", "fields_cache") if not hasattr(state, name)]
    assert missing == [], f"Django: ModelState has no {missing} any more."


@pytest.mark.parametrize("model", MODELS)
def test_django_keeps_each_plain_fields_value_in_the_instance_dict(model):
    record = model()
    plain = [field for field in model._meta.concrete_fields if keeps_value_as_set(model, field)]
    assert plain, f"Django: no field of {model.__name__} has a DeferredAttribute any more."
    for field in plain:
        value = object()
        setattr(record, field.attname, value)
        assert field_values(record)[field.attname] is value, (
            f"Django: {model.__name__}.{field.attname} is no longer kept in __dict__ as set."
        )


def test_a_country_field_is_never_taken_for_a_plain_one():
    # django-countries wraps the code in a Country object: its check sees another value.
    assert not keeps_value_as_set(Partner, Partner._meta.get_field("country"))
    assert keeps_value_as_set(Partner, Partner._meta.get_field("slug"))


@pytest.mark.django_db
def test_django_keeps_what_prefetch_related_fetched_where_the_seam_takes_it():
    partner = make_partner()
    make_fact(partner)
    [loaded] = Partner.objects.prefetch_related("facts")
    assert PREFETCH_CACHE in vars(loaded), (
        f"Django: prefetch_related no longer stores its results in __dict__[{PREFETCH_CACHE!r}]."
    )
    fetched = take_prefetched(loaded)
    assert [fact.pk for fact in fetched["facts"]] == [partner.facts.get().pk]
    assert PREFETCH_CACHE not in vars(loaded)
    assert take_prefetched(loaded) == {}


# --- django-import-export: the resource's options, and the hooks overridden -------------


@pytest.mark.parametrize("resource_class", RESOURCES)
def test_import_export_keeps_a_resources_options_in_its_meta(resource_class):
    meta = resource_class._meta
    assert isinstance(meta, ResourceOptions), (
        "django-import-export: a resource's _meta is no longer a ResourceOptions."
    )
    missing = [
        name
        for name in ("model", "skip_diff", "skip_unchanged", "clean_model_instances")
        if not hasattr(meta, name)
    ]
    assert missing == [], f"django-import-export: ResourceOptions has no {missing} any more."


def test_without_diff_changes_one_resource_for_one_import_only():
    resource, other = PartnerResource(), PartnerResource()
    assert not skips_diff(resource)
    with without_diff(resource):
        assert skips_diff(resource)
        assert not skips_diff(other)
        assert not PartnerResource._meta.skip_diff
    assert not skips_diff(resource)


def test_import_export_reads_skip_diff_from_the_resource_on_every_row():
    source = inspect.getsource(resources.Resource.import_row)
    assert "self._meta.skip_diff" in source, (
        "django-import-export: Resource.import_row no longer reads self._meta.skip_diff; "
        "without_diff may not stop the per-row diff any more."
    )


@pytest.mark.django_db
def test_import_export_passes_each_rows_number_to_import_row():
    # SpreadsheetResource.import_row reports progress with kwargs["row_number"].
    sheet = tablib.Dataset(headers=["slug", "name_ja", "name_en", "country"])
    sheet.append(["bochum", "ボーフム", "Bochum", "DE"])
    sheet.append(["irvine", "アーバイン", "Irvine", "US"])
    resource = PartnerResource()
    done = []
    resource.import_progress = done.append
    with translation.override("en"):
        resource.import_data(sheet, dry_run=True)
    assert done == [1, 2], (
        "django-import-export: import_row is no longer given each row's row_number."
    )


# Every library method Twinning overrides or calls by keyword, with the parameters it
# expects. A new optional parameter at the end is harmless; a renamed or removed one is not.
HOOKS = {
    (resources.Resource, "import_data"): [
        "self",
        "dataset",
        "dry_run",
        "raise_errors",
        "use_transactions",
        "collect_failed_rows",
        "rollback_on_validation_errors",
        "kwargs",
    ],
    (resources.Resource, "get_import_fields"): ["self"],
    (resources.Resource, "get_import_id_fields"): ["self"],
    (resources.Resource, "init_instance"): ["self", "row"],
    (resources.Resource, "after_init_instance"): ["self", "instance", "new", "row", "kwargs"],
    (resources.Resource, "import_instance"): ["self", "instance", "row", "kwargs"],
    (resources.Resource, "import_field"): ["self", "field", "instance", "row", "is_m2m", "kwargs"],
    (resources.Resource, "import_row"): ["self", "row", "instance_loader", "kwargs"],
    (resources.Resource, "before_import"): ["self", "dataset", "kwargs"],
    (resources.Resource, "validate_instance"): [
        "self",
        "instance",
        "import_validation_errors",
        "validate_unique",
    ],
    (resources.Resource, "skip_row"): [
        "self",
        "instance",
        "original",
        "row",
        "import_validation_errors",
    ],
    (fields.Field, "save"): ["self", "instance", "row", "is_m2m", "kwargs"],
    (fields.Field, "export"): ["self", "instance", "kwargs"],
    (widgets.DecimalWidget, "clean"): ["self", "value", "row", "kwargs"],
    (widgets.IntegerWidget, "clean"): ["self", "value", "row", "kwargs"],
    (base_formats.CSV, "is_binary"): ["self"],
    (base_formats.CSV, "get_read_mode"): ["self"],
    (base_formats.CSV, "create_dataset"): ["self", "in_stream", "kwargs"],
    (base_formats.CSV, "export_data"): ["self", "dataset", "kwargs"],
    (base_formats.XLSX, "create_dataset"): ["self", "in_stream"],
    (base_formats.XLSX, "export_data"): ["self", "dataset", "kwargs"],
}


@pytest.mark.parametrize(
    ("owner", "name", "expected"),
    [(owner, name, expected) for (owner, name), expected in HOOKS.items()],
    ids=[f"{owner.__name__}.{name}" for owner, name in HOOKS],
)
def test_import_export_keeps_the_hooks_twinning_overrides(owner, name, expected):
    method = getattr(owner, name, None)
    assert method is not None, f"django-import-export: {owner.__name__}.{name} is gone."
    parameters = list(inspect.signature(method).parameters)
    assert parameters[: len(expected)] == expected, (
        f"django-import-export: {owner.__name__}.{name} now takes {parameters}, not {expected}."
    )


def test_import_export_still_maps_the_field_types_whose_widgets_are_replaced():
    replaced = {
        "DecimalField",
        "PositiveSmallIntegerField",
        "PositiveIntegerField",
        "IntegerField",
    }
    missing = replaced - set(resources.ModelResource.WIDGETS_MAP)
    assert missing == set(), f"django-import-export: WIDGETS_MAP has no {sorted(missing)}."
    assert replaced <= set(SpreadsheetResource.WIDGETS_MAP)


def test_import_export_cached_loader_still_keeps_every_instance_by_import_id():
    # AgreementLoader reads all_instances to take each agreement's prefetched relations.
    source = inspect.getsource(CachedInstanceLoader.__init__)
    assert "self.all_instances" in source, (
        "django-import-export: CachedInstanceLoader no longer fills all_instances."
    )
