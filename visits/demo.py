"""Demo data for visits: the rules, times, closed periods and topics, and two new applications.

The topics follow the themes Tsukuba's seed pages name (science city, research institutions,
smart city, startups, education, multicultural support); the sentences are written afresh.
The applications go through visits.services.submit like any delegation's, and their fixed
submission keys make a second run find them instead of applying again.
"""

import datetime

from django.utils import timezone

from cities.demo import sync_record
from cities.models import Partner
from visits import services
from visits.models import BlackoutPeriod, TimeSlot, VisitApplication, VisitRules, VisitTopic
from visits.working_days import is_working_day

RULES = {
    "minimum_lead_days": 30,
    "maximum_group_size": 20,
    "maximum_pending_per_email": 3,
    "visits_per_day": 2,
    "reply_within_working_days": 10,
    "explanation_ja": "視察・訪問の依頼が増えているため、円滑にお迎えできるよう、"
    "次のルールをご確認のうえお申し込みください。",
    "explanation_en": "We receive more and more requests for visits. To welcome every "
    "delegation well, please check these rules before you apply.",
}

TIME_SLOTS = [
    # order, name_ja, name_en, starts, ends
    (10, "午前", "Morning", datetime.time(10, 0), datetime.time(12, 0)),
    (20, "午後", "Afternoon", datetime.time(14, 0), datetime.time(16, 0)),
]

BLACKOUT_PERIODS = [
    # The same dates as the closure a fresh database has (visits/migrations/0009), so the
    # demo updates that one instead of adding a second.
    (
        datetime.date(2026, 12, 29),
        datetime.date(2027, 1, 3),
        "年末年始",
        "Year-end and New Year holidays",
    ),
    (
        datetime.date(2027, 2, 24),
        datetime.date(2027, 3, 19),
        "市議会定例会（例示の期間）",
        "City council session (illustrative dates)",
    ),
]

TOPICS = [
    (
        "science-city",
        "筑波研究学園都市のまちづくり",
        "Tsukuba Science City: how the planned city grew",
        "国の研究機関の移転から始まった研究学園都市の成り立ちと、現在のまちづくり。",
        "How a city built around relocated national research institutes developed, "
        "and how it is planned today.",
    ),
    (
        "research-institutions",
        "研究機関・大学との連携",
        "Working with research institutions and universities",
        "市内の研究機関や筑波大学と市が共同で進める事業。",
        "Projects the city runs together with the research institutes and the "
        "University of Tsukuba.",
    ),
    (
        "smart-city",
        "スマートシティと科学技術の社会実装",
        "Smart city: putting science and technology to work",
        "新しい技術を市民生活の課題解決に生かす実証の取組。",
        "Trials that apply new technology to everyday problems of residents.",
    ),
    (
        "startups",
        "スタートアップ支援",
        "Support for startups",
        "研究成果から生まれる企業の創業と成長を支える市の施策。",
        "How the city helps companies born from research to start and grow.",
    ),
    (
        "education",
        "グローバル教育とインターナショナルスクール",
        "Global education and international schools",
        "外国籍の子どもの学びと、市立学校の国際教育。",
        "Schooling for children from abroad and international education in city schools.",
    ),
    (
        "multicultural",
        "多文化共生と外国人住民への支援",
        "Multicultural community and support for foreign residents",
        "多くの国籍の住民が暮らす市の相談窓口や生活情報の提供。",
        "Advice desks and information for residents from many countries.",
    ),
]


def load_reference_data():
    sync_record(VisitRules, {"pk": 1}, **RULES)
    for order, name_ja, name_en, starts, ends in TIME_SLOTS:
        sync_record(
            TimeSlot,
            {"order": order},
            name_ja=name_ja,
            name_en=name_en,
            starts_at=starts,
            ends_at=ends,
            active=True,
        )
    for starts, ends, reason_ja, reason_en in BLACKOUT_PERIODS:
        sync_record(
            BlackoutPeriod,
            {"starts_on": starts},
            ends_on=ends,
            reason_ja=reason_ja,
            reason_en=reason_en,
        )
    for order, (_key, name_ja, name_en, text_ja, text_en) in enumerate(TOPICS, start=1):
        sync_record(
            VisitTopic,
            {"name_en": name_en},
            name_ja=name_ja,
            description_ja=text_ja,
            description_en=text_en,
            order=order * 10,
            active=True,
        )


