from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from cities.models import HomeCity, Partner, RelationshipType


@admin.register(HomeCity)
class HomeCityAdmin(SimpleHistoryAdmin, TabbedTranslationAdmin):
    fieldsets = [
        (None, {"fields": ["name", "division_name", "logo", "website"]}),
        (
            _("Contact"),
            {"fields": ["postal_code", "address", "phone", "fax", "email", "opening_hours"]},
        ),
    ]

    def has_add_permission(self, request):
        # One home city: edit the existing record instead.
        return super().has_add_permission(request) and not HomeCity.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(RelationshipType)
class RelationshipTypeAdmin(SimpleHistoryAdmin, TabbedTranslationAdmin):
    list_display = ["name", "slug", "order", "is_sister_city"]
    list_editable = ["order"]
    prepopulated_fields = {"slug": ["name_en"]}


@admin.register(Partner)
class PartnerAdmin(SimpleHistoryAdmin, TabbedTranslationAdmin):
    list_display = ["name", "country", "kind", "relationship_type", "published"]
    list_filter = ["published", "relationship_type", "kind", "country"]
    search_fields = ["name_ja", "name_en", "official_name_ja", "official_name_en", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}
