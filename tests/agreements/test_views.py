import datetime
import re

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import translation

from agreements.models import Agreement, AgreementRenewal, Status
from tests.factories import (
    make_agreement,
    make_agreement_kind,
    make_home_party,
    make_partner,
    make_staff_user,
)

pytestmark = pytest.mark.django_db

D = datetime.date


def url(name, language="en", **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def test_the_table_lists_partner_agreement_type_date_and_documents(client):
    sister = make_agreement_kind(name_en="Sister city", name_ja="姉妹都市")
    grenoble = make_partner(name_en="Grenoble", name_ja="グルノーブル")
    make_agreement(
        partners=[grenoble],
        kind=sister,
        title_en="Sister city agreement with Grenoble",
        date=D(2013, 11, 12),
        documents=[{"title_ja": "協定書", "title_en": "Agreement text", "public": True}],
    )
    page = client.get(url("agreements:list")).content.decode()
    assert "Grenoble" in page
    assert "Sister city agreement with Grenoble" in page
    assert "Sister city" in page
    assert "12 November 2013" in page
    assert "Agreement text" in page


@pytest.mark.parametrize("language", ["en", "ja"])
def test_the_table_and_the_agreement_page_name_each_status_in_the_visitors_language(
    client, language
):
    expired = make_agreement(date=D(2002, 10, 1), expires_on=D(2005, 9, 30))
    suspended = make_agreement(date=D(2002, 10, 1), staff_status="suspended")
    table = client.get(url("agreements:list", language)).content.decode()
    with translation.override(language):
        for agreement, status in ((expired, "expired"), (suspended, "suspended")):
            label = str(Status(status).label)
            expected = f'class="agreement-status agreement-status--{status}">{label}</span>'
            assert expected in table
            page = client.get(url("agreements:detail", language, slug=agreement.slug))
            assert expected in page.content.decode()


def test_the_table_speaks_japanese_under_ja(client):
    make_agreement(title_ja="姉妹都市協定", date=D(2004, 6, 1), date_precision="month")
    page = client.get(url("agreements:list", "ja")).content.decode()
    assert "姉妹都市協定" in page
    assert "2004年6月" in page


def test_a_partners_agreements_stay_in_date_order_in_the_table(client):
    home = make_home_party()
    partner = make_partner(name_en="Grenoble")
    make_agreement(home=home, partners=[partner], title_en="Later", date=D(2020, 7, 31))
    make_agreement(home=home, partners=[partner], title_en="Earlier", date=D(2013, 11, 12))
    page = client.get(url("agreements:list") + "?sort=partner").content.decode()
    assert page.index("Earlier") < page.index("Later")


def test_the_table_sorts_by_date_and_by_partner(client):
    home = make_home_party()
    make_agreement(home=home, partners=[make_partner(name_en="Zagreb")], date=D(1990, 1, 1))
    make_agreement(home=home, partners=[make_partner(name_en="Aachen")], date=D(2010, 1, 1))
    by_partner = client.get(url("agreements:list") + "?sort=partner").content.decode()
    assert by_partner.index("Aachen") < by_partner.index("Zagreb")
    by_date = client.get(url("agreements:list") + "?sort=date").content.decode()
    assert by_date.index("Zagreb") < by_date.index("Aachen")
    newest_first = client.get(url("agreements:list") + "?sort=-date").content.decode()
    assert newest_first.index("Aachen") < newest_first.index("Zagreb")


def test_the_table_filters_by_kind_of_agreement_country_year_and_status(client):
    home = make_home_party()
    sister = make_agreement_kind(slug="sister-city")
    make_agreement(
        home=home,
        partners=[make_partner(name_en="Irvine", country="US")],
        kind=sister,
        date=D(1989, 1, 1),
        date_precision="year",
    )
    make_agreement(
        home=home,
        partners=[make_partner(name_en="Bochum", country="DE")],
        date=D(2019, 11, 25),
        expires_on=D(2020, 11, 24),
    )

    def names(query):
        page = client.get(url("agreements:list") + query).content.decode()
        return {name for name in ("Irvine", "Bochum") if name in page}

    assert names("?agreement_kind=sister-city") == {"Irvine"}
    assert names("?country=DE") == {"Bochum"}
    assert names("?year=1989") == {"Irvine"}
    assert names("?status=expired") == {"Bochum"}
    assert names("?status=in_force") == {"Irvine"}


def test_an_unknown_filter_value_is_ignored_not_an_error(client):
    make_agreement()
    response = client.get(url("agreements:list") + "?agreement_kind=nope&year=abc&sort=evil")
    assert response.status_code == 200


def test_the_tables_old_kind_parameter_still_filters_for_one_release(client):
    home = make_home_party()
    sister = make_agreement_kind(slug="sister-city")
    make_agreement(home=home, partners=[make_partner(name_en="Irvine")], kind=sister)
    make_agreement(home=home, partners=[make_partner(name_en="Bochum")])
    response = client.get(url("agreements:list") + "?kind=sister-city&sort=date")
    assert response.status_code == 301
    assert response["Location"] == url("agreements:list") + "?sort=date&agreement_kind=sister-city"
    page = client.get(response["Location"]).content.decode()
    assert "Irvine" in page and "Bochum" not in page


def test_unpublished_agreements_stay_off_the_public_pages(client):
    draft = make_agreement(title_en="Draft agreement", published=False)
    assert "Draft agreement" not in client.get(url("agreements:list")).content.decode()
    assert client.get(draft.get_absolute_url()).status_code == 404


def make_many(count):
    home = make_home_party()
    kind = make_agreement_kind()
    partners = [make_partner() for _ in range(5)]
    agreements = [
        Agreement(
            slug=f"bulk-{i}",
            title_ja=f"協定{i}",
            title_en=f"Agreement {i}",
            kind=kind,
            date=D(1950 + i % 70, 1, 1),
            date_precision="year",
        )
        for i in range(count)
    ]
    Agreement.objects.bulk_create(agreements)
    from agreements.models import AgreementParty

    parties = []
    for i, agreement in enumerate(Agreement.objects.filter(slug__startswith="bulk-")):
        parties.append(AgreementParty(agreement=agreement, partner=home, order=0))
        parties.append(AgreementParty(agreement=agreement, partner=partners[i % 5], order=1))
    AgreementParty.objects.bulk_create(parties)
    return partners


@pytest.mark.parametrize("count", [10, 1000])
def test_the_table_runs_a_fixed_number_of_queries(client, django_assert_num_queries, count):
    make_many(count)
    # 1. the home city for the footer
    # 2. types offered in the filter   3. countries   4. years
    # 5. how many agreements there are (for the pages)
    # 6. the keys of a page of agreements, in the table's order
    # 7. those agreements with their type, status and partner name
    # 8. their parties with the partners   9. their public documents
    with django_assert_num_queries(9):
        response = client.get(url("agreements:list"))
    assert response.status_code == 200
    assert response.content.decode().count("<tr>") == min(count, 100) + 1


def test_the_table_shows_a_hundred_agreements_a_page_and_keeps_the_filters(client):
    make_many(230)
    first = client.get(url("agreements:list") + "?sort=date").content.decode()
    assert "230 agreements" in first and "Page 1 of 3" in first
    assert first.count("<tr>") == 101
    assert 'href="?sort=date&amp;page=2"' in first
    last = client.get(url("agreements:list") + "?sort=date&page=3").content.decode()
    assert last.count("<tr>") == 31
    assert 'aria-current="page"><span class="visually-hidden">Page </span>3<' in last
    # Sorting again starts from the first page; the page number is not carried over.
    assert 'href="?sort=-date"' in last
    years_first = re.findall(r'<time datetime="(\d{4})', first)
    years_last = re.findall(r'<time datetime="(\d{4})', last)
    assert max(years_first) <= min(years_last)  # the pages continue the date order


@pytest.mark.parametrize("page", ["abc", "0", "999", "-1"])
def test_a_bad_page_number_shows_a_page_not_an_error(client, page):
    make_many(150)
    response = client.get(url("agreements:list") + f"?page={page}")
    assert response.status_code == 200
    assert response.content.decode().count("<tr>") in (101, 51)


@pytest.mark.parametrize("count", [10, 1000])
def test_the_agreement_page_runs_a_fixed_number_of_queries(
    client, django_assert_num_queries, count
):
    make_many(count)
    agreement = Agreement.objects.get(slug="bulk-3")
    # 1. the agreement   2-5. fields, renewals, documents, signatories (prefetches)
    # 6. parties   7. the lineage   8. the home city for the footer
    with django_assert_num_queries(8):
        response = client.get(url("agreements:detail", slug=agreement.slug))
    assert response.status_code == 200


def test_the_agreement_page_shows_parties_signatories_term_renewals_and_fields(client):
    home = make_home_party(name_en="Tsukuba", official_name_en="Tsukuba City")
    a = make_partner(name_en="Grenoble", official_name_en="City of Grenoble")
    b = make_partner(name_en="Métropole", official_name_en="Grenoble-Alpes Métropole")
    agreement = make_agreement(
        home=home,
        partners=[a, b],
        date=D(2002, 10, 1),
        expires_on=D(2005, 9, 30),
        signatory_count=1,
    )
    AgreementRenewal.objects.create(
        agreement=agreement,
        renewed_on=D(2008, 9, 1),
        new_expires_on=D(2011, 9, 30),
        note_en="Second extension",
    )
    AgreementRenewal.objects.create(
        agreement=agreement,
        renewed_on=D(2005, 9, 1),
        new_expires_on=D(2008, 9, 30),
        note_en="First extension",
    )
    page = client.get(url("agreements:detail", slug=agreement.slug)).content.decode()
    for text in ("Tsukuba City", "City of Grenoble", "Grenoble-Alpes Métropole", "Signatory 0"):
        assert text in page
    assert "Fixed term, until 30 September 2011" in page
    assert page.index("First extension") < page.index("Second extension")
    assert "1 September 2005" in page


def test_the_lineage_shows_as_a_timeline_in_order(client):
    home = make_home_party()
    partner = make_partner()
    letter = make_agreement(
        home=home, partners=[partner], title_en="Letter of intent", date=D(1999, 10, 16)
    )
    mou = make_agreement(
        home=home,
        partners=[partner],
        title_en="Memorandum",
        date=D(2005, 4, 1),
        supersedes=letter,
    )
    sister = make_agreement(
        home=home,
        partners=[partner],
        title_en="Sister city agreement",
        date=D(2013, 11, 12),
        supersedes=mou,
    )
    for agreement in (letter, mou, sister):
        page = client.get(url("agreements:detail", slug=agreement.slug)).content.decode()
        timeline = page[page.index('class="agreement-timeline"') :]
        assert (
            timeline.index("Letter of intent")
            < timeline.index("Memorandum")
            < timeline.index("Sister city agreement")
        )


def test_the_partner_profile_lists_its_agreements_in_date_order(
    client, django_assert_max_num_queries
):
    home = make_home_party()
    partner = make_partner(name_en="Grenoble", slug="grenoble")
    make_agreement(home=home, partners=[partner], title_en="Partnership", date=D(2020, 7, 31))
    make_agreement(home=home, partners=[partner], title_en="Sister city", date=D(2013, 11, 12))
    make_agreement(home=home, title_en="Someone else's")
    # The profile's own six (partner, facts, photos, mergers both ways, home city), one
    # for its agreements and one for its exchanges (PARTNER_PROFILE_SECTIONS).
    with django_assert_max_num_queries(8):
        page = client.get(url("cities:partner_detail", slug="grenoble")).content.decode()
    section = page[page.index("partner-agreements") :]
    assert section.index("12 November 2013") < section.index("31 July 2020")
    assert "Someone else" not in section


# Documents


def document_url(agreement, index=0):
    return reverse("agreements:document", kwargs={"pk": agreement.documents.all()[index].pk})


def test_a_public_document_downloads_for_anyone(client):
    agreement = make_agreement(
        documents=[{"title_ja": "協定書", "public": True, "content": b"%PDF-1.4 public"}]
    )
    response = client.get(document_url(agreement))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 public"
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_no_cache_keeps_a_public_document_that_staff_may_withdraw(client):
    agreement = make_agreement(documents=[{"title_ja": "協定書", "public": True}])
    response = client.get(document_url(agreement))
    assert "no-store" in response["Cache-Control"]


def test_a_staff_only_document_is_a_404_to_the_public(client):
    agreement = make_agreement(documents=[{"title_ja": "内部資料", "public": False}])
    assert client.get(document_url(agreement)).status_code == 404
    page = client.get(url("agreements:detail", slug=agreement.slug)).content.decode()
    assert "内部資料" not in page


def test_a_staff_only_document_is_a_404_to_staff_without_the_permission(client):
    agreement = make_agreement(documents=[{"title_ja": "内部資料", "public": False}])
    client.force_login(make_staff_user())
    assert client.get(document_url(agreement)).status_code == 404


def test_a_staff_only_document_downloads_for_staff_with_the_permission(client):
    agreement = make_agreement(
        documents=[{"title_ja": "内部資料", "public": False, "content": b"%PDF-1.4 staff"}]
    )
    user = make_staff_user()
    user.user_permissions.add(Permission.objects.get(codename="view_agreementdocument"))
    client.force_login(user)
    response = client.get(document_url(agreement))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 staff"
    assert "private" in response["Cache-Control"]


def test_documents_are_never_linked_through_a_media_url(client):
    agreement = make_agreement(documents=[{"title_ja": "協定書", "public": True}])
    page = client.get(url("agreements:detail", slug=agreement.slug)).content.decode()
    assert "/uploads-are-not-public/" not in page
    assert document_url(agreement) in page


def test_the_sitemap_lists_each_agreement_in_both_languages(client):
    agreement = make_agreement(slug="grenoble-sister-city-2013")
    body = client.get("/sitemap.xml").content.decode()
    assert f"http://testserver/ja/agreements/{agreement.slug}/" in body
    assert f"http://testserver/en/agreements/{agreement.slug}/" in body
