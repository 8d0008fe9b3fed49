"""Submitting, adding a document and withdrawing: one transaction each, mail included."""

import datetime
import io
import smtplib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult

from office.groups import VISIT_COORDINATOR
from office.models import Message
from tests.factories import (
    a_visit_day,
    application_form_data,
    make_blackout_period,
    make_home_city,
    make_partner,
    make_staff_user,
    make_visit_topic,
    submit_visit_application,
)
from tests.visits.test_files import PDF_BYTES, PNG_BYTES
from visits import emails, files, services
from visits.forms import ApplicationForm
from visits.models import (
    DelegationMember,
    Document,
    StatusChange,
    VisitApplication,
    VisitRules,
)
from visits.rules import RulesNotMet
from visits.working_days import add_working_days

pytestmark = pytest.mark.django_db


def stored_files(settings):
    return [path for path in settings.MEDIA_ROOT.rglob("*") if path.is_file()]


def test_a_full_english_application_is_saved_with_its_members_topics_and_files(
    settings, mailoutbox
):
    make_home_city()
    topic = make_visit_topic(name_en="Smart city", name_ja="スマートシティ")
    partner = make_partner(name_en="Grenoble", name_ja="グルノーブル")
    coordinator = make_staff_user(groups=[VISIT_COORDINATOR])
    today = datetime.date(2026, 11, 23)
    data = application_form_data(
        topics=[str(topic.pk)],
        partner=str(partner.pk),
        web_conference_ok="on",
        **{"members-1-name": "Park Seo-yeon", "members-1-organisation": "Seoul Tech"},
    )
    files = {"documents": [SimpleUploadedFile("agenda.pdf", PDF_BYTES)]}

    application = submit_visit_application(form_data=data, files=files, today=today)

    application.refresh_from_db()
    assert application.reference == "VA-2026-0001"
    assert application.status == VisitApplication.Status.NEW
    assert application.language == "en"
    assert application.consented_at is not None
    assert application.reply_due_on == add_working_days(today, 10)
    assert application.partner == partner
    assert application.web_conference_ok is True
    assert list(application.topics.all()) == [topic]
    assert [m.name for m in application.members.all()] == ["Kim Min-jun", "Park Seo-yeon"]
    [document] = application.documents.all()
    assert document.original_name == "agenda.pdf"
    assert document.content_type == "application/pdf"
    assert document.file.name.endswith(".pdf") and "agenda" not in document.file.name
    assert [change.status for change in application.status_changes.all()] == ["new"]
    confirmation, notice = sorted(mailoutbox, key=lambda m: m.to[0] != data["contact_email"])
    assert confirmation.to == [data["contact_email"]]
    assert "VA-2026-0001" in confirmation.subject
    assert f"http://testserver/en/visits/status/{application.status_token}/" in confirmation.body
    assert "Park Seo-yeon" in confirmation.body
    assert "Smart city" in confirmation.body
    assert "agenda.pdf" in confirmation.body
    assert notice.to == [coordinator.email]
    assert "VA-2026-0001" in notice.subject


def test_a_japanese_application_gets_its_confirmation_and_status_link_in_japanese(mailoutbox):
    data = application_form_data(
        organisation_name="大田区", contact_name="山田花子", country="JP", reply_language="ja"
    )
    application = submit_visit_application(form_data=data, language="ja")
    [confirmation] = [m for m in mailoutbox if m.to == [data["contact_email"]]]
    assert application.language == "ja"
    assert "訪問申請を受け付けました" in confirmation.subject
    assert "山田花子 様" in confirmation.body
    assert f"/ja/visits/status/{application.status_token}/" in confirmation.body
    assert Message.objects.get(kind="confirmation").language == "ja"


def test_the_confirmation_follows_the_reply_language_not_the_forms_language(mailoutbox):
    data = application_form_data(reply_language="ja")
    submit_visit_application(form_data=data, language="en")
    [confirmation] = [m for m in mailoutbox if m.to == [data["contact_email"]]]
    assert "訪問申請を受け付けました" in confirmation.subject


