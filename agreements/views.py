import datetime

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.cache import cache_control
from django.views.decorators.http import condition

from agreements import open_data
from agreements.forms import AgreementFilterForm
from agreements.models import Agreement, AgreementDocument, public_sort
from office.downloads import download_headers, send_file
from office.pagecache import public_page
from office.pagination import KeysFirstPaginator
from office.parameters import renamed_parameters

AGREEMENTS_PER_PAGE = 100


# Called "kind" until this release; the old name goes in the next one (CHANGELOG.md).
@public_page
@renamed_parameters({"kind": "agreement_kind"})
def agreement_list(request):
    today = timezone.localdate()
    form = AgreementFilterForm(request.GET or None)
    agreements = Agreement.objects.for_public_list(on=today)
    if form.is_valid():
        agreements = form.filter(agreements)
    sort = public_sort(request.GET.get("sort"))
    # A bad or too high page number shows the first or last page, never an error.
    page = KeysFirstPaginator(
        agreements.sorted_for_public(sort), AGREEMENTS_PER_PAGE, count_of=agreements
    ).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    page_query = query.urlencode()
    query.pop("sort", None)  # a new sort starts again on the first page
    return render(
        request,
        "agreements/agreement_list.html",
        {
            "page_obj": page,
            "page_numbers": page.paginator.get_elided_page_range(page.number, on_each_side=2),
            "form": form,
            "sort": sort,
            "filter_query": query.urlencode(),
            "page_query": page_query,
        },
    )


@public_page
def agreement_detail(request, slug):
    today = timezone.localdate()
    agreement = get_object_or_404(
        Agreement.objects.published()
        .with_status(on=today)
        .select_related("kind")
        .prefetch_related(
            "cooperation_fields",
            "renewals",
            "documents",
            "signatories__party",
        ),
        slug=slug,
    )
    parties = list(agreement.parties.select_related("partner"))
    documents = [d for d in agreement.documents.all() if d.is_visible_to(request.user)]
    return render(
        request,
        "agreements/agreement_detail.html",
        {
            "agreement": agreement,
            "parties": parties,
            "documents": documents,
            "lineage": agreement.lineage(),
            "today": today,
        },
    )


def document_download(request, pk):
    """An agreement document: public ones to anyone, staff-only ones with the permission.

    Never a media URL; everyone else gets a 404, not a hint that the file exists.
    """
    document = get_object_or_404(AgreementDocument.objects.select_related("agreement"), pk=pk)
    if not document.is_visible_to(request.user):
        raise Http404
    try:
        handle = document.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    # No cache keeps even a public one: a document unpublished by staff is gone at once.
    return send_file(handle, filename=document.filename)


# --- Open data ---


def _freshness(request):
    # Asked for twice per request (ETag and Last-Modified): one query, not two.
    if not hasattr(request, "open_data_freshness"):
        request.open_data_freshness = open_data.freshness(today=timezone.localdate())
    return request.open_data_freshness


@public_page
def open_data_page(request):
    """What the open-data files hold, their licence and the meaning of every column."""
    return render(
        request,
        "agreements/open_data.html",
        {
            "freshness": _freshness(request),
            "partner_columns": open_data.PARTNER_COLUMNS,
            "agreement_columns": open_data.AGREEMENT_COLUMNS,
            "deprecated_columns": open_data.DEPRECATED_COLUMNS,
            "licence_name": open_data.LICENCE_NAME,
            "licence_url": open_data.LICENCE_URL,
        },
    )


OPEN_DATA_FORMATS = {
    "csv": ("text/csv; charset=utf-8", "attachment"),
    "json": ("application/json", "inline"),
}
OPEN_DATA_CACHE = datetime.timedelta(hours=1)


# Here as well as on the file: a 304 Not Modified must say it too.
@cache_control(public=True, max_age=int(OPEN_DATA_CACHE.total_seconds()))
@condition(
    etag_func=lambda request, file_format: _freshness(request).etag,
    last_modified_func=lambda request, file_format: _freshness(request).last_modified,
)
def open_data_file(request, file_format):
    """relationships.csv or relationships.json, made once per change and then cached."""
    content = open_data.relationships_file(file_format, freshness=_freshness(request))
    content_type, disposition = OPEN_DATA_FORMATS[file_format]
    response = download_headers(
        HttpResponse(content, content_type=content_type),
        filename=f"relationships.{file_format}",
        inline=disposition == "inline",
        public_for=OPEN_DATA_CACHE,
    )
    # Open data: any site may read it from a browser.
    response["Access-Control-Allow-Origin"] = "*"
    # Every name is in both languages, whatever the visitor's (not LocaleMiddleware's one).
    response["Content-Language"] = "ja, en"
    return response
