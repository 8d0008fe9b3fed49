"""An iCalendar (RFC 5545) feed of agreements ending and anniversaries, for staff calendars.

Calendar applications cannot log in, so the address carries a per-user secret token
(CalendarToken) that the staff member can reset in the admin.
"""

import datetime

from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from agreements.models import Agreement, CalendarToken
from agreements.services import upcoming_anniversaries
from office.ical import escape_text, fold

# How far ahead the calendar shows dates.
FEED_HORIZON = datetime.timedelta(days=730)


def event(*, uid, day, summary, url, stamp):
    lines = [
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
        f"DTEND;VALUE=DATE:{day + datetime.timedelta(days=1):%Y%m%d}",
        f"SUMMARY:{escape_text(summary)}",
        f"URL:{url}",
        "TRANSP:TRANSPARENT",
        "END:VEVENT",
    ]
    return lines


def build_calendar(*, on, base_url, host):
    stamp = timezone.now().astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Twinning//Agreements//EN",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{escape_text(_('Agreements: endings and anniversaries'))}",
    ]
    for agreement in Agreement.objects.in_force(on=on).filter(
        current_expires_on__lte=on + FEED_HORIZON
    ):
        lines += event(
            uid=f"agreement-{agreement.pk}-ends-{agreement.current_expires_on:%Y%m%d}@{host}",
            day=agreement.current_expires_on,
            summary=_("Agreement ends: %(title)s") % {"title": agreement.title},
            url=base_url + reverse("admin:agreements_agreement_change", args=[agreement.pk]),
            stamp=stamp,
        )
    for item in upcoming_anniversaries(on=on, within=FEED_HORIZON):
        lines += event(
            uid=f"partner-{item['partner'].pk}-anniversary-{item['years']}@{host}",
            day=item["date"],
            summary=_("%(years)s years with %(partner)s")
            % {"years": item["years"], "partner": item["partner"].name},
            url=base_url
            + reverse("admin:agreements_agreement_change", args=[item["agreement_id"]]),
            stamp=stamp,
        )
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)


def calendar_feed(request, token):
    calendar_token = (
        CalendarToken.objects.select_related("user").filter(token=token).first() if token else None
    )
    user = calendar_token.user if calendar_token else None
    if not (
        user and user.is_active and user.is_staff and user.has_perm("agreements.view_agreement")
    ):
        raise Http404
    body = build_calendar(
        on=timezone.localdate(),
        base_url=request.build_absolute_uri("/").rstrip("/"),
        host=request.get_host().split(":")[0],
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="agreements.ics"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
