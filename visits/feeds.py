"""A calendar feed (iCalendar, RFC 5545) of accepted visits, for staff's own calendar app."""

import datetime

from django.utils import timezone

from visits.models import VisitApplication

Status = VisitApplication.Status


def escape(text):
    """TEXT values (RFC 5545 3.3.11): backslash, semicolon, comma and newlines escaped."""
    return (
        str(text)
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def fold(line):
    """Lines longer than 75 octets continue on the next line after a space (3.1)."""
    encoded = line.encode()
    if len(encoded) <= 75:
        return line
    parts, start, limit = [], 0, 75
    while start < len(encoded):
        end = min(start + limit, len(encoded))
        while end < len(encoded) and (encoded[end] & 0xC0) == 0x80:
            end -= 1  # never split a UTF-8 character
        parts.append(encoded[start:end].decode())
        start, limit = end, 74
    return "\r\n ".join(parts)


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
        "X-WR-CALNAME:" + escape("Visits / 訪問"),
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
        lines.append("SUMMARY:" + escape(summary))
        if application.visit_place:
            lines.append("LOCATION:" + escape(application.visit_place))
        if application.host_department:
            lines.append("DESCRIPTION:" + escape(application.host_department))
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "\r\n".join(fold(line) for line in lines) + "\r\n"
