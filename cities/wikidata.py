"""Wikidata, the open knowledge base: find a partner's item, read its names, place and
figures, and compare the city's relationships with the twin cities Wikidata records.

Only staff actions call out (the admin's "Find on Wikidata" and "Fill from Wikidata", the
partner import, `manage.py wikidata_lookup`); the public site never does. Every answer is
kept in the Django cache for a day, so a page reloaded or an import checked then confirmed
asks Wikidata once. Requests use the documented API (wbsearchentities, wbgetentities,
wbgetclaims) with a timeout and a User-Agent naming the site and a contact address, as
Wikimedia's User-Agent policy asks.
"""

import contextlib
import datetime
import hashlib
import json
import re
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cities.models import Partner, PartnerFact
from office.dates import DatePrecision, format_partial_date, partial_iso
from office.numbers import plain

ITEM_ID = re.compile(r"^Q[1-9][0-9]*$")
# A Q-number as people paste it: Q1289, q1289, or an address ending in /Q1289.
ITEM_IN_TEXT = re.compile(r"(?:^|/|#)(Q[1-9][0-9]*)/?$", re.IGNORECASE)
ENTITY_URL = "https://www.wikidata.org/entity/{}"
PAGE_URL = "https://www.wikidata.org/wiki/{}"
LANGUAGES = ("ja", "en")
CACHE_SECONDS = 24 * 60 * 60
CENTS = Decimal("0.01")  # a fact's value keeps two decimals
BATCH = 50  # wbgetentities takes at most 50 ids a call

# Properties read from an item.
INSTANCE_OF = "P31"
COUNTRY = "P17"
ISO_CODE = "P297"
LOCATED_IN = "P131"
COORDINATES = "P625"
POPULATION = "P1082"
AREA = "P2046"
POINT_IN_TIME = "P585"
OFFICIAL_WEBSITE = "P856"
OFFICIAL_NAME = "P1448"
TWINNED_WITH = "P190"
START_TIME = "P580"
END_TIME = "P582"
STATED_IN = "P248"
REFERENCE_URL = "P854"

# Area units: square kilometre, square metre, hectare, as factors to km².
AREA_UNITS = {"Q712226": Decimal(1), "Q25343": Decimal("0.000001"), "Q35852": Decimal("0.01")}
# What an item is an instance of (P31) -> kind of body. Classes not listed leave the kind
# to the editor.
KINDS = {
    "Q515": Partner.Kind.CITY,  # city
    "Q1549591": Partner.Kind.CITY,  # big city
    "Q1637706": Partner.Kind.CITY,  # city with millions of inhabitants
    "Q200250": Partner.Kind.CITY,  # metropolis
    "Q5119": Partner.Kind.CITY,  # capital
    "Q1093829": Partner.Kind.CITY,  # city of the United States
    "Q484170": Partner.Kind.CITY,  # commune of France
    "Q494721": Partner.Kind.CITY,  # city of Japan
    "Q3957": Partner.Kind.TOWN,  # town
    "Q532": Partner.Kind.VILLAGE,  # village
    "Q50337": Partner.Kind.PREFECTURE,  # prefecture of Japan
    "Q35657": Partner.Kind.STATE,  # state of the United States
    "Q107390": Partner.Kind.STATE,  # federated state
    "Q28575": Partner.Kind.COUNTY,  # county
    "Q3918": Partner.Kind.INSTITUTION,  # university
    "Q44782": Partner.Kind.PORT,  # port
}
# Wikidata's time precisions: 9 year, 10 month, 11 day (and finer, read as a day).
PRECISIONS = {9: DatePrecision.YEAR, 10: DatePrecision.MONTH, 11: DatePrecision.DAY}
QUICKSTATEMENTS_PRECISION = {
    DatePrecision.YEAR: 9,
    DatePrecision.MONTH: 10,
    DatePrecision.DAY: 11,
}


class WikidataUnavailable(Exception):
    """Wikidata could not be reached or did not answer in time."""

    def __init__(self, detail=""):
        super().__init__(detail)
        self.detail = detail

    @property
    def message(self):
        return gettext(
            "Wikidata could not be reached just now, so nothing was looked up. Try again "
            "in a few minutes, or enter the values by hand."
        )


