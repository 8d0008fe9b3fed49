"""Visit applications as a spreadsheet: the yearly list the division sends on, and the
source of the admin's export. Personal data: only Visit coordinators may export it.
"""

import csv
import datetime

import openpyxl
from django.core.exceptions import FieldDoesNotExist
from django.utils import timezone
from import_export import fields, resources

from cities.spreadsheets import escape_formula
from visits.models import DelegationMember, VisitApplication


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
            "organisation_name",
            "organisation_kind",
            "country",
            "website",
            "leader_name",
            "leader_title",
            "contact_name",
            "contact_email",
            "contact_phone",
            "reply_language",
            "headcount",
            "members",
            "interpreter",
            "first_choice_on",
            "first_choice_slot",
            "second_choice_on",
            "third_choice_on",
            "purpose",
            "topics_ja",
            "topics_en",
            "other_topics",
            "partner",
            "arrival",
            "web_conference_ok",
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


class _Echo:
    """A file-like object whose write() hands back what it was given, for streaming."""

    def write(self, value):
        return value


def _slot(starts_at, ends_at):
    return f"{starts_at:%H:%M}-{ends_at:%H:%M}" if starts_at else ""


def _cell(value, tz=None):
    """A value as the resource's widgets write it (dates ISO, booleans 1/0, None empty)."""
    if value is None:
        return ""
    if value is True or value is False:
        return "1" if value else "0"
    if isinstance(value, datetime.date):
        if isinstance(value, datetime.datetime):
            return value.astimezone(tz).strftime("%Y-%m-%d %H:%M:%S")
        return value.isoformat()
    return escape_formula(str(value))


def _text(value):
    return escape_formula(value) if value else ""


def _converter(column, tz):
    """The cheapest way to write one column: a 100,000-row export calls it 3 million times."""
    try:
        field = VisitApplication._meta.get_field(column)
    except FieldDoesNotExist:
        return _text  # a related name or username: text
    internal = field.get_internal_type()
    if internal in ("CharField", "TextField", "EmailField", "URLField", "SlugField"):
        return _text
    return lambda value: _cell(value, tz)


# Columns that are not a plain column of the application: what to read.
_READ = {
    "first_choice_slot": ("first_choice_slot__starts_at", "first_choice_slot__ends_at"),
    "visit_slot": ("visit_slot__starts_at", "visit_slot__ends_at"),
    "partner": ("partner__slug",),
    "handled_by": ("handled_by__username",),
}
_RELATED = ("topics_ja", "topics_en", "members")


def export_rows(queryset=None, *, chunk_size=2000):
    """The export's header, then one list of cells per application, formulas as text.

    The same columns and formats as VisitApplicationResource (a test compares them), read
    with values_list() in chunks of `chunk_size` by primary key: import-export's per-field
    machinery costs about a millisecond a row, too slow for 100,000 applications, and a
    chunk never holds more than `chunk_size` rows in memory.
    """
    headers = VisitApplicationResource().get_export_headers()
    tz = timezone.get_current_timezone()
    lookups = ["pk"]
    # One function per column, reading its value(s) from the row tuple.
    cells = []
    for column in headers:
        if column in _RELATED:
            cells.append((column, None))
            continue
        first = len(lookups)
        lookups.extend(_READ.get(column, (column,)))
        if column in ("first_choice_slot", "visit_slot"):
            cells.append((None, lambda row, i=first: _slot(row[i], row[i + 1])))
        else:
            write = _converter(column, tz)
            cells.append((None, lambda row, i=first, write=write: write(row[i])))
    queryset = queryset if queryset is not None else VisitApplication.objects.all()
    queryset = queryset.order_by("pk")
    yield headers
    last_pk = 0
    while True:
        rows = list(queryset.filter(pk__gt=last_pk).values_list(*lookups)[:chunk_size])
        if not rows:
            return
        last_pk = rows[-1][0]
        related = _related_text(rows[0][0], last_pk)
        for row in rows:
            yield [
                read(row) if read else escape_formula("; ".join(related[name].get(row[0], ())))
                for name, read in cells
            ]


def stream_csv(queryset=None, *, chunk_size=2000):
    """The export as CSV lines for Excel (UTF-8 with BOM), one row at a time."""
    writer = csv.writer(_Echo())
    rows = export_rows(queryset, chunk_size=chunk_size)
    yield "\ufeff" + writer.writerow(next(rows))
    for row in rows:
        yield writer.writerow(row)


def write_xlsx(file, queryset=None):
    """The export as an Excel workbook written row by row (openpyxl's write-only mode)."""
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet(title="applications")
    for row in export_rows(queryset):
        sheet.append(row)
    workbook.save(file)


def _related_text(first_pk, last_pk):
    """Topic names in each language and member lines, by application, for one chunk.

    Read by primary-key range rather than a list of 2,000 ids: cheaper to send, and rows of
    applications the export leaves out are simply never looked up.
    """
    topics = {"topics_ja": {}, "topics_en": {}}
    links = VisitApplication.topics.through.objects.filter(
        visitapplication_id__gte=first_pk, visitapplication_id__lte=last_pk
    )
    for pk, name_ja, name_en in links.order_by("visittopic__order", "visittopic_id").values_list(
        "visitapplication_id", "visittopic__name_ja", "visittopic__name_en"
    ):
        topics["topics_ja"].setdefault(pk, []).append(name_ja)
        topics["topics_en"].setdefault(pk, []).append(name_en or name_ja)
    members = {}
    for pk, name, title, organisation in (
        DelegationMember.objects.filter(application_id__gte=first_pk, application_id__lte=last_pk)
        .order_by("order", "pk")
        .values_list("application_id", "name", "title", "organisation")
    ):
        members.setdefault(pk, []).append(
            ", ".join(part for part in (name, title, organisation) if part)
        )
    return {**topics, "members": members}
