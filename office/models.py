"""The office's own records, used by every app and owned by none: the messages it sends
and the calendar tokens."""

import secrets

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Message(models.Model):
    """A mail the division sends, kept with its delivery: the worker sends and retries it.

    `about` links it to what it concerns (a visit application, ...), so that app can list
    its messages and delete them with it. A message shown to the recipient also appears on
    their own page (a visit application's status page). A message that could not be sent
    yet stays here with its error.
    """

    class Delivery(models.TextChoices):
        QUEUED = "queued", _("waiting to be sent")
        SENDING = "sending", _("being sent")
        SENT = "sent", _("sent")
        FAILED = "failed", _("not sent (gave up)")

    about_type = models.ForeignKey(
        ContentType,
        verbose_name=pgettext_lazy("message", "about"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    about_id = models.PositiveBigIntegerField(null=True, blank=True)
    about = GenericForeignKey("about_type", "about_id")
    kind = models.CharField(pgettext_lazy("message", "kind of mail"), max_length=40)
    to = models.EmailField(_("to"))
    # Where the recipient's answer goes (the division's address), when not the sender.
    reply_to = models.EmailField(_("reply to"), blank=True)
    language = models.CharField(_("language"), max_length=2)
    subject = models.CharField(_("subject"), max_length=250)
    body = models.TextField(_("text"))
    shown_to_recipient = models.BooleanField(_("shown to the recipient"), default=False)
    delivery = models.CharField(
        _("delivery"), max_length=10, choices=Delivery.choices, default=Delivery.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    # When a worker began sending it: a message "being sent" for long had a worker die.
    sending_since = models.DateTimeField(_("being sent since"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        # An application's messages (its page, its status page) are found by this pair.
        indexes = [models.Index(fields=["about_type", "about_id"], name="message_about_idx")]

    def __str__(self):
        return self.subject


# --- The calendar token: the secret in a staff member's calendar feed address ---


def new_calendar_token():
    # 32 bytes: 256 bits of randomness, far beyond guessing.
    return secrets.token_urlsafe(32)


class CalendarTokenQuerySet(models.QuerySet):
    def staff_member(self, token):
        """The active staff member whose feed address carries `token`, or None.

        One query whatever the reason for None (unknown, reset, inactive, no longer staff),
        so the answer takes no longer for a real token than for a guess.
        """
        found = (
            self.select_related("user")
            .filter(token=token, user__is_active=True, user__is_staff=True)
            .first()
        )
        return found.user if found else None

    def current(self, *, user):
        """The token shown to `user` on their calendar pages: the newest, made on first use."""
        return self.filter(user=user).order_by("-created_at", "-pk").first() or self.create(
            user=user
        )

    @transaction.atomic
    def reset(self, *, user):
        """A new address for `user`: every earlier one stops working at once."""
        self.filter(user=user).delete()
        return self.create(user=user)


class CalendarToken(models.Model):
    """The one secret in a staff member's calendar feed address.

    A staff member may have several: the tokens of the agreement and visit feeds that came
    before the one feed both stay valid until the first reset, which revokes them all.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff member"),
        on_delete=models.CASCADE,
        related_name="calendar_tokens",
    )
    token = models.CharField(_("token"), max_length=64, unique=True, default=new_calendar_token)
    # A default, not auto_now_add: the migration copies the old tokens with their dates.
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    objects = CalendarTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("calendar address")
        verbose_name_plural = _("calendar addresses")

    def __str__(self):
        return str(self.user)
