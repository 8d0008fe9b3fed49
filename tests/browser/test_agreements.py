import io

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_visitor_filters_the_agreements_by_kind_and_opens_one(live_server, phone):
    call_command("load_demo", stdout=io.StringIO())
    phone.goto(live_server.url + "/en/agreements/")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Agreements")
    table = phone.get_by_role("table")
    expect(table.get_by_role("row")).to_have_count(8)  # the header and seven agreements

    phone.get_by_label("Kind of agreement").select_option(label="Sister city")
    phone.get_by_role("button", name="Show").click()
    # The table opens newest first (sort=-date), and the filters keep the sort.
    expect(phone).to_have_url(
        live_server.url
        + "/en/agreements/?agreement_kind=sister-city&country=&year=&status=&sort=-date"
    )
    expect(table.get_by_role("row")).to_have_count(4)
    expect(table).not_to_contain_text("Bochum")

    phone.get_by_role("link", name="Sister city affiliation with Cambridge").click()
    expect(phone).to_have_url(live_server.url + "/en/agreements/cambridge-sister-city-1984/")
    expect(phone.get_by_role("heading", level=1)).to_have_text(
        "Sister city affiliation with Cambridge"
    )
    expect(phone.locator(".agreement-renewals")).to_contain_text("18 November 2019")
    expect(phone.locator(".agreement-parties")).to_contain_text("Town of Yatabe")

    phone.get_by_role("link", name="日本語").click()
    expect(phone).to_have_url(live_server.url + "/ja/agreements/cambridge-sister-city-1984/")
    expect(phone.get_by_role("heading", level=1)).to_have_text("ケンブリッジ市との姉妹都市提携")
    expect(phone.locator(".agreement-facts")).to_contain_text("1984年")


def test_the_agreements_page_fits_a_phone_without_sideways_scrolling(live_server, phone):
    call_command("load_demo", stdout=io.StringIO())
    phone.goto(live_server.url + "/en/agreements/")
    overflow = phone.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    assert overflow is False
