from decimal import Decimal

import pytest

from office.numbers import format_quantity


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        ("1470000", "", "1.47 million"),
        ("13000000", "", "13 million"),
        ("2500000000", "", "2.5 billion"),
        ("160000", "", "160,000"),
        ("12663", "", "12,663"),
        ("1997.47", "km²", "1,997.47 km²"),
        ("18.00", "km²", "18 km²"),
        ("1234567", "", "1,234,567"),
        ("49", "", "49"),
    ],
)
def test_english_figures_use_thousands_separators_and_million_or_billion(value, unit, expected):
    assert format_quantity(Decimal(value), unit=unit, language="en") == expected


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        ("1470000", "人", "147万人"),
        ("160000", "人", "16万人"),
        ("371000", "人", "37.1万人"),
        ("13000000", "人", "1,300万人"),
        ("250000000", "人", "2.5億人"),
        ("12663", "人", "12,663人"),
        ("1997.47", "km²", "1,997.47km²"),
        ("9999", "", "9,999"),
    ],
)
def test_japanese_figures_group_by_man_and_oku(value, unit, expected):
    assert format_quantity(Decimal(value), unit=unit, language="ja") == expected


def test_a_figure_is_never_rounded_to_fit_a_scale():
    assert format_quantity(Decimal("1234567"), language="ja") == "1,234,567"
    assert format_quantity(Decimal("1470001"), language="en") == "1,470,001"
