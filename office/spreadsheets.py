"""Spreadsheet formats for the admin's import and export, as Japanese offices use them.

- CSV is written as UTF-8 with a byte-order mark, so Excel on Japanese Windows opens it
  right, and read as UTF-8 (with or without the mark) or as Shift_JIS/CP932, which is what
  Japanese Excel saves.
- A text cell that starts like a formula (=, +, -, @, tab, carriage return) is written with
  a leading apostrophe, so Excel shows it as text and never runs it; reading the file back
  removes that apostrophe again, so an unchanged export re-imports unchanged.
- A workbook (or any Office file, which is a ZIP archive) is measured before anything
  unpacks it (check_zip_container): a small file that unpacks to gigabytes is refused at
  once, and a workbook is then read row by row up to a bounded size (read_workbook_rows).
"""

import copy
import datetime
import functools
import io
import zipfile
from contextlib import contextmanager, nullcontext
from decimal import Decimal

import tablib
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django_countries import countries
from django_countries.fields import CountryField
from import_export import fields, resources, widgets
from import_export.formats import base_formats
from modeltranslation.manager import get_translatable_fields_for_model

from office.dates import DatePrecision, parse_partial_date, partial_iso
from office.import_progress import DeferredImport
from office.library_seam import (
    copy_new_record,
    field_values,
    keeps_value_as_set,
    skips_diff,
    without_diff,
)

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@functools.cache
def _country_codes():
    return frozenset(code for code, _name in countries)


def is_country_code(code):
    """True for an ISO 3166 code django-countries knows (FR, JP), in capitals.

    A set lookup: django-countries' own check scans its 250 choices on every row.
    """
    return code in _country_codes()


