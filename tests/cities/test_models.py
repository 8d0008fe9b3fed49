import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from cities.models import Merger, Partner, PartnerPhoto
from tests.factories import make_fact, make_merger, make_partner, make_photo, photo_upload

pytestmark = pytest.mark.django_db


def test_partner_name_follows_the_active_language():
    partner = make_partner(name_ja="ボーフム", name_en="Bochum")
    with translation.override("en"):
        assert partner.name == "Bochum"
    with translation.override("ja"):
        assert partner.name == "ボーフム"


def test_publishing_without_the_english_name_is_refused_with_a_message():
    partner = Partner(slug="draft", name_ja="草案市", name_en="", country="FR", published=True)
    with translation.override("en"):
        with pytest.raises(ValidationError) as error:
            partner.full_clean()
        assert "both Japanese and English" in error.value.message_dict["published"][0]
    assert "name_en" in error.value.message_dict


def test_publishing_message_is_in_the_staff_members_language():
    partner = Partner(slug="draft", name_ja="草案市", name_en="", country="FR", published=True)
    with translation.override("ja"):
        with pytest.raises(ValidationError) as error:
            partner.full_clean()
        assert "日本語と英語" in error.value.message_dict["published"][0]


def test_a_draft_may_lack_its_english_name():
    partner = Partner(slug="draft", name_ja="草案市", name_en="", country="FR", published=False)
    partner.full_clean()


def test_a_partner_with_both_names_can_be_published():
    partner = Partner(
        slug="ok", name_ja="良い市", name_en="Good City", country="FR", published=True
    )
    partner.full_clean()


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "1.47 million"), ("ja", "147万人")],
)
def test_a_population_fact_reads_naturally_in_each_language(language, expected):
    fact = make_fact(make_partner(), value=Decimal("1470000"), unit_ja="人", unit_en="")
    with translation.override(language):
        assert fact.formatted_value == expected


def test_an_english_unit_left_empty_does_not_show_the_japanese_unit():
    fact = make_fact(make_partner(), value=Decimal("160000"), unit_ja="人", unit_en="")
    with translation.override("en"):
        assert fact.unit == ""


def test_a_fact_known_to_the_year_cannot_carry_a_day():
    fact = make_fact(make_partner(), as_of=datetime.date(2019, 7, 4), as_of_precision="year")
    with pytest.raises(ValidationError) as error:
        fact.full_clean()
    assert "as_of" in error.value.message_dict


def test_uploading_a_photo_makes_the_page_sizes_beside_the_original():
    photo = make_photo(make_partner(), image=photo_upload(size=(1600, 900)))
    storage = photo.image.storage
    assert photo.renditions == [(480, 480, 270), (1200, 1200, 675)]
    for size in (480, 1200):
        name = photo.rendition_name(size)
        assert name.startswith(photo.image.name.rsplit(".", 1)[0])
        assert storage.exists(name)


def test_a_small_photo_is_never_enlarged():
    photo = make_photo(make_partner(), image=photo_upload(size=(600, 400)))
    assert photo.renditions == [(480, 480, 320), (1200, 600, 400)]


def test_a_file_that_is_not_a_photo_is_refused_with_a_message():
    from django.core.files.uploadedfile import SimpleUploadedFile

    photo = PartnerPhoto(
        partner=make_partner(),
        image=SimpleUploadedFile("notes.jpg", b"%PDF-1.4 not a photo", content_type="image/jpeg"),
        alt_text_ja="写真",
        alt_text_en="Photo",
    )
    with translation.override("en"):
        with pytest.raises(ValidationError) as error:
            photo.full_clean()
        assert "JPEG, PNG, WebP or GIF" in error.value.message_dict["image"][0]


def test_a_photo_needs_alternative_text_in_both_languages():
    photo = PartnerPhoto(
        partner=make_partner(), image=photo_upload(), alt_text_ja="写真", alt_text_en=""
    )
    with pytest.raises(ValidationError) as error:
        photo.full_clean()
    assert "alt_text_en" in error.value.message_dict


def test_a_body_cannot_merge_into_itself():
    town = make_partner()
    merger = Merger(predecessor=town, successor=town, merged_on=datetime.date(1987, 1, 1))
    with pytest.raises(ValidationError) as error:
        merger.full_clean()
    assert "successor" in error.value.message_dict


def test_a_merger_is_seen_from_both_sides():
    town = make_partner(is_home=True)
    city = make_partner(is_home=True)
    make_merger(town, city)
    assert [m.successor for m in town.mergers_as_predecessor.all()] == [city]
    assert [m.predecessor for m in city.mergers_as_successor.all()] == [town]


def test_search_finds_a_partner_by_either_languages_name():
    bochum = make_partner(name_ja="ボーフム", name_en="Bochum", official_name_en="City of Bochum")
    make_partner(name_ja="深圳", name_en="Shenzhen")
    assert list(Partner.objects.search("ボーフム")) == [bochum]
    assert list(Partner.objects.search("bochum")) == [bochum]
    assert list(Partner.objects.search("City of Boch")) == [bochum]
    # Half-width katakana typed on some keyboards is the same name.
    assert list(Partner.objects.search("ﾎﾞｰﾌﾑ")) == [bochum]
    # So is a name typed with a doubled or full-width space.
    assert list(Partner.objects.search("City　 of  Bochum")) == [bochum]


def photo_files(photo):
    storage = photo.image.storage
    names = [photo.image.name, *(photo.rendition_name(size) for size, *_ in photo.renditions)]
    return {name: storage.exists(name) for name in names}


def test_a_deleted_photo_takes_its_files_with_it(django_capture_on_commit_callbacks):
    photo = make_photo(make_partner(), image=photo_upload(size=(600, 400)))
    files = photo_files(photo)
    assert len(files) == 3 and all(files.values())
    with django_capture_on_commit_callbacks(execute=True):
        photo.delete()
    assert not any(photo_files(photo).values())


def test_a_partners_photos_files_go_when_the_partner_is_deleted(
    django_capture_on_commit_callbacks,
):
    partner = make_partner()
    photo = make_photo(partner)
    with django_capture_on_commit_callbacks(execute=True):
        partner.delete()
    assert not any(photo_files(photo).values())


def test_a_replaced_photo_file_is_removed_and_a_rolled_back_delete_keeps_it(
    django_capture_on_commit_callbacks,
):
    from django.db import transaction

    photo = make_photo(make_partner())
    old = photo_files(photo)
    with django_capture_on_commit_callbacks(execute=True):
        photo.image = photo_upload(name="new.jpg")
        photo.save()
    assert not any(photo.image.storage.exists(name) for name in old)
    assert all(photo_files(photo).values())
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        photo.delete()
        raise RuntimeError("the admin's save failed")
    assert all(photo_files(photo).values())
