"""A coordinator takes an application from new to accepted in the admin, email previewed."""

import datetime

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


def assert_applicant_sees_the_acceptance(page, live_server, application, *, subject, body):
    """What the delegation is told: the email as staff edited it, also on its status page."""
    from django.utils import translation

    from office.models import Message

    [message] = Message.objects.filter(visit_application=application, kind="accepted")
    assert message.shown_to_recipient
    assert message.to == application.contact_email
    assert (message.subject, message.body.replace("\r\n", "\n").strip()) == (subject, body.strip())

    with translation.override("en"):
        status_url = application.get_status_url()
    page.goto(live_server.url + status_url)
    expect(page.locator(".status")).to_have_text("Accepted")
    expect(page.locator(".message h3")).to_have_text(subject)
    expect(page.locator(".message__body")).to_contain_text(body.strip().splitlines()[0])


def test_coordinator_assigns_accepts_and_sends_the_previewed_email(live_server, page):
    from office.groups import VISIT_COORDINATOR
    from tests.factories import make_staff_user, make_visit_application
    from visits.models import VisitApplication

    coordinator = make_staff_user(username="suzuki", groups=[VISIT_COORDINATOR])
    application = make_visit_application(
        organisation_name="Fictional Harbour Council",
        reply_language="en",
        first_choice_on=datetime.date(2027, 2, 3),
    )

    page.goto(live_server.url + "/admin/")
    page.fill("#id_username", "suzuki")
    page.fill("#id_password", "correct horse battery staple")
    page.locator("input[type=submit]").click()
    expect(page.locator("#visits-panel-title")).to_be_visible()

    page.goto(live_server.url + "/admin/visits/visitapplication/")
    page.locator(f"input[name=_selected_action][value='{application.pk}']").check()
    page.select_option("select[name=action]", "assign_to_me")
    page.locator("button[name=index]").click()
    expect(page.locator("ul.messagelist")).to_be_visible()
    application.refresh_from_db()
    assert application.handled_by == coordinator

    page.get_by_role("link", name=application.reference).click()
    page.locator("a[href$='/move/in_review/']").click()
    page.locator("input[type=submit].default").click()
    page.locator("a[href$='/move/accepted/']").click()
    page.fill("#id_visit_on", "2027-02-03")
    page.fill("#id_visit_place", "City hall, room 201")
    page.fill("#id_host_department", "Science City Promotion")
    page.locator("input[type=submit].default").click()

    # The preview: the exact email, in the applicant's language, ready to edit.
    body = page.locator("#id_body")
    expect(body).to_contain_text("3 February 2027")
    expect(body).to_contain_text("Fictional Harbour Council")
    page.fill("#id_subject", "Your visit on 3 February is confirmed")
    edited = body.input_value().replace("We look forward", "Our mayor looks forward")
    page.fill("#id_body", edited)
    page.locator("input[name=send]").click()

    expect(page.locator("ul.messagelist")).to_be_visible()
    application.refresh_from_db()
    assert application.status == VisitApplication.Status.ACCEPTED
    assert application.visit_on == datetime.date(2027, 2, 3)
    assert_applicant_sees_the_acceptance(
        page,
        live_server,
        application,
        subject="Your visit on 3 February is confirmed",
        body=edited.replace("\r\n", "\n"),
    )

    page.goto(live_server.url + "/admin/visits-office/calendar/?date=2027-02-03")
    expect(page.locator("li.accepted")).to_contain_text(application.reference)
