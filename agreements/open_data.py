"""The relationships as open data: every published partner and its published agreements.

Two files with the same content, documented on the open-data page:
- relationships.csv: one row per (partner, agreement); a partner without a published
  agreement has one row with the agreement columns empty. UTF-8 with a byte-order mark,
  so Excel on Japanese Windows opens it right.
- relationships.json: one record per partner with its agreements nested.

Unpublished partners and unpublished agreements are left out entirely: a party that is not
published does not appear among an agreement's parties either. The home city and its
predecessors are parties (by slug) but have no record of their own.

Renamed columns are also written under their old names (DEPRECATED_COLUMNS), last in
each CSV row, for one release, so that programs reading the files have time to change.
"""

import csv
import datetime
import hashlib
import io
import json
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count, Max, Prefetch, Value
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from agreements.models import Agreement, AgreementParty
from cities.models import HomeCity, Partner
from office.dates import partial_iso
from office.spreadsheets import escape_formula

LICENCE_NAME = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
# Statuses are computed for the day of the request, so the files change at least daily.
UPDATE_FREQUENCY = "daily"

TEXT = pgettext_lazy("data type", "text")
CODE = pgettext_lazy("data type", "code")
DATE = pgettext_lazy("data type", "partial date")
NUMBER = pgettext_lazy("data type", "decimal number")
SLUGS = pgettext_lazy("data type", "list of codes")


@dataclass(frozen=True)
class Column:
    """One documented column: its CSV header, its JSON key, type, meaning and an example."""

    name: str
    key: str
    type: str
    meaning: str
    example: str


PARTNER_COLUMNS = [
    Column(
        "slug", "slug", CODE, _("The partner's short code, as in its page's address."), "grenoble"
    ),
    Column("name_ja", "name_ja", TEXT, _("Short name in Japanese."), "グルノーブル市"),
    Column("name_en", "name_en", TEXT, _("Short name in English."), "Grenoble"),
    Column("country", "country", CODE, _("Country, as an ISO 3166-1 alpha-2 code."), "FR"),
    Column(
        "kind",
        "kind",
        CODE,
        _(
            "Kind of body: city, town, village, prefecture, state, region, metropolitan, "
            "county, institution or port."
        ),
        "city",
    ),
    Column(
        "relationship_kind",
        "relationship_kind",
        CODE,
        _(
            "Code of the kind of the partner's most significant agreement, such as a "
            "sister-city agreement (empty when not set)."
        ),
        "sister-city",
    ),
    Column(
        "relationship_kind_name_ja",
        "relationship_kind_name_ja",
        TEXT,
        _("That kind of agreement in Japanese."),
        "姉妹都市",
    ),
    Column(
        "relationship_kind_name_en",
        "relationship_kind_name_en",
        TEXT,
        _("That kind of agreement in English."),
        "Sister city",
    ),
    Column(
        "relationship_since",
        "relationship_since",
        DATE,
        _("When the relationship began: YYYY-MM-DD, YYYY-MM or YYYY, as far as it is known."),
        "2013-11-12",
    ),
    Column(
        "relationship_since_precision",
        "relationship_since_precision",
        CODE,
        _("How much of that date is known: day, month or year."),
        "day",
    ),
    Column(
        "relationship_status",
        "relationship_status",
        CODE,
        _("The relationship today: active, suspended or ended."),
        "active",
    ),
    Column(
        "relationship_ended_on",
        "relationship_ended_on",
        DATE,
        _("When an ended relationship ended (YYYY-MM-DD)."),
        "",
    ),
    Column(
        "wikidata_id",
        "wikidata_id",
        CODE,
        _("The partner's Wikidata identifier, where known."),
        "Q1289",
    ),
    Column("latitude", "latitude", NUMBER, _("Latitude in degrees (WGS 84)."), "45.188529"),
    Column("longitude", "longitude", NUMBER, _("Longitude in degrees (WGS 84)."), "5.724524"),
]

