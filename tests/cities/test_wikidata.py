import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from cities import wikidata
from cities.models import Partner
from tests.factories import make_partner

pytestmark = pytest.mark.django_db
D = datetime.date


def test_an_item_gives_names_place_and_dated_sourced_figures(wikidata_server):
    item = wikidata.read_item("Q1289")
    assert item.labels == {"ja": "グルノーブル", "en": "Grenoble"}
    assert item.country == "FR"
    assert item.region == {"ja": "イゼール県", "en": "Isère"}
    assert (item.latitude, item.longitude) == (Decimal("45.187778"), Decimal("5.726389"))
    assert item.website == "https://www.grenoble.fr/"
    assert item.kind == Partner.Kind.CITY
    # The preferred statement, with its point in time and its reference.
    assert item.population.value == Decimal("156389")
    assert (item.population.as_of, item.population.precision) == (datetime.date(2021, 1, 1), "year")
    assert item.population.reference == "https://www.insee.fr/fr/statistiques/7725600"
    assert item.area.value == Decimal("18.13")


def test_the_requests_say_who_asks_and_are_asked_once(wikidata_server):
    wikidata.read_item("Q1289")
    asked = len(wikidata_server.requests)
    wikidata.read_item("Q1289")
    assert len(wikidata_server.requests) == asked
    agent = wikidata_server.requests[0]["headers"]["User-Agent"]
    assert "http://testserver" in agent
    assert "international@city.example" in agent


def test_an_official_name_is_taken_only_in_japanese_or_english(wikidata_server):
    assert wikidata.read_item("Q1289").official_names == {}
    assert wikidata.read_item("Q49111").official_names == {"en": "City of Cambridge"}


def test_an_unknown_item_is_said_so(wikidata_server):
    with pytest.raises(wikidata.ItemNotFound):
        wikidata.read_item("Q999999999")


def test_wikidata_out_of_reach_is_a_clear_message(wikidata_unreachable):
    with pytest.raises(wikidata.WikidataUnavailable) as raised:
        wikidata.read_item("Q1289")
    with translation.override("ja"):
        assert "Wikidata" in raised.value.message
        assert raised.value.message != (
            "Wikidata could not be reached just now, so nothing was looked up. Try again "
            "in a few minutes, or enter the values by hand."
        )


def test_a_slow_wikidata_is_given_up_after_the_timeout(wikidata_server, settings):
    settings.WIKIDATA_TIMEOUT = 0.2
    wikidata_server.delay = 1
    with pytest.raises(wikidata.WikidataUnavailable):
        wikidata.read_item("Q1289")


def test_search_shows_descriptions_and_countries_to_tell_two_cambridges_apart(wikidata_server):
    with translation.override("en"):
        candidates = wikidata.search("Cambridge")
    assert [(c.id, c.country) for c in candidates] == [
        ("Q350", "United Kingdom"),
        ("Q49111", "United States"),
    ]
    assert "Massachusetts" in candidates[1].description


def test_search_finds_a_city_by_its_japanese_name(wikidata_server):
    with translation.override("ja"):
        [candidate] = wikidata.search("グルノーブル")
    assert (candidate.id, candidate.label, candidate.other_label) == (
        "Q1289",
        "グルノーブル",
        "Grenoble",
    )
    assert candidate.country == "フランス"


@pytest.mark.parametrize(
    ("text", "item_id"),
    [
        ("Q1289", "Q1289"),
        (" q1289 ", "Q1289"),
        ("https://www.wikidata.org/wiki/Q1289", "Q1289"),
        ("http://www.wikidata.org/entity/Q1289", "Q1289"),
        ("Grenoble", ""),
        ("Q0", ""),
    ],
)
def test_an_identifier_is_read_as_people_paste_it(text, item_id):
    assert wikidata.item_id_from(text) == item_id


def test_proposals_show_old_beside_new_and_mark_what_would_be_replaced(wikidata_server):
    partner = make_partner(name_ja="グルノーブル", name_en="Grenoble City", website="")
    partner.facts.create(
        label_ja="人口", label_en="Population", unit_ja="人", value=160000,
        as_of=datetime.date(2019, 1, 1), as_of_precision="year", source="City pages",
    )  # fmt: skip
    found = {p.key: p for p in wikidata.proposals(partner, wikidata.read_item("Q1289"))}
    assert found["name_ja"].same
    assert found["name_en"].replaces
    assert (found["name_en"].current, found["name_en"].proposed) == ("Grenoble City", "Grenoble")
    assert not found["website"].replaces
    assert found["population"].replaces
    assert "160,000" in found["population"].current
    assert "156,389" in found["population"].proposed
    assert "Wikidata, Q1289, population as of 2021" in found["population"].proposed


