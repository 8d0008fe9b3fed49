import datetime

import pytest
import tablib
from django.utils import translation

from cities.models import PartnerFact
from cities.resources import PartnerFactResource
from office.spreadsheets import CSVForExcel, ExcelWorkbook
from tests.factories import make_fact, make_partner

pytestmark = pytest.mark.django_db

HEADERS = ["partner", "label_ja", "label_en", "value", "unit_ja", "unit_en", "as_of", "source"]


def import_sheet(sheet):
    return PartnerFactResource().import_data(sheet, dry_run=False, use_transactions=True)


def fact_rows():
    return list(PartnerFact.objects.order_by("pk").values())


@pytest.mark.parametrize("file_format", [CSVForExcel(), ExcelWorkbook()], ids=["csv", "xlsx"])
def test_an_unchanged_export_of_facts_imports_back_without_changing_anything(file_format):
    grenoble = make_partner(slug="grenoble")
    make_fact(grenoble, source="=INSEE 2019")
    make_fact(
        grenoble,
        label_ja="面積",
        label_en="Area",
        value="18.13",
        unit_ja="km²",
        unit_en="km²",
        as_of=datetime.date(2020, 7, 1),
        as_of_precision="month",
    )
    make_fact(make_partner(slug="bochum"), as_of=None)
    before = fact_rows()
    exported = file_format.export_data(PartnerFactResource().export())
    result = import_sheet(file_format.create_dataset(exported))
    assert not result.has_errors() and not result.has_validation_errors(), result.invalid_rows
    assert result.totals["new"] == 0 and result.totals["update"] == 0
    assert fact_rows() == before


def test_re_importing_a_fact_updates_it_by_partner_and_english_label():
    grenoble = make_partner(slug="grenoble")
    fact = make_fact(grenoble, label_en="Population", value="158000")
    sheet = tablib.Dataset(headers=HEADERS)
    sheet.append(["grenoble", "人口", "Population", "158552", "人", "", "2020年1月", "INSEE"])
    sheet.append(["grenoble", "面積", "Area", "18.13", "km²", "km²", "2020", ""])
    result = import_sheet(sheet)
    assert not result.has_validation_errors(), result.invalid_rows
    assert (result.totals["update"], result.totals["new"]) == (1, 1)
    fact.refresh_from_db()
    assert fact.value == 158552 and fact.source == "INSEE"
    assert (fact.as_of, fact.as_of_precision) == (datetime.date(2020, 1, 1), "month")
    assert PartnerFact.objects.filter(partner=grenoble).count() == 2


def test_a_fact_for_an_unknown_partner_is_reported_and_nothing_changes():
    make_partner(slug="grenoble")
    sheet = tablib.Dataset(headers=HEADERS)
    sheet.append(["grenoble", "人口", "Population", "158552", "人", "", "2020", ""])
    sheet.append(["grenobel", "面積", "Area", "18.13", "", "", "2020", ""])
    with translation.override("en"):
        result = import_sheet(sheet)
    [invalid] = result.invalid_rows
    assert invalid.number == 2
    assert "“grenobel”" in " ".join(invalid.field_specific_errors["partner"])
    assert not PartnerFact.objects.exists()


def test_a_sheet_giving_the_same_fact_twice_is_refused():
    make_partner(slug="grenoble")
    sheet = tablib.Dataset(headers=HEADERS)
    sheet.append(["grenoble", "人口", "Population", "1", "", "", "2020", ""])
    sheet.append(["grenoble", "人口", "Population", "2", "", "", "2021", ""])
    result = import_sheet(sheet)
    assert result.has_errors()
    assert not PartnerFact.objects.exists()
