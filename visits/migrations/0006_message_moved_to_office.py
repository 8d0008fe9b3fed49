# Messages now live in the office (office/migrations/0003_message.py renamed the table
# and kept its rows); visits only forgets the model.
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("visits", "0005_remove_calendartoken"),
        ("office", "0003_message"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Message")],
            database_operations=[],
        ),
    ]
