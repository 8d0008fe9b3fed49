"""Demo data for the cities app, from the seed pages in ../shared/seeds/.

Facts and figures carry over from the seeds; every sentence is written afresh.
"""

import datetime
from decimal import Decimal

from cities.models import AgreementKind, HomeCity, Merger, Partner, PartnerFact
from cities.services import keep_home_partner_in_step
from office.dates import DatePrecision


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

# The agreement kinds both seeds use, in the order the seed pages list them. Most are
# among the kinds a fresh database already has (cities/migrations/0007); the orders fit
# between those, and the demo's names are the ones the seed pages use.
RELATIONSHIP_TYPES = [
    # order, slug, Japanese, English, is_sister_city
    (10, "sister-city", "姉妹都市", "Sister city", True),
    (20, "friendship-city", "友好都市", "Friendship city", True),
    (30, "partnership-city", "連携合意書締結都市", "Partnership city", False),
    (40, "friendship-cooperation", "友好協力都市", "Friendship cooperation city", False),
    (45, "business-partner-city", "ビジネス・パートナー都市", "Business partner city", False),
    (50, "sister-port", "姉妹港", "Sister port", False),
    (60, "mou", "覚書（MOU）", "Memorandum of understanding", False),
    (70, "letter-of-intent", "交流協力意向書", "Letter of intent", False),
]


D = datetime.date

