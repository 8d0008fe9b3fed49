"""Demo data for the cities app, from the seed pages in ../shared/seeds/.

Facts and figures carry over from the seeds; every sentence is written afresh.
"""

from cities.models import HomeCity, RelationshipType


def sync_record(model, lookup, **values):
    """Create or update one row, saving only when something differs.

    Keeps load_demo idempotent: a second run writes nothing, not even history rows.
    """
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
        obj.full_clean()
        obj.save()
        return obj, True
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.full_clean()
        obj.save()
    return obj, False


HOME_CITIES = {
    "tsukuba": {
        "name_ja": "つくば市",
        "name_en": "Tsukuba City",
        "division_name_ja": "市長公室 国際都市推進課",
        "division_name_en": "Global City Promotion Division, Office of the Mayor",
        "postal_code": "305-8555",
        "address_ja": "茨城県つくば市研究学園一丁目1番地1",
        "address_en": "1-1-1 Kenkyu-Gakuen, Tsukuba, Ibaraki",
        "phone": "029-883-1111",
        "fax": "029-828-6204",
        "email": "international@city.tsukuba.example",
        "opening_hours_ja": "平日 8時30分～17時15分（土日祝日・年末年始を除く）",
        "opening_hours_en": "Weekdays 8:30-17:15 (closed on weekends, public holidays "
        "and over the New Year)",
        "website": "https://www.city.tsukuba.lg.jp/",
    },
    "osaka": {
        "name_ja": "大阪市",
        "name_en": "Osaka City",
        "division_name_ja": "経済戦略局 国際課",
        "division_name_en": "International Affairs Division, Economic Strategy Bureau",
        "postal_code": "530-8201",
        "address_ja": "大阪府大阪市北区中之島1-3-20",
        "address_en": "1-3-20 Nakanoshima, Kita-ku, Osaka",
        "phone": "06-6208-8181",
        "fax": "",
        "email": "international@city.osaka.example",
        "opening_hours_ja": "平日 9時00分～17時30分",
        "opening_hours_en": "Weekdays 9:00-17:30",
        "website": "https://www.city.osaka.lg.jp/",
    },
}

# The relationship types both seeds use, in the order the seed pages list them.
RELATIONSHIP_TYPES = [
    ("sister-city", "姉妹都市", "Sister city", True),
    ("friendship-city", "友好都市", "Friendship city", True),
    ("partnership-city", "連携合意書締結都市", "Partnership city", False),
    ("friendship-cooperation-city", "友好協力都市", "Friendship cooperation city", False),
    ("business-partner-city", "ビジネス・パートナー都市", "Business partner city", False),
    ("sister-port", "姉妹港", "Sister port", False),
    ("mou", "覚書（MOU）", "Memorandum of understanding", False),
    ("letter-of-intent", "交流協力意向書", "Letter of intent", False),
]


def load(dataset, out):
    home, created = sync_record(HomeCity, {"pk": 1}, **HOME_CITIES[dataset])
    out.write(f"Home city: {home.name_en} ({'created' if created else 'up to date'})")
    for order, (slug, name_ja, name_en, is_sister_city) in enumerate(RELATIONSHIP_TYPES):
        sync_record(
            RelationshipType,
            {"slug": slug},
            name_ja=name_ja,
            name_en=name_en,
            order=(order + 1) * 10,
            is_sister_city=is_sister_city,
        )
