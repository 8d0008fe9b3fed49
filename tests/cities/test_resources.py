import pytest
import tablib
from django.utils import translation

from cities.models import Partner
from cities.resources import PartnerResource
from office.spreadsheets import CSVForExcel, ExcelWorkbook
from tests.factories import make_agreement_kind, make_partner

pytestmark = pytest.mark.django_db


def import_file(content, file_format, *, dry_run=False):
    dataset = file_format.create_dataset(content)
    return PartnerResource().import_data(dataset, dry_run=dry_run, use_transactions=True)


def partner_rows():
    return list(Partner.objects.order_by("slug").values())


def test_export_has_both_languages_columns_and_never_the_base_column():
    make_partner(slug="bochum", name_ja="ボーフム", name_en="Bochum", country="DE")
    dataset = PartnerResource().export()
    assert "name_ja" in dataset.headers and "name_en" in dataset.headers
    assert "name" not in dataset.headers and "description" not in dataset.headers
    row = dict(zip(dataset.headers, dataset[0], strict=True))
    assert (row["slug"], row["name_ja"], row["country"]) == ("bochum", "ボーフム", "DE")


@pytest.mark.parametrize("file_format", [CSVForExcel(), ExcelWorkbook()], ids=["csv", "xlsx"])
def test_an_unchanged_export_imports_back_without_changing_anything(file_format):
    sister = make_agreement_kind(slug="sister-city")
    make_partner(
        slug="cambridge",
        name_en="Cambridge",
        name_ja="ケンブリッジ",
        country="US",
        description_en="=A city on the Charles River",
        agreement_kind=sister,
        relationship_since="1984-01-01",
        relationship_since_precision="year",
        latitude="42.373611",
        longitude="-71.110558",
    )
    make_partner(slug="daejeon", name_en="Daejeon", name_ja="大田広域市", country="KR")
    before = partner_rows()
    history = Partner.history.count()
    exported = file_format.export_data(PartnerResource().export())
    result = import_file(exported, file_format)
    assert not result.has_errors() and not result.has_validation_errors()
    assert result.totals["new"] == 0 and result.totals["update"] == 0
    assert partner_rows() == before
    assert Partner.history.count() == history


def test_the_sheet_names_the_agreement_kind_column_agreement_kind():
    make_partner(slug="cambridge", agreement_kind=make_agreement_kind(slug="sister-city"))
    dataset = PartnerResource().export()
    assert "agreement_kind" in dataset.headers
    assert "relationship_type" not in dataset.headers
    assert dataset["agreement_kind"] == ["sister-city"]


def test_a_sheet_with_the_old_relationship_type_column_still_imports_for_one_release():
    sister = make_agreement_kind(slug="sister-city")
    make_agreement_kind(slug="friendship-city")
    make_partner(slug="cambridge", name_en="Cambridge", country="US", agreement_kind=sister)
    # As exported before this release; the column is shown, never imported.
    sheet = tablib.Dataset(headers=["slug", "name_ja", "name_en", "country", "relationship_type"])
    sheet.append(["cambridge", "ケンブリッジ", "Cambridge, MA", "US", "friendship-city"])
    sheet.append(["irvine", "アーバイン", "Irvine", "US", "sister-city"])
    result = PartnerResource().import_data(sheet, dry_run=False, use_transactions=True)
    assert not result.has_errors() and not result.has_validation_errors()
    assert result.totals["new"] == 1 and result.totals["update"] == 1
    cambridge = Partner.objects.get(slug="cambridge")
    assert (cambridge.name_en, cambridge.agreement_kind) == ("Cambridge, MA", sister)
    assert Partner.objects.get(slug="irvine").agreement_kind is None


def test_a_csv_saved_by_japanese_excel_imports_in_shift_jis():
    content = ("slug,name_ja,name_en,country,published\r\nbochum,ボーフム,Bochum,DE,1\r\n").encode(
        "cp932"
    )
    result = import_file(content, CSVForExcel())
    assert not result.has_errors() and not result.has_validation_errors()
    partner = Partner.objects.get(slug="bochum")
    assert (partner.name_ja, partner.name_en, partner.country.code) == ("ボーフム", "Bochum", "DE")


