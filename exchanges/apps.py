from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from office.groups import CHANGE, EDITOR, VIEW, VIEWER, VISIT_COORDINATOR


class ExchangesConfig(AppConfig):
    name = "exchanges"
    verbose_name = _("Exchanges")
    # What each staff group may do with this app's models (office/groups.py). Visit
    # coordinators record the visits they handled; editors keep the rest of the record.
    staff_groups = {"exchanges": {EDITOR: CHANGE, VISIT_COORDINATOR: CHANGE, VIEWER: VIEW}}
    # Shown on public pages: a save or delete renews the page cache (office/pagecache.py).
    public_models = ("ExchangeKind", "Exchange", "ExchangeLink", "ExchangePhoto")
