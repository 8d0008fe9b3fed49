"""Mail is stored with the change that caused it, sent by the worker, retried, never lost."""

import smtplib

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.template import TemplateDoesNotExist, TemplateSyntaxError
from django_tasks_db.models import DBTaskResult

from office.models import Message
from office.outbox import requeue, send
from office.tasks import RETRY_DELAYS

pytestmark = pytest.mark.django_db


def queue(**overrides):
    values = dict(
        kind="test",
        to="secretary@seoul.example",
        language="en",
        subject="Your application",
        text="We received it.",
    )
    values.update(overrides)
    return send(**values)


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


class FailingBackend:
    """A mail server that is down."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


def test_a_queued_message_is_sent_and_marked_sent(mailoutbox):
    message = queue()
    message.refresh_from_db()
    assert message.delivery == Message.Delivery.SENT
    assert message.sent_at is not None
    [sent] = mailoutbox
    assert sent.to == ["secretary@seoul.example"]
    assert sent.subject == "Your application"


def test_the_message_and_its_task_are_stored_in_the_callers_transaction(database_queue):
    with transaction.atomic():
        queue()
        assert Message.objects.count() == 1
        assert DBTaskResult.objects.count() == 1
        transaction.set_rollback(True)
    assert Message.objects.count() == 0
    assert DBTaskResult.objects.count() == 0


# The worker closes its database connection after each task, as a real worker should:
# these tests therefore run outside the per-test transaction.
@pytest.mark.django_db(transaction=True)
def test_the_worker_sends_what_was_queued(database_queue, mailoutbox):
    message = queue()
    assert mailoutbox == []
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    message.refresh_from_db()
    assert message.delivery == Message.Delivery.SENT
    assert len(mailoutbox) == 1


@pytest.mark.django_db(transaction=True)
def test_a_mail_failure_keeps_the_message_and_queues_a_later_retry(database_queue, settings):
    settings.EMAIL_BACKEND = "tests.office.test_outbox.FailingBackend"
    message = queue()
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    message.refresh_from_db()
    assert message.delivery == Message.Delivery.QUEUED
    assert message.attempts == 1
    assert "SMTPServerDisconnected" in message.last_error
    retry = DBTaskResult.objects.filter(status="READY").get()
    assert retry.run_after is not None  # waits, with back-off, before the next try


def test_after_the_last_retry_the_message_is_marked_failed_for_staff(settings):
    settings.EMAIL_BACKEND = "tests.office.test_outbox.FailingBackend"
    message = queue()
    message.refresh_from_db()
    assert message.delivery == Message.Delivery.FAILED
    assert message.attempts == len(RETRY_DELAYS) + 1


def test_staff_can_send_a_failed_message_again(settings, mailoutbox):
    settings.EMAIL_BACKEND = "tests.office.test_outbox.FailingBackend"
    message = queue()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox = []
    requeue(message)
    message.refresh_from_db()
    assert message.delivery == Message.Delivery.SENT
    assert len(mail.outbox) == 1


def test_a_file_template_pair_is_rendered_in_the_recipients_language():
    context = {"reference": "VA-2026-0001", "contact_name": "Kim & Lee"}
    english = send(
        kind="accepted",
        to="a@b.example",
        language="en",
        template="visits/emails/accepted",
        context=context,
    )
    japanese = send(
        kind="accepted",
        to="a@b.example",
        language="ja",
        template="visits/emails/accepted",
        context=context,
    )
    assert english.subject == "[VA-2026-0001] Your visit is confirmed"
    assert japanese.subject == "【VA-2026-0001】ご訪問をお受けします"
    assert "Dear Kim & Lee," in english.body  # plain text: nothing is HTML-escaped


def test_staff_text_is_rendered_in_the_same_template_language():
    message = send(
        kind="note",
        to="a@b.example",
        language="en",
        subject="[{{ reference }}] Hello",
        text="Dear {{ name }},{% if late %} sorry.{% endif %} <{{ reference }}>",
        context={"reference": "VA-2026-0001", "name": "Kim & Lee", "late": True},
    )
    assert message.subject == "[VA-2026-0001] Hello"
    assert message.body == "Dear Kim & Lee, sorry. <VA-2026-0001>"


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ('{% include "visits/emails/accepted.txt" %}', TemplateDoesNotExist),
        ("{% load i18n %}{% translate 'x' %}", TemplateSyntaxError),
    ],
)
def test_staff_text_cannot_read_the_sites_templates_or_tag_libraries(text, error):
    with pytest.raises(error):
        send(kind="note", to="a@b.example", language="en", subject="s", text=text, context={})
    assert not Message.objects.exists()


def test_final_text_is_stored_as_it_is():
    message = send(
        kind="note", to="a@b.example", language="en", subject="Edited  by\nhand", text="{{ x }}"
    )
    assert (message.subject, message.body) == ("Edited by hand", "{{ x }}")


def test_a_message_about_a_record_is_listed_with_it():
    from tests.factories import make_visit_application

    application = make_visit_application()
    message = send(
        kind="note", to="a@b.example", language="en", subject="s", text="t", about=application
    )
    assert message.about == application
    assert list(application.messages.filter(kind="note")) == [message]
