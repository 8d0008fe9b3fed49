"""The home city record and the partner that signs agreements for it share one name."""

import pytest

from cities.models import HomeCity, Partner
from cities.services import keep_home_partner_in_step
from tests.factories import make_home_city, make_merger, make_partner, make_staff_user

pytestmark = pytest.mark.django_db


def test_saving_the_home_city_makes_its_partner_once():
    home = make_home_city(name_ja="つくば市", name_en="Tsukuba City")
    keep_home_partner_in_step(home)
    keep_home_partner_in_step(HomeCity.current())
    [partner] = Partner.objects.filter(is_home=True)
    assert HomeCity.current().partner == partner
    assert (partner.name_ja, partner.name_en) == ("つくば市", "Tsukuba City")
    assert (partner.kind, partner.country.code, partner.published) == ("city", "JP", True)
    assert partner.slug == "tsukuba-city"


def test_renaming_the_home_city_renames_its_partner():
    home = make_home_city(name_ja="桜村", name_en="Sakura")
    partner = keep_home_partner_in_step(home)
    home.name_ja, home.name_en = "つくば市", "Tsukuba City"
    home.save()
    keep_home_partner_in_step(home)
    partner.refresh_from_db()
    assert (partner.name_ja, partner.name_en) == ("つくば市", "Tsukuba City")
    assert Partner.objects.filter(is_home=True).count() == 1


def test_the_home_city_takes_the_home_partner_of_its_name_and_never_a_predecessor():
    tsukuba = make_partner(slug="tsukuba", name_ja="つくば市", name_en="Tsukuba", is_home=True)
    yatabe = make_partner(slug="yatabe", name_ja="谷田部町", name_en="Yatabe", is_home=True)
    make_merger(yatabe, tsukuba)
    home = make_home_city(name_ja="つくば市", name_en="Tsukuba City")
    assert keep_home_partner_in_step(home) == tsukuba
    assert Partner.objects.filter(is_home=True).count() == 2
    yatabe.refresh_from_db()
    assert yatabe.name_en == "Yatabe"


def test_a_home_partner_slug_already_taken_gets_a_number():
    make_partner(slug="tsukuba-city", name_ja="別の市", name_en="Another City")
    partner = keep_home_partner_in_step(make_home_city(name_ja="つくば市", name_en="Tsukuba City"))
    assert partner.slug == "tsukuba-city-2"


def test_saving_the_home_city_in_the_admin_makes_its_partner(client):
    client.force_login(make_staff_user(superuser=True))
    response = client.post(
        "/admin/cities/homecity/add/",
        {
            "name_ja": "つくば市",
            "name_en": "Tsukuba City",
            "division_name_ja": "国際都市推進課",
            "division_name_en": "Global City Promotion Division",
            "email": "international@city.example",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    partner = HomeCity.current().partner
    assert (partner.name_ja, partner.is_home, partner.published) == ("つくば市", True, True)
