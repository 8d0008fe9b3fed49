"""The agreement kinds every Japanese city uses, so a fresh database is usable at once.

Staff can rename, reorder or add kinds afterwards; a kind whose short code already exists
is left as it is, so running this again (or on a database with data) changes nothing.
"""

from django.db import migrations

# slug, Japanese, English, is_sister_city; the order is the order of this list.
STANDARD_AGREEMENT_KINDS = [
    ("sister-city", "姉妹都市", "Sister city", True),
    ("friendship-city", "友好都市", "Friendship city", False),
    ("partnership-city", "パートナーシップ都市", "Partnership city", False),
    ("friendship-cooperation", "友好協力", "Friendship and cooperation", False),
    ("sister-port", "姉妹港", "Sister port", False),
    ("mou", "覚書", "Memorandum of understanding", False),
    ("letter-of-intent", "意向書", "Letter of intent", False),
    ("joint-statement", "共同声明", "Joint statement", False),
    ("joint-communique", "共同コミュニケ", "Joint communiqué", False),
    ("declaration", "宣言", "Declaration", False),
]


def add_standard_agreement_kinds(apps, schema_editor):
    AgreementKind = apps.get_model("cities", "AgreementKind")
    for position, (slug, name_ja, name_en, is_sister_city) in enumerate(
        STANDARD_AGREEMENT_KINDS, start=1
    ):
        # The plain `name` column is what the model reads in Japanese, the default language.
        AgreementKind.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name_ja,
                "name_ja": name_ja,
                "name_en": name_en,
                "order": position * 10,
                "is_sister_city": is_sister_city,
            },
        )


class Migration(migrations.Migration):
    dependencies = [
        ("cities", "0006_partner_kind_of_body"),
    ]

    operations = [
        # Going back keeps the kinds: agreements may already use them.
        migrations.RunPython(add_standard_agreement_kinds, migrations.RunPython.noop),
    ]
