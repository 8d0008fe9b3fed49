"""What the daily reminder digest tells the Editor group, each item once per threshold."""

from django.conf import settings
from django.db import transaction
from django.urls import reverse

from agreements.dashboard import due_items
from agreements.models import EXPIRY_WINDOW, ReminderSent
from office import outbox
from office.groups import EDITOR, member_addresses
from office.links import absolute_url

# Days before an agreement ends when the Editor group hears about it: the first when it
# enters the dashboard's expiry window.
EXPIRY_THRESHOLDS = (EXPIRY_WINDOW.days, 90, 30)


def due_reminders(*, on):
    """Reminders due on `on` that have not been sent: a list of dicts with key and threshold."""
    items = due_items(on=on)
    reminders = []
    for agreement in items["expiring"]:
        days_left = (agreement.current_expires_on - on).days
        # Only the tightest threshold reached: a first run 20 days ahead mails "30 days" once.
        threshold = min(t for t in EXPIRY_THRESHOLDS if days_left <= t)
        reminders.append(
            {
                "kind": "expiring",
                "key": f"expiry:agreement-{agreement.pk}:{agreement.current_expires_on}",
                "threshold": f"{threshold}d",
                "agreement": agreement,
                "date": agreement.current_expires_on,
                "days_left": days_left,
            }
        )
    for agreement in items["renewals"]:
        if agreement.current_expires_on >= on:
            continue  # still running: the expiry reminders above cover it
        reminders.append(
            {
                "kind": "lapsed",
                "key": f"expiry:agreement-{agreement.pk}:{agreement.current_expires_on}",
                "threshold": "lapsed",
                "agreement": agreement,
                "date": agreement.current_expires_on,
            }
        )
    for item in items["anniversaries"]:
        reminders.append(
            {
                "kind": "anniversary",
                "key": f"anniversary:partner-{item['partner'].pk}:{item['years']}",
                "threshold": "12m",
                **item,
            }
        )
    sent = set(
        ReminderSent.objects.filter(key__in=[r["key"] for r in reminders]).values_list(
            "key", "threshold"
        )
    )
    return [r for r in reminders if (r["key"], r["threshold"]) not in sent]


def record_sent(reminders):
    ReminderSent.objects.bulk_create(
        [ReminderSent(key=r["key"], threshold=r["threshold"]) for r in reminders],
        ignore_conflicts=True,
    )


@transaction.atomic
def queue_digest(reminders, *, on):
    """Queue the digest to every editor and record its items as sent, in one transaction.

    The outbox keeps the mail until the worker has sent it: a mail server that is down
    delays the digest, and the next run does not mail the same items again.
    """
    context = {
        "reminders": reminders,
        "today": on,
        "admin_url": absolute_url(reverse("admin:index")),
    }
    messages = [
        outbox.send(
            kind="agreement_reminders",
            to=address,
            # The division's language: the digest is for staff.
            language=settings.LANGUAGE_CODE,
            template="agreements/emails/reminders",
            context=context,
        )
        for address in member_addresses(EDITOR)
    ]
    if messages:
        record_sent(reminders)
    return messages
