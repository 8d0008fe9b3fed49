"""The public site's shape: two languages, the same URLs under /ja/ and /en/, own error pages."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = ["home", "cities:partner_list", "agreements:list", "visits:index"]


def url_in(language, name, **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs)


@pytest.mark.parametrize("name", PUBLIC_PAGES)
@pytest.mark.parametrize("language", ["ja", "en"])
def test_every_public_page_answers_in_its_language(client, home_city, name, language):
    url = url_in(language, name)
    assert url.startswith(f"/{language}/")
    response = client.get(url)
    assert response.status_code == 200
    assert f'<html lang="{language}">' in response.content.decode()


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_language_switch_lands_on_the_same_page(client, home_city, name):
    japanese, english = url_in("ja", name), url_in("en", name)
    page = client.get(japanese).content.decode()
    assert f'<a href="{english}" hreflang="en" lang="en">English</a>' in page
    page = client.get(english).content.decode()
    assert f'<a href="{japanese}" hreflang="ja" lang="ja">日本語</a>' in page


def test_language_switch_keeps_the_query_string(client, home_city):
    page = client.get("/ja/partners/?country=FR").content.decode()
    assert 'href="/en/partners/?country=FR"' in page


def test_every_page_names_its_canonical_url_and_both_language_versions(client, home_city):
    page = client.get("/en/partners/").content.decode()
    assert '<link rel="canonical" href="http://testserver/en/partners/">' in page
    assert '<link rel="alternate" hreflang="ja" href="http://testserver/ja/partners/">' in page
    assert '<link rel="alternate" hreflang="en" href="http://testserver/en/partners/">' in page
    assert 'hreflang="x-default" href="http://testserver/ja/partners/"' in page


def test_the_canonical_address_is_the_public_one_whatever_host_the_request_used(
    client, home_city, settings
):
    settings.SITE_URL = "https://twinning.city.example"
    settings.ALLOWED_HOSTS = ["internal-web-01"]
    page = client.get("/en/partners/", headers={"host": "internal-web-01"}).content.decode()
    assert '<link rel="canonical" href="https://twinning.city.example/en/partners/">' in page
    assert "internal-web-01" not in page


@pytest.mark.parametrize(
    ("accept_language", "expected"),
    [
        ("en-GB,en;q=0.9", "/en/"),
        ("ja,en;q=0.5", "/ja/"),
        ("ko-KR,ko;q=0.9", "/ja/"),  # neither language offered: Japanese
        ("", "/ja/"),
    ],
)
def test_root_redirects_by_the_browsers_language(client, accept_language, expected):
    response = client.get("/", headers={"accept-language": accept_language})
    assert response.status_code == 302
    assert response["Location"] == expected


def test_footer_shows_the_divisions_contact_in_each_language(client, home_city):
    japanese = client.get("/ja/").content.decode()
    english = client.get("/en/").content.decode()
    assert "国際都市推進課" in japanese and "029-883-1111" in japanese
    assert "Global City Promotion Division" in english
    assert "1-1-1 Kenkyu-Gakuen, Tsukuba" in english
    assert "international@city.example" in english


def test_the_footer_reaches_readers_abroad(client, home_city):
    english = client.get("/en/").content.decode()
    japanese = client.get("/ja/").content.decode()
    assert '<a href="tel:+81298831111">+81 29-883-1111</a>' in english
    assert '<a href="tel:+81298831111">029-883-1111</a>' in japanese
    assert "1-1-1 Kenkyu-Gakuen, Tsukuba, Japan" in english
    assert "Weekdays 8:30-17:15 (JST)" in english
    assert "平日 8時30分～17時15分 (日本時間)" in japanese
    assert '<a href="mailto:international@city.example">' in english


def test_the_home_city_is_data_staff_can_change(client, home_city):
    home_city.division_name_en = "International Affairs Office"
    home_city.save()
    assert "International Affairs Office" in client.get("/en/").content.decode()


def test_pages_work_before_any_home_city_is_entered(client):
    assert client.get("/en/").status_code == 200


@pytest.mark.parametrize(
    ("url", "heading"),
    [("/ja/no-such-page/", "ページが見つかりません"), ("/en/no-such-page/", "Page not found")],
)
def test_unknown_url_gives_the_sites_own_translated_404(client, home_city, url, heading):
    response = client.get(url)
    assert response.status_code == 404
    page = response.content.decode()
    assert f"<h1>{heading}</h1>" in page
    assert "Traceback" not in page
    assert "Tsukuba" in page or "つくば" in page  # the site's layout, not Django's


def test_unknown_url_without_a_language_redirects_or_404s_but_never_500s(client, home_city):
    response = client.get("/no-such-page/", follow=True)
    assert response.status_code == 404


def test_bad_host_header_gives_400():
    client = Client(raise_request_exception=False)
    response = client.get("/ja/", HTTP_HOST="evil.example")
    assert response.status_code == 400


def test_pages_link_only_to_this_sites_assets(client, home_city):
    page = client.get("/en/").content.decode()
    external = re.findall(r'(?:src|href)="(https?:)?//(?!testserver)[^"]+\.(?:css|js|woff2?)', page)
    assert external == []


def test_home_page_runs_a_fixed_number_of_queries(client, home_city, django_assert_max_num_queries):
    # 1. the home city (footer)  2. partners for the summary  3. the latest exchanges
    # with their kind (HOME_SECTIONS)
    with django_assert_max_num_queries(3):
        client.get("/en/")


def test_sitemap_lists_both_languages(client, home_city):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    body = response.content.decode()
    assert "http://testserver/ja/partners/" in body
    assert "http://testserver/en/partners/" in body
