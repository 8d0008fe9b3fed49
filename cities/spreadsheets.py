"""Spreadsheet formats for the admin's import and export, as Japanese offices use them.

- CSV is written as UTF-8 with a byte-order mark, so Excel on Japanese Windows opens it
  right, and read as UTF-8 (with or without the mark) or as Shift_JIS/CP932, which is what
  Japanese Excel saves.
- A text cell that starts like a formula (=, +, -, @, tab, carriage return) is written with
  a leading apostrophe, so Excel shows it as text and never runs it; reading the file back
  removes that apostrophe again, so an unchanged export re-imports unchanged.
"""

import tablib
from django.utils.translation import gettext as _
from import_export.formats import base_formats

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def escape_formula(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def unescape_formula(value):
    if isinstance(value, str) and value[:1] == "'" and value[1:2] and value[1] in "=+-@\t\r":
        return value[1:]
    return value


def _map_cells(dataset, function):
    result = tablib.Dataset(headers=dataset.headers, title=dataset.title)
    for row in dataset:
        result.append([function(cell) for cell in row])
    return result


def decode_spreadsheet_text(data):
    """Text of a CSV file saved as UTF-8 (with or without BOM) or as Shift_JIS (CP932)."""
    for encoding in ("utf-8-sig", "cp932"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValueError(
        _(
            "The file is neither UTF-8 nor Shift_JIS text. In Excel, save it as "
            "“CSV UTF-8” and try again."
        )
    )


class CSVForExcel(base_formats.CSV):
    """CSV for Excel: encoded and decoded here, so the file's bytes reach us untouched."""

    def is_binary(self):
        return True

    def get_read_mode(self):
        return "rb"

    def create_dataset(self, in_stream, **kwargs):
        if isinstance(in_stream, bytes):
            in_stream = decode_spreadsheet_text(in_stream)
        dataset = tablib.import_set(in_stream, format="csv", **kwargs)
        return _map_cells(dataset, unescape_formula)

    def export_data(self, dataset, **kwargs):
        return _map_cells(dataset, escape_formula).export("csv").encode("utf-8-sig")


class ExcelWorkbook(base_formats.XLSX):
    """XLSX with formula-like text written as text."""

    def create_dataset(self, in_stream):
        return _map_cells(super().create_dataset(in_stream), unescape_formula)

    def export_data(self, dataset, **kwargs):
        return super().export_data(_map_cells(dataset, escape_formula), **kwargs)


SPREADSHEET_FORMATS = [CSVForExcel, ExcelWorkbook]
