# The calendar token is the office's now (office.CalendarToken): dropped only after
# office's migration has copied every token, so that no subscribed calendar breaks.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('office', '0002_calendartoken'),
        ('visits', '0004_document'),
    ]

    operations = [
        migrations.DeleteModel(
            name='CalendarToken',
        ),
    ]