def escape_formula(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def unescape_formula(value):
    if isinstance(value, str) and value[:1] == "'" and value[1:2] and value[1] in "=+-@\t\r":
        return value[1:]
    return value


def _is_blank(cell):
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _map_cells(dataset, function):
    # Rows handed to the constructor are not checked one by one, as append() does: they
    # have the dataset's width already. Blank rows at the end (Excel keeps them below a
    # table, after a template's example is cleared) are no record; blank rows between
    # records stay, so every error keeps the sheet's own line number.
    end = len(dataset)
    while end and all(map(_is_blank, dataset[end - 1])):
        end -= 1
    rows = ([function(cell) for cell in row] for row in dataset[:end])
    return tablib.Dataset(*rows, headers=dataset.headers, title=dataset.title)


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


MEGABYTE = 1024 * 1024

# What an Office file may unpack to. Python's zipfile stops at each member's declared size
# (and then fails its checksum), so the sizes in the archive's directory are the most that
# anything reading through zipfile (openpyxl included) will ever unpack.
MAX_ZIP_MEMBERS = 5_000
MAX_UNPACKED_BYTES = 100 * MEGABYTE
# Office XML packs 5 to 20 times; a larger member packed over 100 times is a bomb.
MAX_COMPRESSION_RATIO = 100
RATIO_CHECKED_FROM_BYTES = 1 * MEGABYTE
# A sheet an import or a member list reads: far more than the division's real sheets.
MAX_SHEET_ROWS = 100_000
MAX_SHEET_COLUMNS = 200


class UnsafeFile(ValueError):
    """A file refused before it is read: it would take too much memory or time."""


def check_zip_container(file, *, max_unpacked_bytes=MAX_UNPACKED_BYTES):
    """The names in an Office file (ZIP), after checking what it would unpack to.

    Raises UnsafeFile, with a message for the person who sent it, when the archive has
    too many parts, unpacks to more than `max_unpacked_bytes` or packs a part suspiciously
    tightly; zipfile.BadZipFile when it is no ZIP archive. Only the archive's directory
    is read: nothing is unpacked.
    """
    if isinstance(file, bytes | bytearray):
        file = io.BytesIO(file)
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        with zipfile.ZipFile(file) as archive:
            parts = archive.infolist()
    finally:
        file.seek(position)
    if len(parts) > MAX_ZIP_MEMBERS:
        raise UnsafeFile(
            _("The file has more than %(count)s parts; it looks damaged.")
            % {"count": MAX_ZIP_MEMBERS}
        )
    unpacked = 0
    for part in parts:
        unpacked += part.file_size
        if unpacked > max_unpacked_bytes:
            raise UnsafeFile(
                _(
                    "The file unpacks to more than %(megabytes)s MB, more than a real "
                    "document or sheet of this kind. Please send a smaller file."
                )
                % {"megabytes": max_unpacked_bytes // MEGABYTE}
            )
        if (
            part.file_size > RATIO_CHECKED_FROM_BYTES
            and part.file_size > MAX_COMPRESSION_RATIO * max(part.compress_size, 1)
        ):
            raise UnsafeFile(
                _(
                    "The file is packed far more tightly than a real document or sheet; "
                    "it looks damaged or built to overload the site. Please save it again "
                    "and send the new file."
                )
            )
    return [part.filename for part in parts]


def read_workbook_rows(
    data,
    *,
    max_rows=MAX_SHEET_ROWS,
    max_columns=MAX_SHEET_COLUMNS,
    max_unpacked_bytes=MAX_UNPACKED_BYTES,
):
    """The values of a workbook's first sheet, row by row, within bounded size.

    The archive is checked first (check_zip_container); openpyxl then reads it in its
    read-only (streaming) mode. UnsafeFile past `max_rows` rows; columns past
    `max_columns` are never read.
    """
    from openpyxl import load_workbook

    stream = data if hasattr(data, "read") else io.BytesIO(data)
    check_zip_container(stream, max_unpacked_bytes=max_unpacked_bytes)
    workbook = load_workbook(stream, read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        rows = []
        width = 0  # the last column with a value in any row
        for row in sheet.iter_rows(values_only=True, max_col=max_columns):
            if len(rows) >= max_rows:
                raise UnsafeFile(
                    _("The sheet has more than %(count)s rows. Please split it.")
                    % {"count": max_rows}
                )
            row = list(row)
            while row and row[-1] is None:
                row.pop()
            width = max(width, len(row))
            rows.append(row)
        # openpyxl pads each row to max_col: keep the columns that hold something.
        return [row + [None] * (width - len(row)) for row in rows]
    finally:
        workbook.close()


class ExcelWorkbook(base_formats.XLSX):
    """XLSX with formula-like text written as text, read within bounded size."""

    def create_dataset(self, in_stream):
        rows = read_workbook_rows(in_stream)
        dataset = tablib.Dataset()
        if rows:
            dataset.headers = rows[0]
        ignore_blanks = getattr(settings, "IMPORT_EXPORT_IMPORT_IGNORE_BLANK_LINES", False)
        for row in rows[1:]:
            if ignore_blanks and all(value is None for value in row):
                continue
            dataset.append(row)
        return _map_cells(dataset, unescape_formula)

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


_MISSING = object()


def _check_key(value):
    """What a field's check depends on: the value, and for a decimal how it is written
    (45.1 and 45.1000000 are equal, but the second has too many decimal places)."""
    if isinstance(value, Decimal):
        return Decimal, value.as_tuple()
    return type(value), value


class PassedChecks:
    """The values each field of a model passed its checks with, during one import.

    A field's check (type, length, choices, validators) looks at its value alone, so a
    value that passed once passes again and full_clean can leave that field out. Sheets
    repeat values (a kind, a yes/no) and a new record keeps the defaults a blank record
    passes with, so on most rows most of the thirty fields are known. Always checked:
    relations (their check asks the database) and a required translated field's
    untranslated mirror (it says some language has a value). An optional mirror is never
    checked: it holds one language's value, and that column is checked itself.
    """

    LIMIT = 100  # values kept per field: enough for codes and flags, not for names

    def __init__(self, model):
        translated = get_translatable_fields_for_model(model) or ()
        self.mirrors = [name for name in translated if model._meta.get_field(name).blank]
        self.fields = [
            field
            for field in model._meta.fields
            if field.name not in translated
            and not field.is_relation
            and not field.generated
            # The value kept in the record is the one its check sees (not so for a country).
            and keeps_value_as_set(model, field)
        ]
        self.passed = {field.attname: set() for field in self.fields}
        blank = model()
        self.blank_values = {}  # a default that passed: most fields of a new record
        for field in self.fields:
            value = field_values(blank).get(field.attname, _MISSING)
            try:
                cleaned = field.clean(value, blank)
            except ValidationError:
                continue
            if self._keep(field, value, cleaned):
                self.blank_values[field.attname] = value

    def split(self, instance):
        """Names of the fields whose value passed before; (field, value) of the others."""
        values = field_values(instance)
        blank_values = self.blank_values
        known, unknown = list(self.mirrors), []
        for field in self.fields:
            value = values.get(field.attname, _MISSING)
            if value is not _MISSING and value is blank_values.get(field.attname, _MISSING):
                known.append(field.name)
                continue
            try:
                if _check_key(value) in self.passed[field.attname]:
                    known.append(field.name)
                    continue
            except TypeError:  # an unhashable value is checked every time
                pass
            unknown.append((field, value))
        return known, unknown

    def learn(self, instance, unknown, *, skipped=()):
        """Keep the values a record passed full_clean with (and that it left as they were)."""
        values = field_values(instance)
        for field, value in unknown:
            if field.name not in skipped:
                self._keep(field, value, values.get(field.attname, _MISSING))

    def _keep(self, field, value, cleaned):
        """Keep value if its check left it as it was; True if kept."""
        passed = self.passed[field.attname]
        if value is _MISSING or len(passed) >= self.LIMIT:
            return False
        try:
            if _check_key(cleaned) == _check_key(value):
                passed.add(_check_key(value))
                return True
        except TypeError:
            pass
        return False


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
    - Ten thousand rows import in a few seconds: the confirming import builds no per-row
      diff (only the preview shows one), a new record is a copy of one blank record, and
      each field's value is checked once per import (PassedChecks). The shortcuts this
      takes past Django's and import-export's API are all in office/library_seam.py.
    """

    WIDGETS_MAP = {
        **resources.ModelResource.WIDGETS_MAP,
        "DecimalField": NumberWidget,
        "PositiveSmallIntegerField": WholeNumberWidget,
        "PositiveIntegerField": WholeNumberWidget,
        "IntegerField": WholeNumberWidget,
    }

    # Worked out once per import (see _one_import); empty outside an import.
    _import_fields = None
    _blank_record = None
    _passed_checks = None
    _imported_fields = None

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

    def import_now(
        self, dataset, dry_run=False, *args, rollback_on_validation_errors=True, **kwargs
    ):
        # All or nothing: one row that fails the model's checks undoes the whole import.
        with self._one_import(dry_run=dry_run):
            return super().import_data(
                dataset,
                dry_run,
                *args,
                rollback_on_validation_errors=rollback_on_validation_errors,
                **kwargs,
            )

    @contextmanager
    def _one_import(self, *, dry_run):
        """Settings and per-import work for one import_data call, undone afterwards."""
        # The per-row diff is what the admin's preview shows. The confirming import shows
        # none, and building it (a deep copy of each record, every column rendered twice
        # and compared as HTML) took a third of the import's time.
        with nullcontext() if dry_run else without_diff(self):
            self._import_fields = super().get_import_fields()
            self._blank_record = self._new_blank_record()
            self._passed_checks = PassedChecks(self._meta.model)
            try:
                yield
            finally:
                self._import_fields = None
                self._blank_record = None
                self._passed_checks = None
                self._imported_fields = None

    def get_import_fields(self):
        # Asked for several times a row; the answer is the same for the whole import.
        if self._import_fields is not None:
            return self._import_fields
        return super().get_import_fields()

    def _new_blank_record(self):
        """A new record to copy for each new row, or None if each must be built afresh.

        Building a record runs every field's default, and each translated field's default
        switches the language on and off: that cost more than the rest of the row. A copy
        of one blank record is the same record, unless a default is worked out anew each
        time (a function such as a date or a number), so then none is kept.
        """
        model = self._meta.model
        fields = model._meta.concrete_fields
        if any(field.has_default() and callable(field.default) for field in fields):
            return None
        return super().init_instance()

    def init_instance(self, row=None):
        if self._blank_record is None:
            return super().init_instance(row)
        return copy_new_record(self._blank_record)

    def after_init_instance(self, instance, new, row, **kwargs):
        super().after_init_instance(instance, new, row, **kwargs)
        # Without the diff import-export keeps no copy of the record as it was, and
        # skip_row needs one to see an unchanged row. A shallow copy does: importing
        # replaces a record's values, it never changes one in place.
        instance._import_original = None
        if not new and skips_diff(self):
            instance._import_original = copy.copy(instance)

    def original_record(self, instance, original):
        """The record as it was before its row was read: import-export's copy or ours."""
        if original is None:
            original = getattr(instance, "_import_original", None)
        return original

    def imported_fields(self, row):
        """The fields the row's columns set: in the sheet, not read-only, with an attribute.

        Every row of a sheet has the same columns, so this is worked out once.
        """
        columns = tuple(row)
        if self._imported_fields is None or self._imported_fields[0] != columns:
            fields = [
                field
                for field in self.get_import_fields()
                if field.attribute and not field.readonly and field.column_name in row
            ]
            self._imported_fields = (columns, fields)
        return self._imported_fields[1]

    def import_instance(self, instance, row, **kwargs):
        # As import-export's, over the columns the sheet has: the others set nothing, but
        # cost a look and a debug message each on every row.
        errors = {}
        for field in self.imported_fields(row):
            if isinstance(field.widget, widgets.ManyToManyWidget):
                continue
            try:
                self.import_field(field, instance, row, **kwargs)
            except ValueError as error:
                errors[field.attribute] = ValidationError(str(error), code="invalid")
        if errors:
            raise ValidationError(errors)

    def import_row(self, row, instance_loader, **kwargs):
        row_result = super().import_row(row, instance_loader, **kwargs)
        if self.import_progress is not None:
            self.import_progress(kwargs["row_number"])
        return row_result

    def before_import(self, dataset, **kwargs):
        # Rows are matched on their import id, so a sheet that names one twice is refused
        # as a whole (it would otherwise update the same row twice).
        super().before_import(dataset, **kwargs)
        # A NUL character is no part of any cell staff meant to write, and PostgreSQL
        # refuses it in text: it goes, as a stray control character in a CSV would.
        for index, row in enumerate(dataset):
            if any(isinstance(value, str) and "\x00" in value for value in row):
                dataset[index] = tuple(
                    value.replace("\x00", "") if isinstance(value, str) else value for value in row
                )
        problems = []  # every repeated value at once, by the sheet's line (header: line 1)
        for column in self.get_import_id_fields():
            if column not in (dataset.headers or []):
                continue
            seen = {}
            for number, value in enumerate(dataset[column], start=2):
                if value in (None, ""):
                    continue
                if value in seen:
                    problems.append(
                        _("Lines %(first)s and %(second)s both have %(column)s “%(value)s”.")
                        % {"first": seen[value], "second": number, "column": column, "value": value}
                    )
                seen.setdefault(value, number)
        if problems:
            raise ValueError(" ".join(problems))

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
            if code and not is_country_code(code):
                errors[name] = [
                    _("“%(code)s” is not a country code (ISO 3166, e.g. FR).") % {"code": code}
                ]
        if self._meta.clean_model_instances:
            passed = self._passed_checks
            known, unknown = passed.split(instance) if passed else ([], [])
            try:
                instance.full_clean(
                    exclude=[*errors, *country_fields, *known],
                    validate_unique=False,
                    validate_constraints=False,
                )
            except ValidationError as error:
                errors = error.update_error_dict(errors)
            if passed and not errors:
                passed.learn(instance, unknown, skipped=country_fields)
            if instance._meta.constraints:
                # As full_clean does: the constraints on every field that passed its checks.
                try:
                    instance.validate_constraints(exclude={*errors, *country_fields})
                except ValidationError as error:
                    errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if not self._meta.skip_unchanged or import_validation_errors:
            return False
        original = self.original_record(instance, original)
        if original is None or original.pk is None:
            return False
        # Only what the row sets can differ: read-only and absent columns are never read.
        for field in self.imported_fields(row):
            if isinstance(field.widget, widgets.ManyToManyWidget):
                wanted = sorted(value.pk for value in field.clean(row))
                if wanted != sorted(value.pk for value in field.get_value(original).all()):
                    return False
            elif isinstance(field, PartialDateField):
                if field.export(instance) != field.export(original):  # date and precision
                    return False
            elif not _same_value(field.get_value(instance), field.get_value(original)):
                return False
        return True
