"""The visit calendar: accepted visits, proposed dates of open applications, blackout days.

Also the warnings staff see when they accept a visit that collides with another.
"""

import calendar as std_calendar
import datetime
from functools import lru_cache
from typing import NamedTuple

import holidays
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext

from visits import working_days
from visits.models import BlackoutPeriod, TimeSlot, VisitApplication, VisitRules

Status = VisitApplication.Status


def public_holiday_name(day):
    """The name of the Japanese public holiday on `day` in the reader's language, or ""."""
    language = "ja" if translation.get_language() == "ja" else "en_US"
    return _holiday_names(day.year, language).get(day, "")


@lru_cache(maxsize=16)
def _holiday_names(year, language):
    return holidays.Japan(years=year, language=language)


def closure_reason(day):
    """Why city hall is shut on `day` besides weekends and holidays ("" if it is open)."""
    if working_days.is_year_end_closure(day):
        return gettext("year-end and New Year closure of city hall")
    return ""


def acceptance_warnings(*, visit_on, visit_slot, exclude=None, today=None):
    """Why accepting a visit on this date and time may be a mistake (empty if it is fine).

    The published rules (weekdays only, no public holidays, no closures) and the calendar
    (the same time taken, the day full): staff may still accept, saying so explicitly.
    """
    today = today or timezone.localdate()
    day = date_format(visit_on, "DATE_FORMAT")
    warnings = []
    if visit_on < today:
        warnings.append(gettext("%(date)s is in the past.") % {"date": day})
    if visit_on.weekday() >= 5:
        warnings.append(
            gettext("%(date)s is a %(weekday)s: visits are received on weekdays only.")
            % {"date": day, "weekday": date_format(visit_on, "l")}
        )
    holiday = public_holiday_name(visit_on)
    if holiday:
        warnings.append(
            gettext("%(date)s is a public holiday in Japan (%(holiday)s).")
            % {"date": day, "holiday": holiday}
        )
    closure = closure_reason(visit_on)
    if closure:
        warnings.append(
            gettext("City hall is closed on %(date)s (%(reason)s).")
            % {"date": day, "reason": closure}
        )
    accepted = VisitApplication.objects.filter(status=Status.ACCEPTED, visit_on=visit_on)
    if exclude is not None:
        accepted = accepted.exclude(pk=exclude.pk)
    accepted = list(accepted)
    same_slot = [
        f"{a.reference} ({a.organisation_name})"
        for a in accepted
        if visit_slot is not None and a.visit_slot_id == visit_slot.pk
    ]
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
    for blackout, _first, _last in BlackoutPeriod.objects.between(visit_on, visit_on)[:1]:
        warnings.append(
            gettext("No visits are received on this day: %(reason)s.") % {"reason": blackout.reason}
        )
    return warnings


class Proposal(NamedTuple):
    """A preferred date of an open application, with the time of day it asks for."""

    application: VisitApplication
    slot: TimeSlot | None

    # The template reads a proposal like the application it proposes.
    @property
    def pk(self):
        return self.application.pk

    @property
    def reference(self):
        return self.application.reference

    @property
    def organisation_name(self):
        return self.application.organisation_name


class Day:
    """One day of the calendar with what happens on it."""

    def __init__(self, date, *, in_month=True):
        self.date = date
        self.in_month = in_month
        self.accepted = []
        self.proposed = []
        self.blackouts = []
        self.capacity = None
        self.holiday = public_holiday_name(date)
        self.closure = closure_reason(date)

    @property
    def is_weekend(self):
        return self.date.weekday() >= 5

    @property
    def double_booked_slots(self):
        """Time slots with two or more accepted visits on this day."""
        seen, double = set(), []
        for application in self.accepted:
            slot = application.visit_slot_id
            if slot in seen and slot not in double:
                double.append(slot)
            seen.add(slot)
        return double

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
    for day in days:
        double = day.double_booked_slots
        for application in day.accepted:
            application.double_booked = application.visit_slot_id in double
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
            "first_choice_slot",
            "second_choice_slot",
            "third_choice_slot",
        )
        .order_by("reference")
    )
    slots = {slot.pk: slot for slot in TimeSlot.objects.all()}
    for application in proposed:
        seen = set()
        for choice, slot_id in (
            (application.first_choice_on, application.first_choice_slot_id),
            (application.second_choice_on, application.second_choice_slot_id),
            (application.third_choice_on, application.third_choice_slot_id),
        ):
            if choice in by_date and choice not in seen:
                seen.add(choice)
                by_date[choice].proposed.append(Proposal(application, slots.get(slot_id)))
    for period, starts, ends in BlackoutPeriod.objects.between(first, last):
        for day in days:
            if starts <= day.date <= ends:
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
