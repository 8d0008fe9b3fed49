"""The list of applications as staff open it in Excel: the admin's CSV and XLSX export.

Headers in the staff member's language, labels instead of codes (statuses, kinds,
countries, yes/no), real date, date-time and number cells, each preferred date followed
by its time, column widths, a filter on the header row and the header frozen. The CSV has
the same columns. The machine-readable list with codes (the yearly list the division sends
on) stays in visits/resources.py.
"""

import csv
import datetime
import io
from itertools import islice

import openpyxl
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext, pgettext
from django_countries import countries
from openpyxl.cell import WriteOnlyCell
from openpyxl.utils import get_column_letter

from office.spreadsheets import escape_formula
from visits.models import DelegationMember, TimeSlot, VisitApplication

CHUNK = 2000
# Kinds of cell: how a value is written and how wide its column is.
TEXT, LONG_TEXT, DATE, MOMENT, NUMBER = "text", "long", "date", "moment", "number"
WIDTHS = {TEXT: 20, LONG_TEXT: 40, DATE: 14, MOMENT: 18, NUMBER: 10}
FORMATS = {DATE: "yyyy/mm/dd", MOMENT: "yyyy/mm/dd hh:mm"}


def _label(name):
    return str(capfirst(VisitApplication._meta.get_field(name).verbose_name))


def _time_of(date_field):
    return gettext("%(date)s: time") % {"date": _label(date_field)}


def columns():
    """(header, what values_list reads, kind, how a value becomes a cell value), in the
    staff member's language (call inside the request)."""
    statuses = dict(VisitApplication.Status.choices)
    kinds = dict(VisitApplication.OrganisationKind.choices)
    interpreters = dict(VisitApplication.Interpreter.choices)
    languages = dict(VisitApplication.Language.choices)
    slots = {
        pk: f"{s:%H:%M}-{e:%H:%M}"
        for pk, s, e in TimeSlot.objects.values_list("pk", "starts_at", "ends_at")
    }
    yes, no = gettext("yes"), gettext("no")
    tz = timezone.get_current_timezone()

    def label_of(choices):
        return lambda value: str(choices.get(value, value or ""))

    def slot(pk):
        return slots.get(pk, "")

    def local(moment):
        # Excel has no time zones: the city's own time, to the minute.
        return timezone.localtime(moment, tz).replace(tzinfo=None, second=0, microsecond=0)

    plain = None
    result = [
        (_label("reference"), "reference", TEXT, plain),
        (_label("status"), "status", TEXT, label_of(statuses)),
        (_label("submitted_at"), "submitted_at", MOMENT, local),
        (_label("organisation_name"), "organisation_name", LONG_TEXT, plain),
        (_label("organisation_kind"), "organisation_kind", TEXT, label_of(kinds)),
        (
            _label("country"),
            "country",
            TEXT,
            lambda code: str(countries.name(code)) if code else "",
        ),
        (_label("website"), "website", TEXT, plain),
        (_label("leader_name"), "leader_name", TEXT, plain),
        (_label("leader_title"), "leader_title", TEXT, plain),
        (_label("contact_name"), "contact_name", TEXT, plain),
        (_label("contact_email"), "contact_email", TEXT, plain),
        (_label("contact_phone"), "contact_phone", TEXT, plain),
        (_label("reply_language"), "reply_language", TEXT, label_of(languages)),
        (_label("headcount"), "headcount", NUMBER, plain),
        (gettext("Members of the delegation"), None, LONG_TEXT, "members"),
        (_label("interpreter"), "interpreter", TEXT, label_of(interpreters)),
    ]
    for position in ("first", "second", "third"):
        result += [
            (_label(f"{position}_choice_on"), f"{position}_choice_on", DATE, plain),
            (_time_of(f"{position}_choice_on"), f"{position}_choice_slot", TEXT, slot),
        ]
    result += [
        (_label("purpose"), "purpose", LONG_TEXT, plain),
        (_label("topics"), None, LONG_TEXT, "topics"),
        (_label("other_topics"), "other_topics", LONG_TEXT, plain),
        (_label("partner"), "partner__name", TEXT, plain),
        (_label("arrival"), "arrival", TEXT, plain),
        (_label("web_conference_ok"), "web_conference_ok", TEXT, lambda v: yes if v else no),
        (
            _label("handled_by"),
            "handled_by__username",
            TEXT,
            plain,
        ),
        (_label("reply_due_on"), "reply_due_on", DATE, plain),
        (_label("visit_on"), "visit_on", DATE, plain),
        (_label("visit_slot"), "visit_slot", TEXT, slot),
        (_label("visit_place"), "visit_place", TEXT, plain),
        (_label("host_department"), "host_department", TEXT, plain),
        (_label("decided_on"), "decided_on", DATE, plain),
        (_label("decline_reason"), "decline_reason", LONG_TEXT, plain),
    ]
    return result


