"""Fill a database with realistic fake data for benchmarks and query-count checks.

    python manage.py generate_scale_data --partners 1800 --agreements 4000 --applications 100000

Everything is bulk-inserted, in both languages and every status. The rows are marked as
generated (slugs start with "scale-", references with the year and a high number range)
so they are easy to tell from real data; run it on a database of its own.
"""

import datetime
import random
import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone

from cities.models import AgreementKind, Partner
from office import pagecache
from visits.models import (
    DelegationMember,
    TimeSlot,
    VisitApplication,
    VisitTopic,
    new_status_token,
)

# Syllables in Latin letters and katakana, combined into plausible place names.
SYLLABLES = [
    ("ka", "カ"),
    ("ri", "リ"),
    ("to", "ト"),
    ("na", "ナ"),
    ("mo", "モ"),
    ("sa", "サ"),
    ("ve", "ヴェ"),
    ("lo", "ロ"),
    ("ber", "ベル"),
    ("gen", "ゲン"),
    ("stad", "シュタット"),
    ("mar", "マル"),
    ("ton", "トン"),
    ("field", "フィールド"),
    ("port", "ポート"),
    ("vil", "ヴィル"),
    ("la", "ラ"),
    ("no", "ノ"),
    ("shan", "シャン"),
    ("hai", "ハイ"),
    ("dor", "ドル"),
    ("burg", "ブルク"),
    ("ria", "リア"),
    ("ne", "ネ"),
    ("sol", "ソル"),
]
COUNTRIES = [
    "US",
    "FR",
    "DE",
    "CN",
    "KR",
    "GB",
    "IT",
    "BR",
    "AU",
    "CA",
    "VN",
    "TH",
    "ID",
    "PH",
    "IN",
    "NZ",
    "MX",
    "ES",
    "NL",
    "FI",
]
ORGANISATIONS = [
    ("City Council", "市議会"),
    ("Ministry of Interior", "内務省"),
    ("University", "大学"),
    ("Chamber of Commerce", "商工会議所"),
    ("Research Institute", "研究所"),
    ("Board of Education", "教育委員会"),
]
FIRST_NAMES = [
    "Anna",
    "Minh",
    "Ji-woo",
    "Lukas",
    "Sofia",
    "Wei",
    "Camille",
    "Arjun",
    "Olivia",
    "Mateo",
    "Hana",
    "Noah",
]
LAST_NAMES = [
    "Martin",
    "Nguyen",
    "Kim",
    "Müller",
    "Rossi",
    "Chen",
    "Dubois",
    "Sharma",
    "Smith",
    "García",
    "Park",
    "Brown",
]


def place_name(rng, number):
    parts = rng.sample(SYLLABLES, rng.randint(2, 3))
    latin = "".join(p[0] for p in parts).capitalize()
    kana = "".join(p[1] for p in parts)
    return f"{latin} {number}", f"{kana}{number}"


