"""Faults: a database that is down is a 503 in the visitor's language; the page says the
division was notified only when someone is; a file write that fails leaves nothing."""

import io

import pytest
from django.core import mail
from django.core.files import File
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError
from django.test import Client

from office.storage import UploadStorage
from tests.factories import application_form_data
from tests.visits.test_files import PDF_BYTES
from visits import views
from visits.models import Document, VisitApplication

pytestmark = pytest.mark.django_db


@pytest.fixture
def database_down(monkeypatch):
    """Every page that asks the database for the visit rules finds it gone."""

    def unreachable(*args, **kwargs):
        raise OperationalError('connection to server at "127.0.0.1", port 5432 failed')

    monkeypatch.setattr(views.VisitRules, "current", unreachable)


@pytest.mark.parametrize(
    ("path", "expected", "other"),
    [
        ("/en/visits/", "briefly unavailable", "一時的"),
        ("/ja/visits/", "一時的にご利用いただけません", "unavailable"),
    ],
)
def test_with_the_database_down_a_public_page_is_a_503_in_the_visitors_language(
    database_down, path, expected, other
):
    response = Client(raise_request_exception=False).get(path)
    page = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert expected in page
    assert other not in page


def test_with_the_database_down_a_posted_form_says_the_typed_text_is_still_in_the_browser(
    database_down,
):
    response = Client(raise_request_exception=False).post("/en/visits/apply/", {"purpose": "x"})
    assert response.status_code == 503
    assert "what you typed is still there" in response.content.decode()


@pytest.mark.parametrize(("admins", "notified"), [([], False), ([("IT", "it@city.example")], True)])
def test_the_page_says_the_division_was_notified_only_when_someone_is(
    settings, database_down, admins, notified
):
    settings.ADMINS = admins
    response = Client(raise_request_exception=False).get("/en/visits/")
    assert ("has been notified" in response.content.decode()) is notified
    assert len(mail.outbox) == (1 if notified else 0)


class HalfWritten(File):
    """An upload whose second chunk never arrives on disk: the disk is full."""

    def __init__(self):
        super().__init__(io.BytesIO(PDF_BYTES * 10), name="agenda.pdf")

    def chunks(self, chunk_size=None):
        yield PDF_BYTES
        raise OSError(28, "No space left on device")


def test_a_file_write_that_fails_halfway_leaves_no_file(settings):
    storage = UploadStorage(location=settings.MEDIA_ROOT)
    with pytest.raises(OSError, match="No space left"):
        storage.save("visits/2026/11/agenda.pdf", HalfWritten())
    assert [path for path in settings.MEDIA_ROOT.rglob("*") if path.is_file()] == []


@pytest.mark.usefixtures("applications_open")
def test_an_application_whose_document_cannot_be_written_leaves_no_record_and_no_file(
    settings, monkeypatch
):
    real_save = UploadStorage._save

    def disk_full(self, name, content):
        return real_save(self, name, HalfWritten())

    monkeypatch.setattr(UploadStorage, "_save", disk_full)
    data = application_form_data()
    data["documents"] = SimpleUploadedFile("agenda.pdf", PDF_BYTES)
    response = Client(raise_request_exception=False).post("/en/visits/apply/", data)
    assert response.status_code == 500
    assert not VisitApplication.objects.exists()
    assert not Document.objects.exists()
    assert [path for path in settings.MEDIA_ROOT.rglob("*") if path.is_file()] == []
