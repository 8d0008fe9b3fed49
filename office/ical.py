"""iCalendar (RFC 5545) text for the staff calendar feed: its events and its two text rules."""

import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class Event:
    """One date in a staff member's calendar: a whole `day`, or from `start` to `end`.

    `uid` is unique and stable on the site (the feed adds the site's host name), so a
    calendar application updates the event on its next visit instead of adding a copy.
    `busy=False` shows the day as free: an agreement's end date is not a meeting.
    """

    uid: str
    summary: str
    day: datetime.date | None = None
    start: datetime.datetime | None = None
    end: datetime.datetime | None = None
    description: str = ""
    location: str = ""
    url: str = ""
    busy: bool = True


def escape_text(value):
    """TEXT values (section 3.3.11): backslash, semicolon, comma and newlines escaped."""
    return (
        str(value)
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def fold(line):
    """Lines longer than 75 octets continue on the next line after a space (section 3.1),
    never splitting a UTF-8 character."""
    encoded = line.encode()
    if len(encoded) <= 75:
        return line
    parts, start, limit = [], 0, 75
    while start < len(encoded):
        end = min(start + limit, len(encoded))
        while end < len(encoded) and (encoded[end] & 0xC0) == 0x80:
            end -= 1
        parts.append(encoded[start:end].decode())
        start, limit = end, 74
    return "\r\n ".join(parts)


def _utc(moment):
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def _event_lines(event, *, domain, stamp):
    lines = ["BEGIN:VEVENT", f"UID:{event.uid}@{domain}", f"DTSTAMP:{stamp}"]
    if event.day:
        lines.append(f"DTSTART;VALUE=DATE:{event.day:%Y%m%d}")
        lines.append(f"DTEND;VALUE=DATE:{event.day + datetime.timedelta(days=1):%Y%m%d}")
    else:
        lines.append(f"DTSTART:{_utc(event.start)}")
        lines.append(f"DTEND:{_utc(event.end)}")
    lines.append(f"SUMMARY:{escape_text(event.summary)}")
    if event.location:
        lines.append(f"LOCATION:{escape_text(event.location)}")
    if event.description:
        lines.append(f"DESCRIPTION:{escape_text(event.description)}")
    if event.url:
        lines.append(f"URL:{event.url}")
    if not event.busy:
        lines.append("TRANSP:TRANSPARENT")
    lines.append("END:VEVENT")
    return lines


def calendar(events, *, name, domain, now):
    """One VCALENDAR of `events` (CRLF line ends, long lines folded), named `name`."""
    stamp = _utc(now)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Twinning//Staff calendar//EN",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    for event in events:
        lines += _event_lines(event, domain=domain, stamp=stamp)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
