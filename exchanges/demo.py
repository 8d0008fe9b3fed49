"""Demo data for exchanges: what Tsukuba's seed pages tell of its partners, and the demo's
visited applications recorded as exchanges.

The facts come from the seed pages (the signing ceremony at the 50th anniversary of
Tsukuba Science City, the renewed Cambridge agreement, the Bochum and Grenoble-Alpes
partnerships, Tsukuba companies at Shenzhen's Hi-Tech Fair, online exchange between the
high schools of both cities, youth home stays and football with Daejeon); the sentences
are written afresh. Where the pages give no date or headcount (the recent exchanges), the
date and numbers are illustrative. A second run finds every record by its slug.
"""

import datetime

from django.utils import timezone

from cities.demo import sync_record
from cities.models import Partner
from exchanges.models import Exchange, ExchangeKind
from exchanges.services import draft_from_visit
from visits.models import VisitApplication

D = datetime.date
Direction = Exchange.Direction

# slug, kind, direction, (start, precision), (end, precision) or None, partners,
# title (ja, en), account (ja, en), (people from the city, from the other side)
TSUKUBA_EXCHANGES = [
    (
        "grenoble-signing-ceremony-2013",
        "cultural-event",
        Direction.RECEIVED,
        (D(2013, 11, 12), "day"),
        None,
        ["grenoble"],
        ("グルノーブル市との姉妹都市協定調印式", "Sister-city signing ceremony with Grenoble"),
        (
            "筑波研究学園都市50周年の記念式典にあわせて、グルノーブル市と姉妹都市協定を"
            "結びました。両市の研究機関・大学の交流が提携のきっかけです。",
            "The sister-city agreement with Grenoble was signed during the ceremony for "
            "fifty years of Tsukuba Science City, after years of exchange between the "
            "research institutes and universities of both cities.",
        ),
        (None, None),
    ),
    (
        "cambridge-agreement-renewed-2019",
        "cultural-event",
        Direction.BOTH,
        (D(2019, 11, 18), "day"),
        None,
        ["cambridge"],
        ("ケンブリッジ市との姉妹都市協定の再締結", "Sister-city agreement renewed with Cambridge"),
        (
            "1984年からの姉妹都市の趣旨を引き継ぎ、スタートアップ支援、教育、科学、"
            "イノベーションなど協力分野を明記した協定書を改めて交わしました。",
            "Keeping the spirit of the 1984 tie, the two cities signed a new agreement that "
            "names the fields they work on: startups, education, science and innovation.",
        ),
        (None, None),
    ),
    (
        "bochum-partnership-2019",
        "cultural-event",
        Direction.BOTH,
        (D(2019, 11, 25), "day"),
        None,
        ["bochum"],
        ("ボーフム市との連携協定の締結", "Partnership agreement with Bochum"),
        (
            "ボーフム大学と筑波大学の長年の協力を土台に、科学技術の社会実装や産業振興で"
            "連携する協定を結びました。",
            "Building on the long cooperation of Ruhr University Bochum and the University "
            "of Tsukuba, the cities agreed to work together on putting science to use and "
            "on industry.",
        ),
        (None, None),
    ),
    (
        "grenoble-alpes-partnership-2020",
        "cultural-event",
        Direction.BOTH,
        (D(2020, 7, 31), "day"),
        None,
        ["grenoble", "grenoble-alpes-metropole"],
        (
            "グルノーブル市・グルノーブル都市共同体との連携合意書",
            "Partnership with Grenoble and Grenoble-Alpes Metropole",
        ),
        (
            "持続可能な発展と科学技術の社会還元のため、三者で連携合意書を締結しました。",
            "The three signed a partnership for sustainable development and for bringing "
            "science and technology to society.",
        ),
        (None, None),
    ),
    (
        "daejeon-youth-football-2019",
        "sports",
        Direction.BOTH,
        (D(2019, 1, 1), "year"),
        None,
        ["daejeon"],
        ("大田広域市との青少年サッカー交流", "Youth football with Daejeon"),
        (
            "両市の国際交流協会が中心となり、青少年のサッカー大会で交流しました。",
            "The international associations of both cities brought young players together "
            "for a football tournament.",
        ),
        (None, None),
    ),
    (
        "shenzhen-hi-tech-fair-2025",
        "business-mission",
        Direction.SENT,
        (D(2025, 11, 1), "month"),
        None,
        ["shenzhen"],
        ("深圳ハイテクフェアへの市内企業の出展", "Tsukuba companies at the Shenzhen Hi-Tech Fair"),
        (
            "毎年11月に深圳市で開かれる中国ハイテクフェアに、市内の企業が出展しました。",
            "Companies from Tsukuba showed their work at the China Hi-Tech Fair, held in "
            "Shenzhen every November.",
        ),
        (8, None),
    ),
    (
        "daejeon-youth-homestay-2025",
        "youth-exchange",
        Direction.RECEIVED,
        (D(2025, 8, 1), "month"),
        None,
        ["daejeon"],
        ("大田広域市の青少年のホームステイ受入れ", "Young people from Daejeon stay in Tsukuba"),
        (
            "大田広域市の中高生がつくば市の家庭にホームステイし、学校や研究施設を訪ねました。",
            "Secondary school pupils from Daejeon stayed with families in Tsukuba and "
            "visited schools and research institutes.",
        ),
        (6, 14),
    ),
    (
        "shenzhen-high-school-online-2026",
        "online-exchange",
        Direction.BOTH,
        (D(2026, 7, 1), "month"),
        None,
        ["shenzhen"],
        (
            "深圳市の高校生とのオンライン交流",
            "High-school students of Tsukuba and Shenzhen meet online",
        ),
        (
            "両市の高校生がオンラインで学校生活やまちの紹介をし合いました。",
            "High-school students of both cities introduced their schools and towns to "
            "each other online.",
        ),
        (20, 20),
    ),
    (
        "daejeon-youth-homestay-2026",
        "youth-exchange",
        Direction.SENT,
        (D(2026, 8, 3), "day"),
        (D(2026, 8, 7), "day"),
        ["daejeon"],
        ("つくば市の青少年の大田広域市訪問", "Tsukuba's young people stay in Daejeon"),
        (
            "つくば市の中高生が大田広域市の家庭にホームステイし、大徳研究団地を訪ねました。",
            "Secondary school pupils from Tsukuba stayed with families in Daejeon and "
            "visited the Daedeok research complex.",
        ),
        (15, None),
    ),
    (
        "daejeon-online-culture-2026",
        "online-exchange",
        Direction.BOTH,
        (D(2026, 10, 1), "month"),
        None,
        ["daejeon"],
        ("大田広域市とのオンライン文化交流", "Online cultural exchange with Daejeon"),
        (
            "両市の市民が、料理や伝統行事をオンラインで紹介し合いました。",
            "Residents of both cities shared their cooking and festivals online.",
        ),
        (12, 12),
    ),
]

