"""Staff pages beside the admin: calendar, statistics and documents.

Each needs a staff login and the permission to view applications. The calendar feed is
the office's (office/feeds.py); the calendar page shows its address.
"""

import datetime

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext

from office.dates import fiscal_year, format_fiscal_year
from office.downloads import download_headers, send_file
from office.feeds import feed_address
from visits import calendar, statistics
from visits.models import Document, VisitApplication


def staff_page(view):
    """Admin login, then the permission to see applications (personal data): 403 otherwise."""

    def wrapped(request, *args, **kwargs):
        if not request.user.has_perm("visits.view_visitapplication"):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return admin.site.admin_view(wrapped)


def _context(request, **values):
    return {
        **admin.site.each_context(request),
        "opts": VisitApplication._meta,
        **values,
    }


def _date_param(request, name, default):
    try:
        return datetime.date.fromisoformat(request.GET.get(name, ""))
    except ValueError:
        return default


@staff_page
def visit_calendar(request):
    """Accepted and proposed visits by month or by week, with the days nobody is received."""
    today = timezone.localdate()
    day = _date_param(request, "date", today)
    view = "week" if request.GET.get("view") == "week" else "month"
    if view == "week":
        monday = day - datetime.timedelta(days=day.weekday())
        weeks = [calendar.week(monday)]
        previous, following = (
            monday - datetime.timedelta(days=7),
            monday + datetime.timedelta(days=7),
        )
        heading = monday
    else:
        first = day.replace(day=1)
        weeks = calendar.month(first.year, first.month)
        previous = (first - datetime.timedelta(days=1)).replace(day=1)
        following = (first + datetime.timedelta(days=32)).replace(day=1)
        heading = first
    return TemplateResponse(
        request,
        "visits/staff/calendar.html",
        _context(
            request,
            title=gettext("Visit calendar"),
            view=view,
            weeks=weeks,
            heading=heading,
            previous=previous,
            following=following,
            today=today,
            calendar_address=feed_address(request.user),
        ),
    )


def _fiscal_year(request):
    this_year = fiscal_year(timezone.localdate())
    try:
        year = int(request.GET.get("fiscal_year", this_year))
    except ValueError:
        return this_year
    return year if 2000 <= year <= this_year + 5 else this_year


@staff_page
def visit_statistics(request):
    """Figures of a fiscal year as bar charts, with the numbers in a table beside each."""
    year = _fiscal_year(request)
    data = statistics.figures(fiscal_year=year)
    titles = statistics.section_titles()
    name = format_fiscal_year(year)
    sections = [
        {
            "key": key,
            "title": titles[key],
            "rows": rows,
            "total": sum(count for _, count in rows),
            "chart": statistics.bar_chart(
                rows, title=f"{titles[key]} ({name})", chart_id=f"chart-{key}"
            ),
        }
        for key, rows in data.items()
    ]
    this_year = fiscal_year(timezone.localdate())
    return TemplateResponse(
        request,
        "visits/staff/statistics.html",
        _context(
            request,
            title=gettext("Visit statistics"),
            fiscal_year=year,
            fiscal_year_name=name,
            fiscal_years=[
                (choice, capfirst(format_fiscal_year(choice, with_months=True)))
                for choice in range(this_year + 1, this_year - 10, -1)
            ],
            sections=sections,
        ),
    )


@staff_page
def visit_statistics_csv(request):
    year = _fiscal_year(request)
    body = statistics.as_csv(statistics.figures(fiscal_year=year), fiscal_year=year)
    # A byte-order mark so that Excel opens the Japanese labels correctly.
    response = HttpResponse("\ufeff" + body, content_type="text/csv; charset=utf-8")
    return download_headers(response, filename=f"visits-fiscal-year-{year}.csv")


@staff_page
def document(request, pk):
    """A delegation's file, only for staff who may see applications."""
    item = get_object_or_404(Document, pk=pk)
    try:
        handle = item.file.open("rb")
    except (FileNotFoundError, ValueError) as error:
        raise Http404 from error
    return send_file(
        handle,
        filename=item.original_name,
        content_type=item.content_type or "application/octet-stream",
    )
