# The Message model moves from visits to the office, which sends every app's mail. The
# table is renamed, not copied, so every row keeps its primary key; the link to a visit
# application becomes a generic link (about_type, about_id) filled from application_id.
import django.db.models.deletion
from django.db import migrations, models

OLD_TASK = "visits.tasks.deliver_message"
NEW_TASK = "office.tasks.deliver_message"


def link_to_applications(apps, schema_editor):
    Message = apps.get_model("office", "Message")
    messages = Message.objects.using(schema_editor.connection.alias).filter(
        application__isnull=False
    )
    if not messages.exists():
        return
    ContentType = apps.get_model("contenttypes", "ContentType")
    application_type, _ = ContentType.objects.using(
        schema_editor.connection.alias
    ).get_or_create(app_label="visits", model="visitapplication")
    messages.update(about_type=application_type, about_id=models.F("application_id"))


def link_back_to_applications(apps, schema_editor):
    Message = apps.get_model("office", "Message")
    Message.objects.using(schema_editor.connection.alias).filter(
        about_type__app_label="visits", about_type__model="visitapplication"
    ).update(application_id=models.F("about_id"))


def rename_task(old, new):
    # django_tasks_db stores a task by its dotted path: mail queued before the upgrade
    # (and retries waiting for their time) must find the task at its new address.
    def rename(apps, schema_editor):
        DBTaskResult = apps.get_model("django_tasks_database", "DBTaskResult")
        DBTaskResult.objects.using(schema_editor.connection.alias).filter(
            task_path=old, status="READY"
        ).update(task_path=new)

    return rename


class Migration(migrations.Migration):

    dependencies = [
        ("office", "0002_calendartoken"),
        ("visits", "0005_remove_calendartoken"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
    ]

    operations = [
        # 1. The office takes over the existing table as it is.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Message",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("kind", models.CharField(max_length=40, verbose_name="kind")),
                        ("to", models.EmailField(max_length=254, verbose_name="to")),
                        ("language", models.CharField(max_length=2, verbose_name="language")),
                        ("subject", models.CharField(max_length=250, verbose_name="subject")),
                        ("body", models.TextField(verbose_name="text")),
                        ("for_applicant", models.BooleanField(default=False, verbose_name="shown to the applicant")),
                        ("delivery", models.CharField(choices=[("queued", "waiting to be sent"), ("sent", "sent"), ("failed", "not sent (gave up)")], default="queued", max_length=10, verbose_name="delivery")),
                        ("attempts", models.PositiveSmallIntegerField(default=0, verbose_name="attempts")),
                        ("last_error", models.TextField(blank=True, verbose_name="last error")),
                        ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                        ("sent_at", models.DateTimeField(blank=True, null=True, verbose_name="sent")),
                        ("application", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="visits.visitapplication")),
                    ],
                    options={
                        "verbose_name": "message",
                        "verbose_name_plural": "messages",
                        "ordering": ["created_at", "pk"],
                        "db_table": "visits_message",
                    },
                ),
            ],
            database_operations=[],
        ),
        # 2. Renamed in the database: visits_message -> office_message, rows and keys kept.
        migrations.AlterModelTable(name="message", table=None),
        # 3. The generic link, filled from the application it pointed to.
        migrations.AddField(
            model_name="message",
            name="about_type",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to="contenttypes.contenttype", verbose_name="about"),
        ),
        migrations.AddField(
            model_name="message",
            name="about_id",
            field=models.PositiveBigIntegerField(blank=True, null=True),
        ),
        migrations.RunPython(link_to_applications, link_back_to_applications),
        migrations.RemoveField(model_name="message", name="application"),
        migrations.RenameField(model_name="message", old_name="for_applicant", new_name="shown_to_recipient"),
        migrations.AlterField(
            model_name="message",
            name="shown_to_recipient",
            field=models.BooleanField(default=False, verbose_name="shown to the recipient"),
        ),
        migrations.AddIndex(
            model_name="message",
            index=models.Index(fields=["about_type", "about_id"], name="message_about_idx"),
        ),
        # 4. Queued mail is sent by the office's task from now on.
        migrations.RunPython(rename_task(OLD_TASK, NEW_TASK), rename_task(NEW_TASK, OLD_TASK)),
    ]