class Command(BaseCommand):
    help = "Bulk-insert realistic fake partners, agreements and visit applications."

    def add_arguments(self, parser):
        parser.add_argument("--partners", type=int, default=1800)
        parser.add_argument("--agreements", type=int, default=4000)
        parser.add_argument("--applications", type=int, default=100_000)
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, partners, agreements, applications, seed, **options):
        # Made-up demo data, repeatable by seed (bandit B311).
        rng = random.Random(seed)  # nosec B311
        started = time.perf_counter()
        with transaction.atomic():
            partner_ids = self.make_partners(rng, partners)
            self.report("partners", partners, started)
            made = self.make_agreements(rng, agreements, partner_ids)
            self.report("agreements", made, started)
            self.make_applications(rng, applications, partner_ids)
            self.report("applications", applications, started)
        # Statistics for the query planner, as autovacuum would gather in time: without
        # them PostgreSQL plans for empty tables and benchmarks measure the wrong plans.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        # Rows went in without save signals: cached public pages must be built again.
        pagecache.bump()

    def report(self, what, count, started):
        elapsed = time.perf_counter() - started
        self.stdout.write(f"{count:>7} {what} ({elapsed:.1f} s so far)")

    def make_partners(self, rng, count):
        types = list(AgreementKind.objects.all()) or [
            AgreementKind.objects.create(
                slug="sister-city", name_ja="姉妹都市", name_en="Sister city", order=10
            )
        ]
        first = Partner.objects.filter(slug__startswith="scale-").count()
        rows = []
        for number in range(first + 1, first + count + 1):
            name_en, name_ja = place_name(rng, number)
            since = datetime.date(rng.randint(1955, 2025), rng.randint(1, 12), 1)
            precision = rng.choice(["day", "month", "year"])
            if precision == "year":
                since = since.replace(month=1)
            rows.append(
                Partner(
                    slug=f"scale-{number}",
                    name=name_ja,
                    name_ja=name_ja,
                    name_en=name_en,
                    official_name_ja=f"{name_ja}市",
                    official_name_en=f"City of {name_en}",
                    kind=rng.choice(Partner.Kind.values),
                    country=rng.choice(COUNTRIES),
                    region_ja="",
                    region_en="",
                    latitude=round(rng.uniform(-50, 65), 6),
                    longitude=round(rng.uniform(-170, 175), 6),
                    published=rng.random() < 0.9,
                    description_ja=f"{name_ja}は交流を続けている都市です。",
                    description_en=f"{name_en} is a city the city has exchanges with.",
                    agreement_kind=rng.choice(types),
                    relationship_since=since,
                    relationship_since_precision=precision,
                )
            )
        Partner.objects.bulk_create(rows, batch_size=1000)
        return list(Partner.objects.filter(slug__startswith="scale-").values_list("pk", flat=True))

    def make_agreements(self, rng, count, partner_ids):
        # Filled in once the agreements app has its models (see agreements/scale.py).
        try:
            from agreements import scale
        except ImportError:
            return 0
        return scale.make_agreements(rng, count, partner_ids)

    def make_applications(self, rng, count, partner_ids):
        slots = list(TimeSlot.objects.values_list("pk", flat=True)) or [
            TimeSlot.objects.create(
                name_ja="午前",
                name_en="Morning",
                starts_at=datetime.time(10),
                ends_at=datetime.time(12),
            ).pk
        ]
        topics = list(VisitTopic.objects.values_list("pk", flat=True)) or [
            VisitTopic.objects.create(name_ja="科学のまち", name_en="Science city").pk
        ]
        coordinators = list(
            get_user_model().objects.filter(is_staff=True).values_list("pk", flat=True)[:5]
        ) or [None]
        statuses = VisitApplication.Status.values
        now = timezone.now()
        next_id = (
            VisitApplication.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        ) + 1
        per_year = {}
        applications, topic_links, members = [], [], []
        for pk in range(next_id, next_id + count):
            submitted = now - datetime.timedelta(days=rng.randint(0, 3 * 365))
            year = submitted.year
            per_year[year] = per_year.get(year, 0) + 1
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            place, _kana = place_name(rng, rng.randint(1, 999))
            org_en, _org_ja = rng.choice(ORGANISATIONS)
            status = rng.choice(statuses)
            wanted = submitted.date() + datetime.timedelta(days=rng.randint(35, 120))
            headcount = rng.randint(1, 20)
            closed = status in ("declined", "withdrawn", "visited")
            applications.append(
                {
                    "id": pk,
                    # An "S" range per year keeps these apart from real references.
                    "reference": f"VA-{year}-S{per_year[year]:06d}",
                    "status": status,
                    "language": rng.choice(["ja", "en"]),
                    "status_token": new_status_token(),
                    "submitted_at": submitted,
                    "organisation_name": f"{place} {org_en}",
                    "organisation_kind": rng.choice(VisitApplication.OrganisationKind.values),
                    "country": rng.choice(COUNTRIES),
                    "website": "",
                    "leader_name": f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                    "leader_title": "Director",
                    "contact_name": f"{first} {last}",
                    "contact_email": f"{first.lower()}.{rng.randint(1, 10**6)}@example.org",
                    "contact_phone": "",
                    "reply_language": rng.choice(["ja", "en"]),
                    "headcount": headcount,
                    "interpreter": rng.choice(VisitApplication.Interpreter.values),
                    "first_choice_on": wanted,
                    "first_choice_slot_id": rng.choice(slots),
                    "purpose": "Study of the city's science and smart-city policies.",
                    "other_topics": "",
                    "partner_id": rng.choice(partner_ids)
                    if partner_ids and rng.random() < 0.3
                    else None,
                    "arrival": "",
                    "web_conference_ok": False,
                    "may_mention_visit": False,
                    "consented_at": submitted,
                    "handled_by_id": rng.choice(coordinators) if status != "new" else None,
                    "reply_due_on": submitted.date() + datetime.timedelta(days=14),
                    "visit_on": wanted if status in ("accepted", "visited") else None,
                    "visit_place": "",
                    "host_department": "",
                    "decline_reason": "",
                    "closed_at": submitted + datetime.timedelta(days=30) if closed else None,
                }
            )
            for topic in rng.sample(topics, min(len(topics), rng.randint(1, 3))):
                topic_links.append({"visitapplication_id": pk, "visittopic_id": topic})
            for order in range(min(headcount, 3)):
                members.append(
                    {
                        "application_id": pk,
                        "name": f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                        "organisation": f"{place} {org_en}",
                        "title": "",
                        "order": order,
                    }
                )
        insert_rows(VisitApplication, applications)
        insert_rows(VisitApplication.topics.through, topic_links)
        insert_rows(DelegationMember, members)
        reset_sequences(VisitApplication)


def insert_rows(model, rows, batch_size=5000):
    """INSERT plain rows with executemany: the ORM's bulk_create builds a model object
    and compiles SQL per row, which is most of the time at 100,000 rows."""
    if not rows:
        return
    fields = [model._meta.get_field(name) for name in rows[0]]
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    sql = (
        # Quoted names, values as parameters (bandit B608).
        f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} "  # nosec B608
        f"({columns}) VALUES ({placeholders})"
    )
    adapters = [_adapter(field) for field in fields]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY is PostgreSQL's bulk path; executemany there sends a statement per row.
            table = connection.ops.quote_name(model._meta.db_table)
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(list(row.values()))
            return
        for start in range(0, len(rows), batch_size):
            cursor.executemany(
                sql,
                [
                    [adapt(value) for adapt, value in zip(adapters, row.values(), strict=True)]
                    for row in rows[start : start + batch_size]
                ],
            )


def _adapter(field):
    internal = field.get_internal_type()
    if internal == "DateTimeField":
        return connection.ops.adapt_datetimefield_value
    if internal == "DateField":
        return connection.ops.adapt_datefield_value
    return lambda value: value


def reset_sequences(*models):
    """After inserting explicit ids, let PostgreSQL's sequences continue after them."""
    statements = connection.ops.sequence_reset_sql(no_style(), models)
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
