"""A coordinator's day in the Japanese admin, and what the delegation sees of it.

She signs in, finds the new application on the dashboard, takes it, asks for the list
of participants, sees the delegation's answer arrive, accepts with a previewed mail and
moves the visit; the delegation's status page shows each step.
"""

import datetime
import os

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)

# Screenshots for the closing note, outside the repository.
SHOTS = os.environ.get("TWINNING_SHOTS", "")


def shot(page, name):
    if SHOTS:
        os.makedirs(SHOTS, exist_ok=True)
        # Web fonts and Japanese glyphs are in place before the picture is taken.
        page.evaluate("document.fonts.ready")
        page.screenshot(path=os.path.join(SHOTS, name), full_page=True)


def open_from_dashboard(page, live_server, key):
    """One click on the dashboard's line opens the list it counts."""
    page.goto(live_server.url + "/admin/")
    page.locator(f".needs-me-{key} a").click()


def test_a_coordinators_day_from_new_application_to_a_moved_visit(live_server, page, browser):
    from django.utils import translation

    from office.groups import VISIT_COORDINATOR
    from tests.factories import make_home_city, make_staff_user, make_visit_application
    from tests.visits.test_files import PDF_BYTES
    from visits.models import VisitApplication

    Status = VisitApplication.Status
    make_home_city()
    coordinator = make_staff_user(
        username="suzuki", groups=[VISIT_COORDINATOR], first_name="花子", last_name="鈴木"
    )
    application = make_visit_application(
        organisation_name="Fictional Harbour Council",
        reply_language="en",
        first_choice_on=datetime.date(2027, 2, 3),
    )
    with translation.override("en"):
        status_url = live_server.url + application.get_status_url()

    # 1. She signs in and the dashboard says what needs her.
    page.goto(live_server.url + "/admin/")
    page.fill("#id_username", "suzuki")
    page.fill("#id_password", "correct horse battery staple")
    page.locator("input[type=submit]").click()
    expect(page.locator("#visits-panel-title")).to_have_text("訪問申請：今日の対応")
    expect(page.locator(".needs-me-new strong")).to_have_text("1")
    shot(page, "coordinator-dashboard-ja.png")
    open_from_dashboard(page, live_server, "new")
    page.get_by_role("link", name=application.reference).click()

    # 2. One click takes it.
    page.locator("#assign-to-me").click()
    expect(page.locator("ul.messagelist")).to_contain_text("担当")
    application.refresh_from_db()
    assert application.handled_by == coordinator

    # 3. She asks for the list of participants (no "start review" first).
    page.locator("a[href$='/move/needs_information/']").click()
    page.fill("#id_request", "Please send the list of participants.")
    page.locator("input[type=submit].default").click()
    expect(page.locator(".mail-envelope")).to_contain_text("international@city.example")
    expect(page.locator("#id_body")).to_contain_text("Tsukuba City Global City Promotion Division")
    page.locator("input[name=send]").click()
    expect(page.locator("ul.messagelist")).to_be_visible()

    # 4. The delegation answers on its status page, in English.
    delegation = browser.new_context(locale="en-GB").new_page()
    delegation.goto(status_url)
    expect(delegation.locator(".status")).to_have_text("More information needed")
    delegation.locator("input[type=file]").set_input_files(
        {"name": "participants.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}
    )
    delegation.get_by_role("button", name="Add the document").click()
    expect(delegation.get_by_text("participants.pdf")).to_be_visible()

    # 5. She sees it arrive: on the dashboard, in the list and on the application.
    page.goto(live_server.url + "/admin/")
    expect(page.locator(".needs-me-replies strong")).to_have_text("1")
    open_from_dashboard(page, live_server, "replies")
    expect(page.locator("#result_list")).to_contain_text("回答あり")
    page.get_by_role("link", name=application.reference).click()
    expect(page.locator(".reply-received-notice")).to_contain_text("訪問団から回答がありました")
    shot(page, "coordinator-application-ja.png")

    # 6. Accept in three clicks: the first choice is filled in.
    page.locator("a[href$='/move/accepted/']").click()
    expect(page.locator("#id_visit_on")).to_have_value("2027-02-03")
    page.fill("#id_visit_place", "City hall, room 201")
    page.fill("#id_host_department", "Science City Promotion")
    page.locator("input[type=submit].default").click()
    expect(page.locator("#id_body")).to_contain_text("City hall, room 201")
    page.locator("input[name=send]").click()
    expect(page.locator(".application-status")).to_contain_text("受入決定")

    # 7. The delegation asks to come two days later: she moves the visit.
    page.locator("a[href$='/move/reschedule/']").click()
    expect(page.locator("#id_visit_place")).to_have_value("City hall, room 201")
    page.fill("#id_visit_on", "2027-02-05")
    page.locator("input[type=submit].default").click()
    expect(page.locator("#id_body")).to_contain_text("has been moved")
    page.locator("input[name=send]").click()
    application.refresh_from_db()
    assert (application.status, application.visit_on) == (
        Status.ACCEPTED,
        datetime.date(2027, 2, 5),
    )

    # 8. One history, in Japanese, with what changed.
    page.locator("a.historylink").click()
    history = page.locator("#change-history")
    expect(history).to_contain_text("鈴木")
    expect(history).to_contain_text("訪問団から回答がありました：participants.pdf")
    expect(history).to_contain_text("2027年2月5日")
    expect(history).to_contain_text("（変更前：2027年2月3日）")

    # 9. The delegation's status page shows each step.
    delegation.goto(status_url)
    expect(delegation.locator(".status")).to_have_text("Accepted")
    subjects = delegation.locator(".message h3")
    expect(subjects).to_have_count(3)
    expect(subjects.nth(0)).to_contain_text("more information")
    expect(subjects.nth(1)).to_contain_text("confirmed")
    expect(subjects.nth(2)).to_contain_text("moved")
