import csv
import datetime
import io
from urllib.parse import parse_qs, urlsplit

import pytest

from cities.models import Partner
from tests.factories import make_agreement_kind, make_home_city, make_partner, make_staff_user

pytestmark = pytest.mark.django_db

FIND = "/admin/cities/partner/wikidata/find/"
REVIEW = "/admin/cities/partner/wikidata/relationships.csv"


@pytest.fixture
def editor(client):
    client.force_login(make_staff_user(groups=["Editor"]))
    return client


def test_the_search_lists_candidates_with_description_and_country(editor, wikidata_server):
    response = editor.get(FIND, {"q": "Cambridge"}, HTTP_ACCEPT_LANGUAGE="en")
    page = response.content.decode()
    assert response.status_code == 200
    assert "city in Cambridgeshire, England" in page
    assert "city in Middlesex County, Massachusetts, United States" in page
    assert "United Kingdom" in page and "United States" in page


def test_a_candidate_already_linked_names_its_partner(editor, wikidata_server):
    make_partner(name_ja="ケンブリッジ", name_en="Cambridge", wikidata_id="Q49111", country="US")
    page = editor.get(FIND, {"q": "Cambridge"}).content.decode()
    assert "/admin/cities/partner/wikidata/Q350/add/" in page
    assert "/admin/cities/partner/wikidata/Q49111/add/" not in page


def test_choosing_a_candidate_opens_the_add_form_filled_in_from_wikidata(editor, wikidata_server):
    response = editor.get("/admin/cities/partner/wikidata/Q1289/add/")
    assert response.status_code == 302
    url = urlsplit(response["Location"])
    assert url.path == "/admin/cities/partner/add/"
    initial = {key: values[0] for key, values in parse_qs(url.query).items()}
    assert initial == {
        "name_ja": "グルノーブル",
        "name_en": "Grenoble",
        "kind": "city",
        "country": "FR",
        "wikidata_id": "Q1289",
        "slug": "grenoble",
    }
    form = editor.get(response["Location"]).content.decode()
    assert 'value="グルノーブル"' in form
    assert not Partner.objects.exists()  # nothing is saved until the editor saves


def test_linking_a_partner_then_filling_the_ticked_fields(editor, wikidata_server):
    partner = make_partner(name_ja="グルノーブル", name_en="Grenoble City")
    page = editor.get(f"/admin/cities/partner/{partner.pk}/wikidata/find/").content.decode()
    assert "Q1289" in page  # searched at once under the partner's name
    response = editor.post(f"/admin/cities/partner/{partner.pk}/wikidata/find/", {"item": "Q1289"})
    assert response["Location"] == f"/admin/cities/partner/{partner.pk}/wikidata/fill/"
    partner.refresh_from_db()
    assert partner.wikidata_id == "Q1289"

    page = editor.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Grenoble City" in page and "156,389" in page
    # Empty fields are ticked; a value the partner has is never ticked for it.
    assert 'value="population" id="accept-population" checked' in page
    assert 'value="name_en" id="accept-name_en">' in page

    shown = editor.get(response["Location"]).context["fingerprint"]
    accept = ["population", "position", "region_en"]
    editor.post(response["Location"], {"accept": accept, "fingerprint": shown})
    partner.refresh_from_db()
    assert partner.name_en == "Grenoble City"
    assert partner.region_en == "Isère"
    assert partner.latitude is not None
    [fact] = partner.facts.all()
    assert fact.as_of == datetime.date(2021, 1, 1)
    assert fact.source.startswith("Wikidata, Q1289, population as of 2021")


def test_linking_an_item_another_partner_has_is_refused(editor, wikidata_server):
    make_partner(slug="grenoble", wikidata_id="Q1289")
    partner = make_partner()
    response = editor.post(
        f"/admin/cities/partner/{partner.pk}/wikidata/find/", {"item": "Q1289"}, follow=True
    )
    partner.refresh_from_db()
    assert partner.wikidata_id == ""
    assert "Q1289" in [str(m) for m in response.context["messages"]][0]


def test_wikidata_out_of_reach_says_so_on_the_page(editor, wikidata_unreachable):
    partner = make_partner(wikidata_id="Q1289")
    response = editor.get(f"/admin/cities/partner/{partner.pk}/wikidata/fill/")
    assert response.status_code == 200
    assert response.context["error"]
    response = editor.get(FIND, {"q": "Grenoble"})
    assert response.context["error"]


def test_a_viewer_cannot_fill_a_partner(client, wikidata_server):
    client.force_login(make_staff_user(groups=["Viewer"]))
    partner = make_partner(wikidata_id="Q1289")
    response = client.post(
        f"/admin/cities/partner/{partner.pk}/wikidata/fill/", {"accept": ["population"]}
    )
    assert response.status_code == 403
    assert not partner.facts.exists()
    assert not wikidata_server.requests


def test_the_public_site_never_calls_wikidata(client, wikidata_server):
    partner = make_partner(wikidata_id="Q1289")
    assert client.get(partner.get_absolute_url()).status_code == 200
    assert client.get("/ja/partners/").status_code == 200
    assert not wikidata_server.requests


def review_rows(response):
    text = response.content.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_the_review_export_marks_relationships_wikidata_lacks_or_dates_differently(
    editor, wikidata_server
):
    home = make_home_city(name_ja="大阪市", name_en="Osaka")
    from cities.services import keep_home_partner_in_step

    home_partner = keep_home_partner_in_step(home)
    home_partner.wikidata_id = "Q35765"
    home_partner.save()
    kind = make_agreement_kind(slug="sister-city")
    year = {"relationship_since_precision": "year", "agreement_kind": kind}
    D = datetime.date
    make_partner(slug="chicago", wikidata_id="Q1297", relationship_since=D(1974, 1, 1), **year)
    make_partner(slug="hamburg", wikidata_id="Q1055", relationship_since=D(1989, 1, 1), **year)
    make_partner(slug="draft", wikidata_id="Q490", published=False, **year)
    rows = review_rows(editor.get(REVIEW))
    assert [(r["slug"], r["wikidata_check"], r["wikidata_p190_start"]) for r in rows] == [
        ("chicago", "dated_differently", "1973"),
        ("hamburg", "missing", ""),
    ]
    assert rows[1]["quickstatements"] == "Q35765\tP190\tQ1055\tP580\t+1989-01-01T00:00:00Z/9"


def test_the_review_export_offline_says_it_could_not_check(editor, wikidata_unreachable):
    home_partner = make_partner(slug="osaka", wikidata_id="Q35765", is_home=True)
    make_home_city(partner=home_partner)
    kind = make_agreement_kind(slug="sister-city")
    make_partner(slug="chicago", wikidata_id="Q1297", agreement_kind=kind)
    [row] = review_rows(editor.get(REVIEW))
    assert row["wikidata_check"] == "not_checked"


def test_a_fill_applies_nothing_when_the_partner_changed_since_the_page_was_shown(
    editor, wikidata_server
):
    partner = make_partner(wikidata_id="Q1289", website="")
    url = f"/admin/cities/partner/{partner.pk}/wikidata/fill/"
    shown = editor.get(url).context["fingerprint"]
    Partner.objects.filter(pk=partner.pk).update(website="https://grenoble.example/")
    response = editor.post(url, {"accept": ["website"], "fingerprint": shown})
    assert response["Location"] == url
    partner.refresh_from_db()
    assert partner.website == "https://grenoble.example/"
