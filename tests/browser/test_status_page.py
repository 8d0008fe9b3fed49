"""The status page as a delegation meets it: errors first, reloadable, withdrawal confirmed."""

import pytest
from django.utils import translation
from playwright.sync_api import expect

from tests.browser.test_accessibility import axe_violations, heading_problems, open_page
from tests.factories import make_time_slot, submit_visit_application

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("applications_open")]


def status_address(live_server, application, language="en"):
    with translation.override(language):
        return live_server.url + application.get_status_url()


def test_a_refused_document_is_reported_at_the_top_and_the_address_can_be_reloaded(
    live_server, phone, tmp_path
):
    application = submit_visit_application()
    program = tmp_path / "letter.pdf"
    program.write_bytes(b"MZ\x90\x00 not a pdf")
    phone.goto(status_address(live_server, application))
    # The browser's own check is bypassed: the server's answer is what is tested here.
    phone.evaluate(
        "document.querySelectorAll('input[type=file]').forEach(i => delete i.dataset.maxBytes)"
    )
    phone.get_by_label("Document").set_input_files(str(program))
    phone.get_by_role("button", name="Add the document").click()

    summary = phone.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("letter.pdf is not a PDF")
    assert summary.bounding_box()["y"] < 844  # on the first screen of a phone
    summary.get_by_role("link").click()
    expect(phone.locator("#id_file")).to_be_focused()

    # Opening that address again later (a bookmark, a restored tab) finds the status page.
    phone.goto(phone.url.split("#")[0])
    expect(phone).to_have_url(status_address(live_server, application))
    expect(phone.get_by_role("heading", level=1)).to_contain_text(application.reference)


def test_a_withdrawal_is_confirmed_on_the_page(live_server, phone):
    application = submit_visit_application()
    phone.goto(status_address(live_server, application))
    phone.get_by_role("button", name="Withdraw…").click()
    confirm = phone.get_by_role("button", name="Yes, withdraw the application")
    expect(confirm).to_be_visible()
    phone.reload()  # the question can be reloaded
    phone.get_by_role("button", name="Yes, withdraw the application").click()
    expect(phone.get_by_role("status")).to_contain_text("Your application has been withdrawn.")
    expect(phone.locator(".facts")).to_contain_text("Withdrawn: you withdrew this application.")


@pytest.mark.parametrize("language", ["en", "ja"])
def test_the_new_states_of_the_visit_pages_pass_axe(browser, live_server, language, tmp_path):
    make_time_slot()
    application = submit_visit_application()
    members = tmp_path / "members.csv"
    members.write_bytes("Name;Funktion\r\nJürgen Groß;Oberbürgermeister\r\n".encode("cp1252"))
    page = open_page(browser, "phone")
    problems = []
    try:
        # The form with a draft restored and a member list read.
        page.goto(f"{live_server.url}/{language}/visits/apply/")
        page.locator("#id_contact_email").fill("someone@example.org")
        page.reload()
        page.locator("#id_member_list").set_input_files(str(members))
        expect(page.locator("#id_member_list_preview li")).to_have_count(1)
        expect(page.locator("#draft-notice")).to_be_visible()
        problems += [f"form with a draft: {p}" for p in axe_violations(page, "")]
        # The status page with a refused document.
        page.goto(status_address(live_server, application, language))
        page.evaluate(
            "document.querySelectorAll('input[type=file]').forEach(i => delete i.dataset.maxBytes)"
        )
        page.locator("#id_file").set_input_files(str(members))
        page.locator("form[action$='/documents/'] button").click()
        expect(page.locator("#error-summary")).to_be_focused()
        for check in (axe_violations, heading_problems):
            problems += [f"status with an error: {p}" for p in check(page, "")]
        # The status page after a withdrawal.
        page.goto(status_address(live_server, application, language))
        page.locator("form[action$='/withdraw/'] button").click()
        page.locator("form[action$='/withdraw/'] button").click()
        expect(page.locator(".notice")).to_be_visible()
        problems += [f"withdrawn: {p}" for p in axe_violations(page, "")]
    finally:
        page.context.close()
    assert problems == [], "\n".join(problems)
