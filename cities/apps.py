from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from office.groups import CHANGE, EDITOR, VIEW, VIEWER


class CitiesConfig(AppConfig):
    name = "cities"
    verbose_name = _("Partners and the home city")
    # What each staff group may do with this app's models (office/groups.py).
    staff_groups = {"cities": {EDITOR: CHANGE, VIEWER: VIEW}}
    # Shown on public pages: a save or delete renews the page cache (office/pagecache.py).
    public_models = (
        "HomeCity",
        "PartnerSearch",
        "AgreementKind",
        "Partner",
        "PartnerFact",
        "PartnerPhoto",
        "Merger",
    )
