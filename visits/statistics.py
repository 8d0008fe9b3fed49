"""Figures for a fiscal year (年度, April to March): applications by month, country and
status; accepted visits by topic.

Only fields that purge_visits keeps are used, so the figures do not change when personal
data is removed.
"""

import csv
import datetime
import io

from django.db.models import Count, Sum
from django.db.models.functions import ExtractMonth
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator
from django.utils.translation import gettext
from django_countries import countries

from office.dates import (
    DatePrecision,
    fiscal_year_bounds,
    fiscal_year_months,
    format_partial_date,
)
from visits.models import VisitApplication, VisitTopic

Status = VisitApplication.Status


def figures(*, fiscal_year):
    """{section: [(label, count), ...]} for one fiscal year (by date of arrival)."""
    first, last = fiscal_year_bounds(fiscal_year)
    # From midnight on 1 April to midnight after 31 March, in the city's time zone.
    applications = VisitApplication.objects.filter(
        submitted_at__gte=_midnight(first),
        submitted_at__lt=_midnight(last + datetime.timedelta(days=1)),
    ).order_by()
    by_month = dict(
        applications.annotate(month=ExtractMonth("submitted_at"))
        .values_list("month")
        .annotate(count=Count("pk"))
        .values_list("month", "count")
    )
    by_country = (
        applications.values_list("country")
        .annotate(count=Count("pk"))
        .values_list("country", "count")
    )
    by_status = dict(
        applications.values_list("status")
        .annotate(count=Count("pk"))
        .values_list("status", "count")
    )
    visits = VisitApplication.objects.visits().filter(visit_on__range=(first, last))
    # Visits and visitors by the month of the visit (accepted or visited), for the rooms
    # and the people the division plans for.
    visits_by_month = {
        row["month"]: row
        for row in visits.annotate(month=ExtractMonth("visit_on"))
        .values("month")
        .annotate(count=Count("pk"), people=Sum("headcount"))
        .order_by()
    }
    by_topic = (
        VisitTopic.objects.filter(applications__in=visits)
        .annotate(count=Count("applications"))
        .order_by("-count", "order", "pk")
    )
    return {
        "month": [
            (format_partial_date(month, DatePrecision.MONTH), by_month.get(month.month, 0))
            for month in fiscal_year_months(fiscal_year)
        ],
        "visit_month": [
            (
                format_partial_date(month, DatePrecision.MONTH),
                visits_by_month.get(month.month, {}).get("count", 0),
            )
            for month in fiscal_year_months(fiscal_year)
        ],
        "visitor_month": [
            (
                format_partial_date(month, DatePrecision.MONTH),
                visits_by_month.get(month.month, {}).get("people") or 0,
            )
            for month in fiscal_year_months(fiscal_year)
        ],
        "country": sorted(
            ((countries.name(code) or code, count) for code, count in by_country),
            key=lambda row: (-row[1], row[0]),
        ),
        "status": [(str(status.label), by_status.get(status.value, 0)) for status in Status],
        "topic": [(topic.name, topic.count) for topic in by_topic],
    }


def _midnight(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def section_titles():
    return {
        "month": gettext("Applications by month"),
        "visit_month": gettext("Visits by month (accepted and visited)"),
        "visitor_month": gettext("Visitors by month (people in accepted and visited visits)"),
        "country": gettext("Applications by country"),
        "status": gettext("Applications by status"),
        "topic": gettext("Accepted visits by topic"),
    }


def bar_chart(rows, *, title, chart_id):
    """A horizontal bar chart as inline SVG; the table beside it carries the numbers too."""
    label_width, bar_width, row_height = 170, 260, 24
    height = max(len(rows), 1) * row_height + 8
    largest = max((count for _, count in rows), default=0) or 1
    bars = format_html_join(
        "",
        '<text x="{}" y="{}" text-anchor="end" class="chart-label">{}</text>'
        '<rect x="{}" y="{}" width="{}" height="{}" class="chart-bar"></rect>'
        '<text x="{}" y="{}" class="chart-value">{}</text>',
        (
            (
                label_width - 6,
                index * row_height + 20,
                Truncator(label).chars(24),
                label_width,
                index * row_height + 6,
                round(bar_width * count / largest),
                row_height - 8,
                label_width + round(bar_width * count / largest) + 4,
                index * row_height + 20,
                count,
            )
            for index, (label, count) in enumerate(rows)
        ),
    )
    return format_html(
        '<svg role="img" aria-labelledby="{}" viewBox="0 0 {} {}" width="100%" '
        'preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">'
        '<title id="{}">{}</title>{}</svg>',
        chart_id,
        label_width + bar_width + 50,
        height,
        chart_id,
        title,
        bars,
    )


def as_csv(data, *, fiscal_year):
    output = io.StringIO()
    writer = csv.writer(output)
    writer.writerow([gettext("fiscal year"), gettext("table"), gettext("item"), gettext("count")])
    titles = section_titles()
    for section, rows in data.items():
        for label, count in rows:
            writer.writerow([fiscal_year, titles[section], label, count])
    return output.getvalue()
