from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cities.models import PartnerSearch


class DirectoryFilterForm(forms.Form):
    """The directory's search and filters: a plain GET form that works without JavaScript."""

    q = forms.CharField(label=_("Name (Japanese or English)"), required=False, max_length=100)
    country = forms.ChoiceField(label=_("Country"), required=False)
    region = forms.ChoiceField(label=_("Region or state"), required=False)
    agreement_kind = forms.ChoiceField(
        label=capfirst(pgettext_lazy("agreement", "kind of agreement")), required=False
    )

    def __init__(self, data, *, partners):
        super().__init__(data)
        everyone = [("", _("All"))]
        countries = {p.country.code: p.country.name for p in partners}
        regions = {p.region for p in partners if p.region}
        kinds = {p.agreement_kind.slug: p.agreement_kind for p in partners if p.agreement_kind}
        self.fields["country"].choices = everyone + sorted(countries.items(), key=lambda c: c[1])
        self.fields["region"].choices = everyone + [(r, r) for r in sorted(regions)]
        self.fields["agreement_kind"].choices = everyone + [
            (slug, kind.name) for slug, kind in sorted(kinds.items(), key=lambda k: k[1].order)
        ]

    def filter(self, partners):
        """The partners matching the form; an unknown choice (an old link) matches nothing."""
        data = {key: self.data.get(key, "") for key in ("country", "region", "agreement_kind")}
        if data.get("country"):
            partners = [p for p in partners if p.country.code == data["country"]]
        if data.get("region"):
            partners = [p for p in partners if p.region == data["region"]]
        if slug := data.get("agreement_kind"):
            partners = [p for p in partners if p.agreement_kind and p.agreement_kind.slug == slug]
        return partners


class PartnerSearchForm(forms.ModelForm):
    """The admin's form for the partner search page: fields of exchange as tick boxes."""

    fields_of_exchange = forms.MultipleChoiceField(
        label=_("fields of exchange"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = PartnerSearch
        fields = [
            "published",
            "countries_or_regions",
            "size",
            "fields_of_exchange",
            "details",
            "contact_url",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        model = self._meta.model
        self.fields["fields_of_exchange"].choices = model.Field.choices
        if self.instance.pk:
            self.initial["fields_of_exchange"] = self.instance.field_codes

    def clean_fields_of_exchange(self):
        return ",".join(self.cleaned_data["fields_of_exchange"])
