"""The agreements panel on the admin's first page: what is ending, due or coming up."""

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from agreements.models import EXPIRY_WINDOW, Agreement
from agreements.services import upcoming_anniversaries


def due_items(*, on):
    """The three lists the panel, the reminders and the calendar share."""
    return {
        "expiring": list(
            Agreement.objects.expiring(on=on, within=EXPIRY_WINDOW).select_related("kind")
        ),
        "renewals": list(Agreement.objects.due_for_renewal(on=on).select_related("kind")),
        "anniversaries": upcoming_anniversaries(on=on),
    }


def panel(request, *, on=None):
    if not request.user.has_perm("agreements.view_agreement"):
        return ""
    on = on or timezone.localdate()
    changelist = reverse("admin:agreements_agreement_changelist")
    return render_to_string(
        "agreements/admin/dashboard_panel.html",
        {
            **due_items(on=on),
            "today": on,
            "expiry_days": EXPIRY_WINDOW.days,
            "changelist": changelist,
            "calendar_url": reverse("admin:agreements_calendar"),
        },
        request=request,
    )
