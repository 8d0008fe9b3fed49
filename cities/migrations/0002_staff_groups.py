from django.db import migrations

GROUPS = ["Editor", "Visit coordinator", "Viewer"]


def create_groups(apps, schema_editor):
    # Their permissions are assigned after every migrate (office.groups.sync_staff_groups),
    # once every app's permissions exist.
    Group = apps.get_model("auth", "Group")
    for name in GROUPS:
        Group.objects.get_or_create(name=name)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("cities", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
