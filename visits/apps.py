from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from office.groups import CHANGE, VISIT_COORDINATOR


class VisitsConfig(AppConfig):
    name = "visits"
    verbose_name = _("Visit applications")
    # What each staff group may do with this app's models (office/groups.py).
    # Personal data: only visit coordinators see it, even read-only.
    # The office keeps the applications' mail (office.Message): theirs to read and resend.
    staff_groups = {
        "visits": {VISIT_COORDINATOR: CHANGE},
        "office.message": {VISIT_COORDINATOR: CHANGE},
    }
    # Shown on public pages: a save or delete renews the page cache (office/pagecache.py).
    public_models = ("VisitRules", "TimeSlot", "BlackoutPeriod", "VisitTopic")
