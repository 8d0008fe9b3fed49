from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CitiesConfig(AppConfig):
    name = "cities"
    verbose_name = _("Partners and the home city")

    def ready(self):
        from cities.groups import sync_staff_groups

        # Permissions exist only after every app has migrated, so the groups are
        # given theirs here, on every migrate, as apps add models.
        post_migrate.connect(sync_staff_groups, dispatch_uid="cities.sync_staff_groups")
