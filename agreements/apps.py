from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from office.groups import CHANGE, EDITOR, VIEW, VIEWER


class AgreementsConfig(AppConfig):
    name = "agreements"
    verbose_name = _("Agreements")
    # What each staff group may do with this app's models (office/groups.py).
    staff_groups = {"agreements": {EDITOR: CHANGE, VIEWER: VIEW}}
    # Shown on public pages: a save or delete renews the page cache (office/pagecache.py).
    public_models = (
        "CooperationField",
        "Agreement",
        "AgreementParty",
        "Signatory",
        "AgreementRenewal",
        "AgreementDocument",
    )
