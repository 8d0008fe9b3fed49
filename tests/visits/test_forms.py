"""The application form checks every rule on the server and says what is wrong beside it."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import F
from django.utils import translation
from django.utils.datastructures import MultiValueDict

from tests.factories import (
    a_visit_day,
    application_form_data,
    make_blackout_period,
    make_time_slot,
    submit_visit_application,
)
from tests.visits.test_files import PDF_BYTES, csv_bytes
from visits import files as uploaded_files
from visits.forms import ApplicationForm, DocumentForm
from visits.models import VisitApplication, VisitRules

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 23)


def form_for(language="en", files=None, **overrides):
    overrides.setdefault("first_choice_on", a_visit_day(after=TODAY).isoformat())
    with translation.override(language):
        form = ApplicationForm(
            application_form_data(**overrides),
            MultiValueDict(files or {}),
            visit_rules=VisitRules.current(),
            today=TODAY,
        )
        form.is_valid()
        return form, {name: [str(m) for m in errors] for name, errors in form.errors.items()}


def test_a_complete_form_is_valid():
    form, errors = form_for()
    assert errors == {}
    assert form.member_rows == [{"name": "Kim Min-jun", "organisation": "", "title": "Director"}]


@pytest.mark.parametrize(
    ("day", "language", "expected"),
    [
        ("2026-12-01", "en", "at least 30 days ahead"),
        ("2026-12-01", "ja", "30日前までにお申し込みください"),
        ("2027-01-16", "en", "weekdays only"),  # a Saturday
        ("2027-01-16", "ja", "平日のみ"),
        ("2027-01-11", "en", "public holiday in Japan"),  # Coming of Age Day
        ("2027-01-11", "ja", "日本の祝日"),
    ],
)
def test_a_preferred_date_against_the_rules_is_refused_beside_the_field(day, language, expected):
    form, errors = form_for(language, first_choice_on=day)
    assert any(expected in message for message in errors["first_choice_on"])


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "No visits can be received"), ("ja", "訪問を受け入れていません")],
)
def test_a_second_date_in_a_blackout_period_is_refused(language, expected):
    make_blackout_period(starts_on=datetime.date(2027, 2, 1), ends_on=datetime.date(2027, 2, 5))
    slot = make_time_slot()
    form, errors = form_for(
        language, second_choice_on="2027-02-03", second_choice_slot=str(slot.pk)
    )
    assert any(expected in message for message in errors["second_choice_on"])


def test_a_time_that_is_no_longer_offered_is_refused():
    withdrawn = make_time_slot(active=False)
    _, errors = form_for(first_choice_slot=str(withdrawn.pk))
    assert "first_choice_slot" in errors


def test_a_second_date_needs_a_time_and_a_time_needs_a_date():
    slot = make_time_slot()
    _, errors = form_for(second_choice_on=a_visit_day(after=TODAY, days_ahead=60).isoformat())
    assert "second_choice_slot" in errors
    _, errors = form_for(third_choice_slot=str(slot.pk))
    assert "third_choice_on" in errors


@pytest.mark.parametrize(
    ("language", "expected"), [("en", "at most 20 people"), ("ja", "20人まで")]
)
def test_a_group_above_the_limit_is_refused(language, expected):
    _, errors = form_for(language, headcount="21")
    assert any(expected in message for message in errors["headcount"])


def test_more_members_listed_than_visitors_is_refused():
    _, errors = form_for(headcount="1", **{"members-1-name": "Second person"})
    assert "headcount" in errors


def test_members_from_a_spreadsheet_are_added_to_the_rows():
    content = csv_bytes([["name", "organisation", "title"], ["Anne Martin", "Lyon", "Mayor"]])
    form, errors = form_for(
        headcount="2", files={"member_list": [SimpleUploadedFile("members.csv", content)]}
    )
    assert errors == {}
    assert [member["name"] for member in form.member_rows] == ["Kim Min-jun", "Anne Martin"]


def test_a_member_both_typed_and_in_the_spreadsheet_counts_once():
    content = csv_bytes(
        [["name", "organisation", "title"], ["Kim Min-jun", "Seoul", "Director"]]
        + [[f"Member {n}", "", ""] for n in range(2, 13)]
    )
    form, errors = form_for(
        headcount="12", files={"member_list": [SimpleUploadedFile("members.csv", content)]}
    )
    assert errors == {}
    assert len(form.member_rows) == 12
    assert form.member_rows[0] == {
        "name": "Kim Min-jun",
        "organisation": "Seoul",
        "title": "Director",
    }


def test_a_spreadsheet_too_large_for_the_group_is_refused():
    rows = [["name"]] + [[f"Member {n}"] for n in range(25)]
    _, errors = form_for(
        headcount="20",
        files={"member_list": [SimpleUploadedFile("members.csv", csv_bytes(rows))]},
    )
    assert "headcount" in errors


def test_a_member_row_with_a_title_but_no_name_is_refused():
    form, _ = form_for(**{"members-2-title": "Interpreter"})
    assert "name" in form.members.errors[2]
    assert not form.is_valid()


def test_more_than_five_documents_are_refused():
    files = {"documents": [SimpleUploadedFile(f"{n}.pdf", PDF_BYTES) for n in range(6)]}
    _, errors = form_for(files=files)
    assert "documents" in errors


def test_the_help_beside_the_documents_quotes_the_limits_in_force(monkeypatch):
    monkeypatch.setattr(uploaded_files, "MAX_DOCUMENTS", 3)
    monkeypatch.setattr(uploaded_files, "MAX_DOCUMENT_BYTES", 2 * uploaded_files.MEGABYTE)
    with translation.override("en"):
        application_help = str(form_for()[0]["documents"].help_text)
        document_help = str(DocumentForm()["file"].help_text)
    assert "up to 3 files of at most 2 MB each" in application_help
    assert "at most 2 MB" in document_help


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "is not a PDF, JPEG, PNG, Word or Excel file"),
        ("ja", "いずれのファイルでもありません"),
    ],
)
def test_a_program_named_like_a_pdf_is_refused_in_the_readers_language(language, expected):
    files = {"documents": [SimpleUploadedFile("agenda.pdf", b"MZ\x90\x00program")]}
    _, errors = form_for(language, files=files)
    assert any(expected in message for message in errors["documents"])


def test_the_privacy_consent_is_required():
    _, errors = form_for(consent="")
    assert "consent" in errors


def test_an_email_with_too_many_open_applications_is_refused():
    email = "busy@lyon.example"
    for _ in range(3):
        submit_visit_application(contact_email=email)
    # Counted once their contact opened the mailed link (tests/test_hostile_mail_abuse.py).
    VisitApplication.objects.update(contact_address_confirmed_at=F("submitted_at"))
    _, errors = form_for(contact_email=email)
    assert "contact_email" in errors


def test_a_forged_submission_key_is_refused():
    _, errors = form_for(submission_key="../../etc")
    assert "submission_key" in errors


def test_the_reply_language_defaults_to_the_pages_language():
    with translation.override("ja"):
        form = ApplicationForm(visit_rules=VisitRules.current(), today=TODAY)
    assert form["reply_language"].value() == "ja"


def test_every_error_is_listed_in_the_summary_with_the_field_it_belongs_to():
    form, _ = form_for(headcount="21", consent="", **{"members-1-title": "Deputy"})
    summary = form.error_summary()
    ids = {entry["id"] for entry in summary}
    assert {"id_headcount", "id_consent", "id_members-1-name"} <= ids


def test_a_date_years_ahead_is_refused_and_the_date_fields_say_how_far():
    form, errors = form_for(first_choice_on="9999-12-31")
    assert "the latest date is Nov. 23, 2027" in errors["first_choice_on"][0]
    assert form.fields["first_choice_on"].widget.attrs["max"] == "2027-11-23"


def test_the_new_year_closure_of_a_later_year_is_refused_on_the_form():
    rules = VisitRules.current()
    rules.booking_horizon_months = 36
    rules.save()
    form, errors = form_for(first_choice_on="2028-01-03")
    assert "Year-end and New Year holidays" in errors["first_choice_on"][0]


@pytest.mark.parametrize(
    ("answers", "field", "expected"),
    [
        ({"headcount": "0"}, "headcount", "At least one person visits: please give 1 or more."),
        ({"headcount": "zwölf"}, "headcount", "as a whole number"),
        ({"contact_email": "anna@"}, "contact_email", "such as name@city.example"),
        ({"organisation_name": ""}, "organisation_name", "Please answer this question."),
        ({"first_choice_on": "13/04/2027"}, "first_choice_on", "such as 2027-04-13"),
    ],
)
def test_the_form_speaks_its_own_words_not_djangos(answers, field, expected):
    _, errors = form_for(**answers)
    assert expected in errors[field][0]
    assert not any("Ensure this value" in m or "This field" in m for m in errors[field])