def open_day(today, *, days_ahead):
    """A day the rules allow: a working day after the notice, outside the closed periods."""
    day = today + datetime.timedelta(days=days_ahead)
    closed = list(BlackoutPeriod.objects.all())
    while not is_working_day(day) or any(p.starts_on <= day <= p.ends_on for p in closed):
        day += datetime.timedelta(days=1)
    return day


def load_applications(dataset, today):
    morning, afternoon = TimeSlot.objects.order_by("order")[:2]
    topics = {topic.name_en: topic for topic in VisitTopic.objects.all()}
    partners = {p.slug: p for p in Partner.objects.filter(slug__in=["grenoble", "daejeon"])}
    english = {
        "organisation_name": "Grenoble-Alpes Metropole, International Relations",
        "organisation_kind": VisitApplication.OrganisationKind.LOCAL_GOVERNMENT,
        "country": "FR",
        "website": "https://grenoble-metropole.example",
        "leader_name": "Claire Dubois",
        "leader_title": "Vice-President for Innovation",
        "contact_name": "Julien Martin",
        "contact_email": "julien.martin@grenoble.example",
        "contact_phone": "+33 4 76 00 00 00",
        "reply_language": "en",
        "headcount": 4,
        "interpreter": VisitApplication.Interpreter.NEEDED,
        "first_choice_on": open_day(today, days_ahead=45),
        "first_choice_slot": morning,
        "second_choice_on": open_day(today, days_ahead=47),
        "second_choice_slot": afternoon,
        "purpose": "To compare how our two science cities bring research results into "
        "public services, ahead of a joint smart city project.",
        "other_topics": "Cooperation with the University of Tsukuba",
        "partner": partners.get("grenoble") if dataset == "tsukuba" else None,
        "arrival": "By the Tsukuba Express from Akihabara",
        "web_conference_ok": True,
    }
    japanese = {
        "organisation_name": "大田広域市 国際協力課",
        "organisation_kind": VisitApplication.OrganisationKind.LOCAL_GOVERNMENT,
        "country": "KR",
        "website": "",
        "leader_name": "朴 智勲",
        "leader_title": "国際協力課長",
        "contact_name": "李 秀妍",
        "contact_email": "lee.suyeon@daejeon.example",
        "contact_phone": "+82 42 000 0000",
        "reply_language": "ja",
        "headcount": 3,
        "interpreter": VisitApplication.Interpreter.BRINGING,
        "first_choice_on": open_day(today, days_ahead=60),
        "first_choice_slot": afternoon,
        "purpose": "両市の研究団地の運営と、外国人研究者の生活支援について意見交換したい。",
        "other_topics": "",
        "partner": partners.get("daejeon") if dataset == "tsukuba" else None,
        "arrival": "成田空港から貸切バス",
        "web_conference_ok": False,
    }
    demo = [
        (
            "demo-application-grenoble-en",
            english,
            "en",
            [
                {
                    "name": "Claire Dubois",
                    "organisation": "Grenoble-Alpes Metropole",
                    "title": "Vice-President for Innovation",
                },
                {
                    "name": "Julien Martin",
                    "organisation": "Grenoble-Alpes Metropole",
                    "title": "International Relations Officer",
                },
            ],
            ["Smart city: putting science and technology to work", "Support for startups"],
        ),
        (
            "demo-application-daejeon-ja",
            japanese,
            "ja",
            [
                {"name": "朴 智勲", "organisation": "大田広域市", "title": "国際協力課長"},
                {"name": "李 秀妍", "organisation": "大田広域市", "title": "主務官"},
            ],
            [
                "Working with research institutions and universities",
                "Multicultural community and support for foreign residents",
            ],
        ),
    ]
    created = 0
    for key, answers, language, members, topic_names in demo:
        if VisitApplication.objects.filter(submission_key=key).exists():
            continue
        services.submit(
            answers=answers,
            language=language,
            members=members,
            topics=[topics[name] for name in topic_names if name in topics],
            submission_key=key,
            today=today,
        )
        created += 1
    return created


def load(dataset, out, *, today=None):
    today = today or timezone.localdate()
    load_reference_data()
    out.write(
        f"Visit rules, {len(TIME_SLOTS)} time slots, {len(BLACKOUT_PERIODS)} blackout periods, "
        f"{len(TOPICS)} topics"
    )
    created = load_applications(dataset, today)
    out.write(f"New visit applications: {created} created")
