import json
import re

import pytest

from cities.structured_data import json_ld_script, partner_json_ld
from tests.factories import make_partner

pytestmark = pytest.mark.django_db

SCRIPT = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)


def json_ld(response):
    [block] = SCRIPT.findall(response.content.decode())
    return json.loads(block)


def test_partner_profile_describes_the_city_in_schema_org_terms(client, home_city):
    make_partner(
        slug="grenoble",
        name_ja="グルノーブル",
        name_en="Grenoble",
        country="FR",
        region_en="Isère",
        website="https://www.grenoble.fr/",
        wikidata_id="Q1289",
        latitude="45.188529",
        longitude="5.724524",
    )
    data = json_ld(client.get("/en/partners/grenoble/"))
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "City"
    assert data["name"] == "Grenoble"
    assert data["alternateName"] == "グルノーブル"
    assert data["url"] == "http://testserver/en/partners/grenoble/"
    assert data["sameAs"] == ["https://www.grenoble.fr/", "https://www.wikidata.org/entity/Q1289"]
    assert data["geo"] == {"@type": "GeoCoordinates", "latitude": 45.188529, "longitude": 5.724524}
    assert data["address"]["addressCountry"] == "FR"
    assert data["address"]["addressRegion"] == "Isère"


def test_japanese_profile_names_the_partner_in_japanese_first(client, home_city):
    make_partner(slug="bochum", name_ja="ボーフム", name_en="Bochum", country="DE")
    data = json_ld(client.get("/ja/partners/bochum/"))
    assert data["name"] == "ボーフム"
    assert data["alternateName"] == "Bochum"
    assert data["url"] == "http://testserver/ja/partners/bochum/"
    assert "sameAs" not in data
    assert "geo" not in data


@pytest.mark.parametrize(
    ("kind", "schema_type"),
    [("prefecture", "AdministrativeArea"), ("state", "AdministrativeArea"), ("city", "City")],
)
def test_the_schema_type_follows_the_kind_of_body(kind, schema_type):
    partner = make_partner(kind=kind)
    assert partner_json_ld(partner, url="https://x.example/", language="en")["@type"] == schema_type


def test_an_institution_is_an_organisation_whose_place_has_the_coordinates():
    partner = make_partner(kind="institution", latitude="36.1", longitude="140.1")
    data = partner_json_ld(partner, url="https://x.example/", language="en")
    assert data["@type"] == "Organization"
    assert "geo" not in data
    assert data["location"]["geo"]["latitude"] == 36.1


def test_a_hostile_name_cannot_break_out_of_the_data_block(client, home_city):
    hostile = '</script><script src="/static/evil.js"></script><!--'
    make_partner(slug="hostile", name_en=hostile)
    response = client.get("/en/partners/hostile/")
    text = response.content.decode()
    assert '<script src="/static/evil.js">' not in text
    assert json_ld(response)["name"] == hostile


def test_the_data_block_escapes_angle_brackets_and_ampersands():
    script = json_ld_script({"name": "<b>&"})
    assert script == '<script type="application/ld+json">{"name":"\\u003Cb\\u003E\\u0026"}</script>'
