import pytest

from cities.models import Partner, PartnerPhoto
from tests.factories import (
    make_agreement_kind,
    make_partner,
    make_photo,
    make_staff_user,
    photo_upload,
)

pytestmark = pytest.mark.django_db

ADD = "/admin/cities/partner/add/"


def partner_form(**overrides):
    """The partner add form as the admin posts it, with empty fact and photo inlines."""
    data = {
        "name_ja": "ボーフム",
        "name_en": "Bochum",
        "slug": "bochum",
        "kind": "city",
        "country": "DE",
        "relationship_since_precision": "day",
        "relationship_status": "active",
        "published": "on",
        "facts-TOTAL_FORMS": "0",
        "facts-INITIAL_FORMS": "0",
        "photos-TOTAL_FORMS": "0",
        "photos-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


@pytest.fixture
def editor(client):
    user = make_staff_user(groups=["Editor"])
    client.force_login(user)
    return user


def test_publishing_without_the_english_name_is_refused_beside_the_field(client, editor):
    response = client.post(
        ADD, partner_form(name_en=""), headers={"accept-language": "en"}, follow=True
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "both Japanese and English" in page
    assert not Partner.objects.exists()


def test_admin_messages_follow_the_staff_members_language(client, editor):
    response = client.post(ADD, partner_form(name_en=""), headers={"accept-language": "ja"})
    assert "日本語と英語の両方" in response.content.decode()


def test_an_editor_adds_a_partner_with_a_fact(client, editor):
    data = partner_form(
        **{
            "facts-TOTAL_FORMS": "1",
            "facts-0-label_ja": "人口",
            "facts-0-label_en": "Population",
            "facts-0-value": "371000",
            "facts-0-unit_ja": "人",
            "facts-0-as_of_precision": "year",
            "facts-0-order": "1",
        }
    )
    response = client.post(ADD, data)
    assert response.status_code == 302
    partner = Partner.objects.get(slug="bochum")
    assert partner.facts.get().value == 371000


def test_an_editor_cannot_upload_a_file_that_is_not_a_photo(client, editor):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = partner_form(
        **{
            "photos-TOTAL_FORMS": "1",
            "photos-0-image": SimpleUploadedFile("x.jpg", b"not an image", "image/jpeg"),
            "photos-0-alt_text_ja": "写真",
            "photos-0-alt_text_en": "Photo",
            "photos-0-order": "0",
        }
    )
    response = client.post(ADD, data, headers={"accept-language": "en"})
    assert response.status_code == 200
    assert "not an image" in response.content.decode()
    assert not PartnerPhoto.objects.exists()
    assert not Partner.objects.exists()


def test_an_editor_uploads_a_photo_with_alternative_text(client, editor):
    data = partner_form(
        **{
            "photos-TOTAL_FORMS": "1",
            "photos-0-image": photo_upload(),
            "photos-0-alt_text_ja": "市庁舎",
            "photos-0-alt_text_en": "The city hall",
            "photos-0-order": "0",
        }
    )
    assert client.post(ADD, data).status_code == 302
    photo = PartnerPhoto.objects.get()
    assert photo.image.storage.exists(photo.rendition_name(480))


def test_partner_list_searches_both_languages_and_filters_by_status(client, editor):
    make_partner(name_ja="ボーフム", name_en="Bochum")
    make_partner(name_ja="深圳", name_en="Shenzhen")
    for text in ("ボーフム", "Bochum"):
        page = client.get("/admin/cities/partner/", {"q": text}).content.decode()
        assert "Bochum" in page or "ボーフム" in page
        assert "深圳" not in page and "Shenzhen" not in page
    page = client.get("/admin/cities/partner/").content.decode()
    assert "relationship_status__exact" in page


def test_the_partner_list_tells_the_kind_of_body_from_the_kind_of_agreement(client, editor):
    make_partner(agreement_kind=make_agreement_kind())
    page = client.get("/admin/cities/partner/", headers={"accept-language": "en"})
    page = page.content.decode()
    assert 'data-filter-title="kind of body"' in page
    assert 'data-filter-title="agreement kind"' in page
    assert ">Kind of body</a>" in page
    assert 'data-filter-title="kind"' not in page


def test_partner_change_page_has_inlines_tabs_and_view_on_site(client, editor):
    partner = make_partner()
    make_photo(partner)
    page = client.get(f"/admin/cities/partner/{partner.pk}/change/").content.decode()
    assert 'id="facts-group"' in page
    assert 'id="photos-group"' in page
    assert "viewsitelink" in page
    assert "/static/vendor/jquery-ui/jquery-ui.min.js" in page


def test_an_editor_records_a_merger(client, editor):
    town = make_partner(name_en="Yatabe", is_home=True)
    city = make_partner(name_en="Tsukuba", is_home=True)
    assert client.get("/admin/cities/merger/add/").status_code == 200
    response = client.post(
        "/admin/cities/merger/add/",
        {
            "predecessor": town.pk,
            "successor": city.pk,
            "merged_on": "1987-01-01",
            "merged_on_precision": "year",
            "note_ja": "",
            "note_en": "",
        },
    )
    assert response.status_code == 302
    assert town.mergers_as_predecessor.get().successor == city


def test_staff_reorder_agreement_kinds_from_the_admin_list(client, editor):
    later = make_agreement_kind(name_en="Friendship city", order=20)
    first = make_agreement_kind(name_en="Sister city", order=10)
    page = client.get(
        "/admin/cities/agreementkind/", headers={"accept-language": "en"}
    ).content.decode()
    assert 'name="form-0-order"' in page
    assert page.index("Sister city") < page.index("Friendship city")
    response = client.post(
        "/admin/cities/agreementkind/",
        {
            "form-TOTAL_FORMS": "2",
            "form-INITIAL_FORMS": "2",
            "form-0-id": first.pk,
            "form-0-order": "30",
            "form-1-id": later.pk,
            "form-1-order": "20",
            "_save": "Save",
        },
        headers={"accept-language": "en"},
    )
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.order == 30


def test_a_figure_reads_as_staff_wrote_it_not_with_two_decimal_places(admin_client):
    from cities.models import PartnerFact
    from tests.factories import make_partner

    partner = make_partner()
    PartnerFact.objects.create(
        partner=partner, label_ja="人口", label_en="Population", value=12663, order=1
    )

    form = admin_client.get(f"/admin/cities/partner/{partner.pk}/change/").content.decode()
    listing = admin_client.get("/admin/cities/partnerfact/").content.decode()

    assert 'value="12663"' in form and "12663.00" not in form
    assert "12,663" in listing and "12663.00" not in listing
