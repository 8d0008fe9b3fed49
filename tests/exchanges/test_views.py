import datetime
import json

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import translation

from exchanges.models import ExchangePhoto
from tests.factories import make_exchange, make_partner, make_staff_user, photo_upload

pytestmark = pytest.mark.django_db

D = datetime.date


def url(name, language="en", **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


@pytest.mark.parametrize("language", ["ja", "en"])
def test_the_public_list_shows_published_exchanges_latest_first(client, language):
    older = make_exchange(title_ja="古い交流", title_en="Older exchange", starts_on=D(2019, 5, 1))
    newer = make_exchange(title_ja="新しい交流", title_en="Newer exchange", starts_on=D(2026, 8, 3))
    make_exchange(title_ja="下書き", title_en="Draft exchange", published=False)
    response = client.get(url("exchanges:list", language))
    assert response.status_code == 200
    assert response["Content-Language"] == language
    assert list(response.context["page_obj"]) == [newer, older]
    assert ("下書き" if language == "ja" else "Draft exchange") not in response.content.decode()


def test_the_list_is_filtered_by_year_partner_country_and_kind(client):
    daejeon = make_partner(slug="daejeon", country="KR")
    grenoble = make_partner(slug="grenoble", country="FR")
    youth = make_exchange(partners=[daejeon], kind="youth-exchange", starts_on=D(2026, 8, 3))
    make_exchange(partners=[daejeon], kind="sports", starts_on=D(2019, 1, 1))
    make_exchange(partners=[grenoble], kind="youth-exchange", starts_on=D(2026, 5, 1))
    base = url("exchanges:list")
    for query in (
        "?year=2026&partner=daejeon",
        "?country=KR&kind=youth-exchange",
        "?partner=daejeon&kind=youth-exchange",
    ):
        response = client.get(base + query)
        assert list(response.context["page_obj"]) == [youth], query


def test_a_country_matches_the_exchanges_own_country_without_a_partner(client):
    visit = make_exchange(partners=[], country="GB")
    make_exchange(partners=[make_partner(country="FR")])
    response = client.get(url("exchanges:list") + "?country=GB")
    assert list(response.context["page_obj"]) == [visit]


@pytest.mark.parametrize("query", ["?year=abc", "?partner=nobody", "?page=999", "?kind=%00"])
def test_bad_filters_and_pages_never_fail(client, query):
    make_exchange()
    response = client.get(url("exchanges:list") + query)
    assert response.status_code == 200


def test_the_list_is_paginated(client):
    partner = make_partner()
    for day in range(1, 23):
        make_exchange(partners=[partner], starts_on=D(2026, 5, day))
    first = client.get(url("exchanges:list"))
    second = client.get(url("exchanges:list") + "?page=2")
    assert len(first.context["page_obj"]) == 20
    assert len(second.context["page_obj"]) == 2
    assert 'rel="next"' in first.content.decode()


@pytest.mark.parametrize("count", [1, 8])
def test_the_list_queries_stay_flat(client, django_assert_max_num_queries, count):
    for _ in range(count):
        make_exchange(partners=[make_partner(), make_partner()])
    # The filter form's choices (years, partners, kinds, two for countries), the count,
    # the page of exchanges with their kind, and their partners in one prefetch; the
    # session and the home city for the page's frame.
    with django_assert_max_num_queries(10):
        response = client.get(url("exchanges:list"))
    assert len(response.context["page_obj"]) == count


@pytest.mark.parametrize("count", [1, 8])
def test_the_partner_profile_shows_its_exchanges_in_bounded_queries(
    client, django_assert_max_num_queries, count
):
    partner = make_partner(relationship_since=D(1999, 10, 16))
    for year in range(2026 - count, 2026):
        make_exchange(partners=[partner], starts_on=D(year, 6, 1))
    with django_assert_max_num_queries(12):
        response = client.get(partner.get_absolute_url())
    assert response.content.decode().count('<li class="exchange-timeline__item') == count


def test_the_timeline_is_latest_first_with_anniversary_years_marked(client):
    partner = make_partner(relationship_since=D(1999, 10, 16))
    make_exchange(partners=[partner], title_en="Football", starts_on=D(2019, 1, 1))
    make_exchange(partners=[partner], title_en="Home stays", starts_on=D(2026, 8, 3))
    make_exchange(partners=[partner], title_en="Not yet", published=False)
    with translation.override("en"):
        page = client.get(partner.get_absolute_url()).content.decode()
    assert page.index("Home stays") < page.index("Football")
    assert "20th anniversary year" in page
    assert page.count("exchange-anniversary") == 1
    assert "Not yet" not in page


def test_the_home_page_shows_the_latest_few(client):
    for day in range(1, 6):
        make_exchange(title_en=f"Exchange on day {day}", starts_on=D(2026, 5, day))
    page = client.get(url("home")).content.decode()
    assert "Exchange on day 5" in page
    assert "Exchange on day 3" in page
    assert "Exchange on day 2" not in page


def test_a_draft_is_shown_only_to_staff_who_may_see_exchanges(client):
    draft = make_exchange(published=False)
    assert client.get(draft.get_absolute_url()).status_code == 404
    staff = make_staff_user()
    staff.user_permissions.add(Permission.objects.get(codename="view_exchange"))
    client.force_login(staff)
    response = client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert 'name="robots" content="noindex"' in response.content.decode()


def test_the_feed_is_atom_with_links_from_the_site_address(client, settings):
    settings.SITE_URL = "https://twinning.city.example"
    exchange = make_exchange(title_en="Home stays in Daejeon")
    make_exchange(title_en="A draft", published=False)
    response = client.get(url("exchanges:feed"))
    body = response.content.decode()
    assert response["Content-Type"].startswith("application/atom+xml")
    assert "Home stays in Daejeon" in body
    assert "A draft" not in body
    assert f"https://twinning.city.example{exchange.get_absolute_url()}" in body
    assert "testserver" not in body


def test_open_data_lists_published_exchanges_in_csv_and_json(client):
    partner = make_partner(slug="daejeon", country="KR")
    make_exchange(
        partners=[partner],
        slug="daejeon-youth-2026",
        title_en="Youth",
        starts_on=D(2026, 8, 1),
        starts_on_precision="month",
        country="KR",
        city_people=15,
    )
    make_exchange(slug="draft-one", published=False, title_en="")
    csv_body = client.get("/open-data/exchanges.csv").content.decode("utf-8-sig")
    header, row = csv_body.splitlines()
    assert header.startswith("slug,title_ja,title_en,kind")
    assert row.startswith("daejeon-youth-2026,")
    assert ",2026-08,month," in row and ",daejeon,KR,15," in row
    response = client.get("/open-data/exchanges.json")
    document = json.loads(response.content)
    assert response["Access-Control-Allow-Origin"] == "*"
    assert [e["slug"] for e in document["exchanges"]] == ["daejeon-youth-2026"]
    assert document["exchanges"][0]["partners"] == ["daejeon"]


def test_a_photo_is_served_in_page_sizes_only_while_the_exchange_is_published(client):
    exchange = make_exchange()
    photo = ExchangePhoto.objects.create(
        exchange=exchange, image=photo_upload(), alt_text_ja="交流会", alt_text_en="The meeting"
    )
    response = client.get(photo.file_url(480))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/webp"
    assert client.get(photo.file_url(999)).status_code == 404
    exchange.published = False
    exchange.save()
    assert client.get(photo.file_url(480)).status_code == 404


def test_a_file_that_is_not_a_photo_is_refused():
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile

    photo = ExchangePhoto(
        exchange=make_exchange(),
        image=SimpleUploadedFile("x.jpg", b"<script>", content_type="image/jpeg"),
        alt_text_ja="写真",
        alt_text_en="Photo",
    )
    with pytest.raises(ValidationError) as error:
        photo.full_clean()
    assert "image" in error.value.message_dict


@pytest.mark.parametrize("count", [1, 8])
def test_the_home_page_queries_stay_flat(client, django_assert_max_num_queries, count):
    for _ in range(count):
        make_exchange(partners=[make_partner(), make_partner()])
    # The home city, the partners' summary, the latest exchanges with their kind.
    with django_assert_max_num_queries(3):
        response = client.get(url("home"))
    assert response.content.decode().count("/exchanges/exchange-") == min(count, 3)


def test_the_sitemap_lists_the_list_and_published_exchanges_in_both_languages(client):
    published = make_exchange()
    draft = make_exchange(published=False)
    body = client.get("/sitemap.xml").content.decode()
    assert "http://testserver/en/exchanges/" in body
    assert f"http://testserver{url('exchanges:detail', 'ja', slug=published.slug)}" in body
    assert draft.slug not in body


@pytest.mark.parametrize("language", ["ja", "en"])
def test_the_open_data_page_explains_every_column(client, language):
    from exchanges.open_data import CSV_HEADER

    page = client.get(url("exchanges:open_data", language)).content.decode()
    assert all(f"<code>{name}</code>" in page for name in CSV_HEADER)


@pytest.mark.parametrize("count", [1, 6])
def test_an_exchange_page_queries_stay_flat(client, django_assert_max_num_queries, count):
    from exchanges.models import ExchangeLink

    exchange = make_exchange(partners=[make_partner() for _ in range(count)])
    for index in range(count):
        ExchangePhoto.objects.create(
            exchange=exchange,
            image=photo_upload(size=(200, 100)),
            alt_text_ja=f"写真{index}",
            alt_text_en=f"Photo {index}",
        )
        ExchangeLink.objects.create(
            exchange=exchange, label_ja=f"記事{index}", url=f"https://news.example/{index}"
        )
    # The exchange with its kind; partners, photos, links and topics in one prefetch
    # each; the home city for the page's frame.
    with django_assert_max_num_queries(6):
        response = client.get(exchange.get_absolute_url())
    assert response.content.decode().count("news.example/") == count


def test_the_public_list_is_cached_and_a_changed_exchange_shows_at_once(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    exchange = make_exchange(title_en="Youth orchestra visit")
    assert "Youth orchestra visit" in client.get("/en/exchanges/").content.decode()
    with CaptureQueriesContext(connection) as queries:
        client.get("/en/exchanges/")
    assert len(queries) == 0

    exchange.title_en = "Youth orchestra tour"
    exchange.save()

    page = client.get("/en/exchanges/").content.decode()
    assert "Youth orchestra tour" in page and "Youth orchestra visit" not in page


@pytest.mark.parametrize("language", ["ja", "en"])
def test_the_open_data_page_lists_the_exchanges_files(client, language):
    page = client.get(f"/{language}/open-data/").content.decode()
    assert 'href="/open-data/exchanges.csv"' in page
    assert 'href="/open-data/exchanges.json"' in page
    assert f'href="/{language}/exchanges/open-data/"' in page