AGREEMENT_COLUMNS = [
    Column(
        "agreement_slug",
        "slug",
        CODE,
        _("The agreement's short code, as in its page's address."),
        "grenoble-sister-city-2013",
    ),
    Column("agreement_title_ja", "title_ja", TEXT, _("Title in Japanese."), "姉妹都市提携協定"),
    Column("agreement_title_en", "title_en", TEXT, _("Title in English."), "Sister city agreement"),
    Column("agreement_kind", "kind", CODE, _("Code of the kind of agreement."), "sister-city"),
    Column(
        "agreement_kind_name_ja",
        "kind_name_ja",
        TEXT,
        _("The kind of agreement in Japanese."),
        "姉妹都市",
    ),
    Column(
        "agreement_kind_name_en",
        "kind_name_en",
        TEXT,
        _("The kind of agreement in English."),
        "Sister city",
    ),
    Column(
        "agreement_date",
        "date",
        DATE,
        _("The agreement's date: YYYY-MM-DD, YYYY-MM or YYYY, as far as it is known."),
        "2013-11-12",
    ),
    Column(
        "agreement_date_precision",
        "date_precision",
        CODE,
        _("How much of that date is known: day, month or year."),
        "day",
    ),
    Column(
        "agreement_date_meaning",
        "date_meaning",
        CODE,
        _(
            "What the date is: signed, proposed, approved (by the council) or "
            "in_force_from (the day it takes effect)."
        ),
        "signed",
    ),
    Column(
        "agreement_status",
        "status",
        CODE,
        _(
            "Where the agreement stands on the day the file was made: not_yet, in_force, "
            "expired, suspended, terminated or superseded."
        ),
        "in_force",
    ),
    Column(
        "agreement_expires_on",
        "expires_on",
        DATE,
        _("When a fixed-term agreement ends, renewals included (YYYY-MM-DD); empty if open-ended."),
        "2028-03-31",
    ),
    Column(
        "agreement_parties",
        "parties",
        SLUGS,
        _(
            "Codes of the parties, the city's side first; separated by spaces in the CSV "
            "file, a list in the JSON file."
        ),
        "tsukuba grenoble",
    ),
]

# Old names of columns, kept for one release with the same values as the new ones: CSV
# name -> CSV name (the JSON keys are the columns' keys). They come last in each CSV row,
# so no other column moves; the next release drops them.
RENAMED_PARTNER_COLUMNS = {
    "relationship_type": "relationship_kind",
    "relationship_type_name_ja": "relationship_kind_name_ja",
    "relationship_type_name_en": "relationship_kind_name_en",
}
RENAMED_AGREEMENT_COLUMNS = {
    "agreement_type": "agreement_kind",
    "agreement_type_name_ja": "agreement_kind_name_ja",
    "agreement_type_name_en": "agreement_kind_name_en",
}
# The agreements' JSON keys were the CSV names without "agreement_" (type, type_name_ja...).
OLD_AGREEMENT_KEYS = {old: old.removeprefix("agreement_") for old in RENAMED_AGREEMENT_COLUMNS}


def _deprecated(renamed, columns, *, keys=None):
    by_name = {column.name: column for column in columns}
    return [
        Column(
            old,
            (keys or {}).get(old, old),
            by_name[new].type,
            format_lazy(
                _("Deprecated, will be removed in the next release: the same as {column}."),
                column=new,
            ),
            by_name[new].example,
        )
        for old, new in renamed.items()
    ]


DEPRECATED_PARTNER_COLUMNS = _deprecated(RENAMED_PARTNER_COLUMNS, PARTNER_COLUMNS)
DEPRECATED_AGREEMENT_COLUMNS = _deprecated(
    RENAMED_AGREEMENT_COLUMNS, AGREEMENT_COLUMNS, keys=OLD_AGREEMENT_KEYS
)
DEPRECATED_COLUMNS = DEPRECATED_PARTNER_COLUMNS + DEPRECATED_AGREEMENT_COLUMNS

CSV_HEADER = [column.name for column in PARTNER_COLUMNS + AGREEMENT_COLUMNS + DEPRECATED_COLUMNS]


@dataclass(frozen=True)
class Freshness:
    """What the files were made from: enough to tell a client whether its copy is current."""

    today: datetime.date
    etag: str
    last_modified: datetime.datetime
    partner_count: int
    agreement_count: int


