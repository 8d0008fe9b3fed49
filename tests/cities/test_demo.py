import pytest
from django.urls import reverse
from django.utils import translation

from cities.models import Merger, Partner

pytestmark = pytest.mark.django_db


def test_demo_partners_have_facts_texts_and_both_names(demo_data):
    directory = Partner.objects.in_directory()
    assert directory.count() == 7
    for partner in directory:
        assert partner.name_ja and partner.name_en
        assert partner.description_ja and partner.description_en
        assert partner.story_ja and partner.story_en
        assert partner.facts.exists()


def test_demo_yatabe_and_sakura_merged_into_tsukuba_in_1987(demo_data):
    mergers = Merger.objects.filter(successor__slug="tsukuba")
    assert sorted(m.predecessor.slug for m in mergers) == ["sakura", "yatabe"]
    assert {(m.merged_on.year, m.merged_on_precision) for m in mergers} == {(1987, "year")}


@pytest.mark.parametrize(
    ("language", "slug", "expected"),
    [
        ("en", "daejeon", "1.47 million (as of 2019)"),
        ("ja", "daejeon", "147万人（2019年時点）"),
        ("en", "shenzhen", "1,997.47 km² (as of December 2018)"),
        ("ja", "tsukuba", "12,663人（2023年12月1日時点）"),
        ("en", "yatabe", "In 1987, Yatabe merged into"),
    ],
)
def test_demo_profiles_read_well_in_both_languages(client, demo_data, language, slug, expected):
    with translation.override(language):
        path = reverse("cities:partner_detail", kwargs={"slug": slug})
    assert expected in client.get(path).content.decode()


def test_demo_partners_carry_their_wikidata_items(demo_data):
    items = dict(Partner.objects.exclude(wikidata_id="").values_list("slug", "wikidata_id"))
    assert items == {
        "grenoble": "Q1289",
        "irvine": "Q49219",
        "cambridge": "Q49111",
        "shenzhen": "Q15174",
        "bochum": "Q2103",
        "daejeon": "Q20921",
    }
