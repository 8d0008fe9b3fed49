"""The worker's side of the outbox: the one place where mail leaves the site.

No transaction is open while the mail server is talked to: a message is marked "being
sent" in one short transaction, sent, then its result recorded in another. A slow or
hanging mail server (EMAIL_TIMEOUT bounds it) then holds no lock that a visitor's
submission or a staff save would wait for, SQLite's one write lock included.

A worker that dies mid-send (kill -9, out of memory, a reboot) leaves its task running
and its message "being sent"; requeue_abandoned() puts both back after
MAIL_SENDING_TIMEOUT seconds (`manage.py worker` calls it when it starts and every
minute). Only the task that moves a message from waiting to being sent sends it, so
two tasks for one message send it once.
"""

import datetime
import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import timezone
from django_tasks import task, task_backends

from office.models import Message

logger = logging.getLogger(__name__)

# Minutes to wait before each retry; after the last one the message is marked failed
# and shows in the admin's list of unsent messages.
RETRY_DELAYS = (1, 5, 15, 60, 240, 720)


@task()
def deliver_message(message_id):
    # Claimed in one statement (its own short transaction): of two tasks for the same
    # message only one moves it from waiting to being sent.
    claimed = Message.objects.filter(pk=message_id, delivery=Message.Delivery.QUEUED).update(
        delivery=Message.Delivery.SENDING, sending_since=timezone.now()
    )
    if not claimed:
        return "nothing to send"
    message = Message.objects.get(pk=message_id)
    try:
        EmailMessage(
            subject=message.subject,
            body=message.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[message.to],
            reply_to=[message.reply_to] if message.reply_to else None,
            # The same id on every try: a mail client shows a copy sent twice (a worker
            # that died after the server took it) as one message.
            headers={"Message-ID": message_id_header(message)},
        ).send()
    except Exception as error:  # any mail failure: keep the message and retry later
        logger.warning("Message %s not sent: %s", message.pk, error)
        attempts = message.attempts + 1
        delivery = (
            Message.Delivery.FAILED if attempts > len(RETRY_DELAYS) else Message.Delivery.QUEUED
        )
        Message.objects.filter(pk=message.pk).update(
            attempts=attempts,
            last_error=f"{type(error).__name__}: {error}"[:2000],
            delivery=delivery,
            sending_since=None,
        )
        if delivery == Message.Delivery.QUEUED:
            _retry_after(message.pk, datetime.timedelta(minutes=RETRY_DELAYS[attempts - 1]))
            return "retry"
        return "failed"
    Message.objects.filter(pk=message.pk).update(
        delivery=Message.Delivery.SENT,
        sent_at=timezone.now(),
        attempts=message.attempts + 1,
        last_error="",
        sending_since=None,
    )
    return "sent"


def message_id_header(message):
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "localhost"
    return f"<twinning-message-{message.pk}@{domain}>"


def _retry_after(message_id, delay):
    backend = task_backends[deliver_message.backend]
    if backend.supports_defer:
        deliver_message.using(run_after=timezone.now() + delay).enqueue(message_id)
    else:
        # A backend that cannot wait (the tests' immediate one) tries again at once;
        # the attempt count still bounds it.
        deliver_message.enqueue(message_id)


def requeue_abandoned(*, now=None):
    """Put back what a dead worker left running: its tasks and the message it was sending.

    Running longer than MAIL_SENDING_TIMEOUT means dead: a live send gives up after
    EMAIL_TIMEOUT. Returns the number of tasks put back.
    """
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    cutoff = (now or timezone.now()) - datetime.timedelta(seconds=settings.MAIL_SENDING_TIMEOUT)
    Message.objects.filter(delivery=Message.Delivery.SENDING, sending_since__lt=cutoff).update(
        delivery=Message.Delivery.QUEUED, sending_since=None
    )
    return DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING, started_at__lt=cutoff
    ).update(status=TaskResultStatus.READY, started_at=None)
