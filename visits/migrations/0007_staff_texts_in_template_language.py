# Staff's email texts move from "{reference}" to the template language of the built-in
# texts, "{{ reference }}": one language for every mail (office/outbox.py).
import re

from django.db import migrations, models

PLACEHOLDERS = (
    "reference",
    "organisation",
    "contact_name",
    "visit_date",
    "visit_time",
    "visit_place",
    "host_department",
    "reason",
    "request",
    "status_url",
)
# Only the known names in single braces: other braces were left as they were before too.
OLD_PLACEHOLDER = re.compile(r"(?<!\{)\{(%s)\}(?!\})" % "|".join(PLACEHOLDERS))
NEW_PLACEHOLDER = re.compile(r"\{\{ (%s) \}\}" % "|".join(PLACEHOLDERS))
FIELDS = ("subject", "subject_ja", "subject_en", "body", "body_ja", "body_en")


def to_template_language(text):
    """Dear {contact_name} becomes Dear {{ contact_name }}."""
    return OLD_PLACEHOLDER.sub(r"{{ \1 }}", text) if text else text


def from_template_language(text):
    return NEW_PLACEHOLDER.sub(r"{\1}", text) if text else text


def convert(change):
    def run(apps, schema_editor):
        ApplicantEmailTemplate = apps.get_model("visits", "ApplicantEmailTemplate")
        for template in ApplicantEmailTemplate.objects.using(schema_editor.connection.alias):
            for field in FIELDS:
                setattr(template, field, change(getattr(template, field)))
            template.save(update_fields=FIELDS)

    return run


class Migration(migrations.Migration):

    dependencies = [
        ('visits', '0006_message_moved_to_office'),
    ]

    operations = [
        migrations.RunPython(
            convert(to_template_language), convert(from_template_language), elidable=False
        ),
        migrations.AlterField(
            model_name='applicantemailtemplate',
            name='body',
            field=models.TextField(help_text='Placeholders: {{ reference }}, {{ organisation }}, {{ contact_name }}, {{ visit_date }}, {{ visit_time }}, {{ visit_place }}, {{ host_department }}, {{ reason }}, {{ request }}, {{ status_url }}.', verbose_name='text'),
        ),
        migrations.AlterField(
            model_name='applicantemailtemplate',
            name='body_en',
            field=models.TextField(help_text='Placeholders: {{ reference }}, {{ organisation }}, {{ contact_name }}, {{ visit_date }}, {{ visit_time }}, {{ visit_place }}, {{ host_department }}, {{ reason }}, {{ request }}, {{ status_url }}.', null=True, verbose_name='text'),
        ),
        migrations.AlterField(
            model_name='applicantemailtemplate',
            name='body_ja',
            field=models.TextField(help_text='Placeholders: {{ reference }}, {{ organisation }}, {{ contact_name }}, {{ visit_date }}, {{ visit_time }}, {{ visit_place }}, {{ host_department }}, {{ reason }}, {{ request }}, {{ status_url }}.', null=True, verbose_name='text'),
        ),
        migrations.AlterField(
            model_name='historicalapplicantemailtemplate',
            name='body',
            field=models.TextField(help_text='Placeholders: {{ reference }}, {{ organisation }}, {{ contact_name }}, {{ visit_date }}, {{ visit_time }}, {{ visit_place }}, {{ host_department }}, {{ reason }}, {{ request }}, {{ status_url }}.', verbose_name='text'),
        ),
        migrations.AlterField(
            model_name='historicalapplicantemailtemplate',
            name='body_en',
            field=models.TextField(help_text='Placeholders: {{ reference }}, {{ organisation }}, {{ contact_name }}, {{ visit_date }}, {{ visit_time }}, {{ visit_place }}, {{ host_department }}, {{ reason }}, {{ request }}, {{ status_url }}.', null=True, verbose_name='text'),
        ),
        migrations.AlterField(
            model_name='historicalapplicantemailtemplate',
            name='body_ja',
            field=models.TextField(help_text='Placeholders: {{ reference }}, {{ organisation }}, {{ contact_name }}, {{ visit_date }}, {{ visit_time }}, {{ visit_place }}, {{ host_department }}, {{ reason }}, {{ request }}, {{ status_url }}.', null=True, verbose_name='text'),
        ),
    ]
