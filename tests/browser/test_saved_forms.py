"""Save and continue later, then the PDF: a delegation's whole round in a browser."""

import datetime
import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from office.models import Message
from tests.factories import a_visit_day, make_blackout_period, make_home_city, make_time_slot
from visits.models import VisitApplication

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("applications_open")]


def test_a_draft_saved_and_resumed_from_the_mailed_link_is_sent_and_gives_a_pdf(
    live_server, browser, phone, tmp_path, settings
):
    settings.SITE_URL = live_server.url
    make_home_city()
    make_time_slot(name_en="Visit", starts_at="13:00", ends_at="14:00")
    agenda = tmp_path / "agenda.pdf"
    agenda.write_bytes(b"%PDF-1.7\n%%EOF\n")
    phone.goto(live_server.url + "/en/visits/apply/")
    phone.get_by_role("group", name="Your organisation").get_by_label("Organisation").fill(
        "Stadt Bochum"
    )
    phone.get_by_label("Contact email").fill("anna@bochum.example")
    phone.get_by_label("Documents").set_input_files(str(agenda))
    phone.get_by_role("button", name="Save and continue later").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Your form is saved")

    link = re.search(r"http://\S+/saved/\S+/", Message.objects.get(kind="draft_saved").body)
    # Another day, another browser: the link alone brings the form back.
    other = browser.new_context(locale="en-GB", viewport={"width": 390, "height": 844})
    page = other.new_page()
    page.set_default_timeout(10_000)
    try:
        page.goto(link.group(0))
        expect(page.locator("#resumed-notice")).to_be_visible()
        expect(page.locator("#id_organisation_name")).to_have_value("Stadt Bochum")
        expect(page.locator(".kept-file")).to_contain_text("agenda.pdf")
        page.get_by_label("local government").check()
        page.get_by_label("Country").select_option("DE")
        page.get_by_label("Leader's name").fill("Thomas Eiskirch")
        page.get_by_label("Contact person").fill("Anna Müller")
        page.get_by_label("Number of visitors").fill("12")
        page.get_by_label("we bring our own interpreter").check()
        page.get_by_label("First preferred date").fill(a_visit_day().isoformat())
        page.get_by_label("Time (first date)").select_option(label="Visit (13:00-14:00)")
        page.get_by_label("Purpose of the visit").fill("Research parks.")
        page.get_by_label("I agree").check()
        page.get_by_role("button", name="Send the application").click()
        expect(page.get_by_role("status")).to_contain_text("we received your application")
        application = VisitApplication.objects.get()
        assert application.documents.get().original_name == "agenda.pdf"

        with page.expect_download() as download:
            page.get_by_role("link", name="Download the application as a PDF").click()
        content = Path(download.value.path()).read_bytes()
        text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
        assert application.reference in text
        assert "Stadt Bochum" in text
    finally:
        other.close()


def test_the_new_year_closure_is_refused_in_a_later_year(live_server, phone):
    from visits.models import VisitRules

    rules = VisitRules.current()
    rules.booking_horizon_months = 36
    rules.save()
    make_time_slot()
    # The yearly closure as migration 0010 leaves it (a transactional test starts empty).
    make_blackout_period(
        starts_on=datetime.date(2026, 12, 29),
        ends_on=datetime.date(2027, 1, 3),
        repeats_every_year=True,
        reason_en="Year-end and New Year holidays",
    )
    phone.goto(live_server.url + "/en/visits/apply/")
    date_input = phone.get_by_label("First preferred date")
    year = a_visit_day().year + 1
    for day in (f"{year}-12-29", f"{year + 1}-01-02"):
        date_input.fill(day)
        date_input.blur()
        expect(phone.locator("#id_first_choice_on_rule")).to_contain_text(
            "No visits can be received on this day (Year-end and New Year holidays)."
        )
    # Beyond the furthest date: refused too.
    date_input.fill("9999-12-31")
    date_input.blur()
    expect(phone.locator("#id_first_choice_on_rule")).to_contain_text("or earlier")
