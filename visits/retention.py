"""Removal of personal data from closed applications (個人情報の保護に関する法律).

An application closed more than VISIT_RETENTION_MONTHS months ago keeps only an anonymous
record for the statistics (country, kind of organisation, headcount, dates, status,
topics). Each removal is written to the deletion log.
"""

import calendar
import dataclasses

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from visits.models import DeletionLogEntry, StatusChange, VisitApplication, new_status_token

# The applicant's answers that identify people or carry free text, and the reason for
# declining (it may quote them); the members, documents, messages and notes go entirely.
BLANKED_FIELDS = VisitApplication.PERSONAL_FIELDS


@dataclasses.dataclass
class Removal:
    reference: str
    records: int
    files: int


def months_before(moment, months):
    year, month = divmod(moment.month - 1 - months, 12)
    year, month = moment.year + year, month + 1
    last_day = calendar.monthrange(year, month)[1]
    return moment.replace(year=year, month=month, day=min(moment.day, last_day))


def expired(*, months=None, now=None):
    """Closed applications past the retention period whose personal data is still here."""
    months = settings.VISIT_RETENTION_MONTHS if months is None else months
    cutoff = months_before(now or timezone.now(), months)
    return VisitApplication.objects.filter(
        closed_at__lt=cutoff, personal_data_removed_at__isnull=True
    ).order_by("closed_at", "pk")


def _personal_records(application):
    return (
        application.members.all(),
        application.documents.all(),
        application.replies.all(),
        application.messages.all(),
        application.internal_notes.all(),
    )


def purge(*, months=None, now=None, dry_run=False):
    """Remove the personal data of every expired application; return what was removed."""
    now = now or timezone.now()
    removals = []
    for application in expired(months=months, now=now):
        records = sum(queryset.count() for queryset in _personal_records(application))
        files = [a.file.name for a in application.documents.all() if a.file]
        removals.append(Removal(application.reference, records, len(files)))
        if dry_run:
            continue
        with transaction.atomic():
            for queryset in _personal_records(application):
                queryset.delete()
            for name in BLANKED_FIELDS:
                setattr(application, name, "")
            # The old status page link stops working; the submission key is no longer needed.
            application.status_token = new_status_token()
            application.submission_key = None
            application.personal_data_removed_at = now
            application.save()
            # Notes in the history may quote the applicant.
            StatusChange.objects.filter(application=application).update(note="")
            DeletionLogEntry.objects.create(
                reference=application.reference,
                removed_at=now,
                records_removed=records,
                files_removed=len(files),
            )
        # After the commit: a file is never gone while its record still points to it.
        storage = application.documents.model._meta.get_field("file").storage
        for name in files:
            storage.delete(name)
    return removals
