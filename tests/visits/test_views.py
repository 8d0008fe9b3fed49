"""The public visit pages: apply, follow the application, withdraw, add a document."""

import re

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation

from office import outbox
from office.models import Message
from tests.factories import (
    a_visit_day,
    application_form_data,
    make_blackout_period,
    make_partner,
    make_time_slot,
    make_visit_topic,
    submit_visit_application,
)
from tests.visits.test_files import PDF_BYTES
from visits import rules, services
from visits.models import Document, VisitApplication, VisitRules

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("applications_open")]


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()  # the per-address submission counter lives there
    yield
    cache.clear()


def url_in(language, name, **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs)


@pytest.mark.parametrize("name", ["visits:index", "visits:rules", "visits:privacy", "visits:apply"])
@pytest.mark.parametrize("language", ["ja", "en"])
def test_the_visit_pages_answer_in_both_languages(client, home_city, name, language):
    response = client.get(url_in(language, name))
    assert response.status_code == 200
    assert f'<html lang="{language}">' in response.content.decode()


def test_the_visiting_us_page_links_to_the_rules_the_form_and_the_privacy_notice(client):
    page = client.get("/en/visits/").content.decode()
    assert 'href="/en/visits/rules/"' in page
    assert 'href="/en/visits/apply/"' in page
    assert 'href="/en/visits/privacy/"' in page


def test_the_rules_page_publishes_the_rules_slots_and_blackout_periods(client):
    make_time_slot(name_en="Morning", starts_at="10:00", ends_at="12:00")
    make_blackout_period(reason_en="Year-end holidays")
    page = client.get("/en/visits/rules/").content.decode()
    assert "at least 30 days before the visit" in page
    assert "Morning: 10:00–12:00" in page
    assert "Year-end holidays" in page
    assert "up to 12 months ahead" in page
    # The closure a fresh database holds is a yearly rule.
    assert "Every year from December 29 to January 3: Year-end and New Year holidays" in page


def test_the_privacy_notice_says_how_long_data_is_kept(client):
    assert "24 months" in client.get("/en/visits/privacy/").content.decode()
    assert "24か月" in client.get("/ja/visits/privacy/").content.decode()


def test_an_english_application_leads_to_its_status_page_with_the_reference(client, mailoutbox):
    data = application_form_data()
    data["documents"] = SimpleUploadedFile("agenda.pdf", PDF_BYTES)
    response = client.post("/en/visits/apply/", data)
    application = VisitApplication.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/en/visits/status/{application.status_token}/?received=1"
    assert application.language == "en"
    assert application.documents.count() == 1
    page = client.get(response["Location"]).content.decode()
    assert application.reference in page
    assert "we received your application" in page


def test_a_japanese_application_is_recorded_in_japanese(client):
    data = application_form_data(reply_language="ja", organisation_name="大田区")
    response = client.post("/ja/visits/apply/", data)
    application = VisitApplication.objects.get()
    assert response["Location"].startswith("/ja/visits/status/")
    assert application.language == "ja"
    assert "受け付けました" in client.get(response["Location"]).content.decode()


def test_a_refused_form_keeps_what_was_typed_and_lists_the_errors_at_the_top(client):
    data = application_form_data(headcount="99", purpose="Smart city tour")
    data["documents"] = SimpleUploadedFile("agenda.pdf", PDF_BYTES)
    response = client.post("/en/visits/apply/", data)
    page = response.content.decode()
    assert response.status_code == 200
    assert VisitApplication.objects.count() == 0
    assert 'id="error-summary"' in page
    assert 'href="#id_headcount"' in page
    assert 'value="Seoul Metropolitan Government"' in page
    assert "Smart city tour" in page
    assert 'value="Kim Min-jun"' in page
    # The file that passed is kept for the form, not asked for again.
    assert "the files that passed their checks" in page
    assert "Remove agenda.pdf" in page
    assert Document.objects.count() == 0


def test_the_form_page_has_labels_fieldsets_and_the_right_input_types(client):
    page = client.get("/en/visits/apply/").content.decode()
    assert page.count("<fieldset") >= 7
    assert 'type="email" name="contact_email"' in page
    assert 'type="tel"' in page
    assert 'type="date" name="first_choice_on"' in page
    assert 'autocomplete="organization"' in page
    assert 'name="reply_language" value="en" id="id_reply_language_1" required checked' in page
    assert 'name="submission_key"' in page
    assert 'href="/en/visits/privacy/"' in page
    assert '<script id="visit-rules" type="application/json">' in page


