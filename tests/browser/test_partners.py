import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


def make_directory():
    from tests.factories import make_agreement_kind, make_fact, make_home_city, make_partner

    make_home_city()
    sister = make_agreement_kind(name_ja="姉妹都市", name_en="Sister city")
    make_partner(
        slug="grenoble",
        name_ja="グルノーブル",
        name_en="Grenoble",
        country="FR",
        latitude="45.188529",
        longitude="5.724524",
        agreement_kind=sister,
    )
    irvine = make_partner(
        slug="irvine",
        name_ja="アーバイン",
        name_en="Irvine",
        country="US",
        region_ja="カリフォルニア州",
        region_en="California",
        latitude="33.684567",
        longitude="-117.826505",
        agreement_kind=sister,
    )
    make_fact(irvine, value="280000")


def test_directory_filters_by_country_and_a_map_marker_leads_to_the_profile(live_server, page):
    make_directory()
    page.goto(live_server.url + "/ja/partners/")
    markers = page.locator("a.world-map__marker")
    expect(markers).to_have_count(2)

    page.get_by_label("国").select_option("US")
    page.get_by_role("button", name="表示する").click()
    expect(page).to_have_url(
        live_server.url + "/ja/partners/?q=&country=US&region=&agreement_kind="
    )
    expect(markers).to_have_count(1)
    expect(page.get_by_role("heading", name="グルノーブル")).to_have_count(0)

    page.get_by_role("link", name="アーバイン (アメリカ合衆国)").click()
    expect(page).to_have_url(live_server.url + "/ja/partners/irvine/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("アーバイン")
    expect(page.locator("main")).to_contain_text("28万人（2019年時点）")


def test_map_markers_are_reached_by_keyboard_on_a_phone(live_server, phone):
    make_directory()
    phone.goto(live_server.url + "/en/partners/")
    marker = phone.get_by_role("link", name="Grenoble (France)")
    marker.focus()
    expect(marker).to_be_focused()
    box = marker.bounding_box()
    # A target of at least 24 by 24 CSS pixels (WCAG 2.2, 2.5.8).
    assert box["width"] >= 24 and box["height"] >= 24
    phone.keyboard.press("Enter")
    expect(phone).to_have_url(live_server.url + "/en/partners/grenoble/")
    # Nothing is wider than the phone's screen.
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