class ItemNotFound(Exception):
    def __init__(self, item_id):
        super().__init__(item_id)
        self.item_id = item_id

    @property
    def message(self):
        return gettext("Wikidata has no item %(id)s.") % {"id": self.item_id}


def item_id_from(text):
    """ "Q1289" from Q1289, q1289 or https://www.wikidata.org/wiki/Q1289; "" otherwise."""
    text = str(text or "").strip()
    match = ITEM_IN_TEXT.search(text)
    return match.group(1).upper() if match else ""


def entity_url(item_id):
    """The item's identifier as linked data names it (schema.org sameAs)."""
    return ENTITY_URL.format(item_id)


def user_agent():
    return f"Twinning/1.0 ({settings.SITE_URL}; {settings.WIKIDATA_CONTACT}) Python-urllib"


# --- the API, cached -------------------------------------------------------------------


def call(**params):
    """One API call's JSON answer, from the cache when it was asked within a day."""
    params = {"format": "json", **params}
    query = urllib.parse.urlencode(sorted(params.items()))
    key = "wikidata:" + hashlib.sha256(query.encode()).hexdigest()
    answer = cache.get(key)
    if answer is not None:
        return answer
    request = urllib.request.Request(
        f"{settings.WIKIDATA_API_URL}?{query}",
        headers={"User-Agent": user_agent(), "Accept": "application/json"},
    )
    try:
        # The address is the WIKIDATA_API_URL setting (https by default), never a visitor's
        # input, so no file: or other scheme can reach urlopen. (bandit B310)
        with urllib.request.urlopen(request, timeout=settings.WIKIDATA_TIMEOUT) as response:  # noqa: S310  # nosec B310
            answer = json.load(response)
    except (OSError, ValueError) as error:
        # URLError, HTTPError, timeouts and refused connections are OSErrors; a page that
        # is not JSON (a proxy's error page) is a ValueError.
        raise WikidataUnavailable(str(error)) from error
    if not isinstance(answer, dict) or "error" in answer:
        detail = answer.get("error", {}).get("info", "") if isinstance(answer, dict) else ""
        raise WikidataUnavailable(detail)
    cache.set(key, answer, timeout=CACHE_SECONDS)
    return answer


def entities(item_ids, *, props="labels|descriptions|claims"):
    """{id: entity JSON} for the ids Wikidata has; missing ones are left out."""
    item_ids = list(dict.fromkeys(i for i in item_ids if ITEM_ID.match(i or "")))
    found = {}
    for start in range(0, len(item_ids), BATCH):
        answer = call(
            action="wbgetentities",
            ids="|".join(item_ids[start : start + BATCH]),
            props=props,
            languages="|".join(LANGUAGES),
        )
        for item_id, entity in answer.get("entities", {}).items():
            if "missing" in entity or "id" not in entity:
                continue
            found[item_id] = entity
            # A merged item answers under its new id: keep it under the one asked for too.
            redirect = entity.get("redirects") or {}
            if redirect.get("from"):
                found[redirect["from"]] = entity
    return found


def labels_of(item_ids):
    """{id: {"ja": label, "en": label}} for a few items (countries, regions, sources)."""
    return {
        item_id: {lang: _text(entity.get("labels"), lang) for lang in LANGUAGES}
        for item_id, entity in entities(item_ids, props="labels").items()
    }


def country_code(country_item):
    """The ISO 3166-1 alpha-2 code Wikidata gives a country item (P297), or ""."""
    answer = call(action="wbgetclaims", entity=country_item, property=ISO_CODE)
    for statement in _best(answer.get("claims", {}).get(ISO_CODE, [])):
        value = _main(statement)
        if isinstance(value, str) and len(value) == 2:
            return value.upper()
    return ""


# --- reading statements ------------------------------------------------------------------


def _text(texts, language):
    return ((texts or {}).get(language) or {}).get("value", "")


def _value(snak):
    if snak.get("snaktype") != "value":
        return None
    value = (snak.get("datavalue") or {}).get("value")
    if isinstance(value, dict) and "id" in value and value.get("entity-type") == "item":
        return value["id"]
    return value


def _main(statement):
    """The value of a statement's main snak (None for "no value" or "unknown")."""
    return _value(statement.get("mainsnak") or {})


