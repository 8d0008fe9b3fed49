from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.forms.models import ModelChoiceIterator
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import Country

from cities.models import AgreementKind, PartnerSearch
from office.forms import RecordChoiceField, is_possible_key
from office.text import plain_text


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
        # NUL characters are no part of any name, and PostgreSQL refuses them in a query.
        data = {
            key: self.data.get(key, "").replace("\x00", "")
            for key in ("q", "country", "region", "agreement_kind")
        }
        if data["q"].strip():
            partners = partners.search(data["q"])
        if data["country"]:
            partners = partners.filter(country=data["country"])
        if data["region"]:
            partners = partners.filter(region=data["region"])
        if data["agreement_kind"]:
            partners = partners.filter(agreement_kind__slug=data["agreement_kind"])
        return partners


class PartnerChoiceWidget(forms.Select):
    """A list of the partners while the directory is short; once a list would be hundreds
    of options long (a prefecture's or CLAIR's directory), a box to type the name in."""

    SHORT_LIST = 100

    def render(self, name, value, attrs=None, renderer=None):
        iterator = self.choices
        if isinstance(iterator, ModelChoiceIterator):
            # One query either way: at most one more partner than a list may hold.
            # Only the names: a partner's description and story are long texts.
            names = iterator.queryset.only("pk", "name", "name_ja", "name_en")
            rows = list(names[: self.SHORT_LIST + 1])
            if len(rows) > self.SHORT_LIST:
                box = forms.TextInput(
                    attrs={
                        **self.attrs,
                        "autocomplete": "off",
                        "placeholder": _("Name of the city"),
                    }
                )
                return box.render(name, value, attrs, renderer)
            field = iterator.field
            empty = [("", field.empty_label)] if field.empty_label is not None else []
            self.choices = empty + [iterator.choice(row) for row in rows]
        return super().render(name, value, attrs, renderer)


class PartnerField(RecordChoiceField):
    """A choice of one partner, by its key (from the list) or by its name (typed in either
    language, short or official, full-width letters folded)."""

    widget = PartnerChoiceWidget

    def to_python(self, value):
        if value in self.empty_values or is_possible_key(str(value)):
            return super().to_python(value)
        text = plain_text(str(value))
        condition = Q()
        for name in ("name_ja", "name_en", "official_name_ja", "official_name_en"):
            condition |= Q(**{f"{name}__iexact": text})
        found = list(self.queryset.filter(condition)[:2])
        if len(found) != 1:
            raise ValidationError(
                _("No partner of the city has this name: check it, or leave the field empty."),
                code="invalid_choice",
            )
        return found[0]


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
