"""What a delegation does with its application: submit it, add a document, withdraw it.

Each function changes the application, its history and its mail in one transaction.
Staff's side of the workflow (review, accept, decline) is in visits/workflow.py.
"""

import logging
import random
import secrets
import time

from django.db import IntegrityError, OperationalError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from visits import emails, files, workflow
from visits.models import DelegationReply, Document, StatusChange, VisitApplication, VisitRules
from visits.rules import check_application

logger = logging.getLogger(__name__)

# A submission that lost a race (a reference taken, a busy SQLite database) is tried
# again; each round one competitor wins, so this bounds even a burst of submissions.
ATTEMPTS = 200


class ApplicationClosed(Exception):
    """The application is no longer open: it cannot be withdrawn or added to."""


class TooManyDocuments(Exception):
    """An application holds at most files.MAX_DOCUMENTS documents."""


class TooManyReplies(Exception):
    """An application holds at most DelegationReply.MAX_PER_APPLICATION messages."""


def new_submission_key():
    """The one-time key a form carries, so that posting it twice makes one application."""
    return secrets.token_urlsafe(24)


def next_reference(year):
    """The next free reference of a year: VA-2026-0001, VA-2026-0002, ... without gaps.

    Call it while holding the rules row's lock (see submit), so no one else takes it.
    """
    prefix = f"VA-{year}-"
    last = (
        VisitApplication.objects.filter(reference__startswith=prefix)
        .order_by("-reference")
        .values_list("reference", flat=True)
        .first()
    )
    number = int(last.removeprefix(prefix)) + 1 if last else 1
    return f"{prefix}{number:04d}"


def submit(
    *,
    answers,
    language,
    members=(),
    topics=(),
    documents=(),
    submission_key=None,
    today=None,
):
    """Save a delegation's application and queue the confirmation and staff's notice.

    `answers` holds the application's own fields as the form cleaned them. The rules for
    visits are checked again here, where no form can skip them (open applications per
    address, group size, dates): visits.rules.RulesNotMet says what is wrong, and nothing
    is stored. Everything is saved in one transaction; files already written are removed
    again if it fails. A second call with the same submission_key returns the first
    application.
    """
    today = today or timezone.localdate()
    for attempt in range(ATTEMPTS):
        stored = []
        try:
            with transaction.atomic():
                if submission_key:
                    existing = VisitApplication.objects.filter(
                        submission_key=submission_key
                    ).first()
                    if existing is not None:
                        return existing
                return _create_application(
                    answers=answers,
                    language=language,
                    members=members,
                    topics=topics,
                    documents=documents,
                    submission_key=submission_key,
                    today=today,
                    stored=stored,
                )
        except IntegrityError:
            # Someone else took the reference, or this very form was posted twice at once.
            _remove_files(stored)
            if attempt == ATTEMPTS - 1:
                raise
        except OperationalError as error:
            _remove_files(stored)
            if not _database_busy(error) or attempt == ATTEMPTS - 1:
                raise
            # Jitter, not a secret (bandit B311).
            time.sleep(random.uniform(0.005, 0.05))  # nosec B311
        except BaseException:
            # The rollback removes the rows; the files on disk must go by hand.
            _remove_files(stored)
            raise
    raise AssertionError("unreachable")


def _database_busy(error):
    # SQLite answers a competing writer with "database is locked" (or "table is locked"
    # between connections sharing a cache) instead of waiting: a moment later it is free.
    return "locked" in str(error)


def _create_application(
    *, answers, language, members, topics, documents, submission_key, today, stored
):
    VisitRules.current()  # the row locked below must exist
    # Locking the one rules row makes submissions take their reference one after another
    # on PostgreSQL; SQLite's IMMEDIATE transactions already let one writer in at a time.
    rules = VisitRules.objects.select_for_update().get(pk=1)
    # Checked under that lock, so two submissions at once cannot both take the last of an
    # address's open applications.
    check_application(answers, member_count=len(members), rules=rules, today=today)
    application = VisitApplication(
        **answers,
        language=language,
        submission_key=submission_key or None,
        reference=next_reference(today.year),
        status=VisitApplication.Status.NEW,
        consented_at=timezone.now(),
        reply_due_on=workflow.reply_due_on(received_on=today, rules=rules),
    )
    application.save()
    application.members.bulk_create(
        [
            application.members.model(
                application=application,
                name=member["name"],
                organisation=member.get("organisation", ""),
                title=member.get("title", ""),
                order=order,
            )
            for order, member in enumerate(members, start=1)
        ]
    )
    if topics:
        application.topics.set(topics)
    for uploaded in documents:
        _store_document(application, uploaded, stored=stored)
    StatusChange.objects.create(
        application=application, status=application.status, note="submitted online"
    )
    emails.queue_confirmation(application)
    emails.queue_staff_notification(application, rules=rules)
    return application


def _store_document(application, uploaded, *, stored):
    content_type = files.check_document(uploaded)
    document = Document(
        application=application,
        original_name=str(uploaded.name)[:255],
        content_type=content_type,
        size=uploaded.size,
    )
    # A random name with the extension of the real type: the delegation's file name is
    # kept for display only and never reaches the file system.
    name = f"{secrets.token_hex(16)}{files.EXTENSIONS[content_type]}"
    document.file.save(name, uploaded, save=False)
    stored.append(document.file.name)
    document.save()
    return document


def _remove_files(names):
    if not names:
        return
    storage = Document._meta.get_field("file").storage
    for name in names:
        try:
            storage.delete(name)
        except OSError:
            logger.exception("Could not remove %s after a failed submission", name)


def add_document(application, *, uploaded):
    """Add a document to an open application (from its status page)."""
    stored = []
    try:
        with transaction.atomic():
            application = VisitApplication.objects.select_for_update().get(pk=application.pk)
            if not application.can_take_documents:
                raise ApplicationClosed(application.reference)
            if application.documents.count() >= files.MAX_DOCUMENTS:
                raise TooManyDocuments(application.reference)
            return _store_document(application, uploaded, stored=stored)
    except BaseException:
        _remove_files(stored)
        raise


@transaction.atomic
def add_reply(application, *, text):
    """A message from the delegation, written on its status page, for an open application."""
    application = VisitApplication.objects.select_for_update().get(pk=application.pk)
    if not application.can_take_documents:
        raise ApplicationClosed(application.reference)
    if application.replies.count() >= DelegationReply.MAX_PER_APPLICATION:
        raise TooManyReplies(application.reference)
    return DelegationReply.objects.create(application=application, text=text)


@transaction.atomic
def withdraw(application, *, note=""):
    """The delegation withdraws its application; it closes and can no longer change."""
    # Locked, so a double click withdraws once and records one status change.
    application = VisitApplication.objects.select_for_update().get(pk=application.pk)
    if not application.can_be_withdrawn:
        raise ApplicationClosed(application.reference)
    application.status = VisitApplication.Status.WITHDRAWN
    application.closed_at = timezone.now()
    application.save(update_fields=["status", "closed_at"])
    StatusChange.objects.create(
        application=application,
        status=application.status,
        note=note or "withdrawn by the applicant on the status page",
    )
    emails.queue_withdrawal_confirmation(application)
    return application


# Translated messages the views show for the exceptions above.
CLOSED_MESSAGE = _("This application is closed and can no longer be changed.")
TOO_MANY_MESSAGE = files.quoting_limits(_("An application can hold at most %(count)s documents."))
TOO_MANY_REPLIES_MESSAGE = _(
    "This application already has many messages: please write to the division by email."
)
