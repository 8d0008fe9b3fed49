"""The anniversary planner on the admin's first page: for each coming anniversary with a
partner, the exchanges of the last five years with it, to plan the commemorative year."""

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from agreements.services import upcoming_anniversaries
from exchanges.models import PLANNER_YEARS, recent_for_partners


def planner_items(*, on):
    """[{anniversary..., "exchanges": [...]}] for each coming anniversary, in date order."""
    anniversaries = upcoming_anniversaries(on=on)
    recent = recent_for_partners([item["partner"].pk for item in anniversaries], on=on)
    return [{**item, "exchanges": recent[item["partner"].pk]} for item in anniversaries]


def anniversary_planner(request, *, on=None):
    if not request.user.has_perm("exchanges.view_exchange"):
        return ""
    on = on or timezone.localdate()
    items = planner_items(on=on)
    if not items:
        return ""
    return render_to_string(
        "exchanges/admin/dashboard_panel.html",
        {
            "items": items,
            "years_back": PLANNER_YEARS,
            "changelist": reverse("admin:exchanges_exchange_changelist"),
            "report_url": reverse("admin:exchanges_report"),
        },
        request=request,
    )
