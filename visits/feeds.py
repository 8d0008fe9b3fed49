"""Accepted visits in the staff calendar feed (office/feeds.py), for visit coordinators."""

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext

from office.ical import Event
from office.links import absolute_url
from visits.models import VisitApplication

# Visits stay in the calendar this long after the day, for the report afterwards.
FEED_PAST = datetime.timedelta(days=90)


def accepted_visits(*, since):
    return (
        VisitApplication.objects.visits()
        .filter(visit_on__gte=since)
        .select_related("visit_slot")
        .order_by("visit_on", "reference")
    )


def _at(day, time):
    return timezone.make_aware(datetime.datetime.combine(day, time))


def visit_event(application):
    """A visit in the calendar: its time slot, or the whole day when it has none."""
    slot = application.visit_slot
    return Event(
        uid=application.reference,
        summary=f"{application.reference} {application.organisation_name} ("
        + ngettext("%(count)d visitor", "%(count)d visitors", application.headcount)
        % {"count": application.headcount}
        + ")",
        day=None if slot else application.visit_on,
        start=_at(application.visit_on, slot.starts_at) if slot else None,
        end=_at(application.visit_on, slot.ends_at) if slot else None,
        location=application.visit_place,
        description=application.host_department,
        url=absolute_url(reverse("admin:visits_visitapplication_change", args=[application.pk])),
    )


def calendar_events(user, *, today):
    """Accepted visits from three months back, only for staff who may see applications
    (the visit coordinators: applications hold personal data)."""
    if not user.has_perm("visits.view_visitapplication"):
        return []
    return [visit_event(application) for application in accepted_visits(since=today - FEED_PAST)]
