import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from office.dates import (
    DatePrecision,
    fiscal_year,
    fiscal_year_bounds,
    fiscal_year_months,
    format_fiscal_year,
    format_partial_date,
    parse_partial_date,
    partial_date,
    validate_partial_date,
)

SIGNED = datetime.date(2013, 11, 12)


@pytest.mark.parametrize(
    ("value", "precision", "language", "expected"),
    [
        (SIGNED, DatePrecision.DAY, "en", "12 November 2013"),
        (SIGNED, DatePrecision.DAY, "ja", "2013年11月12日"),
        (datetime.date(2010, 7, 1), DatePrecision.MONTH, "en", "July 2010"),
        (datetime.date(2010, 7, 1), DatePrecision.MONTH, "ja", "2010年7月"),
        (datetime.date(1984, 1, 1), DatePrecision.YEAR, "en", "1984"),
        (datetime.date(1984, 1, 1), DatePrecision.YEAR, "ja", "1984年"),
    ],
)
def test_dates_show_only_what_is_known_in_the_readers_language(
    value, precision, language, expected
):
    assert format_partial_date(value, precision, language) == expected


def test_a_year_known_alone_never_shows_a_made_up_first_of_january():
    assert "January" not in format_partial_date(datetime.date(1984, 1, 1), "year", "en")


def test_a_missing_date_shows_nothing():
    assert format_partial_date(None, DatePrecision.DAY, "en") == ""


@pytest.mark.parametrize(
    ("value", "precision"),
    [(datetime.date(1984, 6, 1), DatePrecision.YEAR), (datetime.date(2010, 7, 15), "month")],
)
def test_a_date_with_more_detail_than_its_precision_is_refused(value, precision):
    with pytest.raises(ValidationError):
        validate_partial_date(value, precision)


def test_a_normalised_partial_date_is_accepted():
    validate_partial_date(datetime.date(1984, 1, 1), DatePrecision.YEAR)
    validate_partial_date(datetime.date(2010, 7, 1), DatePrecision.MONTH)
    validate_partial_date(SIGNED, DatePrecision.DAY)


@pytest.mark.parametrize(
    ("text", "expected", "precision"),
    [
        ("2014-07-23", datetime.date(2014, 7, 23), DatePrecision.DAY),
        ("2014/7/23", datetime.date(2014, 7, 23), DatePrecision.DAY),
        ("July 23, 2014", datetime.date(2014, 7, 23), DatePrecision.DAY),
        ("23 July 2014", datetime.date(2014, 7, 23), DatePrecision.DAY),
        ("2014年7月23日", datetime.date(2014, 7, 23), DatePrecision.DAY),
        ("２０１４年７月２３日", datetime.date(2014, 7, 23), DatePrecision.DAY),
        ("2014-07", datetime.date(2014, 7, 1), DatePrecision.MONTH),
        ("2014年7月", datetime.date(2014, 7, 1), DatePrecision.MONTH),
        ("July 2010", datetime.date(2010, 7, 1), DatePrecision.MONTH),
        ("2014", datetime.date(2014, 1, 1), DatePrecision.YEAR),
        (" 1984年 ", datetime.date(1984, 1, 1), DatePrecision.YEAR),
    ],
)
def test_spreadsheet_dates_are_read_with_their_precision(text, expected, precision):
    assert parse_partial_date(text) == (expected, precision)


@pytest.mark.parametrize("text", ["", "2014-13-01", "2014-02-30", "Julember 2014", "14/7/23", "x"])
def test_anything_else_is_refused_with_a_message_that_shows_the_forms_accepted(text):
    with pytest.raises(ValueError, match="2014-07-23"):
        parse_partial_date(text)


@pytest.mark.parametrize(
    ("day", "year"),
    [
        (datetime.date(2027, 3, 31), 2026),
        (datetime.date(2027, 4, 1), 2027),
        (datetime.date(2026, 4, 1), 2026),
        (datetime.date(2026, 12, 31), 2026),
        (datetime.date(2027, 1, 1), 2026),
    ],
)
def test_a_fiscal_year_runs_from_april_to_march_and_is_named_after_its_start(day, year):
    assert fiscal_year(day) == year


def test_fiscal_year_2026_is_1_april_2026_to_31_march_2027():
    assert fiscal_year_bounds(2026) == (datetime.date(2026, 4, 1), datetime.date(2027, 3, 31))


def test_a_fiscal_year_ending_in_a_leap_year_still_ends_on_31_march():
    first, last = fiscal_year_bounds(2027)
    assert (first, last) == (datetime.date(2027, 4, 1), datetime.date(2028, 3, 31))
    assert fiscal_year(first) == fiscal_year(last) == 2027


def test_a_partial_date_is_a_date_and_its_precision_declared_together():
    date, precision = partial_date("as of", null=True, blank=True, precision=DatePrecision.YEAR)
    assert (date.verbose_name, date.null, date.blank) == ("as of", True, True)
    assert precision.choices == DatePrecision.choices
    assert precision.default == DatePrecision.YEAR
    # Created in this order, so forms and the admin show the date before its precision.
    assert date.creation_counter < precision.creation_counter


def test_a_fiscal_years_months_run_from_april_to_march():
    months = fiscal_year_months(2026)
    assert months[0] == datetime.date(2026, 4, 1)
    assert months[8] == datetime.date(2026, 12, 1)
    assert months[9] == datetime.date(2027, 1, 1)
    assert months[-1] == datetime.date(2027, 3, 1)
    assert len(months) == 12


def test_a_fiscal_year_is_named_with_its_first_and_last_month():
    with translation.override("en"):
        assert format_fiscal_year(2026) == "fiscal year 2026"
        assert (
            format_fiscal_year(2026, with_months=True)
            == "fiscal year 2026 (April 2026 – March 2027)"
        )
