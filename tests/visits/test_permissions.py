"""Applications are personal data: only visit coordinators see them, files included."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from office.groups import EDITOR, VIEWER, VISIT_COORDINATOR
from tests.factories import make_staff_user, make_visit_application
from visits.models import Document

pytestmark = pytest.mark.django_db


def make_document(application):
    document = Document(
        application=application,
        original_name="agenda.pdf",
        content_type="application/pdf",
        size=8,
    )
    document.file.save("agenda.pdf", ContentFile(b"%PDF-1.4"), save=False)
    document.save()
    return document


@pytest.fixture
def application():
    return make_visit_application()


def staff_pages(application, document):
    return [
        "/admin/visits/visitapplication/",
        reverse("admin:visits_visitapplication_change", args=[application.pk]),
        reverse("visits_staff:document", args=[document.pk]),
        reverse("visits_staff:calendar"),
        reverse("visits_staff:statistics"),
    ]


@pytest.mark.parametrize("group", [EDITOR, VIEWER])
def test_editors_and_viewers_cannot_open_applications_or_their_files(client, application, group):
    document = make_document(application)
    client.force_login(make_staff_user(groups=[group]))
    for url in staff_pages(application, document):
        assert client.get(url).status_code in (403, 404), url


def test_visitors_without_a_login_are_sent_to_the_login_page(client, application):
    document = make_document(application)
    for url in staff_pages(application, document):
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"], url


def test_a_coordinator_downloads_a_document_as_a_file_never_inline(client, application):
    document = make_document(application)
    client.force_login(make_staff_user(groups=[VISIT_COORDINATOR]))
    response = client.get(reverse("visits_staff:document", args=[document.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4"
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_missing_document_is_not_found(client):
    client.force_login(make_staff_user(groups=[VISIT_COORDINATOR]))
    assert client.get(reverse("visits_staff:document", args=[999])).status_code == 404


def test_the_dashboard_panel_is_only_for_those_who_may_see_applications(client, application):
    client.force_login(make_staff_user(groups=[VIEWER]))
    assert "visits-panel-title" not in client.get("/admin/").content.decode()
    client.force_login(make_staff_user(groups=[VISIT_COORDINATOR]))
    assert "visits-panel-title" in client.get("/admin/").content.decode()


def test_only_visit_coordinators_may_read_and_resend_the_messages():
    coordinator = make_staff_user(groups=[VISIT_COORDINATOR])
    editor = make_staff_user(groups=[EDITOR])
    viewer = make_staff_user(groups=[VIEWER])
    assert coordinator.has_perms(["office.view_message", "office.change_message"])
    assert not editor.has_perm("office.view_message")
    assert not viewer.has_perm("office.view_message")
