import datetime
import io

import pytest
from django.core.management import CommandError, call_command

from agreements.models import ReminderSent
from office.groups import EDITOR, VIEWER
from office.models import Message
from tests.factories import make_agreement, make_staff_user

pytestmark = pytest.mark.django_db

D = datetime.date


def run(on):
    out = io.StringIO()
    call_command("agreement_reminders", on=on, stdout=out)
    return out.getvalue()


@pytest.fixture
def editors():
    make_staff_user(groups=[VIEWER], username="viewer")
    return [make_staff_user(groups=[EDITOR], username=f"editor{i}") for i in (1, 2)]


@pytest.fixture
def editor():
    return make_staff_user(groups=[EDITOR], username="editor")


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_each_editor_gets_one_digest_of_what_became_due(mailoutbox, editors):
    make_agreement(title_en="Dubai agreement", date=D(2002, 10, 1), expires_on=D(2027, 3, 31))
    run("2026-11-23")
    assert sorted(message.to[0] for message in mailoutbox) == [
        "editor1@city.example",
        "editor2@city.example",
    ]
    message = mailoutbox[0]
    assert "協定" in message.subject  # the division's language
    assert "協定" in message.body


def test_the_digest_links_to_the_staff_site_at_site_url(mailoutbox, editor, settings):
    settings.SITE_URL = "https://twinning.city.example"
    make_agreement(date=D(2002, 10, 1), expires_on=D(2027, 3, 31))
    run("2026-11-23")
    [message] = mailoutbox
    assert "https://twinning.city.example/admin/" in message.body


def test_reminders_mail_once_per_item_and_threshold_however_often_they_run(mailoutbox, editor):
    make_agreement(date=D(2002, 10, 1), expires_on=D(2027, 3, 31))
    run("2026-11-23")  # 128 days ahead: the 180-day threshold
    run("2026-11-23")
    run("2026-11-24")
    assert len(mailoutbox) == 1
    run("2027-01-01")  # 89 days ahead: the 90-day threshold, once
    run("2027-01-02")
    assert len(mailoutbox) == 2
    run("2027-03-01")  # 30 days ahead
    run("2027-04-01")  # lapsed without a decision
    run("2027-04-02")
    assert len(mailoutbox) == 4
    assert set(ReminderSent.objects.values_list("threshold", flat=True)) == {
        "180d",
        "90d",
        "30d",
        "lapsed",
        "12m",  # the 25th anniversary on 1 October 2027 came into view on the way
    }


def test_an_anniversary_is_mailed_once(mailoutbox, editor):
    make_agreement(date=D(1981, 1, 1), date_precision="year")
    run("2026-01-02")
    run("2026-06-01")
    assert len(mailoutbox) == 1
    assert "45" in mailoutbox[0].body


def test_nothing_due_sends_nothing(mailoutbox, editors):
    make_agreement(date=D(2013, 11, 12))
    assert "Nothing new" in run("2026-11-23")
    assert mailoutbox == []


# The worker closes its database connection after each task, as a real worker does:
# these tests run outside the per-test transaction.
@pytest.mark.django_db(transaction=True)
def test_the_digest_is_queued_with_the_reminders_recorded_and_the_worker_sends_it(
    database_queue, mailoutbox, editor
):
    make_agreement(date=D(2002, 10, 1), expires_on=D(2027, 3, 31))
    assert "Queued" in run("2026-11-23")
    [message] = Message.objects.filter(kind="agreement_reminders")
    assert message.delivery == Message.Delivery.QUEUED
    assert ReminderSent.objects.exists()
    assert mailoutbox == []
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    message.refresh_from_db()
    assert message.delivery == Message.Delivery.SENT
    [sent] = mailoutbox
    assert sent.to == ["editor@city.example"]


@pytest.mark.django_db(transaction=True)
def test_a_mail_server_that_is_down_does_not_lose_the_digest(
    database_queue, mailoutbox, editor, settings
):
    make_agreement(date=D(2002, 10, 1), expires_on=D(2027, 3, 31))
    settings.EMAIL_BACKEND = "tests.agreements.test_reminders.BrokenBackend"
    run("2026-11-23")
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    [message] = Message.objects.filter(kind="agreement_reminders")
    assert message.delivery == Message.Delivery.QUEUED  # to be retried, with its error
    assert "mail server down" in message.last_error
    run("2026-11-24")  # the next day's run does not queue it twice
    assert Message.objects.filter(kind="agreement_reminders").count() == 1


def test_without_an_editor_address_nothing_is_recorded_so_a_later_run_mails_it(mailoutbox):
    make_agreement(date=D(2002, 10, 1), expires_on=D(2027, 3, 31))
    with pytest.raises(CommandError):
        run("2026-11-23")
    assert not ReminderSent.objects.exists()
    make_staff_user(groups=[EDITOR], username="editor")
    run("2026-11-23")
    assert len(mailoutbox) == 1


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server down")


def test_the_daily_run_ends_a_relationship_whose_agreement_lapsed(mailoutbox, editors):
    from tests.factories import make_partner

    partner = make_partner()
    make_agreement(partners=[partner], date=D(2002, 10, 1), expires_on=D(2027, 3, 31))
    run("2026-11-23")
    partner.refresh_from_db()
    assert partner.relationship_status == "active"
    run("2027-04-01")
    partner.refresh_from_db()
    assert partner.relationship_status == "ended"
    assert partner.relationship_ended_on == D(2027, 3, 31)
