"""The home city record points at the partner that signs agreements for the city.

An existing database links its home city to the home-side partner of the same name,
if there is one; a predecessor (a town that merged into the city) is never linked.
"""

import django.db.models.deletion
from django.db import migrations, models


def link_existing_home_partner(apps, schema_editor):
    HomeCity = apps.get_model("cities", "HomeCity")
    Partner = apps.get_model("cities", "Partner")
    home = HomeCity.objects.filter(pk=1, partner__isnull=True).first()
    if home is None:
        return
    partner = (
        Partner.objects.filter(is_home=True, home_city_record__isnull=True)
        .filter(models.Q(name_ja=home.name_ja) | models.Q(name_en=home.name_en))
        .exclude(mergers_as_predecessor__isnull=False)
        .order_by("pk")
        .first()
    )
    if partner is not None:
        home.partner = partner
        home.save(update_fields=["partner"])


class Migration(migrations.Migration):

    dependencies = [
        ('cities', '0007_standard_agreement_kinds'),
    ]

    operations = [
        migrations.AddField(
            model_name='historicalhomecity',
            name='partner',
            field=models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='cities.partner', verbose_name='as a partner'),
        ),
        migrations.AddField(
            model_name='homecity',
            name='partner',
            field=models.OneToOneField(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='home_city_record', to='cities.partner', verbose_name='as a partner'),
        ),
        migrations.RunPython(link_existing_home_partner, migrations.RunPython.noop),
    ]
