from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import (
    TabbedTranslationAdmin,
    TranslationStackedInline,
    TranslationTabularInline,
)
from simple_history.admin import SimpleHistoryAdmin

from cities.forms import PartnerSearchForm
from cities.models import (
    AgreementKind,
    HomeCity,
    Merger,
    Partner,
    PartnerFact,
    PartnerPhoto,
    PartnerSearch,
)
from cities.resources import AgreementKindResource, PartnerFactResource, PartnerResource
from cities.services import keep_home_partner_in_step
from cities.wikidata_admin import WikidataAdminMixin
from office import numbers
from office.admin import SpreadsheetAdminMixin
from office.forms import FigureInput


@admin.register(HomeCity)
class HomeCityAdmin(SimpleHistoryAdmin, TabbedTranslationAdmin):
    fieldsets = [
        (None, {"fields": ["name", "division_name", "logo", "website"]}),
        (
            _("Contact"),
            {"fields": ["postal_code", "address", "phone", "fax", "email", "opening_hours"]},
        ),
    ]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        keep_home_partner_in_step(obj)

    def has_add_permission(self, request):
        # One home city: edit the existing record instead.
        return super().has_add_permission(request) and not HomeCity.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AgreementKind)
class AgreementKindAdmin(SpreadsheetAdminMixin, SimpleHistoryAdmin, TabbedTranslationAdmin):
    resource_classes = [AgreementKindResource]
    list_display = ["name", "slug", "order", "is_sister_city"]
    list_editable = ["order"]
    prepopulated_fields = {"slug": ["name_en"]}


class PartnerFactInline(TranslationTabularInline):
    model = PartnerFact
    extra = 0
    fields = ["label", "value", "unit", "as_of", "as_of_precision", "source", "order"]
    formfield_overrides = {models.DecimalField: {"widget": FigureInput}}


class PartnerPhotoInline(TranslationStackedInline):
    model = PartnerPhoto
    extra = 0
    fields = ["image", "alt_text", "caption", "credit", "order"]


RELATIONSHIP_FIELDS = [
    "agreement_kind",
    "relationship_since",
    "relationship_since_precision",
    "relationship_status",
    "relationship_ended_on",
]


@admin.register(Partner)
class PartnerAdmin(
    WikidataAdminMixin, SpreadsheetAdminMixin, SimpleHistoryAdmin, TabbedTranslationAdmin
):
    resource_classes = [PartnerResource]
    # Adds "Find on Wikidata" and the review export; import-export's buttons build on it.
    change_list_template = "admin/cities/partner/change_list.html"
    list_display = [
        "name",
        "country",
        "kind",
        "agreement_kind",
        "relationship_status",
        "published",
    ]
    list_filter = ["published", "agreement_kind", "relationship_status", "kind", "country"]
    search_fields = ["name_ja", "name_en", "official_name_ja", "official_name_en", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}
    list_select_related = ["agreement_kind"]
    inlines = [PartnerFactInline, PartnerPhotoInline]
    fieldsets = [
        (None, {"fields": ["name", "official_name", "slug", "kind", "published", "is_home"]}),
        (
            _("Place"),
            {"fields": ["country", "region", "latitude", "longitude", "website", "wikidata_id"]},
        ),
        (_("Text on the profile"), {"fields": ["description", "story"]}),
        (
            _("Relationship"),
            {
                "fields": RELATIONSHIP_FIELDS,
                "description": _(
                    "Once the partner has agreements, these are worked out from them: "
                    "change the agreements instead."
                ),
            },
        ),
    ]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        # The agreements app derives these from the partner's agreements (one place to
        # change them); `agreement_parties` is its reverse relation, absent without it.
        parties = getattr(obj, "agreement_parties", None) if obj is not None else None
        if parties is not None and parties.exists():
            readonly += RELATIONSHIP_FIELDS
        return readonly


@admin.register(PartnerFact)
class PartnerFactAdmin(SpreadsheetAdminMixin, SimpleHistoryAdmin, TabbedTranslationAdmin):
    """Facts are edited on their partner's page; this list is for finding and for
    moving them in and out as a spreadsheet."""

    resource_classes = [PartnerFactResource]
    list_display = ["partner", "label", "figure", "unit", "as_of"]
    formfield_overrides = {models.DecimalField: {"widget": FigureInput}}
    list_filter = ["label_en"]
    search_fields = ["partner__name_ja", "partner__name_en", "label_ja", "label_en"]
    list_select_related = ["partner"]
    autocomplete_fields = ["partner"]

    @admin.display(description=_("value"), ordering="value")
    def figure(self, fact):
        return numbers.plain(fact.value)


@admin.register(Merger)
class MergerAdmin(SimpleHistoryAdmin, TabbedTranslationAdmin):
    list_display = ["predecessor", "successor", "merged_on"]
    autocomplete_fields = ["predecessor", "successor"]
    list_select_related = ["predecessor", "successor"]


@admin.register(PartnerSearch)
class PartnerSearchAdmin(SimpleHistoryAdmin, TabbedTranslationAdmin):
    """The "we are looking for a partner" page: one record, edited in place."""

    form = PartnerSearchForm
    fields = [
        "published",
        "countries_or_regions",
        "size",
        "fields_of_exchange",
        "details",
        "contact_url",
    ]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not PartnerSearch.objects.exists()