def test_references_count_up_without_gaps_and_start_again_each_year():
    first = submit_visit_application(today=datetime.date(2026, 11, 23))
    second = submit_visit_application(today=datetime.date(2026, 11, 24))
    next_year = submit_visit_application(today=datetime.date(2027, 1, 5))
    assert [first.reference, second.reference, next_year.reference] == [
        "VA-2026-0001",
        "VA-2026-0002",
        "VA-2027-0001",
    ]


def test_a_failure_after_the_files_are_written_leaves_no_row_and_no_file(
    settings, monkeypatch, mailoutbox
):
    def broken(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(emails, "queue_staff_notification", broken)
    files = {
        "documents": [
            SimpleUploadedFile("agenda.pdf", PDF_BYTES),
            SimpleUploadedFile("map.png", PNG_BYTES),
        ]
    }
    with pytest.raises(RuntimeError):
        submit_visit_application(files=files)
    assert VisitApplication.objects.count() == 0
    assert DelegationMember.objects.count() == 0
    assert Document.objects.count() == 0
    assert StatusChange.objects.count() == 0
    assert Message.objects.count() == 0
    assert stored_files(settings) == []


def test_submitting_the_same_form_twice_creates_one_application(mailoutbox):
    data = application_form_data()
    first = submit_visit_application(form_data=data)
    second = submit_visit_application(form_data=dict(data))
    assert first.pk == second.pk
    assert VisitApplication.objects.count() == 1
    assert Message.objects.filter(kind="confirmation").count() == 1


def test_the_confirmation_is_queued_in_the_same_transaction(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with transaction.atomic():
        application = submit_visit_application()
        assert Message.objects.filter(visit_application=application, kind="confirmation").exists()
        assert DBTaskResult.objects.count() == Message.objects.count()
        transaction.set_rollback(True)
    assert VisitApplication.objects.count() == 0
    assert Message.objects.count() == 0
    assert DBTaskResult.objects.count() == 0


class FailingBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


def test_a_mail_server_that_is_down_does_not_stop_the_application(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.EMAIL_BACKEND = "tests.visits.test_services.FailingBackend"
    application = submit_visit_application()
    assert VisitApplication.objects.filter(pk=application.pk).exists()
    confirmation = Message.objects.get(kind="confirmation")
    assert confirmation.delivery == Message.Delivery.QUEUED


def test_staff_are_told_at_the_address_in_the_rules_when_one_is_set(mailoutbox):
    make_staff_user(groups=[VISIT_COORDINATOR])
    rules = VisitRules.current()
    rules.notification_email = "visits@city.example"
    rules.save()
    application = submit_visit_application()
    assert [
        m.to
        for m in Message.objects.filter(visit_application=application, kind="staff_notification")
    ] == ["visits@city.example"]


def test_inactive_coordinators_are_not_told():
    make_staff_user(groups=[VISIT_COORDINATOR], is_active=False)
    active = make_staff_user(groups=[VISIT_COORDINATOR])
    make_staff_user()  # staff outside the group
    assert emails.staff_to_notify(VisitRules.current()) == [active.email]


def test_withdrawing_closes_the_application_once():
    application = submit_visit_application()
    services.withdraw(application)
    application.refresh_from_db()
    assert application.status == VisitApplication.Status.WITHDRAWN
    assert application.closed_at is not None
    with pytest.raises(services.ApplicationClosed):
        services.withdraw(application)
    statuses = list(application.status_changes.values_list("status", flat=True))
    assert statuses == ["new", "withdrawn"]


def test_a_document_can_be_added_while_the_application_is_open(settings):
    application = submit_visit_application()
    services.add_document(application, uploaded=SimpleUploadedFile("a.pdf", PDF_BYTES))
    assert application.documents.count() == 1
    services.withdraw(application)
    with pytest.raises(services.ApplicationClosed):
        services.add_document(application, uploaded=SimpleUploadedFile("b.pdf", PDF_BYTES))
    assert application.documents.count() == 1
    assert len(stored_files(settings)) == 1


def test_an_application_holds_at_most_five_documents(settings):
    files = {"documents": [SimpleUploadedFile(f"{n}.pdf", PDF_BYTES) for n in range(5)]}
    application = submit_visit_application(files=files)
    with pytest.raises(services.TooManyDocuments):
        services.add_document(application, uploaded=SimpleUploadedFile("6.pdf", PDF_BYTES))
    assert len(stored_files(settings)) == 5


def test_the_demo_applies_once_in_english_and_once_in_japanese(demo_data):
    # The staff's demo (visits/demo_staff.py) adds VA-DEMO-nn in every status.
    applications = VisitApplication.objects.exclude(reference__startswith="VA-DEMO-").order_by(
        "reference"
    )
    assert [(a.language, a.status) for a in applications] == [("en", "new"), ("ja", "new")]
    assert all(a.members.exists() and a.topics.exists() for a in applications)
    assert Message.objects.filter(kind="confirmation").count() == 2
    count = VisitApplication.objects.count()
    call_command("load_demo", stdout=io.StringIO())
    assert VisitApplication.objects.count() == count


def test_the_too_many_documents_message_quotes_the_limit_in_force(monkeypatch):
    monkeypatch.setattr(files, "MAX_DOCUMENTS", 7)
    with translation.override("en"):
        assert str(services.TOO_MANY_MESSAGE) == "An application can hold at most 7 documents."


def answers_the_form_accepted(**overrides):
    """What a valid form hands to submit, with some answers changed afterwards."""
    form = ApplicationForm(
        application_form_data(), visit_rules=VisitRules.current(), today=timezone.localdate()
    )
    assert form.is_valid(), form.errors.as_json()
    return {**form.answers(), **overrides}, form.member_rows


def submit_answers(answers, members=()):
    return services.submit(answers=answers, language="en", members=members)


def test_submit_refuses_an_address_that_already_has_the_most_open_applications():
    answers, members = answers_the_form_accepted(contact_email="busy@seoul.example")
    for _ in range(VisitRules.current().maximum_pending_per_email):
        submit_answers(answers, members)
    # Counted once their contact opened the mailed link (tests/test_hostile_mail_abuse.py).
    VisitApplication.objects.update(contact_address_confirmed_at=F("submitted_at"))
    with pytest.raises(RulesNotMet) as refused:
        submit_answers(answers, members)
    assert "contact_email" in refused.value.message_dict
    assert VisitApplication.objects.count() == 3


def test_submit_refuses_a_group_larger_than_the_rules_allow():
    answers, members = answers_the_form_accepted(headcount=99)
    with pytest.raises(RulesNotMet) as refused:
        submit_answers(answers, members)
    assert "headcount" in refused.value.message_dict
    assert not VisitApplication.objects.exists()
    assert not Message.objects.exists()


@pytest.mark.parametrize(
    "day",
    [
        datetime.date.today() + datetime.timedelta(days=3),  # too soon
        a_visit_day() + datetime.timedelta(days=(5 - a_visit_day().weekday())),  # a Saturday
    ],
    ids=["too soon", "weekend"],
)
def test_submit_refuses_a_preferred_date_the_rules_do_not_allow(day):
    answers, members = answers_the_form_accepted(first_choice_on=day)
    with pytest.raises(RulesNotMet) as refused:
        submit_answers(answers, members)
    assert "first_choice_on" in refused.value.message_dict
    assert not VisitApplication.objects.exists()


def test_submit_refuses_a_date_in_a_blackout_period_set_after_the_form_was_checked():
    answers, members = answers_the_form_accepted()
    day = answers["first_choice_on"]
    make_blackout_period(starts_on=day, ends_on=day, reason_ja="議会")
    # In Japanese whatever an earlier test's request left active.
    with translation.override("ja"), pytest.raises(RulesNotMet) as refused:
        submit_answers(answers, members)
    assert "議会" in refused.value.message_dict["first_choice_on"][0]
