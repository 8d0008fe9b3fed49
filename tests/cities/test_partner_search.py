"""The "we are looking for a partner" page: edited in the admin, public in both
languages, linked from the directory, and in the open data."""

import json

import pytest
from django.urls import reverse
from django.utils import translation

from cities.models import PartnerSearch
from office.groups import EDITOR
from tests.factories import make_home_city, make_staff_user

pytestmark = pytest.mark.django_db


def url(name, language):
    with translation.override(language):
        return reverse(name)


@pytest.fixture
def search():
    make_home_city(name_ja="土浦市", name_en="Tsuchiura", email="kokusai@city.example")
    return PartnerSearch.objects.create(
        published=True,
        countries_or_regions_ja="東南アジア",
        countries_or_regions_en="Southeast Asia",
        size_ja="人口10万～30万人の都市",
        size_en="A city of 100,000 to 300,000 people",
        fields_of_exchange="education,sport",
    )


def test_the_page_says_what_partner_is_sought_in_each_language(client, search):
    japanese = client.get(url("cities:partner_search", "ja")).content.decode()
    assert "東南アジア" in japanese and "教育" in japanese and "スポーツ" in japanese
    assert "土浦市" in japanese and "mailto:kokusai@city.example" in japanese
    english = client.get(url("cities:partner_search", "en")).content.decode()
    assert "Southeast Asia" in english and "Education" in english and "Sport" in english


def test_the_directory_links_to_it_only_while_it_is_published(client, search):
    directory = client.get(url("cities:partner_list", "ja")).content.decode()
    assert url("cities:partner_search", "ja") in directory
    search.published = False
    search.save()
    assert (
        url("cities:partner_search", "ja")
        not in client.get(url("cities:partner_list", "ja")).content.decode()
    )
    assert client.get(url("cities:partner_search", "ja")).status_code == 404


def test_the_open_data_file_carries_both_languages_and_field_codes(client, search):
    response = client.get("/open-data/partner-search.json")
    [record] = json.loads(response.content)["partner_searches"]
    assert record["countries_or_regions_ja"] == "東南アジア"
    assert record["countries_or_regions_en"] == "Southeast Asia"
    assert record["fields_of_exchange"] == ["education", "sport"]
    assert record["contact_email"] == "kokusai@city.example"
    assert "partner-search.json" in client.get(url("agreements:open_data", "en")).content.decode()


def test_the_open_data_file_is_an_empty_list_when_the_city_is_not_looking(client):
    response = client.get("/open-data/partner-search.json")
    assert json.loads(response.content) == {"partner_searches": []}


def test_an_editor_sets_the_fields_of_exchange_with_tick_boxes(client):
    client.force_login(make_staff_user(groups=[EDITOR]))
    response = client.post(
        "/admin/cities/partnersearch/add/",
        {
            "published": "on",
            "countries_or_regions_ja": "ドイツ",
            "countries_or_regions_en": "Germany",
            "fields_of_exchange": ["culture", "industry"],
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert PartnerSearch.objects.get().field_codes == ["culture", "industry"]
    assert client.get("/admin/cities/partnersearch/add/").status_code == 403
