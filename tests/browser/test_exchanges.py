"""A coordinator records a visit that took place as an exchange, publishes it, and it
appears on the partner's profile and in the public list, in both languages."""

import datetime

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


def test_coordinator_turns_a_visited_application_into_a_published_exchange(live_server, page):
    from exchanges.models import Exchange
    from office.groups import VISIT_COORDINATOR
    from tests.factories import make_partner, make_staff_user, make_visit_application

    make_staff_user(username="suzuki", groups=[VISIT_COORDINATOR])
    partner = make_partner(
        slug="grenoble",
        name_ja="グルノーブル",
        name_en="Grenoble",
        relationship_since=datetime.date(2013, 11, 12),
    )
    application = make_visit_application(
        status="visited",
        organisation_name="Fictional Harbour Council",
        partner=partner,
        headcount=6,
        may_mention_visit=True,
    )

    page.goto(live_server.url + "/admin/")
    page.fill("#id_username", "suzuki")
    page.fill("#id_password", "correct horse battery staple")
    page.locator("input[type=submit]").click()
    page.goto(live_server.url + f"/admin/visits/visitapplication/{application.pk}/change/")

    page.locator("button.record-visit-button").click()
    expect(page.locator("ul.messagelist")).to_be_visible()
    exchange = Exchange.objects.get()
    assert page.url.endswith(f"/admin/exchanges/exchange/{exchange.pk}/change/")
    expect(page.locator("#id_title_ja")).to_have_value("Fictional Harbour Councilの来訪")
    page.fill("#id_account_ja", "港湾都市の議員団が研究学園都市のまちづくりを視察しました。")
    page.locator("#id_published").check()
    page.locator("input[name=_save]").click()
    expect(page.locator("ul.messagelist .success")).to_be_visible()
    exchange.refresh_from_db()
    assert exchange.published

    for language, title in (
        ("ja", "Fictional Harbour Councilの来訪"),
        ("en", "Visit from Fictional Harbour Council"),
    ):
        page.goto(live_server.url + f"/{language}/partners/grenoble/")
        timeline = page.locator("section.exchange-timeline")
        expect(timeline.get_by_role("link", name=title)).to_be_visible()
        page.goto(live_server.url + f"/{language}/exchanges/")
        expect(page.get_by_role("heading", level=3, name=title)).to_be_visible()
        page.get_by_role("link", name=title).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(title)
        expect(page.locator(".exchange-facts")).to_contain_text("6")
