import datetime
import io

import pytest
from django.core.management import call_command
from django.test import RequestFactory
from django.utils import translation

from agreements.dashboard import panel
from agreements.models import Agreement, AgreementParty, AgreementRenewal
from agreements.services import upcoming_anniversaries
from cities.models import HomeCity, Partner
from tests.factories import make_staff_user

pytestmark = pytest.mark.django_db

D = datetime.date
TODAY = D(2026, 11, 23)


def load(*args):
    call_command("load_demo", *args, stdout=io.StringIO())


def snapshot():
    return (
        list(Agreement.objects.values_list("slug", "updated_at")),
        AgreementParty.objects.count(),
        AgreementRenewal.objects.count(),
        Agreement.history.count(),
        Partner.history.count(),
        list(Partner.objects.values_list("slug", "updated_at")),
    )


def test_the_tsukuba_demo_has_every_agreement_in_the_seeds_with_its_precision():
    load()
    dates = {a.slug: (a.date, a.date_precision) for a in Agreement.objects.all()}
    assert dates == {
        "cambridge-sister-city-1984": (D(1984, 1, 1), "year"),
        "irvine-sister-city-1989": (D(1989, 1, 1), "year"),
        "daejeon-letter-of-intent-1999": (D(1999, 10, 16), "day"),
        "shenzhen-friendship-city-2004": (D(2004, 6, 1), "month"),
        "grenoble-sister-city-2013": (D(2013, 11, 12), "day"),
        "bochum-partnership-2019": (D(2019, 11, 25), "day"),
        "tsukuba-grenoble-metropole-partnership-2020": (D(2020, 7, 31), "day"),
    }
    cambridge = Agreement.objects.get(slug="cambridge-sister-city-1984")
    assert [p.partner.slug for p in cambridge.parties.all()] == ["yatabe", "cambridge"]
    assert cambridge.renewals.get().renewed_on == D(2019, 11, 18)
    assert set(cambridge.cooperation_fields.values_list("slug", flat=True)) == {
        "startups",
        "education",
        "science",
        "innovation",
        "industry",
    }
    three = Agreement.objects.get(slug="tsukuba-grenoble-metropole-partnership-2020")
    assert [p.partner.slug for p in three.parties.all()] == [
        "tsukuba",
        "grenoble",
        "grenoble-alpes-metropole",
    ]
    grenoble = Partner.objects.get(slug="grenoble")
    assert grenoble.agreement_kind.slug == "sister-city"
    assert grenoble.relationship_since == D(2013, 11, 12)


def test_load_demo_twice_changes_no_agreement():
    load()
    before = snapshot()
    load()
    assert snapshot() == before


def test_no_tsukuba_anniversary_falls_in_the_twelve_months_from_23_november_2026():
    load()
    assert upcoming_anniversaries(on=TODAY) == []
    # Grenoble's 15th (12 November 2028) is the next one to come into view.
    [item] = upcoming_anniversaries(on=D(2027, 11, 13))
    assert (item["partner"].slug, item["years"]) == ("grenoble", 15)


def test_load_demo_osaka_loads_osakas_network_as_its_own_site():
    load("osaka")
    assert HomeCity.current().name_en == "Osaka City"
    osaka = Partner.objects.get(slug="osaka")
    assert osaka.is_home
    assert Agreement.objects.count() == 14
    sister = Agreement.objects.filter(kind__slug__in=["sister-city", "friendship-city"])
    assert sorted(a.date.year for a in sister) == [1957, 1969, 1973, 1974, 1978, 1979, 1981, 1989]
    assert all(a.date_precision == "year" for a in sister)
    denmark = Agreement.objects.get(parties__partner__slug="osaka-embassy-of-denmark")
    assert (denmark.kind.slug, denmark.date, denmark.date_precision) == (
        "mou",
        D(2011, 6, 1),
        "month",
    )
    assert Partner.objects.get(slug="osaka-fraunhofer-ipa").kind == Partner.Kind.INSTITUTION
    assert all(a.parties.filter(partner=osaka).exists() for a in Agreement.objects.all())
    # Milan's 45th (1981) and San Francisco's 70th (1957) are the anniversaries in view.
    assert [(i["partner"].slug, i["years"]) for i in upcoming_anniversaries(on=TODAY)] == [
        ("osaka-milan", 45),
        ("osaka-san-francisco", 70),
    ]
    before = snapshot()
    load("osaka")
    assert snapshot() == before


def test_the_dashboard_on_demo_data_as_of_today(django_user_model):
    load("osaka")
    request = RequestFactory().get("/admin/")
    request.user = make_staff_user(superuser=True)
    with translation.override("en"):
        html = panel(request, on=TODAY)
    assert "0 agreements ending within 180 days" in html
    assert "2 anniversaries in the next 12 months" in html
    assert "Milan" in html and "San Francisco" in html


def test_osakas_network_loads_on_top_of_tsukubas_as_ci_loads_them():
    load("tsukuba")
    load("osaka")
    osaka = Partner.objects.get(slug="osaka")
    assert (osaka.name_ja, osaka.is_home) == ("大阪市", True)
    assert HomeCity.current().partner == osaka
    # Tsukuba's own record keeps its name: it was not renamed into Osaka.
    assert Partner.objects.get(slug="tsukuba").name_ja == "つくば市"
    # Shenzhen is in both networks; its Wikidata item stays with Tsukuba's record.
    assert Partner.objects.get(slug="shenzhen").wikidata_id == "Q15174"
    assert Partner.objects.get(slug="osaka-shenzhen").wikidata_id == ""
    assert Partner.objects.get(slug="osaka-chicago").wikidata_id == "Q1297"
    assert osaka.wikidata_id == "Q35765"
