from django import template
from django.conf import settings
from django.utils.html import format_html_join
from django.utils.module_loading import import_string
from django.utils.safestring import mark_safe

from office.dates import DatePrecision, format_partial_date
from office.text import render_markdown

register = template.Library()


@register.filter
def partial_date(value, precision=DatePrecision.DAY):
    """{{ agreement.signed_on|partial_date:agreement.signed_on_precision }}"""
    return format_partial_date(value, precision)


@register.filter
def markdown(text):
    """{{ partner.story|markdown }}: Markdown through an allow-list sanitiser, safe to show."""
    # render_markdown's HTML went through nh3's allow-list. (bandit B308, B703)
    return mark_safe(render_markdown(text))  # noqa: S308 # nosec B308, B703


@register.simple_tag
def photo_srcset(photo):
    """'…/480/ 480w, …/1200/ 1200w' for an <img srcset>."""
    return ", ".join(f"{photo.file_url(size)} {width}w" for size, width, _ in photo.renditions)


@register.simple_tag(takes_context=True)
def dashboard_panels(context):
    """The admin's first page: each app's panel of what needs staff today."""
    request = context["request"]
    panels = [import_string(path)(request) for path in settings.DASHBOARD_PANELS]
    # each panel is HTML its app rendered from a template (autoescaped). (bandit B308, B703)
    return format_html_join("", "{}", ((mark_safe(html),) for html in panels if html))  # nosec B308, B703


@register.simple_tag(takes_context=True)
def page_sections(context, setting_name, subject=None):
    """{% page_sections "PARTNER_PROFILE_SECTIONS" partner %}: the HTML each function named
    in that setting returns for the request and the subject, so a page lower down names no
    app above it (the exchanges timeline on a partner's profile)."""
    request = context["request"]
    paths = getattr(settings, setting_name, [])
    sections = [import_string(path)(request, subject) for path in paths]
    # each section is HTML its app rendered from a template (autoescaped). (bandit B308, B703)
    return format_html_join("", "{}", ((mark_safe(html),) for html in sections if html))  # nosec B308, B703
