"""What a fresh database holds from the first day, and what the data migrations leave alone."""

import importlib

import pytest
from django.apps import apps

from cities.models import AgreementKind, HomeCity, Partner
from tests.factories import make_merger, make_partner

pytestmark = pytest.mark.django_db

standard_kinds = importlib.import_module("cities.migrations.0007_standard_agreement_kinds")
home_city_partner = importlib.import_module("cities.migrations.0008_home_city_partner")

STANDARD_SLUGS = [
    "sister-city",
    "friendship-city",
    "partnership-city",
    "friendship-cooperation",
    "sister-port",
    "mou",
    "letter-of-intent",
    "joint-statement",
    "joint-communique",
    "declaration",
]


def test_a_fresh_database_has_the_standard_agreement_kinds_in_order():
    kinds = list(AgreementKind.objects.all())
    assert [kind.slug for kind in kinds] == STANDARD_SLUGS
    assert [kind.slug for kind in kinds if kind.is_sister_city] == ["sister-city"]
    communique = AgreementKind.objects.get(slug="joint-communique")
    assert (communique.name_ja, communique.name_en) == ("共同コミュニケ", "Joint communiqué")


def test_the_kinds_migration_run_again_adds_nothing_and_keeps_a_staff_renamed_kind():
    AgreementKind.objects.filter(slug="mou").update(name_ja="覚書（MOU）", order=99)
    standard_kinds.add_standard_agreement_kinds(apps, schema_editor=None)
    assert AgreementKind.objects.count() == len(STANDARD_SLUGS)
    mou = AgreementKind.objects.get(slug="mou")
    assert (mou.name_ja, mou.order) == ("覚書（MOU）", 99)


def test_an_upgraded_city_keeps_its_own_kinds_without_a_second_of_the_same_name():
    AgreementKind.objects.all().delete()
    AgreementKind.objects.create(slug="sister", name="姉妹都市", name_ja="姉妹都市", name_en="Twin")
    AgreementKind.objects.create(slug="mou-1", name="MOU", name_ja="協定覚書", name_en="MOU")
    standard_kinds.add_standard_agreement_kinds(apps, schema_editor=None)
    slugs = set(AgreementKind.objects.values_list("slug", flat=True))
    assert "sister-city" not in slugs  # 姉妹都市 is there already, as "sister"
    assert "mou" in slugs  # "Memorandum of understanding" is a name it did not have
    assert AgreementKind.objects.filter(name_ja="姉妹都市").count() == 1


def test_the_migration_links_the_home_city_to_the_home_partner_of_the_same_name():
    tsukuba = make_partner(slug="tsukuba", name_ja="つくば市", name_en="Tsukuba", is_home=True)
    yatabe = make_partner(slug="yatabe", name_ja="つくば市", name_en="Yatabe", is_home=True)
    make_merger(yatabe, tsukuba)
    HomeCity.objects.create(name_ja="つくば市", name_en="Tsukuba City", division_name="国際課")
    home_city_partner.link_existing_home_partner(apps, schema_editor=None)
    assert HomeCity.current().partner == tsukuba


def test_the_link_migration_leaves_a_home_city_without_a_matching_partner_alone():
    make_partner(name_ja="グルノーブル", name_en="Grenoble")
    HomeCity.objects.create(name_ja="つくば市", name_en="Tsukuba City", division_name="国際課")
    home_city_partner.link_existing_home_partner(apps, schema_editor=None)
    assert HomeCity.current().partner is None
    assert not Partner.objects.filter(is_home=True).exists()


def test_the_wikidata_migration_names_partners_that_share_an_item():
    one_item = importlib.import_module("cities.migrations.0009_one_partner_per_wikidata_item")
    make_partner(slug="grenoble", wikidata_id="Q1289")
    one_item.refuse_shared_items(apps, schema_editor=None)  # one partner per item: fine
    rows = [("grenoble", "Q1289"), ("bochum", "Q2103"), ("grenoble-2", "Q1289")]
    assert one_item.shared_items(rows) == ["grenoble and grenoble-2 (Q1289)"]
