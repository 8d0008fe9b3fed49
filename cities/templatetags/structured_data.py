from django import template

from cities.structured_data import json_ld_script, partner_json_ld
from office.links import absolute_url

register = template.Library()


@register.simple_tag
def partner_json_ld_script(partner):
    """{% partner_json_ld_script partner %}: the profile's schema.org description."""
    url = absolute_url(partner.get_absolute_url())
    return json_ld_script(partner_json_ld(partner, url=url))
