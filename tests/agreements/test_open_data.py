import csv
import datetime
import io
import json

import pytest
from django.utils import timezone
from django.utils.http import http_date

from agreements.models import Agreement
from agreements.open_data import (
    AGREEMENT_COLUMNS,
    CSV_HEADER,
    DEPRECATED_AGREEMENT_COLUMNS,
    DEPRECATED_COLUMNS,
    DEPRECATED_PARTNER_COLUMNS,
    PARTNER_COLUMNS,
)
from tests.factories import make_agreement, make_agreement_kind, make_home_party, make_partner

pytestmark = pytest.mark.django_db

CSV_URL = "/open-data/relationships.csv"
JSON_URL = "/open-data/relationships.json"


def csv_rows(response):
    content = response.content
    assert content.startswith("\ufeff".encode())
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def json_partners(response):
    return {record["slug"]: record for record in json.loads(response.content)["partners"]}


@pytest.fixture
def relationships(home_city):
    """A published partner with a published and an unpublished agreement, and a draft partner."""
    home = make_home_party(slug="tsukuba")
    sister = make_agreement_kind(slug="sister-city", name_ja="姉妹都市", name_en="Sister city")
    grenoble = make_partner(
        slug="grenoble",
        name_ja="グルノーブル",
        name_en="Grenoble",
        country="FR",
        agreement_kind=sister,
        relationship_since=datetime.date(2013, 1, 1),
        relationship_since_precision="year",
        wikidata_id="Q1289",
        latitude="45.188529",
        longitude="5.724524",
    )
    draft = make_partner(slug="draft-town", published=False)
    signed = make_agreement(
        slug="grenoble-2013",
        title_ja="グルノーブル市との姉妹都市協定",
        title_en="Sister city agreement with Grenoble",
        home=home,
        partners=[grenoble, draft],
        kind=sister,
        date=datetime.date(2013, 11, 1),
        date_precision="month",
    )
    hidden = make_agreement(slug="grenoble-secret", home=home, partners=[grenoble], published=False)
    only_draft = make_agreement(slug="draft-only", home=home, partners=[draft])
    return {
        "home": home,
        "grenoble": grenoble,
        "draft": draft,
        "signed": signed,
        "hidden": hidden,
        "only_draft": only_draft,
    }


