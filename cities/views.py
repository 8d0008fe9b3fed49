from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from cities.forms import DirectoryFilterForm
from cities.models import PHOTO_WIDTHS, HomeCity, Partner, PartnerPhoto, PartnerSearch
from cities.photos import rendition_response
from cities.worldmap import HEIGHT, WIDTH, spread
from office.pagecache import public_page
from office.parameters import renamed_parameters


@public_page
def home(request):
    # A count, not the partners: the page says how many there are.
    return render(
        request, "cities/home.html", {"partner_count": Partner.objects.in_directory().count()}
    )


# A page of the directory is the same size whatever the number of partners.
PARTNERS_PER_PAGE = 50


# Called "type" until this release; the old name goes in the next one (CHANGELOG.md).
@public_page
@renamed_parameters({"type": "agreement_kind"})
def partner_list(request):
    everyone = Partner.objects.in_directory()
    form = DirectoryFilterForm(request.GET or None, partners=everyone)
    partners = form.filter(everyone) if form.is_bound else everyone
    # A bad or too high page number shows the first or last page, never an error.
    page = Paginator(partners.for_directory(), PARTNERS_PER_PAGE).get_page(request.GET.get("page"))
    # One reverse() for the page, not two per partner (card and marker).
    address = reverse("cities:partner_detail", kwargs={"slug": "-slug-"})
    page.object_list = list(page.object_list)
    for partner in page.object_list:
        partner.address = address.replace("-slug-", partner.slug)
    # The map shows the partners of this page: a fixed number of markers per page.
    on_map = [p for p in page.object_list if p.map_position]
    markers = list(zip(on_map, spread([p.map_position for p in on_map]), strict=True))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page_obj": page,
        "partners": page.object_list,
        "page_numbers": page.paginator.get_elided_page_range(page.number, on_each_side=2),
        "page_query": query.urlencode(),
        "form": form,
        "markers": markers,
        "map_width": WIDTH,
        "map_height": HEIGHT,
        "filtered": form.is_bound and any(request.GET.get(k) for k in form.fields),
        "partner_search": PartnerSearch.current(),
    }
    return render(request, "cities/partner_list.html", context)


def visible_partner(request, slug):
    """The partner for this page, or 404: drafts only for staff who may view partners."""
    partner = get_object_or_404(Partner.objects.for_profile(), slug=slug)
    if not partner.is_visible_to(request.user):
        raise Http404
    return partner


@public_page
def partner_detail(request, slug):
    partner = visible_partner(request, slug)
    context = {
        "partner": partner,
        "preview": not partner.published,
        "map_width": WIDTH,
        "map_height": HEIGHT,
    }
    return render(request, "cities/partner_detail.html", context)


def partner_photo(request, slug, pk, size):
    """One page size of a photo; the uploaded original itself is never sent."""
    if size not in PHOTO_WIDTHS:
        raise Http404
    photo = get_object_or_404(
        PartnerPhoto.objects.select_related("partner"), pk=pk, partner__slug=slug
    )
    return rendition_response(photo, size, shown_on=photo.partner, request=request)


@public_page
def partner_search(request):
    """We are looking for a partner: what kind of partner the city seeks, and how to write."""
    search = PartnerSearch.current()
    if search is None:
        raise Http404
    return render(request, "cities/partner_search.html", {"search": search})


def partner_search_record(search, home):
    """The partner search as open data: both languages, fields of exchange as codes."""
    return {
        "city_name_ja": home.name_ja if home else None,
        "city_name_en": home.name_en if home else None,
        "countries_or_regions_ja": search.countries_or_regions_ja or None,
        "countries_or_regions_en": search.countries_or_regions_en or None,
        "size_ja": search.size_ja or None,
        "size_en": search.size_en or None,
        "fields_of_exchange": search.field_codes,
        "details_ja": search.details_ja or None,
        "details_en": search.details_en or None,
        "contact_url": search.contact_url or None,
        "contact_email": (home.email or None) if home else None,
        "updated_at": search.updated_at.isoformat(),
    }


def partner_search_json(request):
    """open-data/partner-search.json: the published partner search, or an empty list."""
    search = PartnerSearch.current()
    home = HomeCity.current()
    records = [partner_search_record(search, home)] if search else []
    response = JsonResponse(
        {"partner_searches": records}, json_dumps_params={"ensure_ascii": False}
    )
    response["Access-Control-Allow-Origin"] = "*"
    response["Content-Language"] = "ja, en"
    return response
