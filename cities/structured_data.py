"""schema.org descriptions of partners (JSON-LD) for search engines and other programs.

The data block sits in the profile's <head> as <script type="application/ld+json">. A
browser never runs a data block, so the Content Security Policy (scripts from 'self' only)
does not apply to it.
"""

import json

from django.utils import translation
from django.utils.safestring import mark_safe

from cities.models import Partner

SCHEMA_TYPES = {
    Partner.Kind.CITY: "City",
    Partner.Kind.TOWN: "City",
    Partner.Kind.VILLAGE: "City",
    Partner.Kind.PREFECTURE: "AdministrativeArea",
    Partner.Kind.STATE: "AdministrativeArea",
    Partner.Kind.REGION: "AdministrativeArea",
    Partner.Kind.METROPOLITAN: "AdministrativeArea",
    Partner.Kind.COUNTY: "AdministrativeArea",
    Partner.Kind.INSTITUTION: "Organization",
    Partner.Kind.PORT: "Organization",
}
# The item itself (its concept URI), not the page about it: what linked data joins on.
WIKIDATA_URL = "https://www.wikidata.org/entity/{}"
# As django.utils.html.json_script: no "</script>" or "<!--" can end the block early.
_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def partner_json_ld(partner, *, url, language=None):
    """The partner as a schema.org City, AdministrativeArea or Organization (a dict).

    url: the absolute address of the profile. The name is in the page's language, the
    other language's name is the alternate name.
    """
    language = (language or translation.get_language() or "ja")[:2]
    other = "en" if language == "ja" else "ja"
    name = getattr(partner, f"name_{language}") or partner.name_ja
    alternate = getattr(partner, f"name_{other}") or ""
    schema_type = SCHEMA_TYPES.get(partner.kind, "Place")
    data = {
        "@context": "https://schema.org",
        "@type": schema_type,
        "name": name,
        "url": url,
    }
    if alternate and alternate != name:
        data["alternateName"] = alternate
    same_as = [partner.website] if partner.website else []
    if partner.wikidata_id:
        same_as.append(WIKIDATA_URL.format(partner.wikidata_id))
    if same_as:
        data["sameAs"] = same_as
    address = {"@type": "PostalAddress", "addressCountry": partner.country.code}
    if partner.region:
        address["addressRegion"] = partner.region
    data["address"] = address
    if partner.latitude is not None and partner.longitude is not None:
        geo = {
            "@type": "GeoCoordinates",
            "latitude": float(partner.latitude),
            "longitude": float(partner.longitude),
        }
        if schema_type == "Organization":
            # An organisation has no coordinates of its own; its place does.
            data["location"] = {"@type": "Place", "geo": geo}
        else:
            data["geo"] = geo
    return data


def json_ld_script(data):
    """A <script type="application/ld+json"> block whose text cannot break out of it."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_ESCAPES)
    # json.dumps text with <, > and & escaped (_ESCAPES) cannot leave the block. (bandit B308, B703)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308 # nosec B308, B703
