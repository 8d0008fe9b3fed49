"""Files chosen once: a file that passed its checks is kept while the form is fixed.

When the form comes back with something to fix, the browser has forgotten the files it
sent; each one that passed (visits/files.py) is kept here as a PendingUpload, bound to the
form's one-time key, and the page lists it with a remove button. Sending the form again
takes the kept files along. Kept files are removed once sent, or by purge_visits after
KEPT_FOR.
"""

import datetime
import secrets

from django.core.files import File
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from visits import files
from visits.models import PendingUpload

KEPT_FOR = datetime.timedelta(hours=24)
Kind = PendingUpload.Kind


def keep(uploaded, *, form_key, kind):
    """Store a file that passed its checks for the form with `form_key`."""
    pending = PendingUpload(
        form_key=form_key,
        key=secrets.token_urlsafe(24),
        kind=kind,
        original_name=str(uploaded.name)[:255],
        size=uploaded.size,
    )
    uploaded.seek(0)
    # A random name on disk, as for documents: the visitor's name is for display only.
    pending.file.save(secrets.token_hex(16), uploaded, save=False)
    pending.save()
    return pending


def kept(*, form_key, keys):
    """The files this form kept, of the keys it sent back (others' keys find nothing)."""
    if not form_key or not keys:
        return []
    return list(
        PendingUpload.objects.filter(form_key=form_key, key__in=keys[:20]).filter(_still_kept())
    )


def _still_kept(now=None):
    # Kept for KEPT_FOR, or as long as a form saved to continue later (visits/drafts.py).
    from visits.drafts import live_form_keys

    now = now or timezone.now()
    return Q(created_at__gte=now - KEPT_FOR) | Q(form_key__in=live_form_keys(now=now))


def as_uploaded(pending):
    """A kept file, opened under its original name, as the form's checks and
    visits.services.submit take an uploaded file."""
    return File(pending.file.open("rb"), name=pending.original_name)


def discard(pending_uploads):
    """Remove kept files and their records (after sending, or when the visitor removes one)."""
    for pending in pending_uploads:
        name = pending.file.name
        pending.delete()
        transaction.on_commit(lambda name=name: PendingUpload.file.field.storage.delete(name))


def purge(*, now=None):
    """Remove files kept longer than KEPT_FOR; return how many."""
    old = list(PendingUpload.objects.exclude(_still_kept(now)))
    discard(old)
    return len(old)


def check(pending):
    """Check a kept file again as it is taken along (it passed once; the rules may differ)."""
    uploaded = as_uploaded(pending)
    if pending.kind == Kind.MEMBER_LIST:
        return files.read_member_list(uploaded)
    files.check_document(uploaded)
    return uploaded
