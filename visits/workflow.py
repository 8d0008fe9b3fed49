"""The staff's workflow for a visit application: who may move it where, and what it sends.

Each step is a function with keyword-only arguments that checks the move against
ALLOWED_MOVES, changes the application in one transaction, writes a StatusChange with who
did it, and queues at most one message to the applicant (in the applicant's reply
language) in the same transaction. Withdrawal belongs to the applicant's side.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from visits import calendar, emails
from visits.models import StatusChange, VisitApplication, VisitRules
from visits.working_days import add_working_days

Status = VisitApplication.Status

ALLOWED_MOVES = {
    Status.NEW: {Status.IN_REVIEW},
    Status.IN_REVIEW: {Status.NEEDS_INFORMATION, Status.ACCEPTED, Status.DECLINED},
    Status.NEEDS_INFORMATION: {Status.IN_REVIEW, Status.ACCEPTED, Status.DECLINED},
    Status.ACCEPTED: {Status.VISITED},
}
CLOSING_STATUSES = {Status.DECLINED, Status.VISITED}


class StatusChangeNotAllowed(Exception):
    def __init__(self, application, *, to):
        self.application = application
        self.to = to
        super().__init__(f"{application.reference}: {application.status} -> {to} is not allowed")


class CalendarConflict(Exception):
    """Accepting the visit on this date collides with the calendar (see `warnings`)."""

    def __init__(self, application, *, warnings):
        self.application = application
        self.warnings = warnings
        super().__init__(f"{application.reference}: " + " ".join(warnings))


def can_move(application, to):
    return to in ALLOWED_MOVES.get(application.status, set())


def allowed_moves(application):
    """The statuses staff may move the application to, in the order of the Status list."""
    allowed = ALLOWED_MOVES.get(application.status, set())
    return [status for status in Status if status in allowed]


def reply_due_on(*, received_on, rules=None):
    """The day a first answer is due: N Japanese working days after the arrival date."""
    rules = rules or VisitRules.current()
    return add_working_days(received_on, rules.reply_within_working_days)


# --- Moves ---------------------------------------------------------------------------


def _move(application, *, to, changed_by, note="", changes=None):
    # Locked and read again: two coordinators clicking at once cannot both move it.
    locked = VisitApplication.objects.select_for_update().get(pk=application.pk)
    if not can_move(locked, to):
        raise StatusChangeNotAllowed(locked, to=to)
    changes = changes or {}
    for name, value in changes.items():
        setattr(application, name, value)
    application.status = to
    update = ["status", *changes]
    if to in CLOSING_STATUSES:
        application.closed_at = timezone.now()
        update.append("closed_at")
    application.save(update_fields=update)
    StatusChange.objects.create(
        application=application, status=to, changed_by=changed_by, note=note
    )
    return application


@transaction.atomic
def start_review(application, *, changed_by, note=""):
    """Staff begin to look at a new application (or at the information the applicant sent)."""
    changes = {}
    if application.status == Status.NEEDS_INFORMATION:
        # The applicant answered: the division owes a reply again, counted from today.
        changes["reply_due_on"] = reply_due_on(received_on=timezone.localdate())
    return _move(
        application, to=Status.IN_REVIEW, changed_by=changed_by, note=note, changes=changes
    )


@transaction.atomic
def ask_for_information(application, *, changed_by, request, subject=None, body=None):
    """Ask the applicant for something missing; the request is written into the message."""
    _move(
        application,
        to=Status.NEEDS_INFORMATION,
        changed_by=changed_by,
        note=request,
    )
    emails.queue_information_request(application, request=request, subject=subject, body=body)
    return application


@transaction.atomic
def accept(
    application,
    *,
    decided_by,
    visit_on,
    visit_slot,
    visit_place,
    host_department,
    subject=None,
    body=None,
    note="",
    despite_warnings=False,
    today=None,
):
    """Accept the visit on a date and time, at a place, hosted by a department.

    A date the calendar warns about (the same time taken, the day full, a blackout) is
    refused with CalendarConflict unless staff accept it `despite_warnings`; the history
    then says so.
    """
    warnings = calendar.acceptance_warnings(
        visit_on=visit_on, visit_slot=visit_slot, exclude=application
    )
    if warnings:
        if not despite_warnings:
            raise CalendarConflict(application, warnings=warnings)
        accepted_anyway = _("Accepted despite the calendar warnings: %(warnings)s") % {
            "warnings": " ".join(warnings)
        }
        note = f"{note}\n\n{accepted_anyway}" if note else accepted_anyway
    _move(
        application,
        to=Status.ACCEPTED,
        changed_by=decided_by,
        note=note,
        changes={
            "visit_on": visit_on,
            "visit_slot": visit_slot,
            "visit_place": visit_place,
            "host_department": host_department,
            # A date, not a timestamp: visits are reported by fiscal year (April-March).
            "decided_on": today or timezone.localdate(),
        },
    )
    emails.queue_accepted(application, subject=subject, body=body)
    return application


@transaction.atomic
def decline(application, *, decided_by, reason, subject=None, body=None, today=None):
    """Decline the visit with a reason the applicant is told."""
    _move(
        application,
        to=Status.DECLINED,
        changed_by=decided_by,
        changes={"decline_reason": reason, "decided_on": today or timezone.localdate()},
    )
    emails.queue_declined(application, subject=subject, body=body)
    return application


@transaction.atomic
def mark_visited(application, *, changed_by, note=""):
    """The delegation came: the application is closed."""
    return _move(application, to=Status.VISITED, changed_by=changed_by, note=note)


@transaction.atomic
def assign(application, *, handled_by, changed_by):
    """Give the application to a coordinator (or to nobody); the history says who did it."""
    if application.handled_by_id == (handled_by.pk if handled_by else None):
        return application
    application.handled_by = handled_by
    application.save(update_fields=["handled_by"])
    if handled_by:
        note = _("Assigned to %(name)s") % {"name": handled_by.get_full_name() or handled_by}
    else:
        note = _("No longer assigned")
    StatusChange.objects.create(
        application=application, status=application.status, changed_by=changed_by, note=note
    )
    return application
