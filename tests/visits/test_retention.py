"""purge_visits: personal data of long-closed applications goes; an anonymous record stays."""

import datetime
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import models

from tests.factories import make_staff_user, make_visit_application
from visits import statistics
from visits.models import (
    DelegationMember,
    DeletionLogEntry,
    Document,
    InternalNote,
    VisitApplication,
    VisitTopic,
)

pytestmark = pytest.mark.django_db

Status = VisitApplication.Status
TOKYO = ZoneInfo("Asia/Tokyo")
CLOSED_LONG_AGO = datetime.datetime(2024, 3, 1, 10, tzinfo=TOKYO)
CLOSED_RECENTLY = datetime.datetime(2025, 6, 1, 10, tzinfo=TOKYO)
NOW = datetime.datetime(2026, 11, 23, 9, tzinfo=TOKYO)


def closed_application(closed_at, *, status=Status.VISITED):
    with time_machine.travel(closed_at, tick=False):
        application = make_visit_application(
            status=status, first_choice_on=closed_at.date(), country="KR", headcount=7
        )
    application.members.create(name="Lee Jiwoo", title="Director")
    application.members.create(name="Park Seojun")
    document = Document(
        application=application, original_name="letter.pdf", content_type="application/pdf", size=4
    )
    document.file.save("letter.pdf", ContentFile(b"%PDF"), save=False)
    document.save()
    InternalNote.objects.create(application=application, text="Mr Lee is vegetarian.")
    application.topics.add(
        VisitTopic.objects.get_or_create(name_ja="つくばスタイル", name_en="Tsukuba Style")[0]
    )
    return application, document.file.name


def purge(*args):
    out = io.StringIO()
    with time_machine.travel(NOW, tick=False):
        call_command("purge_visits", *args, stdout=out)
    return out.getvalue()


def test_only_expired_applications_lose_their_personal_data_and_files():
    old, old_file = closed_application(CLOSED_LONG_AGO)
    recent, recent_file = closed_application(CLOSED_RECENTLY)
    messages_before = old.messages.count()
    assert messages_before == 1  # the acceptance email
    with time_machine.travel(NOW, tick=False):
        open_one = make_visit_application(status=Status.IN_REVIEW)
    statistics_before = statistics.figures(fiscal_year=2024)

    output = purge()

    old.refresh_from_db()
    assert old.personal_data_removed_at is not None
    assert (old.contact_name, old.contact_email, old.leader_name, old.purpose) == ("", "", "", "")
    assert (old.country.code, old.headcount, old.status) == ("KR", 7, Status.VISITED)
    assert old.topics.count() == 1
    assert not DelegationMember.objects.filter(application=old).exists()
    assert not Document.objects.filter(application=old).exists()
    assert not old.messages.exists()
    assert not InternalNote.objects.filter(application=old).exists()
    assert not default_storage.exists(old_file)

    recent.refresh_from_db()
    assert recent.personal_data_removed_at is None
    assert recent.members.count() == 2
    assert default_storage.exists(recent_file)
    open_one.refresh_from_db()
    assert open_one.personal_data_removed_at is None

    assert statistics.figures(fiscal_year=2024) == statistics_before
    [entry] = DeletionLogEntry.objects.all()
    # 2 members + 1 document + 1 message + 1 note
    assert (entry.reference, entry.records_removed, entry.files_removed) == (old.reference, 5, 1)
    assert old.reference in output


def test_a_second_run_does_nothing():
    closed_application(CLOSED_LONG_AGO)
    purge()
    output = purge()
    assert "Nothing to remove" in output
    assert DeletionLogEntry.objects.count() == 1


def test_a_dry_run_reports_and_changes_nothing():
    old, old_file = closed_application(CLOSED_LONG_AGO)
    output = purge("--dry-run")
    assert f"Would remove {old.reference}: 5 records, 1 files" in output
    old.refresh_from_db()
    assert old.personal_data_removed_at is None
    assert old.members.count() == 2
    assert default_storage.exists(old_file)
    assert not DeletionLogEntry.objects.exists()


def test_the_retention_period_can_be_shortened(settings):
    _, _ = closed_application(CLOSED_RECENTLY)
    assert "Nothing to remove" in purge()
    settings.VISIT_RETENTION_MONTHS = 12
    assert "Removed" in purge()


def test_the_months_option_overrides_the_setting():
    closed_application(CLOSED_RECENTLY)
    assert "Removed" in purge("--months", "6")


def test_the_history_keeps_who_but_not_what_was_written():
    old, _ = closed_application(CLOSED_LONG_AGO, status=Status.DECLINED)
    make_staff_user()
    purge()
    assert old.status_changes.exists()
    assert not old.status_changes.exclude(note="").exists()


# Text that names no one: the reference the statistics keep, and where the city received
# the delegation (staff's own words).
KEPT_TEXT = {"reference", "visit_place", "host_department"}
MARKER = "Kim Min-jun"


def free_text_fields(model):
    """Every text a person typed: the model's text columns without a fixed list of choices."""
    return [
        field.name
        for field in model._meta.concrete_fields
        if isinstance(field, (models.CharField, models.TextField))
        and not field.choices
        and field.name not in KEPT_TEXT
    ]


def test_no_personal_text_of_an_application_or_its_members_survives_the_purge():
    old, _ = closed_application(CLOSED_LONG_AGO)
    VisitApplication.objects.filter(pk=old.pk).update(
        **dict.fromkeys(free_text_fields(VisitApplication), MARKER)
    )
    DelegationMember.objects.filter(application=old).update(
        **dict.fromkeys(free_text_fields(DelegationMember), MARKER)
    )
    purge()
    old.refresh_from_db()
    survivors = [
        name for name in free_text_fields(VisitApplication) if MARKER in str(getattr(old, name))
    ]
    assert survivors == []
    for name in free_text_fields(DelegationMember):
        assert not DelegationMember.objects.filter(**{name: MARKER}).exists()
