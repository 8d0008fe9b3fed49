"""The visit calendar: accepted visits, proposed dates of open applications, blackout days.

Also the warnings staff see when they accept a visit that collides with another.
"""

import calendar as std_calendar
import datetime

from django.db.models import Q
from django.utils.translation import gettext

from visits.models import BlackoutPeriod, VisitApplication, VisitRules

Status = VisitApplication.Status


def acceptance_warnings(*, visit_on, visit_slot, exclude=None):
    """Why accepting a visit on this date and time may be a mistake (empty if it is fine)."""
    accepted = VisitApplication.objects.filter(status=Status.ACCEPTED, visit_on=visit_on)
    if exclude is not None:
        accepted = accepted.exclude(pk=exclude.pk)
    warnings = []
    same_slot = [a.reference for a in accepted if a.visit_slot_id == visit_slot.pk]
    if same_slot:
        warnings.append(
            gettext("Another accepted visit has the same date and time: %(references)s.")
            % {"references": ", ".join(same_slot)}
        )
    capacity = VisitRules.current().visits_per_day
    if len(accepted) >= capacity:
        warnings.append(
            gettext(
                "This day already has %(count)d accepted visit(s); the rules allow %(capacity)d."
            )
            % {"count": len(accepted), "capacity": capacity}
        )
    blackout = BlackoutPeriod.objects.filter(starts_on__lte=visit_on, ends_on__gte=visit_on).first()
    if blackout:
        warnings.append(
            gettext("No visits are received on this day: %(reason)s.") % {"reason": blackout.reason}
        )
    return warnings


class Day:
    """One day of the calendar with what happens on it."""

    def __init__(self, date, *, in_month=True):
        self.date = date
        self.in_month = in_month
        self.accepted = []
        self.proposed = []
        self.blackouts = []
        self.capacity = None

    @property
    def over_capacity(self):
        return self.capacity is not None and len(self.accepted) > self.capacity


def _fill(days, *, first, last):
    by_date = {day.date: day for day in days}
    capacity = VisitRules.current().visits_per_day
    for day in days:
        day.capacity = capacity
    accepted = (
        VisitApplication.objects.visits()
        .filter(visit_on__range=(first, last))
        .select_related("visit_slot")
        .order_by("visit_on", "visit_slot__starts_at", "reference")
    )
    for application in accepted:
        by_date[application.visit_on].accepted.append(application)
    proposed = (
        VisitApplication.objects.proposing()
        .filter(
            Q(first_choice_on__range=(first, last))
            | Q(second_choice_on__range=(first, last))
            | Q(third_choice_on__range=(first, last))
        )
        .only(
            "pk",
            "reference",
            "organisation_name",
            "status",
            "first_choice_on",
            "second_choice_on",
            "third_choice_on",
        )
        .order_by("reference")
    )
    for application in proposed:
        seen = set()
        for choice in (
            application.first_choice_on,
            application.second_choice_on,
            application.third_choice_on,
        ):
            if choice in by_date and choice not in seen:
                seen.add(choice)
                by_date[choice].proposed.append(application)
    for period in BlackoutPeriod.objects.filter(starts_on__lte=last, ends_on__gte=first):
        for day in days:
            if period.starts_on <= day.date <= period.ends_on:
                day.blackouts.append(period)
    return days


def month(year, month_number):
    """Weeks (Monday first) of a month, each a list of seven Days."""
    weeks_of_dates = std_calendar.Calendar(firstweekday=0).monthdatescalendar(year, month_number)
    days = [
        Day(date, in_month=date.month == month_number) for week in weeks_of_dates for date in week
    ]
    _fill(days, first=days[0].date, last=days[-1].date)
    return [days[index : index + 7] for index in range(0, len(days), 7)]


def week(monday):
    """The seven Days of the week starting on `monday`."""
    days = [Day(monday + datetime.timedelta(days=offset)) for offset in range(7)]
    return _fill(days, first=days[0].date, last=days[-1].date)
