"""Visit applications as a spreadsheet: the yearly list the division sends on, and the
source of the admin's export. Personal data: only Visit coordinators may export it.
"""

import csv

from import_export import fields, resources

from cities.spreadsheets import escape_formula
from visits.models import VisitApplication


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


def stream_csv(queryset=None, *, resource=None):
    """The export as CSV lines for Excel (BOM, formulas as text), one row at a time.

    Rows are read in chunks, so 100,000 applications never sit in memory at once.
    """
    resource = resource or VisitApplicationResource()
    if queryset is None:
        queryset = resource.get_queryset()
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(resource.get_export_headers())
    for application in resource.iter_queryset(queryset):
        row = resource.export_resource(application)
        yield writer.writerow([escape_formula(value) for value in row])
