import datetime

import pytest

from visits.working_days import add_working_days, is_working_day

D = datetime.date


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2026, 11, 24), True),  # a Tuesday
        (D(2026, 11, 28), False),  # Saturday
        (D(2026, 11, 23), False),  # Labour Thanksgiving Day
        (D(2026, 5, 5), False),  # Children's Day (Golden Week)
        (D(2026, 12, 29), False),  # city hall closed for the year end
        (D(2027, 1, 4), True),  # first working day of 2027
    ],
)
def test_working_days_skip_weekends_holidays_and_the_year_end(day, expected):
    assert is_working_day(day) is expected


def test_ten_working_days_across_golden_week():
    # From Tuesday 28 April 2026: 29 April (Showa Day), 2-3 May (weekend), 4-6 May
    # (Greenery Day, Children's Day, the substitute for Constitution Day) do not count:
    # 30 Apr, 1, 7, 8, 11, 12, 13, 14, 15 and 18 May.
    assert add_working_days(D(2026, 4, 28), 10) == D(2026, 5, 18)


def test_working_days_across_the_year_end():
    # From Friday 25 December 2026: 28 Dec, then 4, 5, 6, 7 January 2027.
    assert add_working_days(D(2026, 12, 25), 5) == D(2027, 1, 7)
