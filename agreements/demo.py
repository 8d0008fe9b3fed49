"""Demo agreements from the seed pages in ../shared/seeds/.

Dates and their precision carry over from the seeds; every sentence is written afresh.
The seeds record no fixed-term agreement for Tsukuba, so expiry behaviour is shown in the
tests, not invented here.
"""

import datetime

from agreements.models import Agreement, AgreementParty, AgreementRenewal, CooperationField
from agreements.services import refresh_partner_relationship
from cities.demo import sync_record
from cities.models import AgreementKind, Partner

D = datetime.date

COOPERATION_FIELDS = [
    ("education", "教育", "Education"),
    ("culture", "文化", "Culture"),
    ("science-technology", "科学技術", "Science and technology"),
    ("science", "科学", "Science"),
    ("innovation", "イノベーション", "Innovation"),
    ("industry", "産業", "Industry"),
    ("startups", "スタートアップ（ビジネス）", "Startups and business"),
    ("economy", "経済", "Economy"),
    ("environment", "環境", "Environment"),
    ("sustainable-development", "持続可能な開発", "Sustainable development"),
    ("sport", "スポーツ", "Sport"),
    ("youth", "青少年交流", "Youth exchange"),
    ("tourism", "観光", "Tourism"),
    ("disaster-response", "防災", "Disaster response"),
    ("water", "上下水道", "Water"),
    ("urban-infrastructure", "都市インフラ整備", "Urban infrastructure"),
    ("robot-technology", "ロボット技術", "Robot technology"),
    ("energy", "エネルギー", "Energy"),
    ("design", "デザイン", "Design"),
    ("research-development", "共同研究開発", "Joint research and development"),
]


def agreement(slug, kind, date, precision, parties, title_ja, title_en, **extra):
    return dict(
        slug=slug,
        kind=kind,
        date=date,
        precision=precision,
        parties=parties,
        title_ja=title_ja,
        title_en=title_en,
        **extra,
    )


TSUKUBA_AGREEMENTS = [
    agreement(
        "cambridge-sister-city-1984",
        "sister-city",
        D(1984, 1, 1),
        "year",
        ["yatabe", "cambridge"],
        "ケンブリッジ市との姉妹都市提携",
        "Sister city affiliation with Cambridge",
        summary_ja="当時の谷田部町が結んだ姉妹都市提携で、1987年の合併によりつくば市が引き継ぎました。",
        summary_en="Concluded by the then Town of Yatabe; Tsukuba took it over when the town "
        "merged into the city in 1987.",
        fields=["startups", "education", "science", "innovation", "industry"],
        renewals=[
            dict(
                renewed_on=D(2019, 11, 18),
                renewed_on_precision="day",
                note_ja="つくば市とケンブリッジ市が協定書を改めて交わし、スタートアップ支援、"
                "教育、科学、イノベーション、産業を協力分野として明記しました。",
                note_en="Tsukuba and Cambridge signed the agreement afresh, keeping its purpose "
                "and naming startups, education, science, innovation and industry as fields "
                "of cooperation.",
            )
        ],
    ),
    agreement(
        "irvine-sister-city-1989",
        "sister-city",
        D(1989, 1, 1),
        "year",
        ["tsukuba", "irvine"],
        "アーバイン市との姉妹都市提携",
        "Sister city affiliation with Irvine",
        summary_ja="1987年にアーバイン市が桜村に提携を打診し、同年の合併後につくば市が"
        "引き継いで1989年に成立しました。",
        summary_en="Irvine approached the Village of Sakura in 1987; after the merger that "
        "year, Tsukuba carried the proposal forward and the affiliation was concluded in 1989.",
    ),
    agreement(
        "daejeon-letter-of-intent-1999",
        "letter-of-intent",
        D(1999, 10, 16),
        "day",
        ["tsukuba", "daejeon"],
        "大田広域市との交流協力意向書",
        "Letter of intent for exchange and cooperation with Daejeon",
        summary_ja="両市の国際交流協会など民間同士の交流事業に市が協力することを確認しました。",
        summary_en="The two cities undertook to support exchanges run by their private sectors, "
        "such as the international exchange associations.",
    ),
    agreement(
        "shenzhen-friendship-city-2004",
        "friendship-city",
        D(2004, 6, 1),
        "month",
        ["tsukuba", "shenzhen"],
        "深圳市との友好都市協定",
        "Friendship city agreement with Shenzhen",
        summary_ja="合併後のつくば市が初めて結んだ友好（姉妹）都市協定です。",
        summary_en="The first friendship (sister) city agreement Tsukuba concluded after the "
        "merger.",
    ),
    agreement(
        "grenoble-sister-city-2013",
        "sister-city",
        D(2013, 11, 12),
        "day",
        ["tsukuba", "grenoble"],
        "グルノーブル市との姉妹都市協定",
        "Sister city agreement with Grenoble",
        place_signed_ja="筑波研究学園都市50周年記念式典",
        place_signed_en="Tsukuba Science City 50th anniversary ceremony",
        summary_ja="研究機関と大学の交流から生まれた協定で、筑波研究学園都市50周年の記念式典で"
        "調印されました。",
        summary_en="Grown out of exchanges between research institutes and universities, the "
        "agreement was signed at the ceremony for Tsukuba Science City's 50th year.",
    ),
    agreement(
        "bochum-partnership-2019",
        "partnership-city",
        D(2019, 11, 25),
        "day",
        ["tsukuba", "bochum"],
        "ボーフム市との連携協定",
        "Partnership agreement with Bochum",
        summary_ja="両市の大学の連携事業を支え、科学技術の社会実装による社会課題の解決や産業展開、"
        "持続可能な開発で協力します。",
        summary_en="Backs the joint projects of the two cities' universities and commits the "
        "cities to work together on social issues, industry and sustainable development "
        "through science and technology.",
        fields=["science-technology", "industry", "sustainable-development"],
    ),
    agreement(
        "tsukuba-grenoble-metropole-partnership-2020",
        "partnership-city",
        D(2020, 7, 31),
        "day",
        ["tsukuba", "grenoble", "grenoble-alpes-metropole"],
        "グルノーブル市・グルノーブル都市共同体との連携合意書",
        "Partnership agreement with Grenoble and Grenoble-Alpes Métropole",
        summary_ja="つくば市、グルノーブル市、グルノーブル都市共同体の三者による合意書で、"
        "持続可能な発展と科学技術の社会還元を進めます。",
        summary_en="A three-party agreement of Tsukuba, Grenoble and Grenoble-Alpes Métropole "
        "to pursue sustainable development and put science and technology to work for "
        "society.",
        fields=["sustainable-development", "science-technology"],
    ),
]

