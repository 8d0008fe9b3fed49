"""The kinds of exchange the division reports on, so a fresh database is usable at once.

Staff can rename, reorder or add kinds afterwards; a kind whose short code or name already
exists is left as it is, so nothing is added twice.
"""

from django.db import migrations

# slug, Japanese, English; the order is the order of this list.
STANDARD_EXCHANGE_KINDS = [
    ("delegation-received", "訪問団の受入れ", "Delegation received"),
    ("delegation-sent", "訪問団の派遣", "Delegation sent"),
    ("youth-exchange", "青少年交流", "Youth exchange"),
    ("online-exchange", "オンライン交流", "Online exchange"),
    ("cultural-event", "文化交流・記念行事", "Cultural event"),
    ("sports", "スポーツ交流", "Sports"),
    ("business-mission", "経済交流・ビジネスミッション", "Business mission"),
    ("study-visit", "視察・研修", "Study visit"),
]


def add_standard_exchange_kinds(apps, schema_editor):
    ExchangeKind = apps.get_model("exchanges", "ExchangeKind")
    existing = list(ExchangeKind.objects.values_list("slug", "name_ja", "name_en"))
    slugs = {slug for slug, _, _ in existing}
    names = {(name or "").casefold() for _, ja, en in existing for name in (ja, en) if name}
    for position, (slug, name_ja, name_en) in enumerate(STANDARD_EXCHANGE_KINDS, start=1):
        if slug in slugs or name_ja.casefold() in names or name_en.casefold() in names:
            continue
        # The plain `name` column is what the model reads in Japanese, the default language.
        ExchangeKind.objects.create(
            slug=slug, name=name_ja, name_ja=name_ja, name_en=name_en, order=position * 10
        )


class Migration(migrations.Migration):
    dependencies = [
        ("exchanges", "0001_exchanges_kinds_photos_links"),
    ]

    operations = [
        # Going back keeps the kinds: exchanges may already use them.
        migrations.RunPython(add_standard_exchange_kinds, migrations.RunPython.noop),
    ]