def test_filling_changes_only_the_accepted_fields_and_keeps_the_facts_date_and_source(
    wikidata_server,
):
    partner = make_partner(name_ja="グルノーブル", name_en="Grenoble City", country="FR")
    partner.facts.create(label_ja="面積", label_en="Area", unit_ja="km²", unit_en="km²", value=18)
    item = wikidata.read_item("Q1289")
    changed = wikidata.fill(partner, item, {"population", "position", "website"})
    partner.refresh_from_db()
    assert len(changed) == 3
    assert partner.name_en == "Grenoble City"  # not accepted, so not overwritten
    assert partner.wikidata_id == "Q1289"
    assert partner.latitude == Decimal("45.187778")
    assert partner.website == "https://www.grenoble.fr/"
    area, population = partner.facts.order_by("order")
    assert area.value == 18  # not accepted
    assert population.label_en == "Population"
    assert population.value == 156389
    assert (population.as_of, population.as_of_precision) == (datetime.date(2021, 1, 1), "year")
    assert population.source == (
        "Wikidata, Q1289, population as of 2021; "
        "reference: https://www.insee.fr/fr/statistiques/7725600"
    )


def test_filling_updates_the_fact_with_the_same_label_and_keeps_its_labels(wikidata_server):
    partner = make_partner()
    fact = partner.facts.create(label_ja="人口（推計）", label_en="population", value=1)
    wikidata.fill(partner, wikidata.read_item("Q49111"), {"population"})
    fact.refresh_from_db()
    assert (fact.label_ja, fact.value, fact.as_of) == (
        "人口（推計）",
        118403,
        datetime.date(2020, 4, 1),
    )
    assert partner.facts.count() == 1


def test_a_wikidata_item_belongs_to_one_partner_only():
    make_partner(wikidata_id="Q1289")
    other = Partner(
        name_ja="グルノーブル", slug="grenoble-again", country="FR", wikidata_id="Q1289"
    )
    with translation.override("en"), pytest.raises(ValidationError) as raised:
        other.full_clean()
    assert "Another partner is already linked to this Wikidata item." in str(raised.value)


def test_many_partners_may_have_no_wikidata_item():
    make_partner(wikidata_id="")
    make_partner(wikidata_id="").full_clean()


def test_relationships_are_compared_with_the_home_items_twinned_bodies(wikidata_server):
    year = {"relationship_since_precision": "year"}
    partners = [
        make_partner(slug="sf", wikidata_id="Q62", relationship_since=D(1957, 1, 1), **year),
        make_partner(slug="chicago", wikidata_id="Q1297", relationship_since=D(1974, 1, 1), **year),
        make_partner(slug="hamburg", wikidata_id="Q1055", relationship_since=D(1989, 1, 1), **year),
        make_partner(slug="yangon"),
    ]
    rows = wikidata.review_relationships("Q35765", partners)
    assert [(row.partner.slug, row.status) for row in rows] == [
        ("sf", "matches"),
        ("chicago", "dated_differently"),
        ("hamburg", "missing"),
        ("yangon", "not_linked"),
    ]
    assert rows[1].wikidata_since == "1973"
    assert rows[2].quickstatements == "Q35765\tP190\tQ1055\tP580\t+1989-01-01T00:00:00Z/9"


def test_relationships_not_checked_when_wikidata_is_out_of_reach(wikidata_unreachable):
    partner = make_partner(wikidata_id="Q62")
    [row] = wikidata.review_relationships("Q35765", [partner])
    assert row.status == "not_checked"
    assert row.quickstatements.startswith("Q35765\tP190\tQ62")


def test_odd_statements_are_passed_over_not_a_crash():
    snak = {"snaktype": "somevalue", "property": "P1082"}
    entity = {
        "id": "Q1289",
        "labels": {"en": {"language": "en", "value": "Grenoble"}},
        "claims": {
            "P1082": [{"rank": "normal"}, {"mainsnak": snak, "rank": "normal"}],
            "P625": [{"mainsnak": {"snaktype": "value", "datavalue": {"value": {}}}}],
            "P17": [{"mainsnak": {"snaktype": "novalue"}, "rank": "preferred"}],
            "P2046": [
                {
                    "mainsnak": {
                        "snaktype": "value",
                        "datavalue": {"value": {"amount": "+5", "unit": "http://x/Q11573"}},
                    }
                }
            ],
        },
    }
    item = wikidata.read_entity(entity)
    assert (item.labels["en"], item.labels["ja"]) == ("Grenoble", "")
    assert item.population is None and item.area is None  # an area in metres is no km²
    assert item.latitude is None and item.country_item == ""


def test_an_area_in_square_metres_is_given_in_square_kilometres():
    amount = {"amount": "+18130000", "unit": "http://www.wikidata.org/entity/Q25343"}
    statement = {"mainsnak": {"snaktype": "value", "datavalue": {"value": amount}}}
    item = wikidata.read_entity({"id": "Q1289", "claims": {"P2046": [statement]}})
    assert item.area.value == Decimal("18.13")
