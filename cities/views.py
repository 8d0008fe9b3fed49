from django.shortcuts import get_object_or_404, render

from cities.models import Partner


def home(request):
    partners = Partner.objects.in_directory().select_related("relationship_type")
    return render(request, "cities/home.html", {"partners": partners})


def partner_list(request):
    partners = Partner.objects.in_directory().select_related("relationship_type")
    return render(request, "cities/partner_list.html", {"partners": partners})


def partner_detail(request, slug):
    partner = get_object_or_404(
        Partner.objects.published().select_related("relationship_type"), slug=slug
    )
    return render(request, "cities/partner_detail.html", {"partner": partner})