def freshness(*, today):
    """The files' ETag and Last-Modified, in one query.

    The latest change to any partner or agreement (published or not, so that unpublishing
    counts as a change), the number of published ones (so that a deletion counts) and the
    number of parties (so that a party added or removed counts). Today's date is part of
    the tag because statuses are for today.
    """
    rows = (
        Partner.objects.order_by()
        .annotate(table=Value("partners"))
        .values("table")
        .annotate(latest=Max("updated_at"), size=Count("pk"))
        .union(
            Agreement.objects.order_by()
            .annotate(table=Value("agreements"))
            .values("table")
            .annotate(latest=Max("updated_at"), size=Count("pk")),
            Partner.objects.in_directory()
            .order_by()
            .annotate(table=Value("published partners"))
            .values("table")
            .annotate(latest=Max("updated_at"), size=Count("pk")),
            # Those in the files: published, with a partner in the directory.
            Agreement.objects.published()
            .filter(parties__partner__in=Partner.objects.in_directory())
            .order_by()
            .annotate(table=Value("published agreements"))
            .values("table")
            .annotate(latest=Max("updated_at"), size=Count("pk", distinct=True)),
            AgreementParty.objects.order_by()
            .annotate(table=Value("parties"))
            .values("table")
            .annotate(latest=Max("agreement__updated_at"), size=Count("pk")),
            all=True,
        )
    )
    rows = {row["table"]: row for row in rows}
    start_of_today = timezone.make_aware(datetime.datetime.combine(today, datetime.time.min))
    changes = [
        rows[name]["latest"]
        for name in ("partners", "agreements")
        if rows.get(name) and rows[name]["latest"]
    ]
    last_modified = max([start_of_today, *changes])
    fingerprint = json.dumps(
        [today.isoformat(), sorted((k, v["latest"], v["size"]) for k, v in rows.items())],
        default=str,
    )
    return Freshness(
        today=today,
        etag=hashlib.sha256(fingerprint.encode()).hexdigest()[:32],
        last_modified=last_modified,
        partner_count=rows.get("published partners", {}).get("size", 0),
        agreement_count=rows.get("published agreements", {}).get("size", 0),
    )


def published_relationships(*, today):
    """Published directory partners, each with `open_agreements`: its published agreements.

    Three queries whatever the number of partners and agreements.
    """
    partners = list(
        Partner.objects.in_directory().select_related("agreement_kind").order_by("slug")
    )
    agreements = (
        Agreement.objects.published()
        .with_status(on=today)
        # A subquery, not a list of ids: thousands of partners stay one short statement.
        .filter(parties__partner__in=Partner.objects.in_directory())
        .distinct()
        .select_related("kind")
        .prefetch_related(
            Prefetch(
                "parties",
                # The home side and published partners only; the order puts the city first.
                queryset=AgreementParty.objects.filter(partner__published=True)
                .select_related("partner")
                .only("agreement_id", "order", "partner__slug", "partner__is_home")
                .order_by("-partner__is_home", "order", "pk"),
                to_attr="open_parties",
            )
        )
        .order_by("date", "pk")
    )
    by_partner = {partner.pk: [] for partner in partners}
    for agreement in agreements:
        for party in agreement.open_parties:
            if party.partner_id in by_partner:
                by_partner[party.partner_id].append(agreement)
    for partner in partners:
        partner.open_agreements = by_partner[partner.pk]
    return partners


def _decimal(value):
    return None if value is None else float(value)


def _partner_record(partner):
    kind = partner.agreement_kind
    return {
        "slug": partner.slug,
        "name_ja": partner.name_ja or "",
        "name_en": partner.name_en or "",
        "country": partner.country.code,
        "kind": partner.kind,
        "relationship_kind": kind.slug if kind else None,
        "relationship_kind_name_ja": kind.name_ja if kind else None,
        "relationship_kind_name_en": kind.name_en if kind else None,
        "relationship_since": partial_iso(
            partner.relationship_since, partner.relationship_since_precision
        )
        or None,
        "relationship_since_precision": partner.relationship_since_precision
        if partner.relationship_since
        else None,
        # No status, not even "active", before the partner has an agreement.
        "relationship_status": partner.relationship_status if partner.has_relationship else None,
        "relationship_ended_on": partial_iso(partner.relationship_ended_on) or None,
        "wikidata_id": partner.wikidata_id or None,
        "latitude": _decimal(partner.latitude),
        "longitude": _decimal(partner.longitude),
    }


