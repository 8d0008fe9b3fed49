import datetime
import re

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import translation

from cities.views import PARTNERS_PER_PAGE
from tests.factories import (
    make_agreement_kind,
    make_fact,
    make_merger,
    make_partner,
    make_photo,
    make_staff_user,
)

pytestmark = pytest.mark.django_db

MARKER = re.compile(r'<a class="world-map__marker" href="([^"]+)"')


def url(name, language="en", **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def make_partners(count):
    sister = make_agreement_kind(name_en="Sister city", order=1)
    friend = make_agreement_kind(name_en="Friendship city", order=2)
    partners = []
    for number in range(count):
        partner = make_partner(
            agreement_kind=sister if number % 2 else friend,
            country=["FR", "US", "DE", "KR", "CN"][number % 5],
            region_en=f"Region {number % 3}",
            latitude="45.188529",
            longitude="5.724524",
            relationship_since=datetime.date(2013, 11, 12),
        )
        make_fact(partner)
        partners.append(partner)
    return partners


@pytest.mark.parametrize("count", [5, 500])
def test_directory_queries_stay_flat_with_5_or_500_partners(
    client, home_city, django_assert_max_num_queries, count
):
    make_partners(count)
    # 1. the home city (footer)  2.-4. the countries, regions and kinds the filters offer
    # 5. how many partners match  6. this page of them with their type
    # 7. the published partner search (a link at the top)
    with django_assert_max_num_queries(7):
        response = client.get(url("cities:partner_list"), {"q": "Partner", "country": "FR"})
    assert response.status_code == 200
    with django_assert_max_num_queries(7):
        response = client.get(url("cities:partner_list"))
    # One page of partners, and their markers, whatever the number.
    assert len(MARKER.findall(response.content.decode())) == min(count, PARTNERS_PER_PAGE)


def test_the_directory_pages_keep_the_filters_and_the_language(client):
    make_partners(250)
    page = client.get(url("cities:partner_list", "ja"), {"country": "FR"}).content.decode()
    # 50 French partners of 250: one page; all 250 make three.
    assert 'rel="next"' not in page
    page = client.get(url("cities:partner_list", "ja")).content.decode()
    assert 'href="?page=2" rel="next"' in page
    second = client.get(url("cities:partner_list", "ja"), {"q": "Partner", "page": "2"})
    text = second.content.decode()
    assert second.status_code == 200 and 'lang="ja"' in text
    assert 'href="?q=Partner&amp;page=3" rel="next"' in text
    assert 'href="?q=Partner&amp;page=1" rel="prev"' in text
    assert len(MARKER.findall(text)) == PARTNERS_PER_PAGE


def test_a_directory_page_number_out_of_range_shows_the_last_page(client):
    make_partners(PARTNERS_PER_PAGE + 20)
    response = client.get(url("cities:partner_list"), {"page": "99"})
    assert response.status_code == 200
    assert len(MARKER.findall(response.content.decode())) == 20


@pytest.mark.parametrize("count", [5, 500])
def test_profile_queries_stay_flat_with_5_or_500_partners(
    client, home_city, django_assert_max_num_queries, count
):
    partners = make_partners(count)
    partner = partners[0]
    for _ in range(3):
        make_fact(partner)
        make_photo(partner)
    make_merger(make_partner(), partner)
    make_merger(partner, make_partner())
    # 1. partner and type  2. facts  3. photos  4.-5. mergers both ways with the other
    # body  6. the home city (footer)  7. its agreements  8. its exchanges with their kind
    # (PARTNER_PROFILE_SECTIONS)
    with django_assert_max_num_queries(8):
        response = client.get(partner.get_absolute_url())
    assert response.status_code == 200


def test_directory_groups_partners_by_agreement_kind_in_type_order(client):
    later = make_agreement_kind(name_en="Friendship city", order=20)
    first = make_agreement_kind(name_en="Sister city", order=10)
    make_partner(name_en="Shenzhen", agreement_kind=later)
    make_partner(name_en="Grenoble", agreement_kind=first)
    make_partner(name_en="Untyped Town")
    page = client.get(url("cities:partner_list")).content.decode()
    headings = re.findall(r"<h2>([^<]+)</h2>", page)
    assert headings[:3] == ["Sister city", "Friendship city", "Other partners"]
    assert page.index("Grenoble") < page.index("Shenzhen") < page.index("Untyped Town")


def test_directory_leaves_out_drafts_and_the_home_city(client):
    make_partner(name_en="Draft City", published=False)
    make_partner(name_en="Home City", is_home=True)
    make_partner(name_en="Listed City")
    page = client.get(url("cities:partner_list")).content.decode()
    assert "Listed City" in page
    assert "Draft City" not in page
    assert "Home City" not in page


@pytest.mark.parametrize("text", ["ボーフム", "Bochum", "bochum"])
def test_directory_search_finds_a_partner_by_either_languages_name(client, text):
    make_partner(name_ja="ボーフム", name_en="Bochum")
    make_partner(name_ja="深圳", name_en="Shenzhen")
    page = client.get(url("cities:partner_list"), {"q": text}).content.decode()
    assert ">Bochum</a>" in page
    assert "Shenzhen</a>" not in page


def test_directory_filters_by_country_region_and_kind_of_agreement(client):
    sister = make_agreement_kind(slug="sister-city", name_en="Sister city")
    make_partner(name_en="Grenoble", country="FR", region_en="Isère", agreement_kind=sister)
    make_partner(name_en="Lyon", country="FR", region_en="Rhône")
    make_partner(name_en="Irvine", country="US", agreement_kind=sister)
    directory = url("cities:partner_list")

    page = client.get(directory, {"country": "FR"}).content.decode()
    assert "Grenoble</a>" in page and "Lyon</a>" in page and "Irvine</a>" not in page
    page = client.get(directory, {"region": "Isère"}).content.decode()
    assert "Grenoble</a>" in page and "Lyon</a>" not in page
    page = client.get(directory, {"agreement_kind": "sister-city"}).content.decode()
    assert "Grenoble</a>" in page and "Irvine</a>" in page and "Lyon</a>" not in page


def test_the_directory_calls_the_agreement_kind_filter_kind_of_agreement(client):
    make_partner(name_en="Grenoble", agreement_kind=make_agreement_kind())
    page = client.get(url("cities:partner_list")).content.decode()
    assert '<label for="id_agreement_kind">Kind of agreement</label>' in page
    assert 'name="type"' not in page


def test_the_directorys_old_type_parameter_still_filters_for_one_release(client):
    sister = make_agreement_kind(slug="sister-city")
    make_partner(name_en="Grenoble", agreement_kind=sister)
    make_partner(name_en="Lyon")
    response = client.get(url("cities:partner_list"), {"country": "", "type": "sister-city"})
    assert response.status_code == 301
    assert response["Location"] == url("cities:partner_list") + (
        "?country=&agreement_kind=sister-city"
    )
    page = client.get(response["Location"]).content.decode()
    assert "Grenoble</a>" in page and "Lyon</a>" not in page


def test_directory_filter_form_has_labels_and_the_countries_in_the_readers_language(client):
    make_partner(name_en="Grenoble", country="FR")
    page = client.get(url("cities:partner_list", "ja")).content.decode()
    for field in ("q", "country", "region", "agreement_kind"):
        assert f'<label for="id_{field}">' in page
    assert '<option value="FR">フランス</option>' in page


def test_an_unknown_filter_value_shows_no_partner_instead_of_an_error(client):
    make_partner(name_en="Grenoble", country="FR")
    response = client.get(url("cities:partner_list"), {"country": "ZZ"})
    assert response.status_code == 200
    assert "Grenoble</a>" not in response.content.decode()


def test_map_has_one_marker_per_published_partner_with_coordinates(client):
    grenoble = make_partner(name_en="Grenoble", latitude="45.188529", longitude="5.724524")
    irvine = make_partner(name_en="Irvine", latitude="33.684567", longitude="-117.826505")
    make_partner(name_en="Nowhere", latitude=None, longitude=None)
    make_partner(name_en="Draft", published=False, latitude="1", longitude="1")
    page = client.get(url("cities:partner_list")).content.decode()
    assert sorted(MARKER.findall(page)) == sorted(
        [grenoble.get_absolute_url(), irvine.get_absolute_url()]
    )
    # Each marker has an accessible name: the partner and its country.
    assert '<span class="visually-hidden">Grenoble (France)</span>' in page


def test_a_marker_is_placed_from_latitude_and_longitude(client):
    make_partner(latitude="0", longitude="0")
    page = client.get(url("cities:partner_list")).content.decode()
    assert "left: 50.0%; top: 59.15%;" in page


def test_profile_shows_names_facts_and_dates_in_english(client):
    since = make_agreement_kind(name_en="Sister city")
    partner = make_partner(
        name_ja="大田広域市",
        name_en="Daejeon",
        country="KR",
        agreement_kind=since,
        relationship_since=datetime.date(1984, 1, 1),
        relationship_since_precision="year",
        website="https://www.daejeon.go.kr/",
    )
    make_fact(partner, value="1470000", as_of=datetime.date(2019, 1, 1), as_of_precision="year")
    make_fact(
        partner,
        label_en="Area",
        value="539.64",
        unit_ja="km²",
        unit_en="km²",
        as_of=datetime.date(2018, 7, 1),
        as_of_precision="month",
    )
    page = client.get(url("cities:partner_detail", slug=partner.slug)).content.decode()
    assert '<span lang="en">Daejeon</span>' in page
    assert 'lang="ja">大田広域市</span>' in page
    assert "1.47 million (as of 2019)" in page
    assert "539.64 km² (as of July 2018)" in page
    assert "Sister city (since 1984)" in page
    assert "1 January" not in page
    assert 'href="https://www.daejeon.go.kr/"' in page
    assert '<h2 id="partner-agreements-heading">Agreements</h2>' in page


def test_profile_shows_names_facts_and_dates_in_japanese(client):
    partner = make_partner(
        name_ja="大田広域市",
        name_en="Daejeon",
        agreement_kind=make_agreement_kind(name_ja="姉妹都市"),
        relationship_since=datetime.date(2004, 6, 1),
        relationship_since_precision="month",
    )
    make_fact(partner, value="1470000", as_of=datetime.date(2019, 1, 1), as_of_precision="year")
    make_fact(
        partner,
        label_ja="外国人住民",
        value="12663",
        as_of=datetime.date(2023, 12, 1),
        as_of_precision="day",
    )
    page = client.get(url("cities:partner_detail", "ja", slug=partner.slug)).content.decode()
    assert '<span lang="ja">大田広域市</span>' in page
    assert "147万人（2019年時点）" in page
    assert "12,663人（2023年12月1日時点）" in page
    assert "2004年6月" in page


def test_profile_shows_mergers_on_both_sides(client):
    town = make_partner(name_en="Yatabe", is_home=True)
    city = make_partner(name_en="Tsukuba", is_home=True)
    make_merger(town, city, note_en="Its tie with Cambridge carried over.")
    page = client.get(url("cities:partner_detail", slug=town.slug)).content.decode()
    assert f'In 1987, Yatabe merged into <a href="{city.get_absolute_url()}">Tsukuba</a>.' in page
    assert "Its tie with Cambridge carried over." in page
    page = client.get(url("cities:partner_detail", slug=city.slug)).content.decode()
    assert f'In 1987, <a href="{town.get_absolute_url()}">Yatabe</a> merged into Tsukuba.' in page


def test_the_home_city_has_a_profile_with_its_facts(client):
    home = make_partner(name_en="Tsukuba", is_home=True)
    make_fact(home, label_en="Foreign residents", value="12663", unit_en="")
    page = client.get(url("cities:partner_detail", slug=home.slug)).content.decode()
    assert "Foreign residents" in page
    assert "12,663 (as of 2019)" in page


def test_profile_text_is_markdown_without_scripts(client):
    partner = make_partner(
        description_en="A **science** city.",
        story_en='Friends <script>alert("x")</script><b onmouseover="x()">since</b> 2013.',
    )
    page = client.get(url("cities:partner_detail", slug=partner.slug)).content.decode()
    assert "<strong>science</strong>" in page
    assert 'alert("x")' not in page
    assert "onmouseover" not in page


def test_unpublished_partner_and_unknown_slug_answer_404(client):
    draft = make_partner(published=False)
    assert client.get(url("cities:partner_detail", slug=draft.slug)).status_code == 404
    assert client.get(url("cities:partner_detail", slug="no-such-city")).status_code == 404


def test_staff_who_may_view_partners_can_preview_a_draft(client):
    draft = make_partner(name_en="Draft City", published=False)
    staff = make_staff_user()
    staff.user_permissions.add(Permission.objects.get(codename="view_partner"))
    client.force_login(staff)
    response = client.get(url("cities:partner_detail", slug=draft.slug))
    assert response.status_code == 200
    assert "not published" in response.content.decode()


def test_staff_without_permission_cannot_preview_a_draft(client):
    draft = make_partner(published=False)
    client.force_login(make_staff_user())
    assert client.get(url("cities:partner_detail", slug=draft.slug)).status_code == 404


def test_profile_photos_are_lazy_with_sizes_and_never_the_original(client):
    partner = make_partner()
    photo = make_photo(partner)
    page = client.get(url("cities:partner_detail", slug=partner.slug)).content.decode()
    assert 'loading="lazy"' in page
    assert f"{photo.file_url(480)} 480w, {photo.file_url(1200)} 1200w" in page
    assert 'width="1200" height="675"' in page
    assert 'alt="Houses along a canal"' in page
    assert "The old town" in page and "City of Example" in page
    assert photo.image.name not in page


def test_photo_view_serves_a_published_partners_photo_with_headers(client):
    photo = make_photo(make_partner())
    response = client.get(photo.file_url(480))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/webp"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("inline")
    assert "max-age=86400" in response["Cache-Control"]
    assert b"".join(response.streaming_content)[:4] == b"RIFF"


def test_photo_view_refuses_an_unpublished_partners_photo_to_the_public(client):
    photo = make_photo(make_partner(published=False))
    assert client.get(photo.file_url(480)).status_code == 404


def test_photo_view_lets_staff_preview_a_drafts_photo_without_caching(client):
    photo = make_photo(make_partner(published=False))
    staff = make_staff_user()
    staff.user_permissions.add(Permission.objects.get(codename="view_partner"))
    client.force_login(staff)
    response = client.get(photo.file_url(480))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_photo_view_offers_only_the_page_sizes(client):
    photo = make_photo(make_partner())
    path = photo.file_url(480).replace("/480/", "/1600/")
    assert client.get(path).status_code == 404


def test_photo_view_needs_the_photos_own_partner(client):
    photo = make_photo(make_partner())
    other = make_partner()
    path = photo.file_url(480).replace(f"/{photo.partner.slug}/", f"/{other.slug}/")
    assert client.get(path).status_code == 404


def test_sitemap_lists_published_partner_profiles_in_both_languages(client):
    listed = make_partner()
    draft = make_partner(published=False)
    body = client.get("/sitemap.xml").content.decode()
    assert f"http://testserver/ja/partners/{listed.slug}/" in body
    assert f"http://testserver/en/partners/{listed.slug}/" in body
    assert draft.slug not in body


def test_directory_card_says_when_a_relationship_is_suspended(client):
    make_partner(name_en="Quiet City", relationship_status="suspended")
    make_partner(name_en="Busy City")
    page = client.get(url("cities:partner_list")).content.decode()
    assert page.count('class="partner-card__status">Suspended</p>') == 1


def test_a_profile_says_when_a_relationship_ended(client):
    ended = make_partner(
        agreement_kind=make_agreement_kind(),
        relationship_status="ended",
        relationship_ended_on=datetime.date(2005, 9, 30),
    )
    active = make_partner(agreement_kind=make_agreement_kind())
    page = client.get(url("cities:partner_detail", slug=ended.slug)).content.decode()
    assert "Ended on 30 September 2005" in page
    page = client.get(url("cities:partner_detail", slug=active.slug)).content.decode()
    assert "Ended on" not in page and "<dd>Active</dd>" in page