def test_a_filled_honeypot_looks_like_success_and_saves_nothing(client):
    real = client.post("/en/visits/apply/", application_form_data())
    caught = client.post("/en/visits/apply/", application_form_data(nickname="buy now"))
    # The same answer's shape: a redirect to a status page with a token as long.
    assert caught.status_code == real.status_code == 302
    assert len(caught["Location"]) == len(real["Location"])
    assert caught["Location"].startswith("/en/visits/status/")
    assert caught["Location"].endswith("/?received=1")
    assert VisitApplication.objects.count() == 1


def test_posting_the_same_form_twice_makes_one_application(client):
    data = application_form_data()
    first = client.post("/en/visits/apply/", data)
    second = client.post("/en/visits/apply/", data)
    assert VisitApplication.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_the_eleventh_submission_in_a_minute_is_answered_with_429(client):
    for _ in range(10):
        client.post("/en/visits/apply/", application_form_data(headcount="99"))
    response = client.post("/en/visits/apply/", application_form_data(purpose="Kept text"))
    page = response.content.decode()
    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    assert "Too many applications" in page
    assert "Kept text" in page
    assert VisitApplication.objects.count() == 0
    with translation.override("ja"):
        japanese = client.post("/ja/visits/apply/", application_form_data())
    assert japanese.status_code == 429
    assert "お申し込みが多すぎます" in japanese.content.decode()


def test_the_form_refuses_a_post_without_its_csrf_token():
    response = Client(enforce_csrf_checks=True).post("/en/visits/apply/", application_form_data())
    assert response.status_code == 403
    assert VisitApplication.objects.count() == 0


def test_the_status_page_is_private_and_not_indexed(client):
    application = submit_visit_application()
    response = client.get(application.get_status_url())
    assert response.status_code == 200
    assert response["Referrer-Policy"] == "same-origin"
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert '<meta name="robots" content="noindex">' in response.content.decode()


@pytest.mark.parametrize("token", ["wrong", "x" * 43, "VA-2026-0001"])
def test_a_wrong_token_answers_404(client, token):
    submit_visit_application()
    assert client.get(f"/en/visits/status/{token}/").status_code == 404


def test_a_missing_token_answers_404(client):
    assert client.get("/en/visits/status/").status_code == 404


def test_the_status_page_shows_the_status_and_staffs_messages_newest_last(client):
    application = submit_visit_application(reply_language="ja")
    for subject in ("最初のお知らせ", "追加資料のお願い"):
        outbox.send(
            kind="note",
            to=application.contact_email,
            language="ja",
            subject=subject,
            text="本文",
            about=application,
            shown_to_recipient=True,
        )
    outbox.send(
        kind="internal",
        to="staff@city.example",
        language="ja",
        subject="内部メモ",
        text="x",
        about=application,
    )
    page = client.get(url_in("ja", "visits:status", token=application.status_token))
    text = page.content.decode()
    assert "受付" in text
    assert text.index("最初のお知らせ") < text.index("追加資料のお願い")
    assert "内部メモ" not in text


def test_the_status_page_shows_the_visit_date_once_accepted(client):
    application = submit_visit_application()
    VisitApplication.objects.filter(pk=application.pk).update(
        status=VisitApplication.Status.ACCEPTED, visit_on="2027-02-03"
    )
    page = client.get(url_in("en", "visits:status", token=application.status_token))
    page = page.content.decode()
    assert "Visit date" in page
    assert "Feb. 3, 2027" in page


def test_withdrawing_asks_first_then_works_once(client):
    application = submit_visit_application()
    url = url_in("en", "visits:withdraw", token=application.status_token)
    confirm = client.post(url)
    assert "Yes, withdraw the application" in confirm.content.decode()
    application.refresh_from_db()
    assert application.status == VisitApplication.Status.NEW
    assert client.post(url, {"confirm": "yes"}).status_code == 302
    application.refresh_from_db()
    assert application.status == VisitApplication.Status.WITHDRAWN
    again = client.post(url, {"confirm": "yes"})
    assert again.status_code == 409
    assert application.status_changes.filter(status="withdrawn").count() == 1
    page = client.get(url_in("en", "visits:status", token=application.status_token))
    page = page.content.decode()
    assert "Withdraw…" not in page
    assert "Add a document" not in page


def test_the_withdrawal_question_can_be_reloaded_and_changes_nothing(client):
    application = submit_visit_application()
    url = url_in("en", "visits:withdraw", token=application.status_token)
    response = client.get(url)
    assert response.status_code == 200
    assert "Yes, withdraw the application" in response.content.decode()
    application.refresh_from_db()
    assert application.status == VisitApplication.Status.NEW


