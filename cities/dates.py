"""Dates known only to the year or the month ("1984", "July 2010").

A partial date is stored as a DateField plus a precision. The date is normalised to the
first day of its month or year so that sorting works, and it is never shown with a day
or month it does not have.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import formats, translation
from django.utils.translation import gettext_lazy as _


class DatePrecision(models.TextChoices):
    DAY = "day", _("day")
    MONTH = "month", _("month")
    YEAR = "year", _("year only")


# English dates are written out in full ("12 November 2013"), whatever the server's locale.
ENGLISH_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def validate_partial_date(value, precision):
    """Raise ValidationError when a date carries more detail than its precision says."""
    if value is None or not precision:
        return
    if precision == DatePrecision.YEAR and (value.month, value.day) != (1, 1):
        raise ValidationError(
            _("A date known only to the year cannot have a month or a day: enter 1 January."),
            code="year_with_day",
        )
    if precision == DatePrecision.MONTH and value.day != 1:
        raise ValidationError(
            _("A date known only to the month cannot have a day: enter the 1st."),
            code="month_with_day",
        )


def format_partial_date(value, precision=DatePrecision.DAY, language=None):
    """'12 November 2013' / '2013年11月12日'; 'November 2013' / '2013年11月'; '1984' / '1984年'."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = value.date()
    language = language or translation.get_language() or "ja"
    precision = precision or DatePrecision.DAY
    if language.startswith("ja"):
        if precision == DatePrecision.YEAR:
            return f"{value.year}年"
        if precision == DatePrecision.MONTH:
            return f"{value.year}年{value.month}月"
        return f"{value.year}年{value.month}月{value.day}日"
    if language.startswith("en"):
        month = ENGLISH_MONTHS[value.month - 1]
        if precision == DatePrecision.YEAR:
            return str(value.year)
        if precision == DatePrecision.MONTH:
            return f"{month} {value.year}"
        return f"{value.day} {month} {value.year}"
    with translation.override(language):
        if precision == DatePrecision.YEAR:
            return str(value.year)
        if precision == DatePrecision.MONTH:
            return formats.date_format(value, "YEAR_MONTH_FORMAT")
        return formats.date_format(value, "DATE_FORMAT")
