"""Spreadsheet formats for the admin's import and export, as Japanese offices use them.

- CSV is written as UTF-8 with a byte-order mark, so Excel on Japanese Windows opens it
  right, and read as UTF-8 (with or without the mark) or as Shift_JIS/CP932, which is what
  Japanese Excel saves.
- A text cell that starts like a formula (=, +, -, @, tab, carriage return) is written with
  a leading apostrophe, so Excel shows it as text and never runs it; reading the file back
  removes that apostrophe again, so an unchanged export re-imports unchanged.
"""

import datetime

import tablib
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django_countries import countries
from django_countries.fields import CountryField
from import_export import fields, resources, widgets
from import_export.formats import base_formats

from cities.dates import DatePrecision, parse_partial_date, partial_iso
from cities.import_progress import DeferredImport

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_COUNTRY_CODES = frozenset(code for code, _name in countries)


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


class PartialDateField(fields.Field):
    """A date with its precision as one column: '2013-11-12', '2004-06' or '1989'.

    Reads every form parse_partial_date knows (2014/7/23, 23 July 2014, 2014年7月, ...)
    and sets the date and its `<attribute>_precision` together.
    """

    def __init__(self, attribute, column_name=None, **kwargs):
        super().__init__(attribute=attribute, column_name=column_name or attribute, **kwargs)
        self.precision_attribute = f"{attribute}_precision"

    def export(self, instance, **kwargs):
        return partial_iso(
            getattr(instance, self.attribute), getattr(instance, self.precision_attribute)
        )

    def save(self, instance, row, is_m2m=False, **kwargs):
        if self.readonly:
            return
        text = row.get(self.column_name)
        if isinstance(text, datetime.datetime):  # a date cell in a workbook
            value, precision = text.date(), DatePrecision.DAY
        elif isinstance(text, datetime.date):
            value, precision = text, DatePrecision.DAY
        elif text is None or str(text).strip() == "":
            value, precision = None, DatePrecision.DAY
        else:
            # A bare year in a workbook arrives as the number 2014 (or 2014.0).
            if isinstance(text, float) and text.is_integer():
                text = int(text)
            value, precision = parse_partial_date(str(text))
        setattr(instance, self.attribute, value)
        setattr(instance, self.precision_attribute, precision)


class NumberWidget(widgets.DecimalWidget):
    """A decimal whose bad value is a clear, translated error on its own row and column."""

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row=row, **kwargs)
        except (ArithmeticError, ValueError, TypeError):
            raise ValueError(
                _("“%(value)s” is not a number. Write it like 45.188529.") % {"value": value}
            ) from None


class WholeNumberWidget(widgets.IntegerWidget):
    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row=row, **kwargs)
        except (ArithmeticError, ValueError, TypeError):
            raise ValueError(_("“%(value)s” is not a whole number.") % {"value": value}) from None


def _same_value(first, second):
    if first in (None, "") and second in (None, ""):
        return True
    return first == second


class SpreadsheetResource(resources.ModelResource):
    """What every Twinning resource shares.

    - Bad numbers and dates are reported on their row and column, translated.
    - A row counts as unchanged when every value is the same: an empty optional
      translation is None in the database and "" in a file, and 45.1 is 45.100000; neither
      is a change, so an unchanged export re-imports with nothing new and nothing updated.
    """

    WIDGETS_MAP = {
        **resources.ModelResource.WIDGETS_MAP,
        "DecimalField": NumberWidget,
        "PositiveSmallIntegerField": WholeNumberWidget,
        "PositiveIntegerField": WholeNumberWidget,
        "IntegerField": WholeNumberWidget,
    }

    def __init__(self, *, progress_from_rows=None, **kwargs):
        super().__init__(**kwargs)
        # The admin sets progress_from_rows: a sheet that long is handed back unimported
        # (DeferredImport) for the admin to run with its progress shown.
        self.progress_from_rows = progress_from_rows
        self.import_progress = None  # called with each row's number as it is done

    def import_data(self, dataset, *args, **kwargs):
        if self.progress_from_rows is not None and len(dataset) >= self.progress_from_rows:
            return DeferredImport(self, dataset, args, kwargs)
        return self.import_now(dataset, *args, **kwargs)

    def import_now(self, dataset, *args, rollback_on_validation_errors=True, **kwargs):
        # All or nothing: one row that fails the model's checks undoes the whole import.
        return super().import_data(
            dataset, *args, rollback_on_validation_errors=rollback_on_validation_errors, **kwargs
        )

    def import_row(self, row, instance_loader, **kwargs):
        row_result = super().import_row(row, instance_loader, **kwargs)
        if self.import_progress is not None:
            self.import_progress(kwargs["row_number"])
        return row_result

    def before_import(self, dataset, **kwargs):
        # Rows are matched on their import id, so a sheet that names one twice is refused
        # as a whole (it would otherwise update the same row twice).
        super().before_import(dataset, **kwargs)
        for column in self.get_import_id_fields():
            if column not in (dataset.headers or []):
                continue
            seen = {}
            for number, value in enumerate(dataset[column], start=1):
                if value in (None, ""):
                    continue
                if value in seen:
                    raise ValueError(
                        _("Rows %(first)s and %(second)s both have %(column)s “%(value)s”.")
                        % {"first": seen[value], "second": number, "column": column, "value": value}
                    )
                seen[value] = number

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """The model's own checks, at import speed.

        Uniqueness is left out: rows are matched on their import id and before_import
        refuses a sheet that names one twice. Country codes are checked against a set
        instead of django-countries' per-row scan of 250 choices.
        """
        errors = dict(import_validation_errors or {})
        country_fields = [
            field.name
            for field in instance._meta.concrete_fields
            if isinstance(field, CountryField) and field.name not in errors
        ]
        for name in country_fields:
            code = getattr(instance, name).code
            if code and code not in _COUNTRY_CODES:
                errors[name] = [
                    _("“%(code)s” is not a country code (ISO 3166, e.g. FR).") % {"code": code}
                ]
        if self._meta.clean_model_instances:
            try:
                instance.full_clean(exclude=[*errors, *country_fields], validate_unique=False)
            except ValidationError as error:
                errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if not self._meta.skip_unchanged or self._meta.skip_diff or import_validation_errors:
            return False
        if original is None or original.pk is None:
            return False
        for field in self.get_import_fields():
            if isinstance(field.widget, widgets.ManyToManyWidget):
                if field.column_name not in row:
                    continue
                wanted = sorted(value.pk for value in field.clean(row))
                if wanted != sorted(value.pk for value in field.get_value(original).all()):
                    return False
            elif isinstance(field, PartialDateField):
                if field.export(instance) != field.export(original):  # date and precision
                    return False
            elif not _same_value(field.get_value(instance), field.get_value(original)):
                return False
        return True
