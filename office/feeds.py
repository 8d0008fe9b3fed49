"""The staff calendar feed: one iCalendar address per staff member with the dates of every app.

Calendar applications cannot log in, so the address carries a secret token
(office.models.CalendarToken). Each app gives its dates through a function named in the
CALENDAR_EVENTS setting, `(user, *, today) -> [office.ical.Event]`, which returns only
what that user may see; the office names no app.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext
from django.views.decorators.http import require_safe

from office import ical
from office.downloads import download_headers
from office.links import absolute_url
from office.models import CalendarToken


def feed_address(user):
    """The full address of `user`'s calendar feed, for their calendar application."""
    token = CalendarToken.objects.current(user=user)
    return absolute_url(reverse("office:calendar_feed", args=[token.token]))


def events_for(user, *, today):
    """Every app's events that `user` may see, in the order of CALENDAR_EVENTS."""
    return [
        event
        for path in settings.CALENDAR_EVENTS
        for event in import_string(path)(user, today=today)
    ]


@require_safe
def calendar_feed(request, token):
    user = CalendarToken.objects.staff_member(token)
    if user is None:
        raise Http404
    body = ical.calendar(
        events_for(user, today=timezone.localdate()),
        name=gettext("Twinning: international division"),
        # The site's own name, never the request's Host: event UIDs must not change.
        domain=urlsplit(settings.SITE_URL).hostname or "twinning",
        now=timezone.now(),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    # The address is the password: nothing on the way keeps a copy, or passes it on.
    response["Referrer-Policy"] = "no-referrer"
    # Inline: a browser that opens the address hands it to the calendar application.
    return download_headers(response, filename="twinning.ics", inline=True)
