"""The worker's side of the outbox: the one place where mail leaves the site."""

import datetime
import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone
from django_tasks import task, task_backends

from office.models import Message

logger = logging.getLogger(__name__)

# Minutes to wait before each retry; after the last one the message is marked failed
# and shows in the admin's list of unsent messages.
RETRY_DELAYS = (1, 5, 15, 60, 240, 720)


@task()
def deliver_message(message_id):
    with transaction.atomic():
        message = (
            Message.objects.select_for_update()
            .filter(pk=message_id, delivery=Message.Delivery.QUEUED)
            .first()
        )
        if message is None:
            return "nothing to send"
        try:
            EmailMessage(
                subject=message.subject,
                body=message.body,
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=[message.to],
                reply_to=[message.reply_to] if message.reply_to else None,
            ).send()
        except Exception as error:  # any mail failure: keep the message and retry later
            logger.warning("Message %s not sent: %s", message.pk, error)
            message.attempts += 1
            message.last_error = f"{type(error).__name__}: {error}"[:2000]
            if message.attempts > len(RETRY_DELAYS):
                message.delivery = Message.Delivery.FAILED
            message.save(update_fields=["attempts", "last_error", "delivery"])
            if message.delivery == Message.Delivery.QUEUED:
                delay = datetime.timedelta(minutes=RETRY_DELAYS[message.attempts - 1])
                _retry_after(message.pk, delay)
            return "retry" if message.delivery == Message.Delivery.QUEUED else "failed"
        message.delivery = Message.Delivery.SENT
        message.sent_at = timezone.now()
        message.attempts += 1
        message.last_error = ""
        message.save(update_fields=["delivery", "sent_at", "attempts", "last_error"])
        return "sent"


def _retry_after(message_id, delay):
    backend = task_backends[deliver_message.backend]
    if backend.supports_defer:
        deliver_message.using(run_after=timezone.now() + delay).enqueue(message_id)
    else:
        # A backend that cannot wait (the tests' immediate one) tries again at once;
        # the attempt count still bounds it.
        deliver_message.enqueue(message_id)