def test_re_importing_a_sheet_updates_partners_by_slug_instead_of_duplicating():
    make_partner(slug="irvine", name_en="Irvine", name_ja="アーバイン", country="US")
    sheet = tablib.Dataset(headers=["slug", "name_ja", "name_en", "country"])
    sheet.append(["irvine", "アーバイン市", "Irvine", "US"])
    PartnerResource().import_data(sheet, dry_run=False)
    assert Partner.objects.filter(slug="irvine").count() == 1
    assert Partner.objects.get(slug="irvine").name_ja == "アーバイン市"


def test_one_bad_row_among_a_hundred_changes_nothing_and_is_reported_by_row_and_column():
    sheet = tablib.Dataset(headers=["slug", "name_ja", "name_en", "country", "latitude"])
    for number in range(100):
        sheet.append([f"city-{number}", f"市{number}", f"City {number}", "FR", "45.1"])
    sheet[57] = ("city-57", "市57", "City 57", "FR", "north")
    # In English whatever ran before: the message is checked word for word.
    with translation.override("en"):
        result = PartnerResource().import_data(sheet, dry_run=False, use_transactions=True)
    assert result.has_validation_errors() or result.has_errors()
    assert Partner.objects.count() == 0
    [invalid] = result.invalid_rows
    assert invalid.number == 58  # the row number a person counts, header excluded
    [message] = invalid.field_specific_errors["latitude"]
    assert "“north” is not a number" in message


def test_a_sheet_that_writes_the_same_numbers_differently_changes_nothing():
    make_partner(slug="grenoble", name_en="Grenoble", latitude="45.188529", longitude="5.7")
    sheet = tablib.Dataset(headers=["slug", "name_en", "latitude", "longitude", "official_name_en"])
    sheet.append(["grenoble", "Grenoble", "45.1885290", "5.700", ""])
    result = PartnerResource().import_data(sheet, dry_run=False)
    assert result.totals["update"] == 0 and result.totals["skip"] == 1


def test_a_new_partner_with_a_wikidata_column_gets_its_names_kind_and_country(wikidata_server):
    sheet = "slug,wikidata,name_en\r\ngrenoble,https://www.wikidata.org/wiki/Q1289,\r\n"
    sheet += "cambridge,Q49111,Cambridge (Mass.)\r\n"
    result = import_file(sheet.encode(), CSVForExcel())
    assert not result.has_errors() and not result.has_validation_errors()
    grenoble = Partner.objects.get(slug="grenoble")
    assert (grenoble.name_ja, grenoble.name_en, grenoble.kind, grenoble.country.code) == (
        "グルノーブル",
        "Grenoble",
        "city",
        "FR",
    )
    assert grenoble.wikidata_id == "Q1289"
    # What the sheet gives wins over Wikidata.
    assert Partner.objects.get(slug="cambridge").name_en == "Cambridge (Mass.)"


def test_a_partner_already_saved_is_not_changed_by_its_wikidata_column(wikidata_server):
    make_partner(slug="grenoble", name_ja="グルノーブル市", name_en="Grenoble", country="FR")
    result = import_file(b"slug,wikidata,name_ja\r\ngrenoble,Q1289,\r\n", CSVForExcel())
    assert result.has_validation_errors()  # a name_ja left empty is an error, as before
    assert Partner.objects.get(slug="grenoble").name_ja == "グルノーブル市"


def test_the_import_says_when_wikidata_cannot_fill_a_new_partner(wikidata_unreachable):
    with translation.override("en"):
        result = import_file(b"slug,wikidata\r\ngrenoble,Q1289\r\n", CSVForExcel())
    [row] = result.invalid_rows
    assert "Wikidata could not be reached" in row.error_dict["wikidata_id"][0]
    assert not Partner.objects.exists()
