"""An editor adds a partner from Wikidata, fills its figures, and the public sees them,
dated and sourced. Wikidata is played from the stored answers (tests/cities/wikidata/)."""

import json

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


def test_editor_links_a_new_partner_to_wikidata_and_the_profile_shows_sourced_facts(
    page, live_server, wikidata_server
):
    from cities.models import Partner
    from tests.factories import make_home_city, make_staff_user

    make_home_city()
    make_staff_user(username="sato", groups=["Editor"])
    page.goto(live_server.url + "/admin/")
    page.fill("#id_username", "sato")
    page.fill("#id_password", "correct horse battery staple")
    page.locator("input[type=submit]").click()

    page.goto(live_server.url + "/admin/cities/partner/")
    page.locator("a[href$='/admin/cities/partner/wikidata/find/']").click()
    page.fill("#wikidata-q", "グルノーブル")
    page.locator("form[role=search] input[type=submit]").click()
    row = page.locator("table.wikidata-candidates tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("フランス")
    expect(row).to_contain_text("イゼール県")
    row.locator("a[href$='/wikidata/Q1289/add/']").click()

    # The add form, filled in from the item; nothing is saved before the editor saves.
    expect(page.locator("#id_name_ja")).to_have_value("グルノーブル")
    expect(page.locator("#id_name_en")).to_have_value("Grenoble")
    expect(page.locator("#id_country")).to_have_value("FR")
    expect(page.locator("#id_wikidata_id")).to_have_value("Q1289")
    assert not Partner.objects.exists()
    page.locator("#id_published").check()
    page.locator("input[name=_continue]").click()
    expect(page.locator("ul.messagelist")).to_be_visible()

    page.locator("a[href$='/wikidata/fill/']").click()
    population = page.locator("#accept-population")
    expect(population).to_be_checked()  # the partner has no population yet
    expect(page.locator("#accept-area")).to_be_checked()
    expect(page.locator("table.wikidata-fill")).to_contain_text("156,389")
    page.locator("#accept-website").uncheck()
    page.locator("input[type=submit].default").click()
    expect(page.locator("ul.messagelist")).to_be_visible()

    partner = Partner.objects.get(wikidata_id="Q1289")
    assert partner.website == ""
    page.goto(f"{live_server.url}/en/partners/{partner.slug}/")
    facts = page.locator("section", has=page.get_by_role("heading", name="Facts and figures"))
    expect(facts).to_contain_text("156,389 (as of 2021)")
    expect(facts).to_contain_text("Source: Wikidata, Q1289, population as of 2021")
    expect(facts).to_contain_text("18.13 km²")
    data = json.loads(page.locator('script[type="application/ld+json"]').text_content())
    assert data["sameAs"] == ["https://www.wikidata.org/entity/Q1289"]
    assert data["geo"]["latitude"] == pytest.approx(45.187778)
    # Every call went to the stand-in, none from the public page.
    calls = len(wikidata_server.requests)
    page.reload()
    assert len(wikidata_server.requests) == calls
