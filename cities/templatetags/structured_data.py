from django import template

from cities.context_processors import absolute
from cities.structured_data import json_ld_script, partner_json_ld

register = template.Library()


@register.simple_tag(takes_context=True)
def partner_json_ld_script(context, partner):
    """{% partner_json_ld_script partner %}: the profile's schema.org description."""
    url = absolute(context["request"], partner.get_absolute_url())
    return json_ld_script(partner_json_ld(partner, url=url))
