"""A calendar feed (iCalendar, RFC 5545) of accepted visits, for staff's own calendar app."""

import datetime

from django.utils import timezone

from office.ical import escape_text, fold
from visits.models import VisitApplication

Status = VisitApplication.Status


def _utc(day, time):
    moment = timezone.make_aware(datetime.datetime.combine(day, time))
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def accepted_visits(*, since):
    return (
        VisitApplication.objects.filter(
            status__in=(Status.ACCEPTED, Status.VISITED), visit_on__gte=since
        )
        .select_related("visit_slot")
        .order_by("visit_on", "reference")
    )


def calendar_feed(applications, *, host="twinning", now=None):
    """The iCalendar text (CRLF line ends) of the given accepted visits."""
    stamp = (now or timezone.now()).astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Twinning//Visits//EN",
        "CALSCALE:GREGORIAN",
        "X-WR-CALNAME:" + escape_text("Visits / 訪問"),
    ]
    for application in applications:
        lines += ["BEGIN:VEVENT", f"UID:{application.reference}@{host}", f"DTSTAMP:{stamp}"]
        slot = application.visit_slot
        if slot:
            lines.append("DTSTART:" + _utc(application.visit_on, slot.starts_at))
            lines.append("DTEND:" + _utc(application.visit_on, slot.ends_at))
        else:
            next_day = application.visit_on + datetime.timedelta(days=1)
            lines.append(f"DTSTART;VALUE=DATE:{application.visit_on:%Y%m%d}")
            lines.append(f"DTEND;VALUE=DATE:{next_day:%Y%m%d}")
        summary = (
            f"{application.reference} {application.organisation_name} ({application.headcount})"
        )
        lines.append("SUMMARY:" + escape_text(summary))
        if application.visit_place:
            lines.append("LOCATION:" + escape_text(application.visit_place))
        if application.host_department:
            lines.append("DESCRIPTION:" + escape_text(application.host_department))
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "\r\n".join(fold(line) for line in lines) + "\r\n"