# Tsukuba's partners as the seed pages give them: names, places, and the type and date of
# the current tie with the precision the seeds know it to ("1984", "June 2004").
# Keyed by slug; agreements/demo.py and visits/demo.py refer to partners by these slugs.
TSUKUBA_PARTNERS = {
    # The home city and the village and town whose ties it inherited in the 1987 merger.
    # Its names come from HOME_CITIES: cities.services.keep_home_partner_in_step.
    "tsukuba": dict(
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
        wikidata_id="Q49219",
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
        wikidata_id="Q20921",
    ),
    # No Wikidata id: the one suggested (Q1549478) could not be checked when this was
    # written. An editor finds it with "Find on Wikidata" (the same for Tsukuba itself).
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


# Short texts for each profile, written for this site: (description, story) in each language.
TSUKUBA_TEXTS = {
    "tsukuba": dict(
        description_ja="茨城県南部にある研究学園都市です。国や民間の研究機関、大学が集まり、"
        "世界各地から研究者や留学生が暮らしています。",
        description_en="A science city in the south of Ibaraki Prefecture. National and "
        "private research institutes and universities bring researchers and students "
        "from all over the world to live here.",
        story_ja="1987年に谷田部町・桜村などが合併して誕生し、両町村が結んでいた海外との"
        "つながりを引き継ぎました。",
        story_en="The city was formed in 1987 when Yatabe, Sakura and their neighbours "
        "merged, and it carried on the ties the town and the village had made abroad.",
    ),
    "yatabe": dict(
        description_ja="筑波郡にあった町で、1987年につくば市の一部となりました。",
        description_en="A town in Tsukuba District that became part of Tsukuba in 1987.",
        story_ja="1984年に米国ケンブリッジ市と姉妹都市の宣言を交わしました。この縁は合併後の"
        "つくば市に受け継がれています。",
        story_en="In 1984 the town declared a sister-city tie with Cambridge, "
        "Massachusetts. Tsukuba took the tie over when the town joined the new city.",
    ),
    "sakura": dict(
        description_ja="新治郡にあった村で、1987年につくば市の一部となりました。",
        description_en="A village in Niihari District that became part of Tsukuba in 1987.",
        story_ja="1987年、米国アーバイン市から姉妹都市提携の申し出を受けました。"
        "同じ年の合併でこの話はつくば市に引き継がれ、1989年に提携が実現しました。",
        story_en="In 1987 Irvine, California, asked the village to become its sister city. "
        "The merger that same year passed the proposal to Tsukuba, and the tie was "
        "sealed in 1989.",
    ),
    "grenoble": dict(
        description_ja="フランス南東部、イゼール県の県庁所在地です。アルプスの山々に囲まれ、"
        "大学と研究所が集まる科学の街として知られています。",
        description_en="The seat of the Isère department in south-eastern France. Ringed by "
        "the Alps, it is known for its universities and research centres.",
        story_ja="ともに科学技術を柱とするまちとして交流を重ね、2013年11月12日に姉妹都市と"
        "なりました。研究者や学生の行き来が続いています。",
        story_en="Two cities built on science found each other through research exchanges "
        "and became sister cities on 12 November 2013. Researchers and students travel "
        "between them every year.",
    ),
    "irvine": dict(
        description_ja="米国カリフォルニア州南部、ロサンゼルスの南東にある計画都市です。"
        "大学やハイテク企業が多く、教育水準の高さでも知られています。",
        description_en="A planned city south-east of Los Angeles in southern California, "
        "with a university, high-tech firms and well-regarded schools.",
        story_ja="桜村への提携の申し出をきっかけに、1989年につくば市と姉妹都市になりました。"
        "中高生の相互派遣が交流の中心です。",
        story_en="An offer first made to the Village of Sakura led to a sister-city tie "
        "with Tsukuba in 1989. Student exchanges between the two cities are at its heart.",
    ),
    "cambridge": dict(
        description_ja="米国マサチューセッツ州東部、チャールズ川をはさんでボストンの対岸に"
        "あります。世界的に知られる大学が二つあり、教育と研究の街です。",
        description_en="Across the Charles River from Boston in eastern Massachusetts, "
        "home to two world-famous universities and a centre of learning and research.",
        story_ja="1984年に谷田部町と結んだ姉妹都市の縁を、合併後のつくば市が受け継ぎました。"
        "2019年には目的を新たにした協定を結び直しています。",
        story_en="The tie began with the Town of Yatabe in 1984 and passed to Tsukuba "
        "after the merger. The two cities renewed it with fresh aims in 2019.",
    ),
    "shenzhen": dict(
        description_ja="中国広東省、香港の北にある都市です。1980年に中国初の経済特区となり、"
        "短い期間で大都市へと成長しました。",
        description_en="A city in Guangdong Province, just north of Hong Kong. Named "
        "China's first special economic zone in 1980, it grew into a major city within "
        "a few decades.",
        story_ja="2004年6月、合併後のつくば市として初めての友好都市になりました。"
        "先端技術の見本市などを通じた交流があります。",
        story_en="In June 2004 Shenzhen became the first friendship city Tsukuba chose "
        "as a merged city. The two meet through technology fairs and business visits.",
    ),
    "bochum": dict(
        description_ja="ドイツ西部、ノルトライン＝ヴェストファーレン州の都市です。"
        "かつては炭鉱の街として栄え、いまは大学を中心とした知識の街へと変わりつつあります。",
        description_en="A city in North Rhine-Westphalia in western Germany. Once a "
        "coal-mining town, it is remaking itself around its universities.",
        story_ja="2019年11月25日、科学と産業の連携を深めるための合意書を交わしました。",
        story_en="The two cities signed a partnership on 25 November 2019 to link their "
        "science and industry.",
    ),
    "daejeon": dict(
        description_ja="韓国の中西部、主要な幹線道路と鉄道が交わる交通の要所です。"
        "大徳研究団地を抱え、科学の街として知られています。",
        description_en="A transport hub in central-western Korea where major highways and "
        "railways meet, and home to the Daedeok research complex.",
        story_ja="1999年10月16日、研究学園都市どうしとして交流協力の意向書を交わしました。",
        story_en="As two science cities, Tsukuba and Daejeon signed a letter of intent to "
        "work together on 16 October 1999.",
    ),
    "grenoble-alpes-metropole": dict(
        description_ja="グルノーブル市を含む49の市町村でつくる都市共同体です。"
        "フランス、スイス、イタリアにまたがるアルプスの中ほどに位置しています。",
        description_en="A metropolitan body of 49 municipalities, Grenoble among them, in "
        "the heart of the Alps near the Swiss and Italian borders.",
        story_ja="姉妹都市グルノーブルとの縁から、2020年7月31日に連携の合意書を結びました。",
        story_en="The tie with our sister city Grenoble led to a partnership with its "
        "metropolitan body on 31 July 2020.",
    ),
}

POPULATION = ("人口", "Population", "人", "")
AREA = ("面積", "Area", "km²", "km²")
SEED_SOURCE = "Tsukuba City, international exchange pages"

# (label and unit in each language, value, as of, precision), from the seed pages.
TSUKUBA_FACTS = {
    "tsukuba": [
        (("外国人住民", "Foreign residents", "人", ""), "12663", D(2023, 12, 1), "day"),
        (("出身の国と地域", "Countries of origin", "か国", ""), "144", D(2023, 12, 1), "day"),
    ],
    "grenoble": [
        (AREA, "18", D(2019, 1, 1), "year"),
        (POPULATION, "160000", D(2019, 1, 1), "year"),
    ],
    "irvine": [(POPULATION, "280000", D(2019, 1, 1), "year")],
    "cambridge": [
        (POPULATION, "120000", D(2018, 7, 1), "day"),
        (AREA, "17", None, "year"),
    ],
    "shenzhen": [
        (("常住人口", "Resident population", "人", ""), "13000000", D(2018, 12, 1), "month"),
        (AREA, "1997.47", D(2018, 12, 1), "month"),
    ],
    "bochum": [
        (AREA, "145", None, "year"),
        (POPULATION, "371000", None, "year"),
    ],
    "daejeon": [
        (POPULATION, "1470000", D(2019, 1, 1), "year"),
        (AREA, "539.64", D(2019, 1, 1), "year"),
    ],
    "grenoble-alpes-metropole": [
        (AREA, "545", None, "year"),
        (POPULATION, "450000", None, "year"),
        (("構成市町村", "Municipalities", "市町村", ""), "49", None, "year"),
    ],
}

# (predecessor, successor, date, precision, note in Japanese, note in English)
TSUKUBA_MERGERS = [
    (
        "yatabe",
        "tsukuba",
        D(1987, 1, 1),
        DatePrecision.YEAR,
        "ケンブリッジ市との姉妹都市の縁はつくば市に引き継がれました。",
        "Its sister-city tie with Cambridge carried over to Tsukuba.",
    ),
    (
        "sakura",
        "tsukuba",
        D(1987, 1, 1),
        DatePrecision.YEAR,
        "アーバイン市からの提携の申し出はつくば市に引き継がれました。",
        "Irvine's offer of a sister-city tie passed to Tsukuba.",
    ),
]


def load_partner_details(texts, facts, mergers):
    partners = {p.slug: p for p in Partner.objects.filter(slug__in=set(texts) | set(facts))}
    for slug, values in texts.items():
        sync_record(Partner, {"slug": slug}, **values)
    for slug, rows in facts.items():
        for order, (labels, value, as_of, precision) in enumerate(rows, start=1):
            label_ja, label_en, unit_ja, unit_en = labels
            sync_record(
                PartnerFact,
                {"partner": partners[slug], "order": order},
                label_ja=label_ja,
                label_en=label_en,
                unit_ja=unit_ja,
                unit_en=unit_en,
                value=Decimal(value),
                as_of=as_of,
                as_of_precision=precision,
                source=SEED_SOURCE,
            )
    for predecessor, successor, merged_on, precision, note_ja, note_en in mergers:
        sync_record(
            Merger,
            {"predecessor": partners[predecessor], "successor": partners[successor]},
            merged_on=merged_on,
            merged_on_precision=precision,
            note_ja=note_ja,
            note_en=note_en,
        )


def load_partners(partners):
    types = {t.slug: t for t in AgreementKind.objects.all()}
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
            agreement_kind=types.get(relationship),
            relationship_since=since,
            relationship_since_precision=precision,
            **values,
        )


def load(dataset, out):
    home, created = sync_record(HomeCity, {"pk": 1}, **HOME_CITIES[dataset])
    out.write(f"Home city: {home.name_en} ({'created' if created else 'up to date'})")
    # The same function as the admin's save, so the demo's home partner is made the way
    # a real one is; the slug is the one the demo's agreements refer to.
    if home.partner_id and home.partner.slug != dataset:
        # The other dataset's home city was loaded first: this city's partner is its own.
        home.partner = None
    keep_home_partner_in_step(home, slug=dataset)
    for order, slug, name_ja, name_en, is_sister_city in RELATIONSHIP_TYPES:
        sync_record(
            AgreementKind,
            {"slug": slug},
            name_ja=name_ja,
            name_en=name_en,
            order=order,
            is_sister_city=is_sister_city,
        )
    if dataset == "tsukuba":
        load_partners(TSUKUBA_PARTNERS)
        load_partner_details(TSUKUBA_TEXTS, TSUKUBA_FACTS, TSUKUBA_MERGERS)
        out.write(f"Partners: {len(TSUKUBA_PARTNERS)} (with the home city and its predecessors)")
