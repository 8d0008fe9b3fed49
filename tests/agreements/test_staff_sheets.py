"""Agreement sheets as a new city's staff keep them: names instead of codes, no slug
column, the partner alone in the partners cell, a title in one language."""

import datetime

import pytest
import tablib
from django.utils import translation

from agreements.models import Agreement
from agreements.resources import AgreementResource
from cities.models import Partner
from cities.services import keep_home_partner_in_step
from tests.factories import make_home_city, make_partner

pytestmark = pytest.mark.django_db


def staff_sheet(*rows, headers=("title_ja", "title_en", "kind", "date", "partners")):
    sheet = tablib.Dataset(headers=list(headers))
    for row in rows:
        sheet.append(list(row))
    return sheet


def import_sheet(sheet, **options):
    return AgreementResource().import_data(sheet, dry_run=False, use_transactions=True, **options)


def errors_of(result):
    return [
        (row.number, column, str(message))
        for row in result.invalid_rows
        for column, messages in row.field_specific_errors.items()
        for message in messages
    ]


@pytest.fixture
def new_city():
    """An empty install after the home city form: Tsukuba, and a partner in France."""
    keep_home_partner_in_step(make_home_city(name_ja="つくば市", name_en="Tsukuba"))
    grenoble = make_partner(slug="grenoble", name_ja="グルノーブル市", name_en="Grenoble")
    return grenoble


def test_a_row_naming_only_the_partner_is_signed_for_the_home_city(new_city):
    sheet = staff_sheet(("", "Friendship agreement", "Friendship city", "2013-11-12", "Grenoble"))
    result = import_sheet(sheet)
    assert not result.has_validation_errors(), errors_of(result)
    agreement = Agreement.objects.get()
    parties = [party.partner for party in agreement.parties.order_by("order")]
    assert [p.is_home for p in parties] == [True, False]
    assert parties[1] == new_city


@pytest.mark.parametrize(
    "kind", ["Memorandum of understanding", "覚書", "mou", "ｍｅｍｏｒａｎｄｕｍ of understanding"]
)
def test_the_type_is_found_by_its_name_in_either_language_or_its_code(new_city, kind):
    sheet = staff_sheet(("覚書", "MOU", kind, "2020-04-01", "グルノーブル市"))
    result = import_sheet(sheet)
    assert not result.has_validation_errors(), errors_of(result)
    assert Agreement.objects.get().kind.slug == "mou"


def test_an_unknown_type_lists_the_types_in_the_staff_members_language(new_city):
    sheet = staff_sheet(("覚書", "MOU", "treaty", "2020-04-01", "Grenoble"))
    with translation.override("ja"):
        result = import_sheet(sheet)
    [(number, column, message)] = errors_of(result)
    assert column == "kind"
    assert "treaty" in message and "姉妹都市" in message and "覚書" in message
    assert "Sister city" not in message
    with translation.override("en"):
        result = import_sheet(sheet)
    [(number, column, message)] = errors_of(result)
    assert "Sister city" in message and "Memorandum of understanding" in message


@pytest.mark.parametrize(
    "date",
    ["2013-11-12", "2013/11/12", "2013年11月12日", "12 November 2013", datetime.date(2013, 11, 12)],
)
def test_dates_are_read_in_every_form_staff_write(new_city, date):
    result = import_sheet(staff_sheet(("協定", "Agreement", "sister-city", date, "Grenoble")))
    assert not result.has_validation_errors(), errors_of(result)
    assert Agreement.objects.get().date == datetime.date(2013, 11, 12)


def test_without_a_slug_column_each_agreement_gets_one_that_stays_on_reimport(new_city):
    sheet = staff_sheet(
        ("姉妹都市協定", "Sister city agreement", "姉妹都市", "2013-11-12", "Grenoble"),
        ("覚書", "MOU", "覚書", "2020-04-01", "グルノーブル市"),
    )
    first = import_sheet(sheet)
    assert not first.has_validation_errors(), errors_of(first)
    slugs = sorted(Agreement.objects.values_list("slug", flat=True))
    assert slugs == ["grenoble-mou-2020-04-01", "grenoble-sister-city-2013-11-12"]
    again = import_sheet(
        staff_sheet(
            ("姉妹都市協定", "Sister city agreement", "姉妹都市", "2013-11-12", "Grenoble"),
            ("覚書", "MOU", "覚書", "2020-04-01", "グルノーブル市"),
        )
    )
    assert not again.has_validation_errors()
    assert Agreement.objects.count() == 2
    assert again.totals["new"] == 0 and again.totals["update"] == 0


