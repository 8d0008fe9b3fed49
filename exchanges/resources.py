"""Exchanges as a spreadsheet, for the admin's import and export: the division's list of
past exchanges comes in once, and the year's list goes out.

Columns carry both languages (title_ja, title_en, ...). Rows are matched on `slug`, so a
re-imported sheet updates exchanges instead of duplicating them. Partners are written as
their short codes separated by semicolons ("grenoble; grenoble-alpes-metropole"), the
kind as its short code; an unknown code is an error on its row and column, and a sheet
with any error imports nothing (office/spreadsheets.py).
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import fields, widgets

from cities.models import Partner
from exchanges.models import Exchange, ExchangeKind
from office.spreadsheet_lookups import NamedChoiceWidget, record_choices
from office.spreadsheets import PartialDateField, SpreadsheetResource

TRANSLATED = ("title", "account")


class PartnersWidget(widgets.ManyToManyWidget):
    """Partners by their short codes, separated by semicolons; every partner loaded once."""

    def __init__(self):
        super().__init__(Partner, separator=";", field="slug")
        self.reset()

    def reset(self):
        self._partners = None

    def clean(self, value, row=None, **kwargs):
        if self._partners is None:
            self._partners = {partner.slug: partner for partner in Partner.objects.order_by()}
        codes = [code.strip() for code in str(value or "").split(";") if code.strip()]
        unknown = [code for code in codes if code not in self._partners]
        if unknown:
            raise ValueError(
                _("No partner has the web address name “%(value)s”.") % {"value": unknown[0]}
            )
        return [self._partners[code] for code in dict.fromkeys(codes)]

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return "; ".join(partner.slug for partner in value.all())


class ExchangeKindWidget(NamedChoiceWidget):
    """A kind of exchange by its name in either language (青少年交流, Youth exchange) or its
    short code, as agreement kinds are read."""

    def __init__(self):
        super().__init__(lambda: record_choices(ExchangeKind.objects.order_by("order", "pk")))

    def render(self, value, obj=None, **kwargs):
        return value.slug if value is not None else ""


class ExchangeResource(SpreadsheetResource):
    kind = fields.Field(
        attribute="kind",
        column_name="kind",
        widget=ExchangeKindWidget(),
    )
    starts_on = PartialDateField("starts_on")
    ends_on = PartialDateField("ends_on")
    partners = fields.Field(attribute="partners", column_name="partners", widget=PartnersWidget())
    country = fields.Field(attribute="country", column_name="country")

    class Meta:
        model = Exchange
        import_id_fields = ("slug",)
        fields = (
            "slug",
            "title_ja",
            "title_en",
            "kind",
            "direction",
            "starts_on",
            "ends_on",
            "partners",
            "country",
            "organisation",
            "account_ja",
            "account_en",
            "city_people",
            "partner_people",
            "published",
        )
        export_order = fields
        skip_unchanged = True
        report_skipped = False
        # Each row passes the model's own checks (full_clean), reported by row and column.
        clean_model_instances = True

    def get_queryset(self):
        return Exchange.objects.select_related("kind").prefetch_related("partners")

    def dehydrate_country(self, exchange):
        return exchange.country.code or ""

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        for field in self.fields.values():
            if hasattr(field.widget, "reset"):
                field.widget.reset()

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        # import-export reads many-to-many cells only when saving; read the partners with
        # the rest, so an unknown code is reported like any other cell.
        if "partners" in row:
            try:
                self.fields["partners"].clean(row)
            except ValueError as error:
                errors["partners"] = ValidationError(str(error), code="invalid")
        if errors:
            raise ValidationError(errors)

    def get_bulk_update_fields(self):
        return [*super().get_bulk_update_fields(), "starts_on_precision", "ends_on_precision"]
