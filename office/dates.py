"""Dates known only to the year or the month ("1984", "July 2010"), and the fiscal year.

A partial date is stored as a DateField plus a precision. The date is normalised to the
first day of its month or year so that sorting works, and it is never shown with a day
or month it does not have.
"""

import datetime
import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import formats, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class DatePrecision(models.TextChoices):
    DAY = "day", _("day")
    MONTH = "month", _("month")
    YEAR = "year", _("year only")


def partial_date(verbose_name, *, null=False, blank=False, precision=DatePrecision.DAY, **kwargs):
    """A partial date's two model fields: the date and how much of it is known.

    signed_on, signed_on_precision = partial_date(_("signed on"))

    `precision` is the precision a new record starts with; other keyword arguments go to
    the DateField. A model's clean() still calls validate_partial_date() on the pair.
    """
    date = models.DateField(verbose_name, null=null, blank=blank, **kwargs)
    date_precision = models.CharField(
        _("precision of the date"),
        max_length=5,
        choices=DatePrecision.choices,
        default=precision,
    )
    return date, date_precision


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


_MONTHS = {name.lower(): number for number, name in enumerate(ENGLISH_MONTHS, start=1)}
_MONTHS.update({name[:3].lower(): number for name, number in list(_MONTHS.items())})
_MONTH_NAME = r"(?P<month_name>[A-Za-z]{3,9})\.?"
_PARTIAL_DATE_PATTERNS = [
    # 2014-07-23, 2014/7/23, 2014.7.23
    (r"(?P<year>\d{4})[-/.](?P<month>\d{1,2})[-/.](?P<day>\d{1,2})", DatePrecision.DAY),
    # 2014年7月23日
    (r"(?P<year>\d{4})年\s*(?P<month>\d{1,2})月\s*(?P<day>\d{1,2})日", DatePrecision.DAY),
    # July 23, 2014
    (rf"{_MONTH_NAME}\s+(?P<day>\d{{1,2}}),?\s+(?P<year>\d{{4}})", DatePrecision.DAY),
    # 23 July 2014
    (rf"(?P<day>\d{{1,2}})\s+{_MONTH_NAME},?\s+(?P<year>\d{{4}})", DatePrecision.DAY),
    # 2014-07, 2014/7
    (r"(?P<year>\d{4})[-/.](?P<month>\d{1,2})", DatePrecision.MONTH),
    # 2014年7月
    (r"(?P<year>\d{4})年\s*(?P<month>\d{1,2})月", DatePrecision.MONTH),
    # July 2014
    (rf"{_MONTH_NAME},?\s+(?P<year>\d{{4}})", DatePrecision.MONTH),
    # 2014, 2014年
    (r"(?P<year>\d{4})年?", DatePrecision.YEAR),
]


def parse_partial_date(text):
    """Read a date as people write it in spreadsheets, keeping what is known of it.

    Returns (date, precision); the date is normalised to the first of its month or year.
    Raises ValueError with a translated message for anything else.
    """
    value = (text or "").strip().replace("　", " ")
    # Full-width digits, as Japanese spreadsheets often have them.
    value = value.translate(str.maketrans("０１２３４５６７８９／－", "0123456789/-"))
    for pattern, precision in _PARTIAL_DATE_PATTERNS:
        match = re.fullmatch(pattern, value)
        if not match:
            continue
        parts = match.groupdict()
        if parts.get("month_name"):
            month = _MONTHS.get(parts["month_name"].lower())
            if month is None:
                break
        else:
            month = int(parts.get("month") or 1)
        day = int(parts.get("day") or 1)
        try:
            return datetime.date(int(parts["year"]), month, day), precision
        except ValueError:
            break
    raise ValueError(
        _(
            "“%(value)s” is not a date. Write it like 2014-07-23, 2014/7/23, "
            "23 July 2014, 2014年7月23日, 2014-07 or 2014."
        )
        % {"value": text}
    )


# The Japanese fiscal year (年度) runs from 1 April to 31 March and is named after the
# year it starts in: fiscal year 2026 is 2026-04-01 to 2027-03-31.
FISCAL_YEAR_START_MONTH = 4


def fiscal_year(value):
    """The fiscal year (年度) a date falls in: 31 March 2027 is in 2026, 1 April 2027 in 2027."""
    return value.year if value.month >= FISCAL_YEAR_START_MONTH else value.year - 1


def fiscal_year_bounds(year):
    """(first day, last day) of a fiscal year: 2026 -> (2026-04-01, 2027-03-31)."""
    first = datetime.date(year, FISCAL_YEAR_START_MONTH, 1)
    return first, datetime.date(year + 1, FISCAL_YEAR_START_MONTH, 1) - datetime.timedelta(days=1)


def fiscal_year_months(year):
    """The first day of each month of a fiscal year, April to March."""
    first, _last = fiscal_year_bounds(year)
    return [
        datetime.date(first.year + (first.month - 1 + n) // 12, (first.month - 1 + n) % 12 + 1, 1)
        for n in range(12)
    ]


def format_fiscal_year(year, *, with_months=False):
    """'fiscal year 2026' / '2026年度'; with_months adds '(April 2026 – March 2027)'."""
    name = gettext("fiscal year %(year)s") % {"year": year}
    if not with_months:
        return name
    first, last = fiscal_year_bounds(year)
    return gettext("%(fiscal_year)s (%(first_month)s – %(last_month)s)") % {
        "fiscal_year": name,
        "first_month": format_partial_date(first, DatePrecision.MONTH),
        "last_month": format_partial_date(last, DatePrecision.MONTH),
    }


def partial_iso(value, precision=DatePrecision.DAY):
    """'2013-11-12', '2004-06' or '1989': the form spreadsheets and open data use."""
    if value is None:
        return ""
    if precision == DatePrecision.YEAR:
        return f"{value.year:04d}"
    if precision == DatePrecision.MONTH:
        return f"{value.year:04d}-{value.month:02d}"
    return value.isoformat()
