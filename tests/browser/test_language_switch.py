import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


def test_home_page_opens_in_japanese_switches_to_english_and_back(live_server, page):
    from tests.factories import make_home_city

    make_home_city()
    page.goto(live_server.url + "/")
    expect(page).to_have_url(live_server.url + "/ja/")
    expect(page.locator("html")).to_have_attribute("lang", "ja")
    expect(page.locator("footer")).to_contain_text("国際都市推進課")

    page.get_by_role("link", name="English").click()
    expect(page).to_have_url(live_server.url + "/en/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_contain_text("international exchange")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Partners").click()
    expect(page).to_have_url(live_server.url + "/en/partners/")
    page.get_by_role("link", name="日本語").click()
    expect(page).to_have_url(live_server.url + "/ja/partners/")
    expect(page.locator("html")).to_have_attribute("lang", "ja")


def test_skip_link_is_the_first_stop_for_the_keyboard(live_server, page):
    page.goto(live_server.url + "/en/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused.strip() == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "content"