def _best(statements):
    """Preferred statements if any, otherwise the normal ones; never deprecated ones."""
    preferred = [s for s in statements if s.get("rank") == "preferred"]
    return preferred or [s for s in statements if s.get("rank", "normal") == "normal"]


def _qualifier(statement, prop):
    for snak in statement.get("qualifiers", {}).get(prop, []):
        value = _value(snak)
        if value is not None:
            return value
    return None


def _current(statements):
    """The best statements that have not ended (no end time)."""
    return [s for s in _best(statements) if _qualifier(s, END_TIME) is None]


def read_time(value):
    """(date, precision) from a Wikidata time value, or (None, None) for older or odd ones."""
    if not isinstance(value, dict):
        return None, None
    match = re.match(r"^\+(\d{4})-(\d\d)-(\d\d)T", value.get("time", ""))
    precision = PRECISIONS.get(min(int(value.get("precision", 0)), 11))
    if not match or precision is None:
        return None, None
    year, month, day = (int(part) for part in match.groups())
    if precision == DatePrecision.YEAR:
        month, day = 1, 1
    elif precision == DatePrecision.MONTH:
        day = 1
    try:
        return datetime.date(year, max(month, 1), max(day, 1)), precision
    except ValueError:
        return None, None


def _amount(value):
    try:
        return Decimal(str(value["amount"]))
    except (KeyError, TypeError, InvalidOperation):
        return None


@dataclass
class Figure:
    """A figure from Wikidata with the date it was measured and where it comes from."""

    value: Decimal
    as_of: datetime.date | None
    precision: str
    reference: str = ""  # the reference's URL or the title of the work it is stated in
    statement: dict = field(default_factory=dict, repr=False)  # where it was read


@dataclass
class Twin:
    """One of the item's twinned administrative bodies (P190)."""

    item_id: str
    since: datetime.date | None
    precision: str | None
    ended: bool


@dataclass
class WikidataItem:
    """What Twinning reads from one Wikidata item."""

    id: str
    labels: dict
    descriptions: dict
    official_names: dict = field(default_factory=dict)  # {"ja": ..., "en": ...}
    kinds: list = field(default_factory=list)  # P31 item ids
    country_item: str = ""
    country: str = ""  # ISO code
    region_item: str = ""  # P131, looked up for its labels
    region: dict = field(default_factory=dict)  # {"ja": ..., "en": ...}
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    population: Figure | None = None
    area: Figure | None = None
    website: str = ""
    twins: list = field(default_factory=list)

    @property
    def kind(self):
        for item_id in self.kinds:
            if item_id in KINDS:
                return KINDS[item_id]
        return ""

    @property
    def url(self):
        return PAGE_URL.format(self.id)


def _figure(statements, *, unit_factors=None):
    """The figure of the latest point in time among the best statements."""
    figures = []
    for statement in _best(statements):
        value = _main(statement)
        amount = _amount(value) if isinstance(value, dict) else None
        if amount is None:
            continue
        if unit_factors is not None:
            unit = str(value.get("unit", "")).rsplit("/", 1)[-1]
            if unit not in unit_factors:
                continue
            amount = amount * unit_factors[unit]
        as_of, precision = read_time(_qualifier(statement, POINT_IN_TIME))
        figures.append((as_of or datetime.date.min, amount, as_of, precision, statement))
    if not figures:
        return None
    _, amount, as_of, precision, statement = max(figures, key=lambda f: f[0])
    return Figure(amount, as_of, precision or DatePrecision.YEAR, statement=statement)


def _reference(statement):
    """(URL, stated-in item) of the statement's first reference."""
    for reference in statement.get("references", []):
        snaks = reference.get("snaks", {})
        url = next((_value(s) for s in snaks.get(REFERENCE_URL, []) if _value(s)), "")
        stated_in = next((_value(s) for s in snaks.get(STATED_IN, []) if _value(s)), "")
        if url or stated_in:
            return url, stated_in
    return "", ""


def _decimal(number):
    return Decimal(str(number)).quantize(Decimal("0.000001"))


