"""Japanese working days: weekdays that are neither public holidays nor city-hall closures."""

import datetime
from functools import lru_cache

import holidays


@lru_cache(maxsize=32)
def _public_holidays(year):
    return holidays.Japan(years=year)


def is_public_holiday(day):
    return day in _public_holidays(day.year)


def is_year_end_closure(day):
    # City halls close from 29 December to 3 January (行政機関の休日に関する法律).
    return (day.month == 12 and day.day >= 29) or (day.month == 1 and day.day <= 3)


def is_working_day(day):
    return day.weekday() < 5 and not is_public_holiday(day) and not is_year_end_closure(day)


def add_working_days(start, days):
    """The date `days` working days after `start` (start itself does not count)."""
    day = start
    remaining = days
    while remaining > 0:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day
