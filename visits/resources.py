"""Visit applications as a spreadsheet: the yearly list the division sends on, and the
source of the admin's export. Personal data: only Visit coordinators may export it.
"""

import csv
import datetime
import io
from itertools import groupby, islice
from operator import itemgetter

import openpyxl
from django.db.models import Case, DateTimeField, Func, TextField, Value, When
from django.utils import timezone
from import_export import fields, resources

from office.spreadsheets import FORMULA_STARTS, escape_formula
from visits.models import DelegationMember, TimeSlot, VisitApplication


def answer_columns():
    """The export's columns for the applicant's answers, in the form's order."""
    for answer in VisitApplication.ANSWERS:
        yield from (answer.name,) if answer.columns is None else answer.columns


class VisitApplicationResource(resources.ModelResource):
    country = fields.Field(attribute="country__code", column_name="country")
    first_choice_slot = fields.Field(column_name="first_choice_slot")
    visit_slot = fields.Field(column_name="visit_slot")
    topics_ja = fields.Field(column_name="topics_ja")
    topics_en = fields.Field(column_name="topics_en")
    partner = fields.Field(attribute="partner__slug", column_name="partner")
    handled_by = fields.Field(attribute="handled_by__username", column_name="handled_by")
    members = fields.Field(column_name="members")

    class Meta:
        model = VisitApplication
        fields = (
            "reference",
            "status",
            "submitted_at",
            *answer_columns(),
            "handled_by",
            "reply_due_on",
            "visit_on",
            "visit_slot",
            "visit_place",
            "host_department",
            "decided_on",
            "decline_reason",
        )
        export_order = fields
        chunk_size = 2000

    def get_queryset(self):
        return (
            VisitApplication.objects.select_related(
                "first_choice_slot", "visit_slot", "partner", "handled_by"
            )
            .prefetch_related("topics", "members")
            .order_by("pk")
        )

    def dehydrate_first_choice_slot(self, application):
        slot = application.first_choice_slot
        return f"{slot.starts_at:%H:%M}-{slot.ends_at:%H:%M}" if slot else ""

    def dehydrate_visit_slot(self, application):
        slot = application.visit_slot
        return f"{slot.starts_at:%H:%M}-{slot.ends_at:%H:%M}" if slot else ""

    def dehydrate_topics_ja(self, application):
        return "; ".join(topic.name_ja for topic in application.topics.all())

    def dehydrate_topics_en(self, application):
        return "; ".join(topic.name_en or topic.name_ja for topic in application.topics.all())

    def dehydrate_members(self, application):
        return "; ".join(
            ", ".join(part for part in (m.name, m.title, m.organisation) if part)
            for m in application.members.all()
        )


# Every formula start is one character: testing the first is cheaper than startswith().
_FORMULA_FIRST = frozenset(FORMULA_STARTS)


def _texts(values):
    """Text cells, formula-like ones with a leading apostrophe (as escape_formula does)."""
    return [
        ("'" + value if value[0] in _FORMULA_FIRST else value) if value else "" for value in values
    ]


def _as_is(values):
    """Cells the database wrote as text already (None empty)."""
    return [value if value is not None else "" for value in values]


def _one_or_zero(column):
    """A yes/no column as "1" or "0" written by the database: SQLite would otherwise
    hand every row's value to a converter, only for the export to turn it back."""
    return Case(
        When(**{column: True}, then=Value("1")),
        When(**{column: False}, then=Value("0")),
        output_field=TextField(),
    )


def _others(values):
    """Cells of any other kind (a headcount): as text, None empty."""
    return [escape_formula(str(value)) if value is not None else "" for value in values]


class _ISOText(Func):
    """A date or moment as ISO text written by the database: "2024-11-11", or for a
    moment "2024-11-11 16:02:30" in UTC. Cheaper than the date and datetime objects
    Django builds (PostgreSQL's timestamps in pure Python, SQLite's dates and times
    through two converters each), which the export would only turn back into text:
    about a second for 100,000 applications. (SQLite and PostgreSQL: what Twinning runs on.)"""

    output_field = TextField()
    template = "CAST(%(expressions)s AS text)"  # SQLite keeps both as ISO text, moments in UTC

    def as_postgresql(self, compiler, connection, **extra_context):
        if isinstance(self.get_source_expressions()[0].output_field, DateTimeField):
            template = "to_char(%(expressions)s AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS')"
        else:
            template = "to_char(%(expressions)s, 'YYYY-MM-DD')"
        return self.as_sql(compiler, connection, template=template, **extra_context)


def _local_times(values, tz):
    """_ISOText's moments in the city's own time zone, to the second."""
    return [
        datetime.datetime.fromisoformat(value)
        .replace(tzinfo=datetime.UTC)
        .astimezone(tz)
        .isoformat(" ", "seconds")[:19]
        if value
        else ""
        for value in values
    ]


class _SlotTimes(dict):
    """ "10:00-12:00" by time slot id. A city has a handful of slots: read them all when
    first needed (and again if one appears mid-export) instead of joining them to every
    row and formatting the same two times 100,000 times."""

    def __init__(self):
        super().__init__({None: ""})

    def __missing__(self, pk):
        for slot_pk, starts_at, ends_at in TimeSlot.objects.values_list(
            "pk", "starts_at", "ends_at"
        ):
            self[slot_pk] = f"{starts_at:%H:%M}-{ends_at:%H:%M}"
        return self.setdefault(pk, "")


