"""A delegation secretary applies on a phone, in English, and opens the status page."""

import datetime
import re

import holidays
import pytest
from playwright.sync_api import expect

from tests.factories import a_visit_day, make_home_city, make_time_slot, make_visit_topic
from visits.models import VisitApplication

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("applications_open")]


def next_saturday(day):
    return day + datetime.timedelta(days=(5 - day.weekday()) % 7)


def test_a_delegation_applies_in_english_on_a_phone_and_opens_its_status_page(
    live_server, phone, mailoutbox, tmp_path, settings
):
    # Links in mail start with SITE_URL: here, the test's own server.
    settings.SITE_URL = live_server.url
    make_home_city()
    make_time_slot(name_en="Morning", name_ja="午前")
    make_visit_topic(name_en="Smart city", name_ja="スマートシティ")
    agenda = tmp_path / "agenda.pdf"
    agenda.write_bytes(b"%PDF-1.7\n%%EOF\n")

    phone.goto(live_server.url + "/en/visits/")
    phone.get_by_role("link", name="Apply for a visit").click()
    expect(phone).to_have_url(live_server.url + "/en/visits/apply/")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390

    organisation = phone.get_by_role("group", name="Your organisation")
    organisation.get_by_label("Organisation").fill("Seoul Metropolitan Government")
    phone.get_by_label("local government").check()
    phone.get_by_label("Country").select_option("KR")
    phone.get_by_label("Leader's name").fill("Kim Min-jun")
    phone.get_by_label("Contact person").fill("Lee Ji-woo")
    phone.get_by_label("Contact email").fill("lee@seoul.example")
    phone.get_by_label("Number of visitors").fill("2")
    phone.get_by_label("we bring our own interpreter").check()
    phone.get_by_role("group", name="Member 1").get_by_label("Name").fill("Kim Min-jun")

    # The browser checks the rules as the date is typed; the server checks them again.
    saturday = next_saturday(a_visit_day())
    phone.get_by_label("First preferred date").fill(saturday.isoformat())
    phone.get_by_label("First preferred date").blur()
    expect(phone.locator("#id_first_choice_on_rule")).to_contain_text("weekdays only")
    phone.get_by_label("First preferred date").fill(a_visit_day().isoformat())
    phone.get_by_label("First preferred date").blur()
    expect(phone.locator("#id_first_choice_on_rule")).to_be_empty()

    phone.get_by_label("Time (first date)").select_option(label="Morning (10:00-12:00)")
    phone.get_by_label("Purpose of the visit").fill("To learn about the smart city projects.")
    phone.get_by_label("Smart city").check()
    phone.get_by_label("Documents").set_input_files(str(agenda))
    phone.get_by_label("I agree").check()
    phone.get_by_role("button", name="Send the application").click()

    expect(phone).to_have_url(re.compile(r"/en/visits/status/[\w-]{43}/\?received=1$"))
    application = VisitApplication.objects.get()
    expect(phone.get_by_role("status")).to_contain_text(application.reference)
    assert application.documents.get().original_name == "agenda.pdf"
    # The draft kept while typing goes once the application is sent.
    expect(phone.locator("script[data-sent]")).to_have_count(1)
    assert phone.evaluate("window.localStorage.length") == 0

    # The link in the confirmation mail opens the same private page.
    [confirmation] = [m for m in mailoutbox if m.to == ["lee@seoul.example"]]
    link = re.search(r"http://\S+/status/\S+/", confirmation.body).group(0)
    phone.goto(link)
    expect(phone.get_by_role("heading", level=1)).to_contain_text(application.reference)
    expect(phone.locator(".status")).to_have_text("New")
    expect(phone.locator(".facts")).to_contain_text("Received: we have your application")
    expect(phone.get_by_role("button", name="Withdraw…")).to_be_visible()
    # Nothing is wider than the phone.
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390


def test_a_refused_form_focuses_the_error_summary(live_server, phone):
    make_time_slot()
    phone.goto(live_server.url + "/en/visits/apply/")
    phone.get_by_role("button", name="Send the application").click()
    summary = phone.locator("#error-summary")
    expect(summary).to_be_focused()
    summary.get_by_role("link").first.click()
    expect(phone.locator("#id_organisation_name")).to_be_focused()


def test_add_a_member_adds_a_numbered_row(live_server, phone):
    make_time_slot()
    phone.goto(live_server.url + "/en/visits/apply/")
    phone.get_by_role("button", name="Add a member").click()
    expect(phone.locator("#id_members-5-name")).to_be_focused()
    expect(phone.locator("#id_members-TOTAL_FORMS")).to_have_value("6")


def test_the_japanese_form_warns_of_a_public_holiday_as_it_is_typed(live_server, page):
    make_time_slot()
    earliest = a_visit_day()
    years = [earliest.year, earliest.year + 1]
    holiday = min(d for d in holidays.Japan(years=years) if d > earliest and d.weekday() < 5)
    page.goto(live_server.url + "/ja/visits/apply/")
    date_input = page.get_by_role("textbox", name="第1希望日")
    date_input.fill(holiday.isoformat())
    date_input.blur()
    expect(page.locator("#id_first_choice_on_rule")).to_have_text("この日は日本の祝日です。")
