# Messages now live in the office (office/migrations/0002_message.py renamed the table
# and kept its rows); visits only forgets the model.
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("visits", "0004_document"),
        ("office", "0002_message"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Message")],
            database_operations=[],
        ),
    ]
