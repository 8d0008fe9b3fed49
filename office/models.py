"""The office's own records, used by every app and owned by none."""

import secrets

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

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
