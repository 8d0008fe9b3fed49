import json

import pytest

from tests.factories import make_home_city, make_partner

pytestmark = pytest.mark.django_db(transaction=True)


def test_profile_data_block_is_readable_and_breaks_no_security_policy(page, live_server):
    make_home_city()
    make_partner(slug="grenoble", name_ja="グルノーブル", name_en="Grenoble", wikidata_id="Q1289")
    problems = []
    page.on("console", lambda message: problems.append(message.text))
    page.goto(f"{live_server.url}/ja/partners/grenoble/")
    block = page.locator('script[type="application/ld+json"]').text_content()
    assert json.loads(block)["name"] == "グルノーブル"
    assert not [text for text in problems if "Content Security Policy" in text]


def test_open_data_page_fits_a_phone_and_links_the_files(phone, live_server):
    make_home_city()
    make_partner(slug="irvine", name_en="Irvine", country="US")
    phone.goto(f"{live_server.url}/en/")
    phone.get_by_role("link", name="Open data").click()
    assert phone.get_by_role("heading", level=1).text_content() == "Open data"
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    response = phone.request.get(f"{live_server.url}/open-data/relationships.json")
    assert json.loads(response.body())["partners"][0]["slug"] == "irvine"