_TEXT_TYPES = {"CharField", "TextField", "EmailField", "URLField", "SlugField"}
# Columns that are not a plain column of the application.
_READ = {"partner": "partner__slug", "handled_by": "handled_by__username"}
_SLOTS = ("first_choice_slot", "visit_slot")
_RELATED = ("topics_ja", "topics_en", "members")  # read per chunk by _related_text


def _column(column, tz, slots):
    """What values_list() reads for one column of the export, and how a chunk's worth of
    those values becomes cells: a whole column at a time, since a function call per cell
    would cost seconds over 3.5 million cells."""
    if column in _SLOTS:
        return column, lambda ids: [slots[pk] for pk in ids]
    if column in _READ:
        return _READ[column], _texts  # a partner's slug, a username
    internal = VisitApplication._meta.get_field(column).get_internal_type()
    if internal in _TEXT_TYPES:
        return column, _texts
    if internal == "DateTimeField":
        return _ISOText(column), lambda values: _local_times(values, tz)
    if internal == "DateField":
        return _ISOText(column), _as_is
    if internal == "BooleanField":
        return _one_or_zero(column), _as_is
    return column, _others


def export_chunks(queryset=None, *, chunk_size=2000):
    """The export's rows, `chunk_size` at a time, each row a tuple of text cells.

    The same columns and formats as VisitApplicationResource (a test compares them), read
    with values_list() and converted a column at a time: import-export's per-field
    machinery costs about a millisecond a row, too slow for 100,000 applications.

    One query, read `chunk_size` rows at a time (a server-side cursor on PostgreSQL), so
    memory holds one chunk, never the whole export. One query per chunk ("the next 2,000
    after this id") looked cheaper but is not: on a table PostgreSQL has no statistics
    for yet, each of them sorted every remaining row, 7 s of 100,000 rows' 14 s. (With
    DISABLE_SERVER_SIDE_CURSORS, as some connection poolers need, psycopg would hold the
    whole result in memory.)
    """
    tz = timezone.get_current_timezone()
    slots = _SlotTimes()
    headers = VisitApplicationResource().get_export_headers()
    read = {column: _column(column, tz, slots) for column in headers if column not in _RELATED}
    queryset = queryset if queryset is not None else VisitApplication.objects.all()
    rows = (
        queryset.order_by("pk")
        .values_list("pk", *(lookup for lookup, _write in read.values()))
        .iterator(chunk_size=chunk_size)
    )
    while chunk := list(islice(rows, chunk_size)):
        pks, *values = zip(*chunk, strict=True)
        cells = {
            column: write(column_values)
            for (column, (_lookup, write)), column_values in zip(read.items(), values, strict=True)
        }
        for column, by_application in _related_text(pks[0], pks[-1]).items():
            cells[column] = _texts([by_application.get(pk) for pk in pks])
        yield list(zip(*(cells[column] for column in headers), strict=True))


def export_rows(queryset=None, *, chunk_size=2000):
    """The export's header, then one row of cells per application, formulas as text."""
    yield VisitApplicationResource().get_export_headers()
    for rows in export_chunks(queryset, chunk_size=chunk_size):
        yield from rows


def stream_csv(queryset=None, *, chunk_size=2000):
    """The export as CSV for Excel (UTF-8 with BOM): the header line, then one piece of
    text per chunk of applications (a few hundred kilobytes), so a response writes a
    handful of large pieces rather than 100,000 small ones."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(VisitApplicationResource().get_export_headers())
    yield "\ufeff" + _take(buffer)
    for rows in export_chunks(queryset, chunk_size=chunk_size):
        writer.writerows(rows)
        yield _take(buffer)


def _take(buffer):
    """What was written to the buffer, emptying it for the next chunk."""
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text


def write_xlsx(file, queryset=None):
    """The export as an Excel workbook written row by row (openpyxl's write-only mode)."""
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet(title="applications")
    for row in export_rows(queryset):
        sheet.append(row)
    workbook.save(file)


def _related_text(first_pk, last_pk):
    """The topics cell in each language and the members cell, by application, for one
    chunk (applications with none are left out; formulas not yet escaped).

    Read by primary-key range rather than a list of 2,000 ids: cheaper to send, and rows of
    applications the export leaves out are simply never looked up. Sorted by application
    first, so each application's lines come together and are joined in one go.
    """
    links = VisitApplication.topics.through.objects.filter(
        visitapplication_id__gte=first_pk, visitapplication_id__lte=last_pk
    ).order_by("visitapplication_id", "visittopic__order", "visittopic_id")
    topics_ja, topics_en = {}, {}
    for pk, group in groupby(
        links.values_list("visitapplication_id", "visittopic__name_ja", "visittopic__name_en"),
        itemgetter(0),
    ):
        names = list(group)
        topics_ja[pk] = "; ".join([name_ja for _pk, name_ja, _name_en in names])
        topics_en[pk] = "; ".join([name_en or name_ja for _pk, name_ja, name_en in names])
    members = DelegationMember.objects.filter(
        application_id__gte=first_pk, application_id__lte=last_pk
    ).order_by("application_id", "order", "pk")
    return {
        "topics_ja": topics_ja,
        "topics_en": topics_en,
        # "Name, title, organisation" for each member, leaving out the parts not given.
        "members": {
            pk: "; ".join([", ".join(filter(None, member[1:])) for member in group])
            for pk, group in groupby(
                members.values_list("application_id", "name", "title", "organisation"),
                itemgetter(0),
            )
        },
    }