# Osaka's partners as its seed names them. Shanghai is Osaka's friendship city; the
# others are sister cities. Coordinates are left out rather than guessed.
OSAKA_PARTNERS = {
    "osaka": ("大阪市", "Osaka", "JP", Partner.Kind.CITY, True),
    "osaka-san-francisco": ("サンフランシスコ市", "San Francisco", "US", Partner.Kind.CITY, False),
    "osaka-sao-paulo": ("サンパウロ市", "São Paulo", "BR", Partner.Kind.CITY, False),
    "osaka-chicago": ("シカゴ市", "Chicago", "US", Partner.Kind.CITY, False),
    "osaka-shanghai": ("上海市", "Shanghai", "CN", Partner.Kind.CITY, False),
    "osaka-melbourne": ("メルボルン市", "Melbourne", "AU", Partner.Kind.CITY, False),
    "osaka-saint-petersburg": (
        "サンクトペテルブルク市",
        "Saint Petersburg",
        "RU",
        Partner.Kind.CITY,
        False,
    ),
    "osaka-milan": ("ミラノ市", "Milan", "IT", Partner.Kind.CITY, False),
    "osaka-hamburg": ("ハンブルク市", "Hamburg", "DE", Partner.Kind.CITY, False),
    "osaka-nanjing": ("南京市", "Nanjing", "CN", Partner.Kind.CITY, False),
    "osaka-shenzhen": ("深圳市", "Shenzhen", "CN", Partner.Kind.CITY, False),
    "osaka-ho-chi-minh-city": ("ホーチミン市", "Ho Chi Minh City", "VN", Partner.Kind.CITY, False),
    "osaka-yangon": ("ヤンゴン市", "Yangon", "MM", Partner.Kind.CITY, False),
    "osaka-embassy-of-denmark": (
        "デンマーク大使館",
        "Embassy of Denmark",
        "DK",
        Partner.Kind.INSTITUTION,
        False,
    ),
    "osaka-fraunhofer-ipa": (
        "フラウンホーファー生産技術・自動化研究所（IPA）",
        "Fraunhofer IPA (Institute for Manufacturing Engineering and Automation)",
        "DE",
        Partner.Kind.INSTITUTION,
        False,
    ),
}

# Wikidata items of Osaka's partners. Left out: Shenzhen (its item is Tsukuba's demo
# partner's, and one item belongs to one partner), Melbourne (the tie is with the City of
# Melbourne council, not the metropolis Q3141), Nanjing (not checked) and the two bodies.
OSAKA_WIKIDATA = {
    "osaka": "Q35765",
    "osaka-san-francisco": "Q62",
    "osaka-sao-paulo": "Q174",
    "osaka-chicago": "Q1297",
    "osaka-shanghai": "Q8686",
    "osaka-saint-petersburg": "Q656",
    "osaka-milan": "Q490",
    "osaka-hamburg": "Q1055",
    "osaka-ho-chi-minh-city": "Q1854",
    "osaka-yangon": "Q37995",
}

OSAKA_SISTER_CITIES = [
    ("san-francisco", 1957, "sister-city"),
    ("sao-paulo", 1969, "sister-city"),
    ("chicago", 1973, "sister-city"),
    ("shanghai", 1974, "friendship-city"),
    ("melbourne", 1978, "sister-city"),
    ("saint-petersburg", 1979, "sister-city"),
    ("milan", 1981, "sister-city"),
    ("hamburg", 1989, "sister-city"),
]