def test_csv_file_parses_and_lists_published_partners_with_their_agreements(client, relationships):
    response = client.get(CSV_URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = csv_rows(response)
    assert list(rows[0].keys()) == CSV_HEADER
    [row] = rows
    assert row["slug"] == "grenoble"
    assert row["name_ja"] == "グルノーブル"
    assert row["name_en"] == "Grenoble"
    assert row["country"] == "FR"
    assert row["kind"] == "city"
    assert row["relationship_kind"] == "sister-city"
    assert row["relationship_kind_name_ja"] == "姉妹都市"
    assert row["relationship_kind_name_en"] == "Sister city"
    assert row["relationship_since"] == "2013"
    assert row["relationship_since_precision"] == "year"
    assert row["wikidata_id"] == "Q1289"
    assert row["latitude"] == "45.188529"
    assert row["longitude"] == "5.724524"
    assert row["agreement_slug"] == "grenoble-2013"
    assert row["agreement_kind"] == "sister-city"
    assert row["agreement_kind_name_ja"] == "姉妹都市"
    assert row["agreement_title_en"] == "Sister city agreement with Grenoble"
    assert row["agreement_date"] == "2013-11"
    assert row["agreement_date_precision"] == "month"
    assert row["agreement_date_meaning"] == "signed"
    assert row["agreement_status"] == "in_force"
    assert row["agreement_expires_on"] == ""


def test_json_file_parses_and_nests_the_agreements_under_each_partner(client, relationships):
    response = client.get(JSON_URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    document = json.loads(response.content)
    assert document["licence"] == "CC BY 4.0"
    assert document["attribution"] == {"ja": "つくば市", "en": "Tsukuba City"}
    [partner] = document["partners"]
    assert set(partner) == {c.key for c in PARTNER_COLUMNS + DEPRECATED_PARTNER_COLUMNS} | {
        "agreements"
    }
    assert partner["relationship_kind"] == "sister-city"
    assert partner["relationship_since"] == "2013"
    assert partner["latitude"] == pytest.approx(45.188529)
    [agreement] = partner["agreements"]
    assert set(agreement) == {c.key for c in AGREEMENT_COLUMNS + DEPRECATED_AGREEMENT_COLUMNS}
    assert agreement["slug"] == "grenoble-2013"
    assert agreement["kind"] == agreement["type"] == "sister-city"
    assert agreement["kind_name_ja"] == agreement["type_name_ja"] == "姉妹都市"
    assert agreement["date"] == "2013-11"
    assert agreement["parties"] == ["tsukuba", "grenoble"]


def test_the_old_column_names_still_come_last_in_the_csv_for_one_release(client, relationships):
    response = client.get(CSV_URL)
    header = next(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert header[-6:] == [
        "relationship_type",
        "relationship_type_name_ja",
        "relationship_type_name_en",
        "agreement_type",
        "agreement_type_name_ja",
        "agreement_type_name_en",
    ]
    # Every other column keeps the place it had: the new names took the old ones' places.
    assert header.index("relationship_kind") == 5
    assert header.index("agreement_kind") == header.index("agreement_title_en") + 1
    [row] = csv_rows(response)
    assert row["relationship_type"] == row["relationship_kind"] == "sister-city"
    assert row["relationship_type_name_ja"] == row["relationship_kind_name_ja"] == "姉妹都市"
    assert row["relationship_type_name_en"] == row["relationship_kind_name_en"] == "Sister city"
    assert row["agreement_type"] == row["agreement_kind"] == "sister-city"
    assert row["agreement_type_name_en"] == row["agreement_kind_name_en"] == "Sister city"


def test_the_old_keys_are_still_in_the_json_for_one_release(client, relationships):
    partner = json_partners(client.get(JSON_URL))["grenoble"]
    assert partner["relationship_type"] == partner["relationship_kind"] == "sister-city"
    assert partner["relationship_type_name_ja"] == partner["relationship_kind_name_ja"]
    assert partner["relationship_type_name_en"] == partner["relationship_kind_name_en"]
    [agreement] = partner["agreements"]
    assert agreement["type_name_en"] == agreement["kind_name_en"] == "Sister city"


def test_a_partner_without_an_agreement_kind_has_it_empty_under_both_names(client, home_city):
    make_partner(slug="irvine")
    [row] = csv_rows(client.get(CSV_URL))
    assert row["relationship_kind"] == row["relationship_type"] == ""
    assert row["agreement_kind"] == row["agreement_type"] == ""
    partner = json_partners(client.get(JSON_URL))["irvine"]
    assert partner["relationship_kind"] is partner["relationship_type"] is None


def test_unpublished_partners_and_agreements_are_left_out_of_both_files(client, relationships):
    csv_text = client.get(CSV_URL).content.decode("utf-8-sig")
    json_text = client.get(JSON_URL).content.decode()
    for text in (csv_text, json_text):
        assert "draft-town" not in text
        assert "draft-only" not in text
        assert "grenoble-secret" not in text
    # The home city signs, but has no record of its own.
    assert "tsukuba" not in json_partners(client.get(JSON_URL))


def test_a_partner_without_a_published_agreement_has_one_row_with_empty_agreement_columns(
    client, home_city
):
    make_partner(slug="irvine", name_en="Irvine", country="US")
    [row] = csv_rows(client.get(CSV_URL))
    assert row["slug"] == "irvine"
    assert all(row[column.name] == "" for column in AGREEMENT_COLUMNS)
    assert json_partners(client.get(JSON_URL))["irvine"]["agreements"] == []


def test_a_partner_with_two_agreements_has_a_row_for_each_in_date_order(client, home_city):
    home = make_home_party(slug="tsukuba")
    irvine = make_partner(slug="irvine")
    make_agreement(slug="later", home=home, partners=[irvine], date=datetime.date(2020, 1, 1))
    make_agreement(slug="earlier", home=home, partners=[irvine], date=datetime.date(1999, 1, 1))
    rows = csv_rows(client.get(CSV_URL))
    assert [row["agreement_slug"] for row in rows] == ["earlier", "later"]
    agreements = json_partners(client.get(JSON_URL))["irvine"]["agreements"]
    assert [a["slug"] for a in agreements] == ["earlier", "later"]


def test_status_is_the_agreements_status_on_the_day_of_the_request(client, home_city):
    make_agreement(
        slug="lapsed",
        date=datetime.date(2010, 4, 1),
        expires_on=datetime.date(2015, 3, 31),
    )
    [row] = csv_rows(client.get(CSV_URL))
    assert row["agreement_status"] == "expired"
    assert row["agreement_expires_on"] == "2015-03-31"


def test_csv_text_that_looks_like_a_formula_cannot_run_in_excel(client, home_city):
    make_partner(slug="sneaky", name_en='=HYPERLINK("http://evil.example")')
    [row] = csv_rows(client.get(CSV_URL))
    assert row["name_en"] == '\'=HYPERLINK("http://evil.example")'


def test_a_request_with_the_current_etag_is_answered_not_modified(client, relationships):
    first = client.get(JSON_URL)
    etag = first["ETag"]
    assert first["Cache-Control"] == "public, max-age=3600"
    again = client.get(JSON_URL, headers={"if-none-match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    assert again["Cache-Control"] == "public, max-age=3600"


def test_a_request_with_the_last_modified_date_is_answered_not_modified(client, relationships):
    first = client.get(CSV_URL)
    since = first["Last-Modified"]
    again = client.get(CSV_URL, headers={"if-modified-since": since})
    assert again.status_code == 304


def test_a_change_to_a_partner_gives_new_files_and_a_new_etag(client, relationships):
    first = client.get(JSON_URL)
    grenoble = relationships["grenoble"]
    grenoble.name_en = "Grenoble-Alpes"
    grenoble.save()
    again = client.get(JSON_URL, headers={"if-none-match": first["ETag"]})
    assert again.status_code == 200
    assert again["ETag"] != first["ETag"]
    assert json_partners(again)["grenoble"]["name_en"] == "Grenoble-Alpes"


def test_unpublishing_an_agreement_changes_the_files(client, relationships):
    first = client.get(CSV_URL)
    Agreement.objects.filter(slug="grenoble-2013").update(published=False)
    again = client.get(CSV_URL, headers={"if-none-match": first["ETag"]})
    assert again.status_code == 200
    [row] = csv_rows(again)
    assert row["agreement_slug"] == ""


def test_a_request_on_another_day_gets_statuses_for_that_day(client, relationships, time_machine):
    # Statuses are for today: yesterday's tag must not match.
    first = client.get(JSON_URL)
    time_machine.move_to(timezone.now() + datetime.timedelta(days=1))
    again = client.get(JSON_URL, headers={"if-none-match": first["ETag"]})
    assert again.status_code == 200
    assert json.loads(again.content)["status_on"] == timezone.localdate().isoformat()


def test_the_files_are_made_once_and_then_served_from_the_cache(
    client, relationships, django_assert_num_queries
):
    client.get(JSON_URL)
    # 1. the tag: latest changes and counts, in one query
    with django_assert_num_queries(1):
        response = client.get(JSON_URL)
    assert json_partners(response)["grenoble"]["name_ja"] == "グルノーブル"


def test_an_unknown_file_format_is_not_found(client, home_city):
    assert client.get("/open-data/relationships.xml").status_code == 404


@pytest.mark.parametrize("count", [10, 200])
@pytest.mark.parametrize("url", [CSV_URL, JSON_URL])
def test_the_files_take_a_fixed_number_of_queries(
    client, home_city, django_assert_max_num_queries, count, url
):
    home = make_home_party(slug="tsukuba")
    kind = make_agreement_kind()
    partners = [make_partner(agreement_kind=kind) for _ in range(count // 2)]
    for number in range(count):
        make_agreement(home=home, kind=kind, partners=[partners[number % len(partners)]])
    # 1. the tag  2. partners with their type  3. agreements with status and type
    # 4. their parties  5. the home city's name (JSON attribution)
    with django_assert_max_num_queries(5):
        response = client.get(url)
    assert response.status_code == 200
    if url == CSV_URL:
        assert len(csv_rows(response)) == count
    else:
        records = json_partners(response).values()
        assert sum(len(record["agreements"]) for record in records) == count


def test_open_data_page_explains_the_files_in_japanese(client, relationships):
    response = client.get("/ja/open-data/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "オープンデータ" in text
    assert "CC BY 4.0" in text
    assert "つくば市" in text
    assert 'href="/open-data/relationships.csv"' in text
    assert 'href="/open-data/relationships.json"' in text
    for column in PARTNER_COLUMNS + AGREEMENT_COLUMNS + DEPRECATED_COLUMNS:
        assert f"<code>{column.name}</code>" in text
    assert "提携自治体の略称（日本語）" in text
    assert "収録している提携自治体：1 件。公開中の協定：1 件。" in text


def test_open_data_page_explains_the_files_in_english(client, relationships):
    response = client.get("/en/open-data/")
    text = response.content.decode()
    assert "<h1>Open data</h1>" in text
    assert "Tsukuba City" in text
    assert "Short name in Japanese." in text
    assert (
        "Deprecated, will be removed in the next release: the same as relationship_kind_name_en."
        in text
    )
    assert 'href="/en/partners/"' in text


@pytest.mark.parametrize("count", [10, 200])
def test_open_data_page_takes_a_fixed_number_of_queries(
    client, home_city, django_assert_max_num_queries, count
):
    home = make_home_party()
    kind = make_agreement_kind()
    for _ in range(count):
        make_agreement(home=home, kind=kind)
    # 1. the tag and counts  2. the home city (footer and licence)
    with django_assert_max_num_queries(2):
        response = client.get("/en/open-data/")
    assert f"Published agreements: {count}." in response.content.decode()


def test_every_page_links_to_the_open_data_page_in_its_language(client, home_city):
    text = client.get("/en/agreements/").content.decode()
    assert 'href="/en/open-data/"' in text


def test_sitemap_lists_the_open_data_page_in_both_languages(client, home_city):
    text = client.get("/sitemap.xml").content.decode()
    assert "/ja/open-data/" in text
    assert "/en/open-data/" in text


def test_if_modified_since_uses_http_dates(client, relationships):
    # A date before the last change still gets the full file.
    response = client.get(JSON_URL, headers={"if-modified-since": http_date(0)})
    assert response.status_code == 200


@pytest.mark.parametrize("url", [CSV_URL, JSON_URL])
def test_the_files_say_they_are_in_both_languages(client, relationships, url):
    response = client.get(url, headers={"accept-language": "en"})
    assert response["Content-Language"] == "ja, en"
