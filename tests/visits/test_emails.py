"""Each message about an application: its text, its language and its full links."""

import importlib

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from office.groups import VISIT_COORDINATOR
from office.models import Message
from tests.factories import make_staff_user, make_visit_application, submit_visit_application
from visits import emails, workflow
from visits.models import ApplicantEmailTemplate, VisitApplication, VisitRules

pytestmark = pytest.mark.django_db

Status = VisitApplication.Status
staff_texts = importlib.import_module("visits.migrations.0007_staff_texts_in_template_language")


def test_the_staff_notification_links_to_the_application_in_the_admin_at_site_url(settings):
    settings.SITE_URL = "https://twinning.city.example"
    make_staff_user(groups=[VISIT_COORDINATOR])
    application = submit_visit_application()
    [notice] = application.messages.filter(kind="staff_notification")
    admin_page = reverse("admin:visits_visitapplication_change", args=[application.pk])
    assert f"https://twinning.city.example{admin_page}" in notice.body


def test_the_confirmation_links_to_the_status_page_at_site_url_not_the_request_host(
    client, settings
):
    settings.SITE_URL = "https://twinning.city.example"
    application = submit_visit_application(reply_language="en")
    [confirmation] = application.messages.filter(kind="confirmation")
    with translation.override("en"):
        assert f"https://twinning.city.example{application.get_status_url()}" in (confirmation.body)


def test_inactive_coordinators_are_not_told():
    make_staff_user(groups=[VISIT_COORDINATOR], is_active=False)
    active = make_staff_user(groups=[VISIT_COORDINATOR])
    make_staff_user()  # staff outside the group
    assert emails.staff_to_notify(VisitRules.current()) == [active.email]


def test_the_preview_staff_see_is_exactly_what_is_sent():
    coordinator = make_staff_user(groups=[VISIT_COORDINATOR])
    application = make_visit_application(status=Status.IN_REVIEW, reply_language="ja")
    preview = emails.draft_message(application, kind="declined", reason="議会の会期中です。")
    workflow.decline(application, decided_by=coordinator, reason="議会の会期中です。")
    [message] = application.messages.all()
    assert (message.subject, message.body) == preview
    assert "議会の会期中です。" in message.body
    assert "{" not in message.body


def test_the_built_in_text_is_what_staff_would_write_with_double_braces():
    subject, body = emails.built_in_text("accepted", "en")
    assert subject == "[{{ reference }}] Your visit is confirmed"
    assert "{{ status_url }}" in body
    assert "{%" not in body


def test_built_in_text_saved_by_staff_sends_the_same_mail_as_the_file_template():
    coordinator = make_staff_user(groups=[VISIT_COORDINATOR])
    application = make_visit_application(status=Status.IN_REVIEW, reply_language="en")
    from_file = emails.draft_message(application, kind="declined", reason="Busy.")
    texts = {}
    for language in ("ja", "en"):
        texts[f"subject_{language}"], texts[f"body_{language}"] = emails.built_in_text(
            "declined", language
        )
    ApplicantEmailTemplate.objects.create(kind="declined", **texts)
    workflow.decline(application, decided_by=coordinator, reason="Busy.")
    [message] = application.messages.all()
    assert (message.subject, message.body) == from_file


def test_a_staff_text_with_a_broken_tag_is_refused_in_the_admin_form():
    template = ApplicantEmailTemplate(
        kind="declined",
        subject_ja="{{ reference }}",
        body_ja="{% if reason %}{{ reason }}",
        subject_en="{{ reference }}",
        body_en="{{ reason }}",
    )
    with pytest.raises(ValidationError) as error:
        template.full_clean()
    assert "body_ja" in error.value.message_dict


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("Dear {contact_name}, see {status_url}", "Dear {{ contact_name }}, see {{ status_url }}"),
        ("【{reference}】ご訪問", "【{{ reference }}】ご訪問"),
        # Braces that were never placeholders stay as they were.
        ("{unknown} and {{ reference }}", "{unknown} and {{ reference }}"),
        ("", ""),
        (None, None),
    ],
)
def test_the_migration_writes_old_placeholders_in_the_template_language(old, new):
    assert staff_texts.to_template_language(old) == new


def test_removing_an_application_removes_its_messages():
    application = submit_visit_application()
    assert application.messages.exists()
    application.delete()
    assert not Message.objects.exists()


def test_the_confirmation_repeats_every_answer_given_in_the_forms_order():
    application = submit_visit_application(language="en")
    [confirmation] = application.messages.filter(kind="confirmation")
    with translation.override("en"):
        lines = application.answer_lines()
    questions = [question for question, _answer in lines]
    given = [
        a.name
        for a in VisitApplication.ANSWERS
        if not a.joins_previous
        and getattr(application, a.name) not in (None, "")
        and (a.name != "topics" or application.topics.exists())
    ]
    assert len(questions) == len(given) > 10
    positions = [confirmation.body.index(f"{question}: {answer}") for question, answer in lines]
    assert positions == sorted(positions)
    # A time slot stands on its date's line.
    with translation.override("en"):
        assert dict(lines)["First preferred date"].endswith(f", {application.first_choice_slot}")
