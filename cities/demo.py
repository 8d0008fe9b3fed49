"""Demo data for the cities app, from the seed pages in ../shared/seeds/.

Facts and figures carry over from the seeds; every sentence is written afresh.
"""

import datetime
from decimal import Decimal

from cities.models import HomeCity, Partner, RelationshipType


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


D = datetime.date

# Tsukuba's partners as the seed pages give them: names, places, and the type and date of
# the current tie with the precision the seeds know it to ("1984", "June 2004").
# Keyed by slug; agreements/demo.py and visits/demo.py refer to partners by these slugs.
TSUKUBA_PARTNERS = {
    # The home city and the village and town whose ties it inherited in the 1987 merger.
    "tsukuba": dict(
        name_ja="つくば市",
        name_en="Tsukuba",
        official_name_ja="つくば市",
        official_name_en="Tsukuba City",
        kind=Partner.Kind.CITY,
        country="JP",
        region_ja="茨城県",
        region_en="Ibaraki Prefecture",
        latitude="36.083500",
        longitude="140.076500",
        is_home=True,
    ),
    "yatabe": dict(
        name_ja="谷田部町",
        name_en="Yatabe",
        official_name_ja="谷田部町",
        official_name_en="Town of Yatabe",
        kind=Partner.Kind.TOWN,
        country="JP",
        region_ja="茨城県筑波郡",
        region_en="Tsukuba District, Ibaraki",
        latitude="36.026700",
        longitude="140.080800",
        is_home=True,
    ),
    "sakura": dict(
        name_ja="桜村",
        name_en="Sakura",
        official_name_ja="桜村",
        official_name_en="Village of Sakura",
        kind=Partner.Kind.VILLAGE,
        country="JP",
        region_ja="茨城県新治郡",
        region_en="Niihari District, Ibaraki",
        latitude="36.083000",
        longitude="140.110000",
        is_home=True,
    ),
    "grenoble": dict(
        name_ja="グルノーブル",
        name_en="Grenoble",
        official_name_ja="グルノーブル市",
        official_name_en="City of Grenoble",
        kind=Partner.Kind.CITY,
        country="FR",
        region_ja="イゼール県",
        region_en="Isère",
        latitude="45.188529",
        longitude="5.724524",
        wikidata_id="Q1289",
        relationship="sister-city",
        since=(D(2013, 11, 12), "day"),
    ),
    "irvine": dict(
        name_ja="アーバイン",
        name_en="Irvine",
        official_name_ja="アーバイン市",
        official_name_en="City of Irvine",
        kind=Partner.Kind.CITY,
        country="US",
        region_ja="カリフォルニア州",
        region_en="California",
        latitude="33.684567",
        longitude="-117.826505",
        relationship="sister-city",
        since=(D(1989, 1, 1), "year"),
    ),
    "cambridge": dict(
        name_ja="ケンブリッジ",
        name_en="Cambridge",
        official_name_ja="ケンブリッジ市",
        official_name_en="City of Cambridge",
        kind=Partner.Kind.CITY,
        country="US",
        region_ja="マサチューセッツ州",
        region_en="Massachusetts",
        latitude="42.373611",
        longitude="-71.110558",
        wikidata_id="Q49111",
        relationship="sister-city",
        since=(D(1984, 1, 1), "year"),
    ),
    "shenzhen": dict(
        name_ja="深圳",
        name_en="Shenzhen",
        official_name_ja="深圳市",
        official_name_en="City of Shenzhen",
        kind=Partner.Kind.CITY,
        country="CN",
        region_ja="広東省",
        region_en="Guangdong Province",
        latitude="22.543096",
        longitude="114.057865",
        wikidata_id="Q15174",
        relationship="friendship-city",
        since=(D(2004, 6, 1), "month"),
    ),
    "bochum": dict(
        name_ja="ボーフム",
        name_en="Bochum",
        official_name_ja="ボーフム市",
        official_name_en="City of Bochum",
        kind=Partner.Kind.CITY,
        country="DE",
        region_ja="ノルトライン＝ヴェストファーレン州",
        region_en="North Rhine-Westphalia",
        latitude="51.481845",
        longitude="7.216236",
        wikidata_id="Q2103",
        relationship="partnership-city",
        since=(D(2019, 11, 25), "day"),
    ),
    "daejeon": dict(
        name_ja="大田広域市",
        name_en="Daejeon",
        official_name_ja="大田広域市",
        official_name_en="Daejeon Metropolitan City",
        kind=Partner.Kind.CITY,
        country="KR",
        region_ja="",
        region_en="",
        latitude="36.350412",
        longitude="127.384548",
        relationship="letter-of-intent",
        since=(D(1999, 10, 16), "day"),
    ),
    "grenoble-alpes-metropole": dict(
        name_ja="グルノーブル都市共同体",
        name_en="Grenoble-Alpes Métropole",
        official_name_ja="グルノーブル・アルプ都市共同体",
        official_name_en="Grenoble-Alpes Métropole",
        kind=Partner.Kind.METROPOLITAN,
        country="FR",
        region_ja="イゼール県",
        region_en="Isère",
        latitude="45.166000",
        longitude="5.716000",
        relationship="partnership-city",
        since=(D(2020, 7, 31), "day"),
    ),
}


def load_partners(partners):
    types = {t.slug: t for t in RelationshipType.objects.all()}
    for slug, values in partners.items():
        values = dict(values)
        relationship = values.pop("relationship", None)
        since, precision = values.pop("since", (None, "day"))
        values.setdefault("published", True)
        values.setdefault("wikidata_id", "")
        values["latitude"] = Decimal(values["latitude"])
        values["longitude"] = Decimal(values["longitude"])
        sync_record(
            Partner,
            {"slug": slug},
            relationship_type=types.get(relationship),
            relationship_since=since,
            relationship_since_precision=precision,
            **values,
        )


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
    if dataset == "tsukuba":
        load_partners(TSUKUBA_PARTNERS)
        out.write(f"Partners: {len(TSUKUBA_PARTNERS)} (with the home city and its predecessors)")
