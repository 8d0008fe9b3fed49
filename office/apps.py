import axes.apps
import django_tasks_db.apps
from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class OfficeConfig(AppConfig):
    """The division's office machinery: nothing of its own to show, used by every app."""

    name = "office"
    verbose_name = _("Office")

    def ready(self):
        from office.groups import sync_staff_groups

        # Permissions exist only after every app has migrated, so the groups are
        # given theirs here, on every migrate, as apps add models.
        post_migrate.connect(sync_staff_groups, dispatch_uid="office.sync_staff_groups")


# The libraries' apps under names staff understand, in both languages (their own names,
# "Axes" and "Tasks Database Backend", are neither). office/library_strings.py gives
# their models and fields Japanese.
class LoginLockoutsConfig(axes.apps.AppConfig):
    default = False  # named in INSTALLED_APPS; OfficeConfig stays this module's default
    verbose_name = _("Login lockouts")


class BackgroundTasksConfig(django_tasks_db.apps.TasksAppConfig):
    default = False
    verbose_name = _("Background tasks (mail queue)")
