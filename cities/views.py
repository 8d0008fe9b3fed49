import datetime

from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, render

from cities.forms import DirectoryFilterForm
from cities.models import PHOTO_WIDTHS, HomeCity, Partner, PartnerPhoto, PartnerSearch
from cities.worldmap import HEIGHT, WIDTH, spread
from office.downloads import send_file
from office.parameters import renamed_parameters


def home(request):
    partners = Partner.objects.in_directory().select_related("agreement_kind")
    return render(request, "cities/home.html", {"partners": partners})


# Called "type" until this release; the old name goes in the next one (CHANGELOG.md).
@renamed_parameters({"type": "agreement_kind"})
def partner_list(request):
    # One query for every published directory partner: the filter choices come from the
    # same rows, and the name search is one more WHERE clause.
    everyone = list(Partner.objects.in_directory().for_directory())
    form = DirectoryFilterForm(request.GET or None, partners=everyone)
    partners = everyone
    if form.is_bound:
        text = request.GET.get("q", "")
        if text.strip():
            matching = set(Partner.objects.in_directory().search(text).values_list("pk", flat=True))
            partners = [p for p in partners if p.pk in matching]
        partners = form.filter(partners)
    on_map = [p for p in partners if p.map_position]
    markers = list(zip(on_map, spread([p.map_position for p in on_map]), strict=True))
    context = {
        "partners": partners,
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
    if not photo.partner.is_visible_to(request.user):
        raise Http404
    name = photo.rendition_name(size)
    storage = photo.image.storage
    if not storage.exists(name):
        raise Http404
    # A draft's photo must not stay in a shared cache after a staff preview.
    return send_file(
        storage.open(name, "rb"),
        filename=f"{photo.partner.slug}-{photo.pk}-{size}.webp",
        content_type="image/webp",
        inline=True,
        public_for=datetime.timedelta(days=1) if photo.partner.published else None,
    )


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
