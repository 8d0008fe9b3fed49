"""The public page cache (office/pagecache.py): anonymous visitors get a stored page, staff
changes show at once, and nothing personal or session-bound is ever stored."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from office import pagecache
from tests.factories import make_agreement, make_partner, make_staff_user
from tests.test_admin_saves import submitted

pytestmark = pytest.mark.django_db


def test_a_repeated_anonymous_request_is_answered_from_the_cache(client, django_assert_num_queries):
    make_partner(name_en="Grenoble")
    first = client.get("/en/partners/")
    assert first.status_code == 200
    with django_assert_num_queries(0):
        second = client.get("/en/partners/")
    assert second.status_code == 200
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]
    assert second["Content-Type"] == first["Content-Type"]
    assert "Grenoble" in second.content.decode()


def queries_of(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_cache_can_be_turned_off(client, settings):
    settings.PAGE_CACHE = False
    make_partner(name_en="Grenoble")
    client.get("/en/partners/")
    assert queries_of(client, "/en/partners/") > 0


def test_a_staff_save_of_a_partners_name_is_on_the_public_page_at_once(client):
    partner = make_partner(name_ja="グルノーブル", name_en="Grenoble")
    anonymous = Client()
    assert "Grenoble" in anonymous.get(partner.get_absolute_url()).content.decode()
    assert "Grenoble" in anonymous.get("/en/partners/").content.decode()

    superuser = get_user_model().objects.create_superuser("editor", "e@example.org", "x")
    client.force_login(superuser)
    url = reverse("admin:cities_partner_change", args=[partner.pk])
    data = submitted(client.get(url).content.decode())
    data["name_en"] = ["Grenoble-Alpes"]
    data["_save"] = ["Save"]
    assert client.post(url, data).status_code == 302

    assert "Grenoble-Alpes" in anonymous.get(partner.get_absolute_url()).content.decode()
    assert "Grenoble-Alpes" in anonymous.get("/en/partners/").content.decode()


def test_a_new_agreement_renews_the_agreements_table(client):
    client.get("/en/agreements/")
    make_agreement(title_en="Friendship of the mountains")
    assert "Friendship of the mountains" in client.get("/en/agreements/").content.decode()


def test_a_matching_etag_gets_a_304_without_the_page(client):
    make_partner(name_en="Grenoble")
    etag = client.get("/en/partners/")["ETag"]
    response = client.get("/en/partners/", headers={"if-none-match": etag})
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag
    # A page built by another version does not match.
    assert client.get("/en/partners/", headers={"if-none-match": '"old"'}).status_code == 200


def test_each_language_has_its_own_cached_page(client):
    make_partner(name_ja="グルノーブル", name_en="Grenoble")
    english = client.get("/en/partners/").content.decode()
    japanese = client.get("/ja/partners/").content.decode()
    assert 'lang="en"' in english and "Grenoble" in english
    assert 'lang="ja"' in japanese and "グルノーブル" in japanese
    assert client.get("/en/partners/").content.decode() == english


def test_the_query_string_is_part_of_the_key(client):
    make_partner(name_en="Grenoble", country="FR")
    make_partner(name_en="Salt Lake City", country="US")
    french = client.get("/en/partners/?country=FR").content.decode()
    american = client.get("/en/partners/?country=US").content.decode()
    assert "Grenoble" in french and "Salt Lake City" not in french
    assert "Salt Lake City" in american and "Grenoble" not in american


def test_logged_in_staff_are_never_answered_from_the_cache(client):
    make_partner(name_en="Grenoble")
    client.force_login(make_staff_user())
    client.get("/en/partners/")
    assert queries_of(client, "/en/partners/") > 0
    # Nor is what staff see stored for the public.
    assert Client().get("/en/partners/").wsgi_request.COOKIES == {}


def test_a_draft_previewed_by_staff_is_not_stored_for_the_public(client):
    draft = make_partner(name_en="Secret town", published=False)
    superuser = get_user_model().objects.create_superuser("editor", "e@example.org", "x")
    client.force_login(superuser)
    assert client.get(draft.get_absolute_url()).status_code == 200
    assert Client().get(draft.get_absolute_url()).status_code == 404


def test_the_admin_is_never_cached(client):
    client.get("/admin/login/")
    assert pagecache.page_key(client.get("/admin/login/").wsgi_request) not in pagecache.cache


def test_the_visit_form_with_its_csrf_token_is_never_stored(client, applications_open):
    first = client.get(reverse("visits:apply"))
    assert first.status_code == 200
    assert "csrfmiddlewaretoken" in first.content.decode()
    assert pagecache.page_key(first.wsgi_request) not in pagecache.cache
    assert "ETag" not in first


def test_pages_of_the_date_are_kept_apart(rf):
    request = rf.get("/en/agreements/")
    assert pagecache.page_key(request, today=datetime.date(2026, 4, 1)) != pagecache.page_key(
        request, today=datetime.date(2026, 4, 2)
    )


def test_the_key_follows_the_language_of_pages_outside_ja_and_en(rf):
    with translation.override("en"):
        english = pagecache.page_key(rf.get("/sitemap.xml", headers={"accept-language": "en"}))
    japanese = pagecache.page_key(rf.get("/sitemap.xml", headers={"accept-language": "ja"}))
    assert english != japanese


def test_every_public_model_renews_the_cache():
    labels = {model._meta.label for model in pagecache.public_models()}
    assert {"cities.Partner", "agreements.Agreement", "visits.VisitRules"} <= labels
    assert "visits.VisitApplication" not in labels  # a new application changes no public page
