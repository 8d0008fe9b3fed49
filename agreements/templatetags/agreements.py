from django import template

from agreements.models import Agreement

register = template.Library()


@register.simple_tag
def partner_agreements(partner):
    """{% partner_agreements partner as agreements %}: in date order, one query."""
    return list(Agreement.objects.for_partner(partner))
