# A delegation's file is a document in code as on every page (資料).
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('visits', '0003_spreadsheet_permissions'),
    ]

    operations = [
        # Renamed, not dropped and created: every file a delegation sent stays.
        migrations.RenameModel('Attachment', 'Document'),
        migrations.AlterModelOptions(
            name='document',
            options={'ordering': ['uploaded_at', 'pk'], 'verbose_name': 'document', 'verbose_name_plural': 'documents'},
        ),
        migrations.AlterField(
            model_name='document',
            name='application',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='documents', to='visits.visitapplication'),
        ),
    ]
