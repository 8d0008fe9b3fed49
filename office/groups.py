"""The three staff groups, and how each app says what they may do with its models.

The groups are created by a data migration; their permissions are (re)assigned after every
migrate, so a model added later is covered without a new data migration. The office names
no app: each app's AppConfig declares `staff_groups`, a mapping from an app label (or one
model, "app_label.model") to what each group may do there:

    staff_groups = {"visits": {VISIT_COORDINATOR: CHANGE}}

CHANGE is every permission of those models (add, change, delete, view, import, export);
VIEW is the view permissions only. A group an app does not name gets nothing of it, which
is how personal data stays with the visit coordinators.
"""

from django.apps import apps as installed_apps
from django.contrib.auth import get_user_model
from django.db import DEFAULT_DB_ALIAS
from django.db.models import Q

EDITOR = "Editor"
VISIT_COORDINATOR = "Visit coordinator"
VIEWER = "Viewer"
GROUPS = (EDITOR, VISIT_COORDINATOR, VIEWER)

CHANGE = "change"
VIEW = "view"


def declared_access():
    """{group: [(app_label, model name or None, CHANGE or VIEW), ...]} from every app."""
    access = {name: [] for name in GROUPS}
    for config in installed_apps.get_app_configs():
        for target, groups in getattr(config, "staff_groups", {}).items():
            app_label, _, model = target.partition(".")
            for group, level in groups.items():
                access[group].append((app_label, model or None, level))
    return access


def _permissions_for(grants):
    query = Q(pk__in=[])
    for app_label, model, level in grants:
        where = Q(content_type__app_label=app_label)
        if model:
            where &= Q(content_type__model=model)
        if level == VIEW:
            where &= Q(codename__startswith="view_")
        query |= where
    return query


def sync_staff_groups(sender=None, using=DEFAULT_DB_ALIAS, apps=installed_apps, **kwargs):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, grants in declared_access().items():
        group, _ = Group.objects.using(using).get_or_create(name=name)
        group.permissions.set(Permission.objects.using(using).filter(_permissions_for(grants)))


def members(group_name):
    """Active users in a staff group."""
    return get_user_model().objects.filter(groups__name=group_name, is_active=True)


def member_addresses(group_name):
    """The email addresses of a staff group's active members, each once, in order."""
    addresses = members(group_name).exclude(email="").values_list("email", flat=True)
    return sorted(set(addresses))
