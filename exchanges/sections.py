"""What exchanges add to pages lower down, through the PARTNER_PROFILE_SECTIONS and
HOME_SECTIONS settings (office's page_sections tag): cities names no app above it."""

from django.template.loader import render_to_string

from exchanges.models import HOME_COUNT, Exchange


def partner_timeline(request, partner):
    """The partner's published exchanges, most recent first, anniversary years marked.

    One query: the exchanges with their kind.
    """
    exchanges = list(Exchange.objects.for_partner(partner))
    for exchange in exchanges:
        exchange.anniversary = exchange.anniversary_years(partner)
    return render_to_string(
        "exchanges/partner_timeline.html",
        {"partner": partner, "exchanges": exchanges},
        request=request,
    )


def latest_exchanges(request, subject=None):
    """The latest few published exchanges for the home page; nothing when there are none."""
    exchanges = list(
        Exchange.objects.published().select_related("kind").latest_first()[:HOME_COUNT]
    )
    if not exchanges:
        return ""
    return render_to_string("exchanges/home_latest.html", {"exchanges": exchanges}, request=request)


def open_data_files(request, subject=None):
    """The exchanges files, listed on the open-data page beside the relationships files."""
    return render_to_string("exchanges/open_data_files.html", request=request)
