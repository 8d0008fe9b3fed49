from django.core.paginator import Paginator
from django.db.models import CharField, Min, Q, Value
from django.db.models.functions import Coalesce, NullIf
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone, translation
from django.views.decorators.cache import cache_control
from django.views.decorators.http import condition

from agreements import open_data
from agreements.forms import AgreementFilterForm
from agreements.models import Agreement, AgreementDocument
from office.parameters import renamed_parameters

AGREEMENTS_PER_PAGE = 100
SORTS = {
    # A partner's agreements stay in date order whatever the sort.
    "partner": ("partner_name", "date", "pk"),
    "date": ("date", "pk"),
    "-date": ("-date", "-pk"),
    "type": ("kind__order", "partner_name", "date", "pk"),
}


# Called "kind" until this release; the old name goes in the next one (CHANGELOG.md).
@renamed_parameters({"kind": "agreement_kind"})
def agreement_list(request):
    today = timezone.localdate()
    form = AgreementFilterForm(request.GET or None)
    agreements = Agreement.objects.for_public_list(on=today)
    if form.is_valid():
        agreements = form.filter(agreements)
    language = translation.get_language() or "ja"
    name = "name_en" if language.startswith("en") else "name_ja"
    agreements = agreements.annotate(
        partner_name=Min(
            Coalesce(
                NullIf(f"parties__partner__{name}", Value("")),
                "parties__partner__name_ja",
                output_field=CharField(),
            ),
            filter=Q(parties__partner__is_home=False),
        )
    )
    sort = request.GET.get("sort", "partner")
    if sort not in SORTS:
        sort = "partner"
    # A bad or too high page number shows the first or last page, never an error.
    page = Paginator(agreements.order_by(*SORTS[sort]), AGREEMENTS_PER_PAGE).get_page(
        request.GET.get("page")
    )
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
    can_see_staff_documents = request.user.has_perm("agreements.view_agreementdocument")
    documents = [d for d in agreement.documents.all() if d.public or can_see_staff_documents]
    return render(
        request,
        "agreements/agreement_detail.html",
        {
            "agreement": agreement,
            "parties": parties,
            "documents": documents,
            "lineage": lineage(agreement, parties),
            "today": today,
        },
    )


def lineage(agreement, parties):
    """The agreements this one supersedes and is superseded by, oldest first.

    Read in one query: the published agreements of the same partners.
    """
    partner_ids = [party.partner_id for party in parties if not party.partner.is_home]
    related = {
        a.pk: a
        for a in Agreement.objects.published()
        .filter(parties__partner__in=partner_ids)
        .only("pk", "slug", "title_ja", "title_en", "date", "date_precision", "supersedes")
        .distinct()
    }
    related[agreement.pk] = agreement
    chain = [agreement]
    seen = {agreement.pk}
    current = agreement
    while current.supersedes_id in related and current.supersedes_id not in seen:
        current = related[current.supersedes_id]
        seen.add(current.pk)
        chain.insert(0, current)
    successors = {a.supersedes_id: a for a in related.values() if a.supersedes_id}
    current = agreement
    while current.pk in successors and successors[current.pk].pk not in seen:
        current = successors[current.pk]
        seen.add(current.pk)
        chain.append(current)
    return chain if len(chain) > 1 else []


def document_download(request, pk):
    """An agreement document: public ones to anyone, staff-only ones with the permission.

    Never a media URL; everyone else gets a 404, not a hint that the file exists.
    """
    document = get_object_or_404(AgreementDocument.objects.select_related("agreement"), pk=pk)
    permitted = request.user.has_perm("agreements.view_agreementdocument")
    if not permitted and not (document.public and document.agreement.published):
        raise Http404
    try:
        handle = document.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(handle, as_attachment=True, filename=document.filename)
    response["X-Content-Type-Options"] = "nosniff"
    if not document.public:
        response["Cache-Control"] = "private, no-store"
    return response


# --- Open data ---


def _freshness(request):
    # Asked for twice per request (ETag and Last-Modified): one query, not two.
    if not hasattr(request, "open_data_freshness"):
        request.open_data_freshness = open_data.freshness(today=timezone.localdate())
    return request.open_data_freshness


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


@cache_control(public=True, max_age=3600)
@condition(
    etag_func=lambda request, file_format: _freshness(request).etag,
    last_modified_func=lambda request, file_format: _freshness(request).last_modified,
)
def open_data_file(request, file_format):
    """relationships.csv or relationships.json, made once per change and then cached."""
    content = open_data.relationships_file(file_format, freshness=_freshness(request))
    content_type, disposition = OPEN_DATA_FORMATS[file_format]
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'{disposition}; filename="relationships.{file_format}"'
    response["X-Content-Type-Options"] = "nosniff"
    # Open data: any site may read it from a browser.
    response["Access-Control-Allow-Origin"] = "*"
    # Every name is in both languages, whatever the visitor's (not LocaleMiddleware's one).
    response["Content-Language"] = "ja, en"
    return response