def read_entity(entity):
    """A WikidataItem from an entity's JSON, without looking up the items it names."""
    claims = entity.get("claims", {})
    item = WikidataItem(
        id=entity["id"],
        labels={lang: _text(entity.get("labels"), lang) for lang in LANGUAGES},
        descriptions={lang: _text(entity.get("descriptions"), lang) for lang in LANGUAGES},
    )
    for statement in _best(claims.get(OFFICIAL_NAME, [])):
        value = _main(statement) or {}
        if value.get("language") in LANGUAGES and _qualifier(statement, END_TIME) is None:
            item.official_names.setdefault(value["language"], value.get("text", ""))
    item.kinds = [_main(s) for s in _best(claims.get(INSTANCE_OF, [])) if _main(s)]
    countries = [_main(s) for s in _current(claims.get(COUNTRY, []))]
    item.country_item = next((c for c in countries if c), "")
    for statement in _best(claims.get(COORDINATES, [])):
        value = _main(statement)
        numbers = (int, float)
        if (
            isinstance(value, dict)
            and isinstance(value.get("latitude"), numbers)
            and isinstance(value.get("longitude"), numbers)
        ):
            item.latitude = _decimal(value["latitude"])
            item.longitude = _decimal(value["longitude"])
            break
    item.population = _figure(claims.get(POPULATION, []))
    item.area = _figure(claims.get(AREA, []), unit_factors=AREA_UNITS)
    for statement in _best(claims.get(OFFICIAL_WEBSITE, [])):
        value = _main(statement)
        if isinstance(value, str) and value.startswith(("https://", "http://")):
            item.website = value
            break
    for statement in claims.get(TWINNED_WITH, []):
        if statement.get("rank") == "deprecated":
            continue
        target = _main(statement)
        if target:
            since, precision = read_time(_qualifier(statement, START_TIME))
            ended = _qualifier(statement, END_TIME) is not None
            item.twins.append(Twin(target, since, precision, ended))
    regions = [_main(s) for s in _current(claims.get(LOCATED_IN, []))]
    item.region_item = next((r for r in regions if r), "")
    return item


def read_item(item_id):
    """Everything Twinning fills from one item, with the items it names looked up.

    Raises ItemNotFound, or WikidataUnavailable when Wikidata cannot be reached.
    """
    found = entities([item_id])
    if item_id not in found:
        raise ItemNotFound(item_id)
    item = read_entity(found[item_id])
    figures = [figure for figure in (item.population, item.area) if figure is not None]
    references = [_reference(figure.statement) for figure in figures]
    # The region and the works figures are stated in, by their labels, in one request.
    wanted = [item.region_item] + [stated_in for _, stated_in in references]
    labels = labels_of([i for i in wanted if i])
    item.region = labels.get(item.region_item, {})
    for figure, (url, stated_in) in zip(figures, references, strict=True):
        title = labels.get(stated_in, {}).get("en") or labels.get(stated_in, {}).get("ja")
        figure.reference = title or url
    if item.country_item:
        item.country = country_code(item.country_item)
    return item


# --- finding an item ---------------------------------------------------------------------


@dataclass
class Candidate:
    """One search result, as the editor needs it to tell two Grenobles apart."""

    id: str
    label: str
    other_label: str
    description: str
    country: str

    @property
    def url(self):
        return PAGE_URL.format(self.id)


def search(text, *, limit=10):
    """Items whose name in Japanese or English matches text, best first, with their
    description and country in the active language."""
    text = " ".join(str(text or "").split())[:200]
    if not text:
        return []
    ids = []
    for language in LANGUAGES:
        answer = call(
            action="wbsearchentities",
            search=text,
            language=language,
            uselang=language,
            type="item",
            limit=limit,
        )
        ids += [result.get("id", "") for result in answer.get("search", [])]
    ids = list(dict.fromkeys(ids))[:limit]
    found = entities(ids)
    items = {item_id: read_entity(found[item_id]) for item_id in ids if item_id in found}
    countries = labels_of({item.country_item for item in items.values() if item.country_item})
    language = _language()
    other = "en" if language == "ja" else "ja"
    return [
        Candidate(
            id=item.id,
            label=item.labels[language] or item.labels[other] or item.id,
            other_label=item.labels[other] if item.labels[language] else "",
            description=item.descriptions[language] or item.descriptions[other],
            country=_in_language(countries.get(item.country_item, {})),
        )
        for item in items.values()
    ]


