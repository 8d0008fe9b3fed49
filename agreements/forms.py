from django import forms
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries import countries
from import_export.forms import ConfirmImportForm, ImportForm

from agreements.models import Agreement, AgreementParty, Status
from cities.models import AgreementKind, Partner
from office.japanese_order import country_key


class AgreementFilterForm(forms.Form):
    """The filters above the public table; every field is optional."""

    agreement_kind = forms.ModelChoiceField(
        label=capfirst(pgettext_lazy("agreement", "kind of agreement")),
        queryset=AgreementKind.objects.filter(agreements__published=True).distinct(),
        to_field_name="slug",
        required=False,
        empty_label=_("All kinds"),
    )
    country = forms.ChoiceField(label=_("Country"), required=False)
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All"))] + [(s.value, s.label) for s in Status],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        codes = (
            Partner.objects.filter(is_home=False, agreement_parties__agreement__published=True)
            .order_by()  # the default order's columns would make DISTINCT count every row
            .values_list("country", flat=True)
            .distinct()
        )
        language = translation.get_language() or "ja"
        self.fields["country"].choices = [("", _("All countries"))] + sorted(
            ((code, countries.name(code)) for code in set(codes)),
            key=lambda choice: country_key(choice[0], choice[1], language),
        )
        years = Agreement.objects.published().dates("date", "year", order="DESC")
        self.fields["year"].choices = [("", _("All years"))] + [
            (str(d.year), str(d.year)) for d in years
        ]

    def filter(self, agreements):
        data = self.cleaned_data
        if data.get("agreement_kind"):
            agreements = agreements.filter(kind=data["agreement_kind"])
        if data.get("country"):
            agreements = agreements.filter(
                pk__in=AgreementParty.objects.filter(partner__country=data["country"]).values(
                    "agreement"
                )
            )
        if data.get("year"):
            agreements = agreements.filter(date__year=data["year"])
        if data.get("status"):
            agreements = agreements.filter(status_on_day=data["status"])
        return agreements


class AgreementImportForm(ImportForm):
    """The admin's import form for agreements, with the option to create missing partners.

    AgreementAdmin carries the option to the confirmation and into import_data(), where
    AgreementResource reads it as the keyword argument `create_missing_partners`.
    """

    create_missing_partners = forms.BooleanField(
        label=_("Create missing partners"),
        required=False,
        help_text=_(
            "A partner the sheet names that does not exist yet is added as an unpublished "
            "draft, with the country written in the partner_country column (and the kind "
            "and names in partner_kind, partner_name_ja and partner_name_en, if given). "
            "Without this, such a row is reported as an error."
        ),
    )

    def import_options(self):
        return {"create_missing_partners": bool(self.cleaned_data.get("create_missing_partners"))}


class AgreementConfirmImportForm(ConfirmImportForm):
    """The confirm step carries the option over from the preview."""

    create_missing_partners = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def import_options(self):
        return {"create_missing_partners": bool(self.cleaned_data.get("create_missing_partners"))}
