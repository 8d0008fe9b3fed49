from django import template
from django.conf import settings
from django.utils.html import format_html_join
from django.utils.module_loading import import_string
from django.utils.safestring import mark_safe

from cities.dates import DatePrecision, format_partial_date

register = template.Library()


@register.filter
def partial_date(value, precision=DatePrecision.DAY):
    """{{ agreement.signed_on|partial_date:agreement.signed_on_precision }}"""
    return format_partial_date(value, precision)


@register.simple_tag(takes_context=True)
def dashboard_panels(context):
    """The admin's first page: each app's panel of what needs staff today."""
    request = context["request"]
    panels = [import_string(path)(request) for path in settings.DASHBOARD_PANELS]
    return format_html_join("", "{}", ((mark_safe(html),) for html in panels if html))