def rows(queryset, cols):
    """One list of typed values per application (None for empty), CHUNK at a time."""
    lookups = [lookup for _h, lookup, _k, _c in cols if lookup]
    partner_name = f"partner__name_{_language()}"
    lookups = [partner_name if lookup == "partner__name" else lookup for lookup in lookups]
    found = queryset.order_by("pk").values_list("pk", *lookups).iterator(chunk_size=CHUNK)
    while chunk := list(islice(found, CHUNK)):
        pks = [row[0] for row in chunk]
        topics, members = _related(pks)
        for row in chunk:
            values = iter(row[1:])
            out = []
            for _header, lookup, _kind, convert in cols:
                if lookup is None:
                    value = (topics if convert == "topics" else members).get(row[0], "")
                else:
                    value = next(values)
                    if convert is not None and (value is not None or lookup == "web_conference_ok"):
                        value = convert(value)
                out.append(None if value in ("", None) else value)
            yield out


def _language():
    from django.utils.translation import get_language

    return "en" if (get_language() or "ja").startswith("en") else "ja"


def _related(pks):
    """The topics (in the staff member's language) and members of a chunk, by application."""
    name = f"visittopic__name_{_language()}"
    links = (
        VisitApplication.topics.through.objects.filter(visitapplication_id__in=pks)
        .order_by("visitapplication_id", "visittopic__order", "visittopic_id")
        .values_list("visitapplication_id", name, "visittopic__name_ja")
    )
    topics = {}
    for pk, translated, japanese in links:
        topics.setdefault(pk, []).append(translated or japanese)
    members = {}
    for pk, *parts in (
        DelegationMember.objects.filter(application_id__in=pks)
        .order_by("application_id", "order", "pk")
        .values_list("application_id", "name", "title", "organisation")
    ):
        members.setdefault(pk, []).append(", ".join(filter(None, parts)))
    separator = pgettext("list separator", "; ")
    return (
        {pk: separator.join(names) for pk, names in topics.items()},
        {pk: separator.join(names) for pk, names in members.items()},
    )


def stream_csv(queryset):
    """The same columns as CSV for Excel (UTF-8 with BOM); text that Excel would read as a
    formula starts with an apostrophe, which CSV cannot avoid."""
    cols = columns()
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([header for header, *_rest in cols])
    yield "\ufeff" + _take(buffer)
    for number, row in enumerate(rows(queryset, cols), start=1):
        writer.writerow([_csv_cell(value) for value in row])
        if number % CHUNK == 0:
            yield _take(buffer)
    yield _take(buffer)


def _csv_cell(value):
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, str):
        return escape_formula(value)
    return value


def _take(buffer):
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text


def write_xlsx(file, queryset):
    """The workbook: typed cells, widths, a filter and a frozen header (write-only mode)."""
    cols = columns()
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet(title=gettext("Visit applications")[:31])
    for index, (_header, _lookup, kind, _convert) in enumerate(cols, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = WIDTHS[kind]
    sheet.freeze_panes = "A2"
    count = queryset.count()
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(cols))}{count + 1}"
    header = []
    for title, *_rest in cols:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = openpyxl.styles.Font(bold=True)
        header.append(cell)
    sheet.append(header)
    kinds = [kind for _h, _l, kind, _c in cols]
    # One formatted cell per date column, given each row's value in turn: write-only
    # mode writes a row as it is appended, and a new styled cell per value costs a
    # style lookup each (about ten times slower over a year's export).
    formatted = {}
    for index, kind in enumerate(kinds):
        if kind in FORMATS:
            formatted[index] = WriteOnlyCell(sheet)
            formatted[index].number_format = FORMATS[kind]
    for row in rows(queryset, cols):
        cells = list(row)
        for index, value in enumerate(cells):
            if value is None:
                continue
            if index in formatted:
                formatted[index].value = value
                cells[index] = formatted[index]
            elif isinstance(value, str) and value.startswith("="):
                cells[index] = _text_cell(sheet, value)
        sheet.append(cells)
    workbook.save(file)


def _text_cell(sheet, value):
    # Text, never a formula: the cell type says so, and no apostrophe shows.
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    return cell
