"""The agreement kinds every Japanese city uses, so a fresh database is usable at once.

Staff can rename, reorder or add kinds afterwards; a kind whose short code or name already
exists is left as it is, so running this again (or on a database with data) adds nothing
twice.
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
    # A kind the city already keeps, under any short code or either name, is not added
    # again: an upgraded installation must not get a second 姉妹都市.
    existing = list(AgreementKind.objects.values_list("slug", "name_ja", "name_en"))
    slugs = {slug for slug, _, _ in existing}
    names = {(name or "").casefold() for _, ja, en in existing for name in (ja, en) if name}
    for position, (slug, name_ja, name_en, is_sister_city) in enumerate(
        STANDARD_AGREEMENT_KINDS, start=1
    ):
        if slug in slugs or name_ja.casefold() in names or name_en.casefold() in names:
            continue
        # The plain `name` column is what the model reads in Japanese, the default language.
        AgreementKind.objects.create(
            slug=slug,
            name=name_ja,
            name_ja=name_ja,
            name_en=name_en,
            order=position * 10,
            is_sister_city=is_sister_city,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("cities", "0006_partner_kind_of_body"),
    ]

    operations = [
        # Going back keeps the kinds: agreements may already use them.
        migrations.RunPython(add_standard_agreement_kinds, migrations.RunPython.noop),
    ]
