import datetime
import io

import openpyxl
import pytest
from django.utils import translation

from exchanges import report
from exchanges.models import Exchange
from tests.factories import make_exchange, make_partner

pytestmark = pytest.mark.django_db

D = datetime.date
Direction = Exchange.Direction


@pytest.fixture
def fiscal_2026():
    """Known data: four exchanges in fiscal year 2026 (April 2026 – March 2027), two outside."""
    daejeon = make_partner(slug="daejeon", name_en="Daejeon", country="KR")
    shenzhen = make_partner(slug="shenzhen", name_en="Shenzhen", country="CN")
    grenoble = make_partner(slug="grenoble", name_en="Grenoble", country="FR")
    metropole = make_partner(slug="metropole", name_en="Grenoble-Alpes", country="FR")
    make_exchange(
        partners=[daejeon],
        kind="youth-exchange",
        direction=Direction.SENT,
        starts_on=D(2026, 4, 1),
        city_people=15,
    )
    make_exchange(
        partners=[shenzhen],
        kind="online-exchange",
        direction=Direction.BOTH,
        starts_on=D(2026, 7, 1),
        starts_on_precision="month",
        city_people=20,
        partner_people=20,
        published=False,  # counted: the report is the record, not the website
    )
    make_exchange(
        partners=[grenoble, metropole],
        kind="delegation-received",
        direction=Direction.RECEIVED,
        starts_on=D(2027, 3, 31),
        partner_people=6,
    )
    make_exchange(
        partners=[],
        country="GB",
        kind="delegation-received",
        direction=Direction.RECEIVED,
        starts_on=D(2026, 11, 8),
        partner_people=10,
    )
    # Outside the year: the day before, the day after, and a date known only to the year.
    make_exchange(partners=[daejeon], starts_on=D(2026, 3, 31), city_people=99)
    make_exchange(partners=[daejeon], starts_on=D(2027, 4, 1), city_people=99)
    make_exchange(partners=[daejeon], starts_on=D(2026, 1, 1), starts_on_precision="year")


def rows(figures, section):
    return {
        row.label: (row.exchanges, row.city_people, row.partner_people)
        for row in figures.sections[section]
    }


def test_the_yearly_report_totals_exchanges_and_people(fiscal_2026):
    with translation.override("en"):
        figures = report.figures(fiscal_year=2026)
    total = figures.total
    assert (total.exchanges, total.city_people, total.partner_people) == (4, 35, 36)
    assert total.people == 71
    assert figures.unplaced == 1


def test_the_report_splits_received_and_sent(fiscal_2026):
    with translation.override("en"):
        figures = report.figures(fiscal_year=2026)
    assert list(rows(figures, "direction").values()) == [(2, 0, 16), (1, 15, 0), (1, 20, 20)]


def test_the_report_counts_by_kind_partner_and_country(fiscal_2026):
    with translation.override("en"):
        figures = report.figures(fiscal_year=2026)
    assert rows(figures, "kind") == {
        "Delegation received": (2, 0, 16),
        "Youth exchange": (1, 15, 0),
        "Online exchange": (1, 20, 20),
    }
    # An exchange with two partners counts for each; one without is "Not a partner".
    assert rows(figures, "partner") == {
        "Shenzhen": (1, 20, 20),
        "Daejeon": (1, 15, 0),
        "Not a partner": (1, 0, 10),
        "Grenoble": (1, 0, 6),
        "Grenoble-Alpes": (1, 0, 6),
    }
    assert rows(figures, "country") == {
        "China": (1, 20, 20),
        "South Korea": (1, 15, 0),
        "United Kingdom": (1, 0, 10),
        "France": (1, 0, 6),
    }


def test_the_report_reads_the_year_in_three_queries(fiscal_2026, django_assert_num_queries):
    # Exchanges with their kind, their partners, and the count of year-only dates.
    with django_assert_num_queries(3):
        report.figures(fiscal_year=2026)


def test_the_workbook_has_japanese_headings_and_the_same_totals(fiscal_2026):
    with translation.override("en"):  # the staff member's language does not matter
        content = report.as_xlsx(fiscal_year=2026)
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    summary = workbook.worksheets[0]
    assert summary["A1"].value == "2026年度"
    assert [cell.value for cell in summary[2]] == [
        "項目",
        "件数",
        "市からの人数",
        "相手側の人数",
        "合計人数",
    ]
    assert [cell.value for cell in summary[3]] == ["合計", 4, 35, 36, 71]
    by_kind = workbook["種類別"]
    assert by_kind["A2"].value == "訪問団の受入れ"
    assert [cell.value for cell in by_kind[by_kind.max_row]][1:] == [4, 35, 36, 71]