def _language():
    return (translation.get_language() or "ja")[:2]


def _in_language(texts):
    language = _language()
    return texts.get(language) or texts.get("en" if language == "ja" else "ja") or ""


# --- proposals: what "Fill from Wikidata" would change -----------------------------------

POPULATION_LABELS = ("人口", "Population", "人", "")
AREA_LABELS = ("面積", "Area", "km²", "km²")


def fact_source(item_id, what, figure):
    """ "Wikidata, Q1289, population as of 2021; reference: https://…" (at most 300 characters)."""
    source = f"Wikidata, {item_id}, {what}"
    if figure.as_of:
        source += f" as of {partial_iso(figure.as_of, figure.precision)}"
    if figure.reference:
        source += f"; reference: {figure.reference}"
    return source[:300]


def _figure_text(value, as_of, precision, unit):
    text = plain(value)
    if unit:
        text += f" {unit}"
    if as_of:
        text += " " + gettext("(as of %(date)s)") % {"date": format_partial_date(as_of, precision)}
    return text


def _fact_text(fact):
    if fact is None:
        return ""
    text = _figure_text(fact.value, fact.as_of, fact.as_of_precision, fact.unit_en)
    if fact.source:
        text += " — " + fact.source
    return text


@dataclass
class Proposal:
    """One field "Fill from Wikidata" can fill: the partner's value and Wikidata's."""

    key: str
    label: str
    current: str
    proposed: str
    values: dict  # model field -> value, or the fact's values for a figure

    def __post_init__(self):
        self.current, self.proposed = str(self.current or ""), str(self.proposed or "")

    @property
    def same(self):
        return self.current == self.proposed

    @property
    def replaces(self):
        """Accepting it would overwrite something the partner already has."""
        return bool(self.current) and not self.same


def _existing_fact(partner, label_en):
    if partner.pk is None:
        return None
    return next(
        (f for f in partner.facts.all() if (f.label_en or "").lower() == label_en.lower()), None
    )


def proposals(partner, item):
    """What the item would change on the partner, field by field, old beside new.

    Only what Wikidata has is proposed; a value equal to the partner's is shown as such.
    """

    def position(latitude, longitude):
        return "" if latitude is None or longitude is None else f"{latitude}, {longitude}"

    kind = Partner.Kind(item.kind) if item.kind else None
    # (key, label, the partner's value, Wikidata's value, the fields it sets)
    rows = [
        ("name_ja", _("Short name (Japanese)"), partner.name_ja, item.labels["ja"]),
        ("name_en", _("Short name (English)"), partner.name_en, item.labels["en"]),
        ("official_name_ja", _("Official name (Japanese)"), partner.official_name_ja,
         item.official_names.get("ja")),
        ("official_name_en", _("Official name (English)"), partner.official_name_en,
         item.official_names.get("en")),
        ("kind", _("Kind of body"), partner.get_kind_display() if partner.kind else "",
         kind.label if kind else "", {"kind": kind}),
        ("country", _("Country"), partner.country.code if partner.country else "",
         item.country),
        ("region_ja", _("Region (Japanese)"), partner.region_ja, item.region.get("ja")),
        ("region_en", _("Region (English)"), partner.region_en, item.region.get("en")),
        ("website", _("Website"), partner.website, item.website),
    ]  # fmt: skip
    result = [
        Proposal(key, label, current, proposed, values[0] if values else {key: proposed})
        for key, label, current, proposed, *values in rows
        if proposed
    ]
    if item.latitude is not None:
        result.append(
            Proposal(
                "position",
                _("Map position (latitude, longitude)"),
                position(partner.latitude, partner.longitude),
                position(item.latitude, item.longitude),
                {"latitude": item.latitude, "longitude": item.longitude},
            )
        )
    for key, label, labels, figure in (
        ("population", _("Population"), POPULATION_LABELS, item.population),
        ("area", _("Area"), AREA_LABELS, item.area),
    ):
        if figure is None:
            continue
        label_ja, label_en, unit_ja, unit_en = labels
        source = fact_source(item.id, key, figure)
        values = {
            "label_ja": label_ja,
            "label_en": label_en,
            "unit_ja": unit_ja,
            "unit_en": unit_en,
            "value": figure.value.quantize(CENTS),
            "as_of": figure.as_of,
            "as_of_precision": figure.precision,
            "source": source,
        }
        proposed = _figure_text(figure.value, figure.as_of, figure.precision, unit_en)
        current = _fact_text(_existing_fact(partner, label_en))
        result.append(Proposal(key, label, current, f"{proposed} — {source}", values))
    return result