OSAKA_MOUS = [
    # partner, date (month precision), fields, what it covers (ja, en)
    (
        "nanjing",
        D(2010, 7, 1),
        ["tourism", "environment"],
        "観光・環境分野",
        "tourism and the environment",
    ),
    ("shenzhen", D(2010, 7, 1), ["environment"], "環境分野", "the environment"),
    (
        "ho-chi-minh-city",
        D(2011, 7, 1),
        ["water", "environment"],
        "水・環境分野",
        "water and the environment",
    ),
    (
        "yangon",
        D(2014, 9, 1),
        ["urban-infrastructure"],
        "都市インフラ整備",
        "urban infrastructure",
    ),
    (
        "embassy-of-denmark",
        D(2011, 6, 1),
        ["robot-technology", "environment", "energy", "design"],
        "ロボット技術・環境・エネルギー・デザイン",
        "robot technology, environment, energy and design",
    ),
    (
        "fraunhofer-ipa",
        D(2010, 7, 1),
        ["research-development"],
        "情報交換・共同広報・共同研究開発",
        "information exchange, joint publicity and joint research and development",
    ),
]


def osaka_agreements():
    agreements = []
    for name, year, kind in OSAKA_SISTER_CITIES:
        slug = f"osaka-{name}"
        name_ja, name_en = OSAKA_PARTNERS[slug][:2]
        label_ja = "友好都市提携" if kind == "friendship-city" else "姉妹都市提携"
        label_en = "Friendship city" if kind == "friendship-city" else "Sister city"
        agreements.append(
            agreement(
                f"{slug}-{year}",
                kind,
                D(year, 1, 1),
                "year",
                ["osaka", slug],
                f"{name_ja}との{label_ja}",
                f"{label_en} affiliation with {name_en}",
            )
        )
    for name, date, fields, topic_ja, topic_en in OSAKA_MOUS:
        slug = f"osaka-{name}"
        name_ja, name_en = OSAKA_PARTNERS[slug][:2]
        agreements.append(
            agreement(
                f"{slug}-mou-{date.year}",
                "mou",
                date,
                "month",
                ["osaka", slug],
                f"{name_ja}との覚書（{topic_ja}）",
                f"Memorandum of understanding with {name_en} on {topic_en}",
                fields=fields,
            )
        )
    return agreements


def load_osaka_partners():
    for slug, (name_ja, name_en, country, kind, is_home) in OSAKA_PARTNERS.items():
        # The home city's partner takes its names from the home city record
        # (cities.services.keep_home_partner_in_step), so they are not set twice.
        names = {} if is_home else {"name_ja": name_ja, "name_en": name_en}
        sync_record(
            Partner,
            {"slug": slug},
            **names,
            official_name_ja=name_ja,
            official_name_en=name_en if kind == Partner.Kind.INSTITUTION else f"City of {name_en}",
            country=country,
            kind=kind,
            is_home=is_home,
            published=True,
            wikidata_id=OSAKA_WIKIDATA.get(slug, ""),
        )


def load_agreements(agreements):
    kinds = {t.slug: t for t in AgreementKind.objects.all()}
    fields = {f.slug: f for f in CooperationField.objects.all()}
    partners = {p.slug: p for p in Partner.objects.all()}
    touched = set()
    for data in agreements:
        data = dict(data)
        parties = data.pop("parties")
        renewals = data.pop("renewals", [])
        field_slugs = data.pop("fields", [])
        slug = data.pop("slug")
        values = {
            "kind": kinds[data.pop("kind")],
            "date": data.pop("date"),
            "date_precision": data.pop("precision"),
            "published": True,
            **data,
        }
        record, _created = sync_record(Agreement, {"slug": slug}, **values)
        for order, partner_slug in enumerate(parties):
            sync_record(
                AgreementParty,
                {"agreement": record, "partner": partners[partner_slug]},
                order=order,
            )
            touched.add(partner_slug)
        for renewal in renewals:
            renewal = dict(renewal)
            sync_record(
                AgreementRenewal,
                {"agreement": record, "renewed_on": renewal.pop("renewed_on")},
                **renewal,
            )
        wanted = {fields[s].pk for s in field_slugs}
        if set(record.cooperation_fields.values_list("pk", flat=True)) != wanted:
            record.cooperation_fields.set(wanted)
    for slug in sorted(touched):
        refresh_partner_relationship(partners[slug])
    return len(agreements)


def load(dataset, out):
    for order, (slug, name_ja, name_en) in enumerate(COOPERATION_FIELDS):
        sync_record(
            CooperationField,
            {"slug": slug},
            name_ja=name_ja,
            name_en=name_en,
            order=(order + 1) * 10,
        )
    if dataset == "tsukuba":
        count = load_agreements(TSUKUBA_AGREEMENTS)
    else:
        load_osaka_partners()
        count = load_agreements(osaka_agreements())
    out.write(f"Agreements: {count}")
