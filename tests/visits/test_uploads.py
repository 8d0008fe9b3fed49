"""Files chosen once: kept on the server while the form is fixed, sent with it, then gone."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from tests.factories import application_form_data
from tests.visits.test_files import PDF_BYTES
from visits import uploads
from visits.models import PendingUpload, VisitApplication

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("applications_open")]


def test_a_refused_form_keeps_the_files_that_passed_and_sends_them_next_time(client):
    data = application_form_data(contact_email="")
    data["submission_key"] = "k" * 32
    data["documents"] = SimpleUploadedFile("agenda.pdf", PDF_BYTES)
    data["member_list"] = SimpleUploadedFile("members.csv", b"Name\nAnne Martin\n")
    response = client.post("/en/visits/apply/", data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "agenda.pdf" in page and "members.csv" in page
    assert "Remove agenda.pdf" in page
    kept = {pending.original_name: pending.key for pending in PendingUpload.objects.all()}
    assert set(kept) == {"agenda.pdf", "members.csv"}

    # Sent again, fixed, with no file chosen: the kept ones go along.
    data = application_form_data(contact_email="anne@lyon.example", headcount="2")
    data["submission_key"] = "k" * 32
    data["kept_files"] = list(kept.values())
    response = client.post("/en/visits/apply/", data)
    assert response.status_code == 302
    application = VisitApplication.objects.get()
    assert [d.original_name for d in application.documents.all()] == ["agenda.pdf"]
    assert application.documents.get().file.read() == PDF_BYTES
    assert [m.name for m in application.members.all()] == ["Kim Min-jun", "Anne Martin"]
    assert not PendingUpload.objects.exists()


def test_another_forms_kept_file_cannot_be_named(client):
    pending = uploads.keep(
        SimpleUploadedFile("secret.pdf", PDF_BYTES), form_key="a" * 32, kind="document"
    )
    data = application_form_data(contact_email="")
    data["submission_key"] = "b" * 32
    data["kept_files"] = [pending.key]
    page = client.post("/en/visits/apply/", data).content.decode()
    assert "secret.pdf" not in page


def test_a_kept_file_can_be_removed_without_javascript(client):
    pending = uploads.keep(
        SimpleUploadedFile("agenda.pdf", PDF_BYTES), form_key="k" * 32, kind="document"
    )
    data = application_form_data()
    data["submission_key"] = "k" * 32
    data["kept_files"] = [pending.key]
    data["remove_kept"] = pending.key
    response = client.post("/en/visits/apply/", data)
    assert response.status_code == 200
    assert "agenda.pdf" not in response.content.decode()
    assert not VisitApplication.objects.exists()
    assert not PendingUpload.objects.exists()


def test_kept_files_are_purged_after_a_day():
    old = uploads.keep(SimpleUploadedFile("old.pdf", PDF_BYTES), form_key="k" * 32, kind="document")
    PendingUpload.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(hours=25)
    )
    uploads.keep(SimpleUploadedFile("new.pdf", PDF_BYTES), form_key="k" * 32, kind="document")
    out = io.StringIO()
    call_command("purge_visits", stdout=out)
    assert "Removed 1 file(s) kept for forms never sent." in out.getvalue()
    assert [p.original_name for p in PendingUpload.objects.all()] == ["new.pdf"]
