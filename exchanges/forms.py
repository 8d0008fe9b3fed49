from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from cities.models import Partner
from exchanges.models import Exchange, ExchangeKind


class ExchangeFilterForm(forms.Form):
    """The filters above the public list; every field is optional, a bad value is ignored."""

    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    partner = forms.ModelChoiceField(
        label=_("Partner"),
        queryset=Partner.objects.none(),
        to_field_name="slug",
        required=False,
        empty_label=_("All partners"),
    )
    country = forms.ChoiceField(label=_("Country"), required=False)
    kind = forms.ModelChoiceField(
        label=_("Kind of exchange"),
        queryset=ExchangeKind.objects.none(),
        to_field_name="slug",
        required=False,
        empty_label=_("All kinds"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        published = Exchange.objects.published()
        years = published.dates("starts_on", "year", order="DESC")
        self.fields["year"].choices = [("", _("All years"))] + [
            (str(d.year), str(d.year)) for d in years
        ]
        self.fields["partner"].queryset = (
            Partner.objects.published().filter(exchanges__published=True).distinct()
        )
        self.fields["kind"].queryset = ExchangeKind.objects.filter(
            exchanges__published=True
        ).distinct()
        codes = set(published.exclude(country="").values_list("country", flat=True))
        codes |= set(
            Partner.objects.filter(exchanges__published=True).values_list("country", flat=True)
        )
        self.fields["country"].choices = [("", _("All countries"))] + sorted(
            ((code, countries.name(code)) for code in codes if code), key=lambda c: str(c[1])
        )

    def filter(self, exchanges):
        data = self.cleaned_data
        if data.get("year"):
            exchanges = exchanges.filter(starts_on__year=data["year"])
        if data.get("partner"):
            exchanges = exchanges.filter(partners=data["partner"])
        if data.get("country"):
            country = data["country"]
            # Its own country, or a partner's: a subquery keeps the rows distinct.
            exchanges = exchanges.filter(
                pk__in=Exchange.objects.filter(
                    Q(country=country) | Q(partners__country=country)
                ).values("pk")
            )
        if data.get("kind"):
            exchanges = exchanges.filter(kind=data["kind"])
        return exchanges