def test_a_row_with_its_title_in_one_language_is_imported_as_a_draft(new_city):
    sheet = staff_sheet(
        ("", "Friendship agreement", "友好都市", "2013-11-12", "Grenoble", "1"),
        headers=("title_ja", "title_en", "kind", "date", "partners", "published"),
    )
    resource = AgreementResource()
    result = resource.import_data(sheet, dry_run=False, use_transactions=True)
    assert not result.has_validation_errors(), errors_of(result)
    agreement = Agreement.objects.get()
    assert agreement.published is False
    assert agreement.missing_title_language == "ja"
    assert [(draft.slug, language) for draft, language in resource.drafts] == [
        (agreement.slug, "ja")
    ]


def test_a_published_agreement_needs_both_titles():
    agreement = Agreement(title_en="Friendship agreement", published=True)
    assert "title_ja" in agreement.title_problems()
    agreement.published = False
    assert agreement.title_problems() == {}
    assert "title_ja" in Agreement(published=False).title_problems()


@pytest.mark.parametrize("published", ["", None])
def test_a_blank_published_cell_publishes_the_agreement(new_city, published):
    sheet = staff_sheet(
        ("協定", "Agreement", "sister-city", "2013", "Grenoble", published),
        headers=("title_ja", "title_en", "kind", "date", "partners", "published"),
    )
    result = import_sheet(sheet)
    assert not result.has_validation_errors(), errors_of(result)
    assert Agreement.objects.get().published is True


def test_missing_partners_take_their_kind_names_and_country_from_the_row(new_city):
    sheet = staff_sheet(
        (
            "協定",
            "Agreement",
            "Friendship city",
            "2013",
            "Bavaria",
            "ドイツ",
            "州・省",
            "バイエルン州",
            "Bavaria",
        ),
        headers=(
            "title_ja",
            "title_en",
            "kind",
            "date",
            "partners",
            "partner_country",
            "partner_kind",
            "partner_name_ja",
            "partner_name_en",
        ),
    )
    result = import_sheet(sheet, create_missing_partners=True)
    assert not result.has_validation_errors(), errors_of(result)
    bavaria = Partner.objects.get(slug="bavaria")
    assert (bavaria.kind, bavaria.name_ja, bavaria.name_en, bavaria.country.code) == (
        "state",
        "バイエルン州",
        "Bavaria",
        "DE",
    )
    assert bavaria.published is False


def test_an_unknown_partner_kind_lists_the_kinds(new_city):
    sheet = staff_sheet(
        ("協定", "Agreement", "Friendship city", "2013", "Bavaria", "DE", "land"),
        headers=(
            "title_ja",
            "title_en",
            "kind",
            "date",
            "partners",
            "partner_country",
            "partner_kind",
        ),
    )
    with translation.override("ja"):
        result = import_sheet(sheet, create_missing_partners=True)
    [(number, column, message)] = errors_of(result)
    assert column == "partners" and "land" in message and "州・省" in message and "市" in message


@pytest.mark.parametrize(
    "date", ["2019-05-01", "2019/5/1", "2019年5月1日", datetime.date(2019, 5, 1)]
)
def test_a_worked_out_slug_does_not_depend_on_how_the_date_is_written(date):
    from agreements.resources import agreement_slug

    assert agreement_slug(["bavaria"], "mou", date, "") == "bavaria-mou-2019-05-01"


def test_a_stored_choice_is_read_by_its_label_and_a_wrong_one_lists_the_labels(new_city):
    headers = ("title_ja", "title_en", "kind", "date", "partners", "term", "expires_on")
    sheet = staff_sheet(
        ("協定", "Agreement", "覚書", "2020-04-01", "Grenoble", "期間の定めあり", "2025-03-31"),
        headers=headers,
    )
    with translation.override("ja"):
        result = import_sheet(sheet)
    assert not result.has_validation_errors(), errors_of(result)
    assert Agreement.objects.get().term == Agreement.Term.FIXED
    wrong = staff_sheet(
        ("協定2", "Agreement 2", "覚書", "2021-04-01", "Grenoble", "forever", ""), headers=headers
    )
    with translation.override("ja"):
        [(_line, column, message)] = errors_of(import_sheet(wrong))
    assert column == "term" and "forever" in message and "期間の定めなし" in message
