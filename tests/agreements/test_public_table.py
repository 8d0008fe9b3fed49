"""The public agreements table for a new city: newest first, 五十音 order, its own name."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from agreements.forms import AgreementFilterForm
from agreements.open_data import _partner_record as partner_record
from tests.factories import make_agreement, make_home_city, make_home_party, make_partner

pytestmark = pytest.mark.django_db
D = datetime.date


def url(language):
    with translation.override(language):
        return reverse("agreements:list")


def test_the_table_opens_newest_first_and_says_so(client):
    home = make_home_party()
    make_agreement(home=home, partners=[make_partner()], title_en="Older", date=D(1990, 1, 1))
    make_agreement(home=home, partners=[make_partner()], title_en="Newer", date=D(2020, 1, 1))
    page = client.get(url("en")).content.decode()
    assert page.index("Newer") < page.index("Older")
    assert "Newest first" in page
    assert 'aria-sort="descending"' in page
    assert "新しい順" in client.get(url("ja")).content.decode()


def test_japanese_partner_names_sort_by_their_reading(client):
    home = make_home_party()
    for name, reading in [("北京市", "ぺきん"), ("グルノーブル市", "ぐるのーぶる"), ("ソウル", "")]:
        make_agreement(home=home, partners=[make_partner(name_ja=name, name_reading=reading)])
    page = client.get(url("ja") + "?sort=partner").content.decode()
    # ぐ (reading), ぺ (reading), then ソウル by its name: readings give 五十音 order.
    assert page.index("グルノーブル市") < page.index("北京市") < page.index("ソウル")


def test_countries_are_offered_in_japanese_order_on_the_japanese_site():
    home = make_home_party()
    for country in ("RU", "CN", "FR", "KR"):
        make_agreement(home=home, partners=[make_partner(country=country)])
    with translation.override("ja"):
        codes = [code for code, _name in AgreementFilterForm().fields["country"].choices][1:]
    assert codes == ["KR", "CN", "FR", "RU"]  # かんこく, ちゅうごく, ふらんす, ろしあ


def test_the_page_texts_name_the_home_city(client):
    make_home_city(name_ja="土浦市", name_en="Tsuchiura")
    assert "土浦市が提携自治体と結んだ協定" in client.get(url("ja")).content.decode()
    assert "The agreements Tsuchiura has signed" in client.get(url("en")).content.decode()
    with translation.override("ja"):
        home = client.get(reverse("home")).content.decode()
    assert "土浦市は" in home


def test_an_english_only_name_on_the_japanese_table_is_marked_as_english(client):
    home = make_home_party()
    make_agreement(home=home, partners=[make_partner(name_ja="Bochum", name_en="Bochum")])
    make_agreement(home=home, partners=[make_partner(name_ja="ソウル", name_en="Seoul")])
    page = client.get(url("ja")).content.decode()
    assert 'lang="en">Bochum<' in page
    assert 'lang="en">ソウル<' not in page and ">ソウル<" in page


def test_a_partner_has_no_status_before_it_has_an_agreement():
    partner = make_partner()
    assert partner.has_relationship is False
    assert partner_record(partner)["relationship_status"] is None
