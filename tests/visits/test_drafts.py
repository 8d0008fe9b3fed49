"""Save and continue later: the answers and files wait on the server behind a mailed link."""

import datetime
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from office.models import Message
from tests.factories import application_form_data
from tests.visits.test_files import PDF_BYTES
from visits.models import PendingUpload, SavedDraft, VisitApplication

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("applications_open")]


def save_half_a_form(client, language="en", **answers):
    data = application_form_data(headcount="", purpose="", **answers)
    data["submission_key"] = "s" * 32
    data["save_draft"] = "1"
    data["consent"] = ""
    data["documents"] = SimpleUploadedFile("agenda.pdf", PDF_BYTES)
    return client.post(f"/{language}/visits/apply/", data)


def test_a_saved_form_mails_a_private_link_that_brings_it_back_with_its_files(client):
    response = save_half_a_form(client, language="ja", organisation_name="Stadt Bochum")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "保存しました" in response.content.decode()
    assert not VisitApplication.objects.exists()
    mail = Message.objects.get(kind="draft_saved")
    assert mail.language == "ja"
    link = re.search(r"http://testserver(/ja/visits/apply/saved/[\w-]+/)", mail.body).group(1)

    page = client.get(link)
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    html = page.content.decode()
    assert 'value="Stadt Bochum"' in html
    assert "agenda.pdf" in html
    assert 'id="error-summary"' not in html  # unchecked until it is sent
    assert "data-server-draft" in html


def test_a_form_cannot_be_saved_without_an_address_for_the_link(client):
    response = save_half_a_form(client, contact_email="")
    html = response.content.decode()
    assert "the link to continue is sent there" in html
    assert not SavedDraft.objects.exists()


def test_sending_the_resumed_form_removes_the_draft(client):
    save_half_a_form(client)
    draft = SavedDraft.objects.get()
    data = application_form_data()
    data["submission_key"] = draft.form_key
    data["kept_files"] = draft.answers["kept_files"]
    assert client.post("/en/visits/apply/", data).status_code == 302
    assert VisitApplication.objects.get().documents.get().original_name == "agenda.pdf"
    assert not SavedDraft.objects.exists()
    assert not PendingUpload.objects.exists()


def test_expired_drafts_and_their_files_are_purged_and_their_link_says_so(client):
    save_half_a_form(client)
    draft = SavedDraft.objects.get()
    # Its file outlives the day files are kept for, while the draft lives.
    PendingUpload.objects.update(created_at=timezone.now() - datetime.timedelta(days=3))
    call_command("purge_visits", stdout=io.StringIO())
    assert PendingUpload.objects.count() == 1
    SavedDraft.objects.update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    response = client.get(f"/en/visits/apply/saved/{draft.key}/")
    assert response.status_code == 404
    assert "kept for 14 days" in response.content.decode()
    out = io.StringIO()
    call_command("purge_visits", stdout=out)
    assert "Removed 1 expired saved form(s)." in out.getvalue()
    assert not SavedDraft.objects.exists()
    assert not PendingUpload.objects.exists()


def test_the_rules_page_states_how_long_a_saved_form_is_kept(client):
    assert "is kept for 14 days" in client.get("/en/visits/rules/").content.decode()