def _deprecated_record(record, deprecated, renamed, columns):
    """The old keys of a record, with the values of the new ones."""
    key_of = {column.name: column.key for column in columns}
    return {column.key: record[key_of[renamed[column.name]]] for column in deprecated}


def _deprecated_partner_record(record):
    return _deprecated_record(
        record, DEPRECATED_PARTNER_COLUMNS, RENAMED_PARTNER_COLUMNS, PARTNER_COLUMNS
    )


def _deprecated_agreement_record(record):
    return _deprecated_record(
        record, DEPRECATED_AGREEMENT_COLUMNS, RENAMED_AGREEMENT_COLUMNS, AGREEMENT_COLUMNS
    )


def _partner_json(partner):
    record = _partner_record(partner)
    return {
        **record,
        **_deprecated_partner_record(record),
        "agreements": [_agreement_json(a) for a in partner.open_agreements],
    }


def _agreement_record(agreement):
    return {
        "slug": agreement.slug,
        "title_ja": agreement.title_ja or "",
        "title_en": agreement.title_en or "",
        "kind": agreement.kind.slug,
        "kind_name_ja": agreement.kind.name_ja,
        "kind_name_en": agreement.kind.name_en,
        "date": partial_iso(agreement.date, agreement.date_precision),
        "date_precision": agreement.date_precision,
        "date_meaning": agreement.date_meaning,
        "status": agreement.status_on_day,
        "expires_on": partial_iso(agreement.current_expires_on) or None,
        "parties": [party.partner.slug for party in agreement.open_parties],
    }


def _agreement_json(agreement):
    record = _agreement_record(agreement)
    return {**record, **_deprecated_agreement_record(record)}


def relationships_json(partners, *, today, attribution):
    """The JSON file's bytes: a header saying what it is, then one record per partner.

    attribution: the home city's name in each language ({"ja": ..., "en": ...}).
    """
    document = {
        "title": "relationships",
        "licence": LICENCE_NAME,
        "licence_url": LICENCE_URL,
        "attribution": attribution,
        "status_on": today.isoformat(),
        "update_frequency": UPDATE_FREQUENCY,
        "partners": [_partner_json(partner) for partner in partners],
    }
    return json.dumps(document, ensure_ascii=False, indent=1).encode()


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, list):
        value = " ".join(value)
    if isinstance(value, float):
        return f"{value:.6f}"
    return escape_formula(str(value))


def relationships_csv(partners):
    """The CSV file's bytes: UTF-8 with a BOM, one row per (partner, agreement)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for partner in partners:
        record = _partner_record(partner)
        partner_cells = [_cell(v) for v in record.values()]
        old_partner_cells = [_cell(v) for v in _deprecated_partner_record(record).values()]
        if not partner.open_agreements:
            writer.writerow(
                partner_cells
                + [""] * len(AGREEMENT_COLUMNS)
                + old_partner_cells
                + [""] * len(DEPRECATED_AGREEMENT_COLUMNS)
            )
        for agreement in partner.open_agreements:
            agreement_record = _agreement_record(agreement)
            agreement_cells = [_cell(v) for v in agreement_record.values()]
            old_agreement_cells = [
                _cell(v) for v in _deprecated_agreement_record(agreement_record).values()
            ]
            writer.writerow(
                partner_cells + agreement_cells + old_partner_cells + old_agreement_cells
            )
    return buffer.getvalue().encode("utf-8-sig")


def relationships_file(file_format, *, freshness):
    """The bytes of relationships.csv or .json, made once for each state of the data."""
    key = f"open-data:relationships:{file_format}:{freshness.etag}"
    content = cache.get(key)
    if content is None:
        partners = published_relationships(today=freshness.today)
        if file_format == "csv":
            content = relationships_csv(partners)
        else:
            home = HomeCity.current()
            attribution = {"ja": home.name_ja, "en": home.name_en} if home else None
            content = relationships_json(partners, today=freshness.today, attribution=attribution)
        # The key changes with the data, so an entry never goes stale; a day frees memory.
        cache.set(key, content, timeout=24 * 60 * 60)
    return content
