# The agreement kind (協定の種類) has one name in code: AgreementKind.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('agreements', '0002_spreadsheet_permissions'),
        ('cities', '0004_spreadsheet_permissions'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameModel(
            old_name='RelationshipType',
            new_name='AgreementKind',
        ),
        migrations.RenameModel(
            old_name='HistoricalRelationshipType',
            new_name='HistoricalAgreementKind',
        ),
        migrations.AlterModelOptions(
            name='agreementkind',
            options={'ordering': ['order', 'pk'], 'verbose_name': 'agreement kind', 'verbose_name_plural': 'agreement kinds'},
        ),
        migrations.AlterModelOptions(
            name='historicalagreementkind',
            options={'get_latest_by': ('history_date', 'history_id'), 'ordering': ('-history_date', '-history_id'), 'verbose_name': 'historical agreement kind', 'verbose_name_plural': 'historical agreement kinds'},
        ),
        migrations.AlterModelOptions(
            name='partner',
            options={'ordering': ['agreement_kind__order', 'relationship_since', 'slug'], 'permissions': [('import_partner', 'Can import partners from a spreadsheet'), ('export_partner', 'Can export partners to a spreadsheet')], 'verbose_name': 'partner', 'verbose_name_plural': 'partners'},
        ),
        # Renamed, not removed and added: every partner keeps its kind.
        migrations.RenameField('historicalpartner', 'relationship_type', 'agreement_kind'),
        migrations.RenameField('partner', 'relationship_type', 'agreement_kind'),
        migrations.AlterField(
            model_name='historicalpartner',
            name='agreement_kind',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='cities.agreementkind', verbose_name='agreement kind'),
        ),
        migrations.AlterField(
            model_name='partner',
            name='agreement_kind',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='partners', to='cities.agreementkind', verbose_name='agreement kind'),
        ),
    ]
