# The one calendar token for the one staff calendar feed. The agreement and visit feeds
# each had their own token table; every token in them is copied here, so that no
# subscribed calendar breaks, before agreements and visits drop their tables (their
# migrations that remove CalendarToken depend on this one).

import django.db.models.deletion
import django.utils.timezone
import office.models
from django.conf import settings
from django.db import migrations, models

OLD_TABLES = ("agreements", "visits")


def copy_old_tokens(apps, schema_editor):
    """Every token of the two old feeds opens the one feed. A staff member who had both
    keeps both, as two rows, until their first reset revokes them together."""
    CalendarToken = apps.get_model("office", "CalendarToken")
    copied = set()
    for app_label in OLD_TABLES:
        old = apps.get_model(app_label, "CalendarToken")
        for row in old.objects.all():
            # The same token in both tables (only after migrating back) is one address.
            if row.token not in copied:
                CalendarToken.objects.create(
                    user_id=row.user_id, token=row.token, created_at=row.created_at
                )
                copied.add(row.token)


def copy_newest_tokens_back(apps, schema_editor):
    """Going back: each staff member's newest token opens both old feeds again."""
    CalendarToken = apps.get_model("office", "CalendarToken")
    newest = {row.user_id: row for row in CalendarToken.objects.order_by("created_at", "pk")}
    for app_label in OLD_TABLES:
        old = apps.get_model(app_label, "CalendarToken")
        old.objects.bulk_create(
            old(user_id=row.user_id, token=row.token) for row in newest.values()
        )


class Migration(migrations.Migration):

    dependencies = [
        ('office', '0001_initial'),
        ('agreements', '0001_agreements_parties_renewals_documents'),
        ('visits', '0002_staff_email_templates_notes_log_calendar'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='CalendarToken',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('token', models.CharField(default=office.models.new_calendar_token, max_length=64, unique=True, verbose_name='token')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name='created')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='calendar_tokens', to=settings.AUTH_USER_MODEL, verbose_name='staff member')),
            ],
            options={
                'verbose_name': 'calendar address',
                'verbose_name_plural': 'calendar addresses',
            },
        ),
        migrations.RunPython(copy_old_tokens, copy_newest_tokens_back),
    ]
