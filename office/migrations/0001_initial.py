from django.db import migrations


class Migration(migrations.Migration):
    """The office app's first migration: its models arrive in the ones after it."""

    initial = True
    dependencies = []
    operations = []