FACT_KEYS = ("population", "area")


def fingerprint(found):
    """A short digest of the proposals as shown, so a fill applies only what was seen."""
    shown = json.dumps([(p.key, p.current, p.proposed) for p in found], ensure_ascii=False)
    return hashlib.sha256(shown.encode()).hexdigest()[:16]


@transaction.atomic
def fill(partner, item, keys):
    """Write the accepted proposals (their keys) to the partner and its facts.

    Figures update the partner's fact with the same English label, or become a new fact,
    keeping Wikidata's point in time and the reference as the fact's source. Returns the
    labels of what changed.
    """
    chosen = [p for p in proposals(partner, item) if p.key in keys and not p.same]
    if not chosen:
        return []
    for proposal in chosen:
        if proposal.key not in FACT_KEYS:
            for name, value in proposal.values.items():
                setattr(partner, name, value)
    if partner.wikidata_id != item.id:
        partner.wikidata_id = item.id
    partner.full_clean()
    partner.save()
    for proposal in chosen:
        if proposal.key in FACT_KEYS:
            values = dict(proposal.values)
            fact = _existing_fact(partner, values["label_en"])
            if fact is None:
                order = max([f.order for f in partner.facts.all()] + [0]) + 1
                fact = PartnerFact(partner=partner, order=order)
            else:
                # The labels and units the editor chose stay as they are.
                for name in ("label_ja", "label_en", "unit_ja", "unit_en"):
                    values.pop(name)
            for name, value in values.items():
                setattr(fact, name, value)
            fact.full_clean()
            fact.save()
    return [str(p.label) for p in chosen]


def draft_values(item):
    """Names, kind and country for a new partner made from an item (the import)."""
    values = {
        "name_ja": item.labels["ja"] or item.labels["en"],
        "name_en": item.labels["en"],
        "official_name_ja": item.official_names.get("ja", ""),
        "official_name_en": item.official_names.get("en", ""),
        "kind": item.kind,
        "country": item.country,
        "wikidata_id": item.id,
    }
    values["slug"] = slugify(item.labels["en"])[:90]
    return {name: value for name, value in values.items() if value}


# --- relationships against Wikidata's twinned bodies (P190) -------------------------------


class Review:
    MATCHES = "matches"
    MISSING = "missing"
    DATED_DIFFERENTLY = "dated_differently"
    NOT_LINKED = "not_linked"
    NOT_CHECKED = "not_checked"


REVIEW_TEXT = {
    Review.MATCHES: _("Wikidata has it, with the same start"),
    Review.MISSING: _("Missing on Wikidata: add P190 with its start time"),
    Review.DATED_DIFFERENTLY: _("Wikidata gives another start time"),
    Review.NOT_LINKED: _("The partner has no Wikidata identifier"),
    Review.NOT_CHECKED: _("Could not be checked: Wikidata could not be reached"),
}


def _same_start(since, precision, twin):
    if twin.since is None:
        return since is None
    if since is None:
        return False
    # Compared to the coarser of the two precisions: "2013" matches "12 November 2013".
    order = [DatePrecision.YEAR, DatePrecision.MONTH, DatePrecision.DAY]
    coarser = min(order.index(precision), order.index(twin.precision))
    parts = [(d.year, d.month, d.day)[: coarser + 1] for d in (since, twin.since)]
    return parts[0] == parts[1]


@dataclass
class ReviewRow:
    partner: Partner
    status: str
    wikidata_since: str
    quickstatements: str

    @property
    def status_text(self):
        return str(REVIEW_TEXT[self.status])


