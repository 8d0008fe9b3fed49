"""The PDF of a submitted application: private, in the reader's language, Japanese included."""

import io

import pytest
from django.utils import translation
from pypdf import PdfReader

from tests.factories import make_home_city, submit_visit_application

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("applications_open")]


def pdf_text(content):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def pdf_address(application, language):
    with translation.override(language):
        return application.get_status_url() + "pdf/"


def test_the_pdf_holds_the_reference_answers_members_rules_and_contact(client):
    make_home_city()
    application = submit_visit_application(organisation_name="Stadt Bochum")
    response = client.get(pdf_address(application, "en"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f'filename="{application.reference}.pdf"' in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    text = pdf_text(response.content)
    assert application.reference in text
    assert "Stadt Bochum" in text
    assert "Kim Min-jun" in text  # a member
    assert "Rules for visits" in text
    assert "Every year from" in text  # the New Year closure


def test_the_japanese_pdf_renders_japanese(client):
    make_home_city()
    application = submit_visit_application(organisation_name="筑波大学 国際室")
    text = pdf_text(client.get(pdf_address(application, "ja")).content)
    assert "筑波大学 国際室" in text
    assert application.reference in text
    assert "訪問" in text


def test_the_pdf_is_only_for_the_holder_of_the_status_link(client):
    submit_visit_application()
    assert client.get("/en/visits/status/not-the-token/pdf/").status_code == 404


def test_the_status_page_and_the_confirmation_link_to_the_pdf(client):
    from office.models import Message

    application = submit_visit_application(reply_language="ja")
    page = client.get(application.get_status_url()).content.decode()
    assert f'href="{pdf_address(application, "en")}" download' in page
    confirmation = Message.objects.get(kind="confirmation")
    assert f"http://testserver{pdf_address(application, 'ja')}" in confirmation.body


def test_a_date_and_its_time_are_joined_with_a_japanese_comma_in_japanese():
    application = submit_visit_application()
    with translation.override("ja"):
        first = dict(application.answer_lines())["第1希望日"]
        slot = str(application.first_choice_slot)
    assert f"日、{slot}" in first
