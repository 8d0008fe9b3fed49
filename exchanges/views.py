import datetime

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import cache_control

from cities.models import PHOTO_WIDTHS
from cities.photos import rendition_response
from exchanges import open_data
from exchanges.forms import ExchangeFilterForm
from exchanges.models import EXCHANGES_PER_PAGE, Exchange, ExchangePhoto
from office.downloads import download_headers
from office.pagecache import public_page


@public_page
def exchange_list(request):
    """Visits and exchange events: most recent first, filtered by year, partner, country
    and kind."""
    form = ExchangeFilterForm(request.GET or None)
    exchanges = Exchange.objects.for_public_list()
    if form.is_valid():
        exchanges = form.filter(exchanges)
    # A bad or too high page number shows the first or last page, never an error.
    page = Paginator(exchanges, EXCHANGES_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "exchanges/exchange_list.html",
        {
            "page_obj": page,
            "page_numbers": page.paginator.get_elided_page_range(page.number, on_each_side=2),
            "form": form,
            "page_query": query.urlencode(),
            "filtered": form.is_bound and any(request.GET.get(k) for k in form.fields),
        },
    )


@public_page
def exchange_detail(request, slug):
    exchange = get_object_or_404(
        Exchange.objects.select_related("kind").prefetch_related(
            "partners", "photos", "links", "topics"
        ),
        slug=slug,
    )
    if not exchange.is_visible_to(request.user):
        raise Http404
    partners = list(exchange.partners.all())
    return render(
        request,
        "exchanges/exchange_detail.html",
        {
            "exchange": exchange,
            "partners": partners,
            "anniversaries": [
                (partner, years)
                for partner in partners
                if (years := exchange.anniversary_years(partner))
            ],
            "preview": not exchange.published,
        },
    )


def exchange_photo(request, slug, pk, size):
    """One page size of a photo; the uploaded original itself is never sent."""
    if size not in PHOTO_WIDTHS:
        raise Http404
    photo = get_object_or_404(
        ExchangePhoto.objects.select_related("exchange"), pk=pk, exchange__slug=slug
    )
    return rendition_response(photo, size, shown_on=photo.exchange, request=request)


@public_page
def open_data_page(request):
    """What exchanges.csv and exchanges.json hold, and the meaning of every column."""
    return render(
        request,
        "exchanges/open_data.html",
        {
            "columns": open_data.EXCHANGE_COLUMNS,
            "licence_name": open_data.LICENCE_NAME,
            "licence_url": open_data.LICENCE_URL,
        },
    )


OPEN_DATA_FORMATS = {
    "csv": ("text/csv; charset=utf-8", "attachment"),
    "json": ("application/json", "inline"),
}
OPEN_DATA_CACHE = datetime.timedelta(hours=1)


@cache_control(public=True, max_age=int(OPEN_DATA_CACHE.total_seconds()))
def open_data_file(request, file_format):
    """exchanges.csv or exchanges.json: every published exchange, both languages."""
    content = open_data.exchanges_file(file_format)
    content_type, disposition = OPEN_DATA_FORMATS[file_format]
    response = download_headers(
        HttpResponse(content, content_type=content_type),
        filename=f"exchanges.{file_format}",
        inline=disposition == "inline",
        public_for=OPEN_DATA_CACHE,
    )
    # Open data: any site may read it from a browser.
    response["Access-Control-Allow-Origin"] = "*"
    response["Content-Language"] = "ja, en"
    return response
