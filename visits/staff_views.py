"""Staff pages beside the admin: calendar, statistics, documents and the calendar feed.

All but the feed need a staff login and the permission to view applications; the feed is
opened by calendar apps, so its address carries a per-user secret instead.
"""

import datetime

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from office.dates import fiscal_year, format_fiscal_year
from visits import calendar, feeds, statistics
from visits.models import CalendarToken, Document, VisitApplication


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
    token, _ = CalendarToken.objects.get_or_create(user=request.user)
    feed_url = request.build_absolute_uri(reverse("visits_staff:feed", args=[token.token]))
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
            feed_url=feed_url,
        ),
    )


@require_POST
@staff_page
def reset_calendar_token(request):
    """A new secret for the feed: the old address stops working at once."""
    token, _ = CalendarToken.objects.get_or_create(user=request.user)
    token.reset()
    return redirect(reverse("visits_staff:calendar") + "#feed")


def calendar_feed(request, token):
    token = CalendarToken.objects.select_related("user").filter(token=token).first()
    user = token.user if token else None
    if user is None or not user.is_active or not user.has_perm("visits.view_visitapplication"):
        raise Http404
    since = timezone.localdate() - datetime.timedelta(days=90)
    body = feeds.calendar_feed(feeds.accepted_visits(since=since), host=request.get_host())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="visits.ics"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


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
    response["Content-Disposition"] = f'attachment; filename="visits-fiscal-year-{year}.csv"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@staff_page
def document(request, pk):
    """A delegation's file, only for staff who may see applications."""
    item = get_object_or_404(Document, pk=pk)
    try:
        handle = item.file.open("rb")
    except (FileNotFoundError, ValueError) as error:
        raise Http404 from error
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=item.original_name,
        content_type=item.content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
