from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import Country

from cities.models import AgreementKind


class DirectoryFilterForm(forms.Form):
    """The directory's search and filters: a plain GET form that works without JavaScript."""

    q = forms.CharField(label=_("Name (Japanese or English)"), required=False, max_length=100)
    country = forms.ChoiceField(label=_("Country"), required=False)
    region = forms.ChoiceField(label=_("Region or state"), required=False)
    agreement_kind = forms.ChoiceField(
        label=capfirst(pgettext_lazy("agreement", "kind of agreement")), required=False
    )

    def __init__(self, data, *, partners):
        """`partners`: the directory's partners (a QuerySet); the choices are what they hold,
        read in three small queries whatever their number."""
        super().__init__(data)
        everyone = [("", _("All"))]
        codes = partners.order_by().values_list("country", flat=True).distinct()
        countries = {code: Country(code).name for code in codes}
        regions = {r for r in partners.order_by().values_list("region", flat=True).distinct() if r}
        kinds = AgreementKind.objects.filter(partners__in=partners).distinct().order_by("order")
        self.fields["country"].choices = everyone + sorted(countries.items(), key=lambda c: c[1])
        self.fields["region"].choices = everyone + [(r, r) for r in sorted(regions)]
        self.fields["agreement_kind"].choices = everyone + [(k.slug, k.name) for k in kinds]

    def filter(self, partners):
        """The partners matching the form; an unknown choice (an old link) matches nothing."""
        data = {key: self.data.get(key, "") for key in ("q", "country", "region", "agreement_kind")}
        if data["q"].strip():
            partners = partners.search(data["q"])
        if data["country"]:
            partners = partners.filter(country=data["country"])
        if data["region"]:
            partners = partners.filter(region=data["region"])
        if data["agreement_kind"]:
            partners = partners.filter(agreement_kind__slug=data["agreement_kind"])
        return partners