EXCHANGES = {"tsukuba": TSUKUBA_EXCHANGES, "osaka": []}

# The standard kinds, as migration 0002 adds them: a flushed test database has none.
KINDS = [
    ("delegation-received", "訪問団の受入れ", "Delegation received"),
    ("delegation-sent", "訪問団の派遣", "Delegation sent"),
    ("youth-exchange", "青少年交流", "Youth exchange"),
    ("online-exchange", "オンライン交流", "Online exchange"),
    ("cultural-event", "文化交流・記念行事", "Cultural event"),
    ("sports", "スポーツ交流", "Sports"),
    ("business-mission", "経済交流・ビジネスミッション", "Business mission"),
    ("study-visit", "視察・研修", "Study visit"),
]


def load_kinds():
    """The standard kinds, left as staff keep them when they exist under their code."""
    existing = set(ExchangeKind.objects.values_list("slug", flat=True))
    for order, (slug, name_ja, name_en) in enumerate(KINDS, start=1):
        if slug not in existing:
            ExchangeKind.objects.create(
                slug=slug, name=name_ja, name_ja=name_ja, name_en=name_en, order=order * 10
            )


def load_exchanges(rows):
    load_kinds()
    kinds = {kind.slug: kind for kind in ExchangeKind.objects.all()}
    partners = {partner.slug: partner for partner in Partner.objects.all()}
    for row in rows:
        slug, kind, direction, start, end, partner_slugs, title, account, people = row
        exchange, _created = sync_record(
            Exchange,
            {"slug": slug},
            kind=kinds[kind],
            direction=direction,
            starts_on=start[0],
            starts_on_precision=start[1],
            ends_on=end[0] if end else None,
            ends_on_precision=end[1] if end else "day",
            title_ja=title[0],
            title_en=title[1],
            account_ja=account[0],
            account_en=account[1],
            city_people=people[0],
            partner_people=people[1],
            country=partners[partner_slugs[0]].country.code,
            published=True,
        )
        wanted = {partners[s].pk for s in partner_slugs if s in partners}
        if set(exchange.partners.values_list("pk", flat=True)) != wanted:
            exchange.partners.set(wanted)
    return len(rows)


def record_visits():
    """Each visited demo application as an exchange, the way a coordinator's click makes it;
    the recent ones are published."""
    visited = VisitApplication.objects.filter(
        status=VisitApplication.Status.VISITED, reference__startswith="VA-DEMO-"
    ).order_by("reference")
    count = 0
    for application in visited:
        exchange, created = draft_from_visit(application)
        recent = exchange.starts_on > timezone.localdate() - datetime.timedelta(days=730)
        if created and recent:
            Exchange.objects.filter(pk=exchange.pk).update(published=True)
        count += 1
    return count


def load(dataset, out):
    recorded = load_exchanges(EXCHANGES[dataset])
    visits = record_visits()
    out.write(f"Exchanges: {recorded} from the seed pages, {visits} from visited applications")
