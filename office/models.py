"""What the office keeps for every app: the messages it sends."""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
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
    kind = models.CharField(_("kind"), max_length=40)
    to = models.EmailField(_("to"))
    language = models.CharField(_("language"), max_length=2)
    subject = models.CharField(_("subject"), max_length=250)
    body = models.TextField(_("text"))
    shown_to_recipient = models.BooleanField(_("shown to the recipient"), default=False)
    delivery = models.CharField(
        _("delivery"), max_length=10, choices=Delivery.choices, default=Delivery.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
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