def test_a_withdrawal_is_confirmed_on_the_page_and_by_mail(client):
    application = submit_visit_application(contact_email="lee@seoul.example")
    application.reply_language = "ja"
    application.save()
    url = url_in("en", "visits:withdraw", token=application.status_token)
    response = client.post(url, {"confirm": "yes"}, follow=True)
    page = response.content.decode()
    assert "Your application has been withdrawn." in page
    assert "Withdrawn: you withdrew this application" in page
    # In the language of the replies, and on the status page among our messages.
    mail = Message.objects.get(kind="withdrawn")
    assert "取下げ" in mail.subject
    assert mail.to == "lee@seoul.example"
    assert application.reference in mail.body
    assert "/ja/visits/apply/" in mail.body
    assert mail.shown_to_recipient


def test_a_document_can_be_added_on_the_status_page(client):
    application = submit_visit_application()
    url = url_in("en", "visits:add_document", token=application.status_token)
    response = client.post(url, {"file": SimpleUploadedFile("letter.pdf", PDF_BYTES)})
    assert response.status_code == 302
    assert application.documents.get().original_name == "letter.pdf"
    assert "letter.pdf" in client.get(response["Location"]).content.decode()


def test_a_document_of_the_wrong_type_is_refused_on_the_status_page(client):
    application = submit_visit_application()
    url = url_in("en", "visits:add_document", token=application.status_token)
    response = client.post(url, {"file": SimpleUploadedFile("letter.pdf", b"MZ\x90")})
    assert response.status_code == 400
    page = response.content.decode()
    assert "is not a PDF" in page
    assert application.documents.count() == 0
    # The error comes first, in the form's summary pattern, linked to the file field.
    summary = page.index('id="error-summary"')
    assert summary < page.index("<dl")
    assert 'href="#id_file"' in page[summary:]
    # Reloading that address later opens the status page, not a 405.
    assert client.get(url)["Location"] == application.get_status_url()


def test_the_status_page_shows_every_preferred_date_with_its_time_in_jst(client):
    slot = make_time_slot(name_en="Afternoon", starts_at="14:00", ends_at="16:00")
    application = submit_visit_application(
        second_choice_on=a_visit_day(days_ahead=60).isoformat(),
        second_choice_slot=str(slot.pk),
    )
    page = client.get(url_in("en", "visits:status", token=application.status_token))
    page = page.content.decode()
    assert "Second preferred date" in page
    assert '<span class="nowrap">14:00–16:00 JST</span>' in page
    assert "Received: we have your application and will reply by" in page


@pytest.mark.parametrize("count", [1, 6])
def test_the_form_page_queries_stay_flat(client, django_assert_num_queries, count):
    VisitRules.current()
    for _ in range(count):
        make_visit_topic()
        make_partner()
        make_time_slot()
        make_blackout_period()
    # 1. rules  2. blackout periods still to come  3. home city (footer)
    # 4-6. the time slots, once for each preferred date  7. topics  8. partners
    with django_assert_num_queries(8):
        response = client.get("/en/visits/apply/")
    assert response.status_code == 200


@pytest.mark.parametrize("count", [1, 5])
def test_the_status_page_queries_stay_flat(client, django_assert_num_queries, count):
    application = submit_visit_application(
        files={"documents": [SimpleUploadedFile(f"{n}.pdf", PDF_BYTES) for n in range(count)]}
    )
    for n in range(count):
        outbox.send(
            kind="note",
            to="a@b.example",
            language="en",
            subject=f"Note {n}",
            text="x",
            about=application,
            shown_to_recipient=True,
        )
        application.replies.create(text=f"Answer {n}")
    # 1. the application with its time slots  2. its messages to the applicant
    # 3. the delegation's messages to the division  4. its documents  5. home city (footer)
    with django_assert_num_queries(5):
        response = client.get(application.get_status_url())
    assert response.status_code == 200


@pytest.mark.parametrize("count", [1, 6])
def test_the_visiting_us_and_rules_pages_queries_stay_flat(
    client, django_assert_num_queries, count
):
    VisitRules.current()
    for _ in range(count):
        make_visit_topic()
        make_time_slot()
        make_blackout_period()
    # 1. rules  2. topics  3. home city (footer)
    with django_assert_num_queries(3):
        assert client.get("/en/visits/").status_code == 200
    # 1. rules  2. time slots  3. blackout periods still to come  4. home city
    with django_assert_num_queries(4):
        assert client.get("/en/visits/rules/").status_code == 200


def test_a_mail_server_that_is_down_never_shows_the_applicant_an_error(client, settings):
    settings.EMAIL_BACKEND = "tests.visits.test_services.FailingBackend"
    response = client.post("/en/visits/apply/", application_form_data())
    assert response.status_code == 302
    application = VisitApplication.objects.get()
    confirmation = application.messages.get(kind="confirmation")
    assert confirmation.attempts >= 1
    assert "SMTPServerDisconnected" in confirmation.last_error
    assert client.get(response["Location"]).status_code == 200


