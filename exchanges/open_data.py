"""Published exchanges as open data, in the style of the relationships file.

- exchanges.csv: one row per exchange, partners as a space-separated list of partner codes
  (the same codes as relationships.csv). UTF-8 with a byte-order mark, for Excel.
- exchanges.json: a header saying what it is, then one record per exchange.

Drafts are never included, nor any visit application's data: only what the record says.
"""

import csv
import io
import json

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from agreements.open_data import CODE, DATE, LICENCE_NAME, LICENCE_URL, SLUGS, TEXT, Column
from cities.models import HomeCity, Partner
from exchanges.models import Exchange
from office.dates import partial_iso
from office.spreadsheets import escape_formula

NUMBER = pgettext_lazy("data type", "whole number")

EXCHANGE_COLUMNS = [
    Column("slug", "slug", CODE, _("The exchange's short code, as in its page's address."), ""),
    Column("title_ja", "title_ja", TEXT, _("Title in Japanese."), ""),
    Column("title_en", "title_en", TEXT, _("Title in English."), ""),
    Column("kind", "kind", CODE, _("Code of the kind of exchange."), "youth-exchange"),
    Column("kind_name_ja", "kind_name_ja", TEXT, _("The kind of exchange in Japanese."), ""),
    Column("kind_name_en", "kind_name_en", TEXT, _("The kind of exchange in English."), ""),
    Column(
        "direction",
        "direction",
        CODE,
        _("received (they came to the city), sent (the city went to them) or both."),
        "received",
    ),
    Column("starts_on", "starts_on", DATE, _("When it began: YYYY-MM-DD, YYYY-MM or YYYY."), ""),
    Column("starts_on_precision", "starts_on_precision", CODE, _("day, month or year."), "day"),
    Column("ends_on", "ends_on", DATE, _("When it ended, for an exchange over a period."), ""),
    Column("ends_on_precision", "ends_on_precision", CODE, _("day, month or year."), ""),
    Column("partners", "partners", SLUGS, _("The partners' codes (relationships file)."), ""),
    Column("country", "country", CODE, _("The other side's country (ISO 3166-1)."), "KR"),
    Column("city_people", "city_people", NUMBER, _("People from the city, if known."), ""),
    Column("partner_people", "partner_people", NUMBER, _("People from the other side."), ""),
]
CSV_HEADER = [column.name for column in EXCHANGE_COLUMNS]


def published_exchanges():
    """Every published exchange in date order, with its kind and published partners:
    two queries whatever their number."""
    return list(
        Exchange.objects.published()
        .select_related("kind")
        .prefetch_related(
            Prefetch(
                "partners",
                queryset=Partner.objects.published().only("slug").order_by("slug"),
                to_attr="open_partners",
            )
        )
        .order_by("starts_on", "pk")
    )


def _record(exchange):
    return {
        "slug": exchange.slug,
        "title_ja": exchange.title_ja or "",
        "title_en": exchange.title_en or "",
        "kind": exchange.kind.slug,
        "kind_name_ja": exchange.kind.name_ja,
        "kind_name_en": exchange.kind.name_en,
        "direction": exchange.direction,
        "starts_on": partial_iso(exchange.starts_on, exchange.starts_on_precision),
        "starts_on_precision": exchange.starts_on_precision,
        "ends_on": partial_iso(exchange.ends_on, exchange.ends_on_precision) or None,
        "ends_on_precision": exchange.ends_on_precision if exchange.ends_on else None,
        "partners": [partner.slug for partner in exchange.open_partners],
        "country": exchange.country.code or None,
        "city_people": exchange.city_people,
        "partner_people": exchange.partner_people,
    }


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, list):
        value = " ".join(value)
    return escape_formula(str(value))


def exchanges_csv(exchanges):
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for exchange in exchanges:
        writer.writerow([_cell(value) for value in _record(exchange).values()])
    return buffer.getvalue().encode("utf-8-sig")


def exchanges_json(exchanges, *, attribution):
    document = {
        "title": "exchanges",
        "licence": LICENCE_NAME,
        "licence_url": LICENCE_URL,
        "attribution": attribution,
        "exchanges": [_record(exchange) for exchange in exchanges],
    }
    return json.dumps(document, ensure_ascii=False, indent=1).encode()


def exchanges_file(file_format):
    exchanges = published_exchanges()
    if file_format == "csv":
        return exchanges_csv(exchanges)
    home = HomeCity.current()
    attribution = {"ja": home.name_ja, "en": home.name_en} if home else None
    return exchanges_json(exchanges, attribution=attribution)
