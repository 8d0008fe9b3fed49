"""Size limits before reading: an oversized body is refused unread, a post over the visit
form's limit stores no files, every free text has a bound, and so does a mail."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import MemoryFileUploadHandler, TemporaryFileUploadHandler
from django.test import Client

from office.outbox import MAX_BODY_CHARS, send
from tests.factories import application_form_data, make_visit_application
from tests.visits.test_files import PDF_BYTES
from visits.models import VisitApplication

pytestmark = pytest.mark.django_db


class UnreadableBody(io.RawIOBase):
    """A body that must not be read: reading it fails the test."""

    def readable(self):
        return True

    def readinto(self, buffer):
        raise AssertionError("the body was read")


def post_claiming(client, path, length):
    return client.generic(
        "POST",
        path,
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(length),
        **{"wsgi.input": UnreadableBody()},
    )


@pytest.mark.parametrize(
    ("path", "expected"),
    [("/en/visits/apply/", "Too much sent at once"), ("/ja/visits/apply/", "一度に送られた量")],
)
def test_a_body_over_the_limit_is_refused_before_it_is_read(settings, path, expected):
    settings.MAX_REQUEST_BYTES = 1000
    response = post_claiming(Client(), path, 2 * 1024**3)  # says 2 GB
    assert response.status_code == 413
    assert expected in response.content.decode()
    assert b"1000" not in response.content  # megabytes, not bytes: 0 MB here


def test_the_limit_is_the_documented_one(settings):
    from django.conf import settings as live

    assert live.MAX_REQUEST_BYTES >= 5 * 10 * 1024 * 1024 + 1024 * 1024  # the form's files
    response = post_claiming(Client(), "/en/visits/apply/", live.MAX_REQUEST_BYTES + 1)
    assert response.status_code == 413


@pytest.mark.usefixtures("applications_open")
def test_a_post_over_the_visit_forms_limit_stores_none_of_its_files(client, settings, monkeypatch):
    settings.VISIT_SUBMISSIONS_PER_MINUTE = 1
    client.post("/en/visits/apply/", application_form_data(headcount="99"))
    stored = []
    for handler in (MemoryFileUploadHandler, TemporaryFileUploadHandler):
        original = handler.receive_data_chunk

        def spy(self, raw_data, start, original=original):
            stored.append(len(raw_data))
            return original(self, raw_data, start)

        monkeypatch.setattr(handler, "receive_data_chunk", spy)
    data = application_form_data(purpose="Kept text")
    data["documents"] = SimpleUploadedFile("agenda.pdf", PDF_BYTES + b"0" * 3_000_000)
    response = client.post("/en/visits/apply/", data)
    assert response.status_code == 429
    assert "Kept text" in response.content.decode()  # the typed text still comes back
    assert stored == []
    assert not VisitApplication.objects.exists()


@pytest.mark.usefixtures("applications_open")
@pytest.mark.parametrize(("field", "limit"), [("purpose", 5000), ("other_topics", 2000)])
def test_an_overlong_text_is_a_form_error_and_saves_nothing(client, field, limit):
    response = client.post("/en/visits/apply/", application_form_data(**{field: "x" * (limit + 1)}))
    assert response.status_code == 200
    assert f"at most {limit} characters" in response.content.decode()
    assert not VisitApplication.objects.exists()


@pytest.mark.parametrize(
    ("field", "limit"), [("purpose", 5000), ("other_topics", 2000), ("decline_reason", 5000)]
)
def test_an_overlong_text_fails_the_models_own_check(field, limit):
    application = make_visit_application()
    setattr(application, field, "x" * (limit + 1))
    with pytest.raises(ValidationError) as error:
        application.full_clean()
    assert field in error.value.message_dict


def test_a_mail_is_cut_to_its_bound():
    message = send(
        kind="test",
        to="secretary@seoul.example",
        language="en",
        subject="Your application " * 40,
        text="x" * (MAX_BODY_CHARS * 10),
    )
    message.refresh_from_db()
    assert len(message.body) == MAX_BODY_CHARS
    assert len(message.subject) <= 250
