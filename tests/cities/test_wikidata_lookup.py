import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from tests.factories import make_partner

pytestmark = pytest.mark.django_db


def lookup(*args):
    out = io.StringIO()
    with translation.override("en"):
        call_command("wikidata_lookup", *args, stdout=out)
    return out.getvalue()


def test_the_lookup_prints_what_it_would_fill(wikidata_server):
    text = lookup("Q1289")
    assert "Q1289: Grenoble <https://www.wikidata.org/wiki/Q1289>" in text
    assert "Short name (Japanese): グルノーブル  [new]" in text
    assert "Country: FR  [new]" in text
    assert "Wikidata, Q1289, population as of 2021" in text


def test_the_lookup_compares_with_a_partner_and_saves_nothing(wikidata_server):
    partner = make_partner(slug="grenoble", name_ja="グルノーブル", name_en="Grenoble City")
    text = lookup("https://www.wikidata.org/wiki/Q1289", "--partner", "grenoble")
    assert "Short name (Japanese): グルノーブル  [same]" in text
    assert "Short name (English): Grenoble  [differs, now: Grenoble City]" in text
    partner.refresh_from_db()
    assert (partner.name_en, partner.wikidata_id) == ("Grenoble City", "")


def test_the_lookup_says_when_wikidata_cannot_be_reached(wikidata_unreachable):
    with pytest.raises(CommandError, match="Wikidata could not be reached"):
        lookup("Q1289")


def test_the_lookup_refuses_what_is_no_item_id():
    with pytest.raises(CommandError, match="Q1289"):
        lookup("Grenoble")
