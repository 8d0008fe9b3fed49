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

# Starting the review is implied by the first real move: a new application can be asked
# about, accepted or declined at once. After a request for information the coordinator
# may ask again (the delegation's answer was not enough).
ALLOWED_MOVES = {
    Status.NEW: {Status.IN_REVIEW, Status.NEEDS_INFORMATION, Status.ACCEPTED, Status.DECLINED},
    Status.IN_REVIEW: {Status.NEEDS_INFORMATION, Status.ACCEPTED, Status.DECLINED},
    Status.NEEDS_INFORMATION: {
        Status.IN_REVIEW,
        Status.NEEDS_INFORMATION,
        Status.ACCEPTED,
        Status.DECLINED,
    },
    Status.ACCEPTED: {Status.VISITED, Status.CANCELLED},
}
CLOSING_STATUSES = {Status.DECLINED, Status.VISITED, Status.CANCELLED}


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


def recorded(value):
    """A value as the history stores it (JSON): dates as ISO text, slots by their id."""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "pk"):
        return value.pk
    return value


def _checked_against_calendar(application, *, visit_on, visit_slot, despite_warnings, today):
    """The calendar's warnings for the date, which staff must accept `despite_warnings`."""
    warnings = calendar.acceptance_warnings(
        visit_on=visit_on, visit_slot=visit_slot, exclude=application, today=today
    )
    if warnings and not despite_warnings:
        raise CalendarConflict(application, warnings=warnings)
    return warnings


def _move(application, *, to, changed_by, note="", changes=None, record=None):
    """Move the application to `to`; `changes` are saved on it, `record` (with the
    recorded `changes`) goes into the history row."""
    # Locked and read again: two coordinators clicking at once cannot both move it.
    locked = VisitApplication.objects.select_for_update().get(pk=application.pk)
    if not can_move(locked, to):
        raise StatusChangeNotAllowed(locked, to=to)
    changes = changes or {}
    for name, value in changes.items():
        setattr(application, name, value)
    application.status = to
    # Staff's move is their answer to the delegation's reply.
    application.reply_received_at = None
    update = ["status", "reply_received_at", *changes]
    if to in CLOSING_STATUSES:
        application.closed_at = timezone.now()
        update.append("closed_at")
    application.save(update_fields=update)
    StatusChange.objects.create(
        application=application,
        status=to,
        changed_by=changed_by,
        note=note,
        changes={
            **{name: recorded(value) for name, value in changes.items() if name in RECORDED},
            **(record or {}),
        },
    )
    return application


# What the history keeps of a move's changes (the rest is in the application itself).
RECORDED = (
    "visit_on",
    "visit_slot",
    "visit_place",
    "host_department",
    "decline_reason",
    "reply_due_on",
)


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
        record={"mail": "needs_information"},
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
    overrides = _checked_against_calendar(
        application,
        visit_on=visit_on,
        visit_slot=visit_slot,
        despite_warnings=despite_warnings,
        today=today,
    )
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
        record={"overrides": overrides, "mail": "accepted"} if overrides else {"mail": "accepted"},
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
        record={"mail": "declined"},
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
    # Who it went to is in `changes`, shown in each reader's language.
    note = ""
    StatusChange.objects.create(
        application=application,
        status=application.status,
        changed_by=changed_by,
        note=note,
        changes={"handled_by": handled_by.pk if handled_by else None},
    )
    return application


@transaction.atomic
def reschedule(
    application,
    *,
    changed_by,
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
    """Move an accepted visit to another date, time or place and tell the delegation.

    The same calendar warnings as for accepting apply; the history keeps the old values.
    """
    locked = VisitApplication.objects.select_for_update().get(pk=application.pk)
    if locked.status != Status.ACCEPTED:
        raise StatusChangeNotAllowed(locked, to=Status.ACCEPTED)
    overrides = _checked_against_calendar(
        application,
        visit_on=visit_on,
        visit_slot=visit_slot,
        despite_warnings=despite_warnings,
        today=today,
    )
    new = {
        "visit_on": visit_on,
        "visit_slot": visit_slot,
        "visit_place": visit_place,
        "host_department": host_department,
    }
    previous = {name: recorded(getattr(locked, name)) for name in new}
    for name, value in new.items():
        setattr(application, name, value)
    application.reply_received_at = None
    application.save(update_fields=[*new, "reply_received_at"])
    record = {name: recorded(value) for name, value in new.items()}
    record["previous"] = previous
    record["mail"] = "rescheduled"
    if overrides:
        record["overrides"] = overrides
    StatusChange.objects.create(
        application=application,
        status=Status.ACCEPTED,
        changed_by=changed_by,
        note=note,
        changes=record,
    )
    emails.queue_rescheduled(application, subject=subject, body=body)
    return application


@transaction.atomic
def cancel(application, *, changed_by, reason, subject=None, body=None):
    """Call off an accepted visit and tell the delegation why; it leaves the calendar."""
    _move(
        application,
        to=Status.CANCELLED,
        changed_by=changed_by,
        note=reason,
        record={"mail": "cancelled"},
    )
    emails.queue_cancelled(application, reason=reason, subject=subject, body=body)
    return application


# --- The delegation's side, called from its status page ------------------------------


@transaction.atomic
def reply_received(application, *, document=None, reply=None):
    """The delegation answered (a document or a message added on its status page): flag
    the application until staff's next move, write the history and tell its coordinator.

    The history names a document but never quotes a message: the history outlives the
    personal data the retention purge removes."""
    application = VisitApplication.objects.select_for_update().get(pk=application.pk)
    if not application.is_open:
        return application
    application.reply_received_at = timezone.now()
    application.save(update_fields=["reply_received_at"])
    StatusChange.objects.create(
        application=application,
        status=application.status,
        changes={
            "reply_received": document.original_name if document else "",
            **({"reply_is_message": True} if reply else {}),
        },
    )
    if document:
        what = _("Document added on the status page: %(name)s") % {"name": document.original_name}
    elif reply:
        what = _("Message written on the status page:\n\n%(text)s") % {"text": reply.text}
    else:
        what = ""
    emails.queue_reply_received(application, what=str(what))
    return application


@transaction.atomic
def acknowledge_reply(application, *, changed_by):
    """Staff read the delegation's reply and need no other move now."""
    if application.reply_received_at is None:
        return application
    application.reply_received_at = None
    application.save(update_fields=["reply_received_at"])
    StatusChange.objects.create(
        application=application,
        status=application.status,
        changed_by=changed_by,
        changes={"reply_read": True},
    )
    return application