def test_an_application_the_server_refuses_comes_back_with_the_reason(client, monkeypatch):
    # As if a second tab had used the address's last open application a moment earlier.
    def refuse(answers, **kwargs):
        raise rules.RulesNotMet({"contact_email": ["This address has too many applications."]})

    monkeypatch.setattr(services, "check_application", refuse)
    response = client.post("/en/visits/apply/", application_form_data())
    page = response.content.decode()
    assert response.status_code == 200
    assert 'href="#id_contact_email"' in page
    assert "This address has too many applications." in page
    assert not VisitApplication.objects.exists()


# --- A new site: applications are not open until someone would read them ---


@pytest.fixture
def not_open(applications_open):
    applications_open.notification_email = ""
    applications_open.save()


@pytest.mark.parametrize("language", ["ja", "en"])
def test_the_form_says_applications_are_not_open_yet_on_a_new_site(client, not_open, language):
    response = client.get(url_in(language, "visits:apply"))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'class="notice" role="status"' in page
    assert "<form" not in page.split("<main", 1)[1]


def test_the_english_form_page_of_a_new_site_says_not_open_yet(client, not_open):
    page = client.get("/en/visits/apply/").content.decode()
    assert "Applications for visits are not open yet." in page


def test_a_posted_application_is_refused_while_applications_are_not_open(client, not_open):
    response = client.post("/en/visits/apply/", application_form_data())
    assert response.status_code == 409
    assert "not open yet" in response.content.decode()
    assert not VisitApplication.objects.exists()


def test_without_a_time_slot_on_offer_applications_are_not_open(client):
    from visits.models import TimeSlot

    TimeSlot.objects.update(active=False)
    response = client.get("/en/visits/apply/")
    assert "not open yet" in response.content.decode()


def test_a_visit_coordinator_with_an_address_opens_applications(client, not_open):
    from office.groups import VISIT_COORDINATOR
    from tests.factories import make_staff_user

    make_staff_user(groups=[VISIT_COORDINATOR])
    page = client.get("/en/visits/apply/").content.decode()
    assert "Send the application" in page


@pytest.mark.parametrize("name", ["visits:index", "visits:rules"])
def test_the_visit_pages_of_a_new_site_say_not_open_yet_instead_of_apply(client, not_open, name):
    page = client.get(url_in("en", name)).content.decode()
    assert "not open yet" in page
    assert 'class="button" href="/en/visits/apply/"' not in page


@pytest.mark.parametrize("name", ["visits:index", "visits:rules"])
def test_the_visit_pages_of_an_open_site_invite_delegations_to_apply(client, name):
    page = client.get(url_in("en", name)).content.decode()
    assert 'class="button" href="/en/visits/apply/"' in page
    assert "not open yet" not in page


def test_the_not_open_page_queries_stay_few(client, not_open, django_assert_num_queries):
    # 1. rules, with whether a slot is offered and a coordinator has an address
    # 2. home city (footer)
    with django_assert_num_queries(2):
        assert client.get("/en/visits/apply/").status_code == 200


def test_the_member_list_preview_names_the_people_read(client, django_assert_max_num_queries):
    content = "Nom;Prénom;Fonction\r\nCôté;Élise;Adjointe\r\n".encode("cp1252")
    with django_assert_max_num_queries(0):
        response = client.post(
            "/en/visits/apply/member-list/",
            {"member_list": SimpleUploadedFile("membres.csv", content)},
        )
    assert response.status_code == 200
    assert response.json() == {
        "count": 1,
        "names": ["Élise Côté"],
        "summary": "Read from the file: 1 person.",
    }


def test_the_member_list_preview_says_what_is_wrong_in_the_visitors_language(client):
    response = client.post(
        "/ja/visits/apply/member-list/",
        {"member_list": SimpleUploadedFile("members.csv", b"\xe9a;\xe8b\r\n")},
    )
    assert response.status_code == 400
    assert "CSV UTF-8" in response.json()["error"]
    assert client.get("/en/visits/apply/member-list/").status_code == 405


def test_the_form_gives_the_browser_the_servers_file_limits(client):
    page = client.get("/en/visits/apply/").content.decode()
    assert f'data-max-bytes="{10 * 1024 * 1024}"' in page
    assert 'data-too-large="%(name)s is larger than 10 MB. Please send a smaller file."' in page
    assert 'data-preview-url="/en/visits/apply/member-list/"' in page


def test_the_language_names_on_the_form_are_marked_with_their_language(client):
    page = client.get("/en/visits/apply/").content.decode()
    assert re.search(
        r'<label for="id_reply_language_\d" lang="ja"><input[^>]*> 日本語</label>', page
    )
    assert re.search(
        r'<label for="id_reply_language_\d" lang="en"><input[^>]*> English</label>', page
    )
