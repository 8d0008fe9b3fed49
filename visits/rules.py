"""The rules for visits, one function per rule, each answering with a translated message.

application_problems() applies them all to an application's answers: the form calls it
(visits/forms.py) to show the delegation what to fix, and services.submit calls it again
before anything is stored. static/js/visit-form.js checks the same rules as the
delegation types; the server's answer is the one that counts. Every function takes
`today` so that tests never need to freeze the clock.
"""

import datetime
from calendar import monthrange

import holidays
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from visits import working_days
from visits.models import BlackoutPeriod, TimeSlot, VisitApplication, VisitRules

CHOICES = ("first", "second", "third")


class RulesNotMet(ValidationError):
    """An application breaks the rules for visits; message_dict says which answer, and how."""


def missing_for_applications(rules):
    """What the division still has to set before delegations can apply, as a list of
    "time_slot" (no time of day is offered: the form cannot be filled in) and
    "notification" (no address set in the rules and no visit coordinator with an
    address: nobody would hear of the application).

    The public pages say applications are not open yet, and the staff dashboard lists
    the same items, while this is not empty. `rules` comes from VisitRules.current().
    """
    if not hasattr(rules, "has_active_time_slot"):
        rules = VisitRules.objects.with_readiness().get(pk=rules.pk)
    missing = []
    if not rules.has_active_time_slot:
        missing.append("time_slot")
    if not (rules.notification_email or rules.has_coordinator_address):
        missing.append("notification")
    return missing


def accepting_applications(rules):
    """Delegations can apply: a time is offered and someone is told of each application."""
    return not missing_for_applications(rules)


def earliest_visit_day(*, rules, today):
    """The first day the minimum notice allows (it may still be a weekend or a closure)."""
    return today + datetime.timedelta(days=rules.minimum_lead_days)


def latest_visit_day(*, rules, today):
    """The furthest day ahead a delegation can propose: booking_horizon_months from today."""
    year, month = divmod(today.month - 1 + rules.booking_horizon_months, 12)
    year, month = today.year + year, month + 1
    return today.replace(year=year, month=month, day=min(today.day, monthrange(year, month)[1]))


def first_possible_day(*, rules, blackouts, today):
    """The earliest day a visit can really take place: after the minimum notice, and on a
    weekday that is neither a public holiday nor in a closure. Offered as the form's first
    date and quoted by its messages, so nobody is invited to pick 29 December."""
    day = earliest_visit_day(rules=rules, today=today)
    latest = latest_visit_day(rules=rules, today=today)
    while day < latest and (
        weekday_problem(day)
        or public_holiday_problem(day)
        or blackout_problem(day, blackouts=blackouts)
    ):
        day += datetime.timedelta(days=1)
    return day


def lead_time_problem(day, *, rules, today, earliest=None):
    """`earliest`, the first day really possible, is the date the message offers."""
    if day < earliest_visit_day(rules=rules, today=today):
        earliest = earliest or earliest_visit_day(rules=rules, today=today)
        return ngettext(
            "Please apply at least %(days)d day ahead: the earliest date is %(date)s.",
            "Please apply at least %(days)d days ahead: the earliest date is %(date)s.",
            rules.minimum_lead_days,
        ) % {"days": rules.minimum_lead_days, "date": date_format(earliest, "DATE_FORMAT")}
    return None


def horizon_problem(day, *, rules, today):
    latest = latest_visit_day(rules=rules, today=today)
    if day > latest:
        return ngettext(
            "Visits can be proposed up to %(months)d month ahead: the latest date is %(date)s.",
            "Visits can be proposed up to %(months)d months ahead: the latest date is %(date)s.",
            rules.booking_horizon_months,
        ) % {"months": rules.booking_horizon_months, "date": date_format(latest, "DATE_FORMAT")}
    return None


def weekday_problem(day):
    if day.weekday() >= 5:
        return _("Visits are received on weekdays only; %(date)s is a %(weekday)s.") % {
            "date": date_format(day, "DATE_FORMAT"),
            "weekday": date_format(day, "l"),
        }
    return None


def public_holiday_problem(day):
    if working_days.is_public_holiday(day):
        return _("%(date)s is a public holiday in Japan; please choose another day.") % {
            "date": date_format(day, "DATE_FORMAT")
        }
    return None


def blackout_problem(day, *, blackouts):
    for period in blackouts:
        occurrence = period.occurrence_on(day)
        if occurrence:
            return _("No visits can be received from %(first)s to %(last)s (%(reason)s).") % {
                "first": date_format(occurrence[0], "DATE_FORMAT"),
                "last": date_format(occurrence[1], "DATE_FORMAT"),
                "reason": period.reason,
            }
    return None


def time_slot_problem(slot, *, offered):
    if slot is None or slot not in offered:
        return _("Please choose one of the times offered.")
    return None


def group_size_problem(*, headcount, member_count, rules):
    largest = max(headcount or 0, member_count)
    if largest > rules.maximum_group_size:
        return _("A delegation can have at most %(limit)d people.") % {
            "limit": rules.maximum_group_size
        }
    return None


def members_exceed_headcount_problem(*, headcount, member_count):
    if headcount and member_count > headcount:
        return _(
            "The member list names %(members)d people but the number of visitors is %(headcount)d."
        ) % {"members": member_count, "headcount": headcount}
    return None