def quickstatement(home_id, partner_id, since, precision):
    """A line for the QuickStatements tool: the home item twinned with the partner, from."""
    line = f"{home_id}\tP190\t{partner_id}"
    if since:
        qs_precision = QUICKSTATEMENTS_PRECISION[precision]
        line += f"\tP580\t+{since.isoformat()}T00:00:00Z/{qs_precision}"
    return line


def review_relationships(home_id, partners):
    """Each partner's relationship compared with the home item's twinned bodies (P190).

    Without the home city's item or when Wikidata cannot be reached, every row says it
    could not be checked.
    """
    twins = None
    if home_id:
        try:
            home = entities([home_id]).get(home_id)
            twins = {} if home is None else {t.item_id: t for t in read_entity(home).twins}
        except WikidataUnavailable:
            twins = None
    rows = []
    for partner in partners:
        since, precision = partner.relationship_since, partner.relationship_since_precision
        line = ""
        if home_id and partner.wikidata_id:
            line = quickstatement(home_id, partner.wikidata_id, since, precision)
        if not partner.wikidata_id:
            rows.append(ReviewRow(partner, Review.NOT_LINKED, "", ""))
        elif twins is None:
            rows.append(ReviewRow(partner, Review.NOT_CHECKED, "", line))
        elif partner.wikidata_id not in twins:
            rows.append(ReviewRow(partner, Review.MISSING, "", line))
        else:
            twin = twins[partner.wikidata_id]
            shown = partial_iso(twin.since, twin.precision) if twin.since else ""
            if _same_start(since, precision, twin):
                rows.append(ReviewRow(partner, Review.MATCHES, shown, ""))
            else:
                rows.append(ReviewRow(partner, Review.DATED_DIFFERENTLY, shown, line))
    return rows


# --- the partner import --------------------------------------------------------------------

IMPORT_FILLS = ("name_ja", "name_en", "kind", "country")


def read_import_column(dataset):
    """Read a sheet's `wikidata` column (Q1289 or the item's address) as wikidata_id, and
    look up at once, 50 to a request, the items of rows that leave a name blank."""
    headers = dataset.headers or []
    if "wikidata" in headers and "wikidata_id" not in headers:
        index = headers.index("wikidata")
        column = [item_id_from(value) or value for value in dataset["wikidata"]]
        del dataset["wikidata"]
        dataset.insert_col(index, column, header="wikidata_id")
        headers = dataset.headers
    if "wikidata_id" not in headers:
        return
    wanted = [
        str(row.get("wikidata_id") or "").strip()
        for row in dataset.dict
        if any(not str(row.get(name) or "").strip() for name in ("name_ja", "name_en"))
    ]
    # Out of reach, each row that needs its item says so.
    with contextlib.suppress(WikidataUnavailable):
        entities(wanted)


def fill_new_partner(partner, row):
    """A new partner with a Wikidata item gets the names, kind and country its row leaves
    blank from the item; a partner already saved is never changed this way."""
    if partner.pk is not None or not ITEM_ID.match(partner.wikidata_id or ""):
        return
    blank = [name for name in IMPORT_FILLS if not str(row.get(name) or "").strip()]
    if not blank:
        return
    try:
        item = read_item(partner.wikidata_id)
    except WikidataUnavailable:
        raise ValidationError(
            {
                "wikidata_id": gettext(
                    "Wikidata could not be reached to fill in %(columns)s from %(id)s: write "
                    "them in the sheet, or import it again later."
                )
                % {"columns": ", ".join(blank), "id": partner.wikidata_id}
            }
        ) from None
    except ItemNotFound as error:
        raise ValidationError({"wikidata_id": error.message}) from None
    values = draft_values(item)
    for name in blank:
        if values.get(name):
            setattr(partner, name, values[name])


def draft_for_import(item_id):
    """Names, kind and country for a draft partner the agreements import adds; ValueError
    with a message for the row when the item cannot be used."""
    if Partner.objects.filter(wikidata_id=item_id).exists():
        raise ValueError(
            gettext(
                "A partner is already linked to %(id)s: write it in the partners column "
                "instead of adding it."
            )
            % {"id": item_id}
        )
    try:
        item = read_item(item_id)
    except (WikidataUnavailable, ItemNotFound) as error:
        raise ValueError(error.message) from None
    values = draft_values(item)
    values.pop("slug", None)
    return values
