"""Figures the way each language writes them: "1.47 million" / 「147万」.

A figure is only shortened when nothing is lost: 12,663 stays 12,663 in both languages.
"""

from decimal import Decimal

from django.utils import translation

ENGLISH_SCALES = ((Decimal(10) ** 9, "billion"), (Decimal(10) ** 6, "million"))
# Japanese groups by ten thousands: 万 (10^4) and 億 (10^8).
JAPANESE_SCALES = ((Decimal(10) ** 8, "億"), (Decimal(10) ** 4, "万"))
MAX_DECIMALS = 2


def plain(value):
    """1997.470 -> '1,997.47'; 18.00 -> '18'."""
    value = Decimal(value)
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return f"{value.normalize():,f}"


def shortened(value, scales):
    """(number, scale word) when value is a whole number of a scale to two decimals."""
    for size, word in scales:
        if abs(value) >= size:
            scaled = (value / size).normalize()
            if -scaled.as_tuple().exponent <= MAX_DECIMALS:
                return plain(scaled), word
            return None
    return None


def format_quantity(value, *, unit="", language=None):
    """'1.47 million', '1,997.47 km²' (English); '147万人', '1,997.47km²' (Japanese)."""
    if value is None:
        return ""
    value = Decimal(value)
    language = language or translation.get_language() or "ja"
    if language.startswith("ja"):
        short = shortened(value, JAPANESE_SCALES)
        number = f"{short[0]}{short[1]}" if short else plain(value)
        return f"{number}{unit}"
    short = shortened(value, ENGLISH_SCALES)
    number = f"{short[0]} {short[1]}" if short else plain(value)
    return f"{number} {unit}" if unit else number
