"""Agreements in the staff calendar feed (office/feeds.py): end dates and anniversaries."""

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _

from agreements.models import Agreement
from agreements.services import upcoming_anniversaries
from office.ical import Event
from office.links import absolute_url

# How far ahead the calendar shows dates.
FEED_HORIZON = datetime.timedelta(days=730)


def _change_page(agreement_id):
    return absolute_url(reverse("admin:agreements_agreement_change", args=[agreement_id]))


def calendar_events(user, *, today):
    """End dates and anniversaries of the next two years, for staff who may see agreements."""
    if not user.has_perm("agreements.view_agreement"):
        return []
    events = [
        Event(
            uid=f"agreement-{agreement.pk}-ends-{agreement.current_expires_on:%Y%m%d}",
            day=agreement.current_expires_on,
            summary=_("Agreement ends: %(title)s") % {"title": agreement.title},
            url=_change_page(agreement.pk),
            busy=False,
        )
        for agreement in Agreement.objects.in_force(on=today).filter(
            current_expires_on__lte=today + FEED_HORIZON
        )
    ]
    events += [
        Event(
            uid=f"partner-{item['partner'].pk}-anniversary-{item['years']}",
            day=item["date"],
            summary=_("%(years)s years with %(partner)s")
            % {"years": item["years"], "partner": item["partner"].name},
            url=_change_page(item["agreement_id"]),
            busy=False,
        )
        for item in upcoming_anniversaries(on=today, within=FEED_HORIZON)
    ]
    return events
