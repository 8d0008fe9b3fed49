"""The rules for visits, one function per rule, each answering with a translated message.

application_problems() applies them all to an application's answers: the form calls it
(visits/forms.py) to show the delegation what to fix, and services.submit calls it again
before anything is stored. static/js/visit-form.js checks the same rules as the
delegation types; the server's answer is the one that counts. Every function takes
`today` so that tests never need to freeze the clock.
"""

import datetime

import holidays
from django.core.exceptions import ValidationError
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
    return today + datetime.timedelta(days=rules.minimum_lead_days)


def lead_time_problem(day, *, rules, today):
    earliest = earliest_visit_day(rules=rules, today=today)
    if day < earliest:
        return ngettext(
            "Please apply at least %(days)d day ahead: the earliest date is %(date)s.",
            "Please apply at least %(days)d days ahead: the earliest date is %(date)s.",
            rules.minimum_lead_days,
        ) % {"days": rules.minimum_lead_days, "date": date_format(earliest, "DATE_FORMAT")}
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
        if period.starts_on <= day <= period.ends_on:
            return _("No visits can be received from %(first)s to %(last)s (%(reason)s).") % {
                "first": date_format(period.starts_on, "DATE_FORMAT"),
                "last": date_format(period.ends_on, "DATE_FORMAT"),
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
    """The blackout periods that can still matter to a new application."""
    return list(BlackoutPeriod.objects.filter(ends_on__gte=today))


def visit_day_problems(day, *, rules, blackouts, today):
    """Everything wrong with a preferred date, in the order a reader fixes it."""
    problems = [
        lead_time_problem(day, rules=rules, today=today),
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
    earliest = earliest_visit_day(rules=rules, today=today)
    horizon = today + datetime.timedelta(days=2 * 366)
    japanese_holidays = sorted(
        day.isoformat()
        for year in range(today.year, horizon.year + 1)
        for day in holidays.Japan(years=year)
        if today <= day <= horizon
    )
    return {
        "earliest": earliest.isoformat(),
        "maximumGroupSize": rules.maximum_group_size,
        "holidays": japanese_holidays,
        "blackouts": [
            {"first": p.starts_on.isoformat(), "last": p.ends_on.isoformat(), "reason": p.reason}
            for p in blackouts
        ],
        "messages": {
            "leadTime": _("Please choose %(date)s or later.")
            % {"date": date_format(earliest, "DATE_FORMAT")},
            "weekend": _("Visits are received on weekdays only."),
            "holiday": _("This day is a public holiday in Japan."),
            "blackout": _("No visits can be received on this day (%(reason)s)."),
            "groupSize": _("A delegation can have at most %(limit)d people.")
            % {"limit": rules.maximum_group_size},
            "addRow": _("Add a member"),
            "removeRow": _("Remove this member"),
        },
    }
