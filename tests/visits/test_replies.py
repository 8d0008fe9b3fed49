"""A delegation answers with a message on its status page: kept, flagged, told to its
coordinator, shown to staff and to the delegation, and purged with the personal data."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from office.groups import VISIT_COORDINATOR
from tests.factories import make_staff_user, make_visit_application
from visits import retention, workflow
from visits.models import DelegationReply, VisitApplication

pytestmark = pytest.mark.django_db

Status = VisitApplication.Status
ANSWER = "Our mayor will lead the delegation.\nWe need an interpreter for German."


def reply_url(application, language="en"):
    with translation.override(language):
        return reverse("visits:add_reply", kwargs={"token": application.status_token})


@pytest.fixture
def coordinator():
    return make_staff_user(username="sato", groups=[VISIT_COORDINATOR])


def test_a_message_is_kept_flagged_recorded_and_mailed_to_the_coordinator(
    client, coordinator, mailoutbox
):
    application = make_visit_application(status=Status.NEEDS_INFORMATION)
    workflow.assign(application, handled_by=coordinator, changed_by=coordinator)
    mailoutbox.clear()

    response = client.post(reply_url(application), {"text": ANSWER})

    assert response.status_code == 302 and response["Location"].endswith("?replied=1")
    assert [reply.text for reply in application.replies.all()] == [ANSWER]
    application.refresh_from_db()
    assert application.reply_received_at is not None
    row = application.status_changes.last()
    assert row.changes == {"reply_received": "", "reply_is_message": True}
    [notice] = mailoutbox
    assert notice.to == [coordinator.email]
    assert "We need an interpreter for German." in notice.body
    page = client.get(response["Location"]).content.decode()
    assert "Your message has been sent to the division." in page
    assert "We need an interpreter for German." in page


def test_the_history_says_a_message_came_without_quoting_it(client, coordinator):
    application = make_visit_application(status=Status.NEEDS_INFORMATION)
    client.post(reply_url(application), {"text": ANSWER})
    client.force_login(coordinator)

    with translation.override("ja"):
        page = client.get(
            reverse("admin:visits_visitapplication_change", args=[application.pk]),
            HTTP_ACCEPT_LANGUAGE="ja",
        ).content.decode()

    assert "We need an interpreter for German." in page  # the message, in its own list
    history = client.get(
        reverse("admin:visits_visitapplication_history", args=[application.pk]),
        HTTP_ACCEPT_LANGUAGE="ja",
    ).content.decode()
    assert "interpreter" not in history
    assert "メッセージ" in history


@pytest.mark.parametrize(
    ("text", "error"),
    [("   ", "Please write your message."), ("x" * 2001, "Please shorten the message")],
)
def test_an_empty_or_overlong_message_is_refused_at_the_top_of_the_page(client, text, error):
    application = make_visit_application(status=Status.NEEDS_INFORMATION)

    response = client.post(reply_url(application), {"text": text})

    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="error-summary"' in page and error in page
    assert not DelegationReply.objects.exists()
    application.refresh_from_db()
    assert application.reply_received_at is None


def test_a_closed_application_takes_no_message(client):
    application = make_visit_application(status=Status.DECLINED)

    response = client.post(reply_url(application), {"text": ANSWER})

    assert response.status_code == 400
    assert "closed" in response.content.decode()
    assert not DelegationReply.objects.exists()


def test_reloading_the_message_address_opens_the_status_page(client):
    application = make_visit_application(status=Status.NEW)
    response = client.get(reply_url(application))
    assert response.status_code == 302
    assert response["Location"] == application.get_status_url()


def test_messages_are_purged_with_the_personal_data(client):
    application = make_visit_application(status=Status.NEEDS_INFORMATION)
    client.post(reply_url(application), {"text": ANSWER})
    application.status = Status.DECLINED
    application.closed_at = timezone.now() - datetime.timedelta(days=800)
    application.save()

    retention.purge(months=24)

    assert not DelegationReply.objects.exists()


def test_enter_in_the_application_form_saves_rather_than_assigns(client, coordinator):
    # The browser submits with the form's first submit button when Enter is pressed.
    import re

    application = make_visit_application(status=Status.NEW)
    client.force_login(coordinator)
    page = client.get(
        reverse("admin:visits_visitapplication_change", args=[application.pk])
    ).content.decode()
    form = page[page.index('id="visitapplication_form"') :]
    first = re.search(r"<(?:button|input)[^>]*type=\"submit\"[^>]*>", form).group(0)
    assert 'name="_save"' in first and "formaction" not in first
    assert 'id="assign-to-me"' in form