def open_applications_problem(email, *, rules):
    # Only applications whose contact opened the mailed link count: anyone can type an
    # address, only its owner reads the mail (VisitApplication.address_proof).
    count = (
        VisitApplication.objects.open()
        .filter(contact_email__iexact=email, contact_address_confirmed_at__isnull=False)
        .count()
    )
    if count >= rules.maximum_pending_per_email:
        return _(
            "This email address already has %(count)d open applications, the most we can "
            "handle at once. Please wait for our reply or withdraw one first."
        ) % {"count": count}
    return None


def blackout_periods(*, today):
    """The blackout periods that can still matter to a new application: the yearly
    ones, and the one-off periods not yet over."""
    return list(BlackoutPeriod.objects.filter(Q(ends_on__gte=today) | Q(repeats_every_year=True)))


def closures_ahead(*, rules, blackouts, today):
    """(first day, last day, reason) of every closure from today to the latest date, in
    date order: what the rules page lists and the browser checks."""
    latest = latest_visit_day(rules=rules, today=today)
    return sorted(
        (first, last, period.reason)
        for period in blackouts
        for first, last in period.occurrences(today, latest)
    )


def visit_day_problems(day, *, rules, blackouts, today):
    """Everything wrong with a preferred date, in the order a reader fixes it."""
    earliest = None
    if day < earliest_visit_day(rules=rules, today=today):
        earliest = first_possible_day(rules=rules, blackouts=blackouts, today=today)
    problems = [
        lead_time_problem(day, rules=rules, today=today, earliest=earliest),
        horizon_problem(day, rules=rules, today=today),
        weekday_problem(day),
        public_holiday_problem(day),
        blackout_problem(day, blackouts=blackouts),
    ]
    return [problem for problem in problems if problem]


def application_problems(answers, *, member_count, rules, blackouts, offered_slots, today):
    """Everything wrong with an application's answers, as {field: [message, ...]}.

    `answers` are the form's cleaned answers; a field missing from them already failed
    its own check and is not checked again.
    """
    problems = {}

    def add(field, problem):
        if problem:
            problems.setdefault(field, []).append(problem)

    if answers.get("contact_email"):
        add("contact_email", open_applications_problem(answers["contact_email"], rules=rules))
    for position in CHOICES:
        day = answers.get(f"{position}_choice_on")
        slot_field = f"{position}_choice_slot"
        if day:
            for problem in visit_day_problems(day, rules=rules, blackouts=blackouts, today=today):
                add(f"{position}_choice_on", problem)
            if slot_field in answers:
                add(slot_field, time_slot_problem(answers[slot_field], offered=offered_slots))
        elif answers.get(slot_field) and position != "first":
            add(f"{position}_choice_on", _("Please give a date for this time."))
    headcount = answers.get("headcount")
    if headcount is not None:
        add(
            "headcount",
            group_size_problem(headcount=headcount, member_count=member_count, rules=rules)
            or members_exceed_headcount_problem(headcount=headcount, member_count=member_count),
        )
    return problems


def check_application(answers, *, member_count, rules, today):
    """Raise RulesNotMet if the answers break a rule (the server's own check at submission)."""
    problems = application_problems(
        answers,
        member_count=member_count,
        rules=rules,
        blackouts=blackout_periods(today=today),
        offered_slots=list(TimeSlot.objects.filter(active=True)),
        today=today,
    )
    if problems:
        raise RulesNotMet(problems)


def for_the_browser(*, rules, blackouts, today):
    """The same rules as data for static/js/visit-form.js, which checks them as people type."""
    earliest = first_possible_day(rules=rules, blackouts=blackouts, today=today)
    latest = latest_visit_day(rules=rules, today=today)
    # Every holiday up to the latest date the form takes: the browser and the server then
    # agree on every date the form can send.
    japanese_holidays = sorted(
        day.isoformat()
        for year in range(today.year, latest.year + 1)
        for day in holidays.Japan(years=year)
        if today <= day <= latest
    )
    return {
        "earliest": earliest.isoformat(),
        "latest": latest.isoformat(),
        "maximumGroupSize": rules.maximum_group_size,
        "holidays": japanese_holidays,
        "blackouts": [
            {"first": first.isoformat(), "last": last.isoformat(), "reason": reason}
            for first, last, reason in closures_ahead(rules=rules, blackouts=blackouts, today=today)
        ],
        "messages": {
            "leadTime": _("Please choose %(date)s or later.")
            % {"date": date_format(earliest, "DATE_FORMAT")},
            "horizon": _("Please choose %(date)s or earlier.")
            % {"date": date_format(latest, "DATE_FORMAT")},
            "weekend": _("Visits are received on weekdays only."),
            "holiday": _("This day is a public holiday in Japan."),
            "blackout": _("No visits can be received on this day (%(reason)s)."),
            "groupSize": _("A delegation can have at most %(limit)d people.")
            % {"limit": rules.maximum_group_size},
            "addRow": _("Add a member"),
            "removeRow": _("Remove member %(number)s"),
            "draftRestored": _(
                "What you typed earlier in this browser has been filled in again. Files are "
                "not kept in the browser: please choose them again if needed."
            ),
            "startAgain": _("Start again with an empty form"),
            "keptTitle": _("Already received, sent with the form:"),
            "removeKept": _("Remove %(name)s"),
            "startAgainConfirm": _("Remove everything typed in this form?"),
        },
    }
