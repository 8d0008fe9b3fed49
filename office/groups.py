"""The three staff groups and what each may do.

The groups are created by a data migration; their permissions are (re)assigned after every
migrate, so a model added later is covered without a new data migration.
"""

from django.apps import apps as global_apps
from django.db import DEFAULT_DB_ALIAS

EDITOR = "Editor"
VISIT_COORDINATOR = "Visit coordinator"
VIEWER = "Viewer"

# Which apps' models each group may change (add, change, delete, view).
CHANGE_APPS = {
    EDITOR: ("cities", "agreements"),
    VISIT_COORDINATOR: ("visits",),
}
# Viewers may look at everything of these apps and change nothing.
VIEW_APPS = ("cities", "agreements", "visits")
# Personal data that only visit coordinators may see, even read-only.
PERSONAL_DATA_APPS = ("visits",)


def sync_staff_groups(sender=None, using=DEFAULT_DB_ALIAS, apps=global_apps, **kwargs):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name in (EDITOR, VISIT_COORDINATOR, VIEWER):
        group, _ = Group.objects.using(using).get_or_create(name=name)
        change_apps = CHANGE_APPS.get(name, ())
        view_apps = [app for app in VIEW_APPS if app not in PERSONAL_DATA_APPS]
        permissions = Permission.objects.using(using).filter(
            content_type__app_label__in=change_apps
        ) | Permission.objects.using(using).filter(
            content_type__app_label__in=view_apps if name == VIEWER else (),
            codename__startswith="view_",
        )
        group.permissions.set(permissions)
