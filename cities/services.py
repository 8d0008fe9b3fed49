"""Changes to the cities data that reach across records."""

from django.db import transaction
from django.db.models import Q
from django.utils.text import slugify

from cities.models import Partner


def _free_slug(base):
    base = base or "home-city"
    slug, number = base, 2
    while Partner.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


@transaction.atomic
def keep_home_partner_in_step(home, *, slug=None):
    """Give the home city its partner record, the body that signs agreements, under the
    home city's own names.

    A home-side partner with the same name is linked rather than doubled; a town that
    merged into the city (a predecessor) is never taken for the city itself. Writes only
    what differs, so saving an unchanged record changes nothing. `slug` names a partner
    made here (the demo's "tsukuba"); otherwise it comes from the English name.
    """
    partner = home.partner
    if partner is None:
        partner = (
            Partner.objects.filter(is_home=True, home_city_record__isnull=True)
            .filter(Q(name_ja=home.name_ja) | Q(name_en=home.name_en))
            .exclude(mergers_as_predecessor__isnull=False)
            .order_by("pk")
            .first()
        )
    names = {"name_ja": home.name_ja, "name_en": home.name_en or home.name_ja, "is_home": True}
    if partner is None:
        partner = Partner(
            slug=_free_slug(slug or slugify(home.name_en or "")),
            kind=Partner.Kind.CITY,
            country="JP",
            published=True,
            **names,
        )
        partner.save()
    elif any(getattr(partner, field) != value for field, value in names.items()):
        for field, value in names.items():
            setattr(partner, field, value)
        partner.save()
    if home.partner_id != partner.pk:
        home.partner = partner
        home.save(update_fields=["partner"])
    return partner
