from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from modeltranslation.admin import (
    TabbedTranslationAdmin,
    TranslationStackedInline,
    TranslationTabularInline,
)
from simple_history.admin import SimpleHistoryAdmin

from exchanges import report
from exchanges.models import Exchange, ExchangeKind, ExchangeLink, ExchangePhoto
from exchanges.resources import ExchangeResource
from exchanges.services import NotVisited, draft_from_visit
from office.admin import SpreadsheetAdminMixin
from office.dates import fiscal_year, format_fiscal_year
from office.downloads import download_headers
from visits.models import VisitApplication
from visits.statistics import bar_chart

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The report's year list goes back this far from the current fiscal year.
REPORT_YEARS = 10


@admin.register(ExchangeKind)
class ExchangeKindAdmin(SimpleHistoryAdmin, TabbedTranslationAdmin):
    list_display = ["name", "slug", "order"]
    list_editable = ["order"]
    prepopulated_fields = {"slug": ["name_en"]}


class ExchangePhotoInline(TranslationStackedInline):
    model = ExchangePhoto
    extra = 0
    fields = ["image", "alt_text", "caption", "credit", "order"]


class ExchangeLinkInline(TranslationTabularInline):
    model = ExchangeLink
    extra = 0
    fields = ["label", "url", "order"]


@admin.register(Exchange)
class ExchangeAdmin(SpreadsheetAdminMixin, SimpleHistoryAdmin, TabbedTranslationAdmin):
    resource_classes = [ExchangeResource]
    list_display = ["title", "kind", "date_display", "direction", "people", "published"]
    list_filter = ["published", "kind", "direction", "country"]
    search_fields = ["title_ja", "title_en", "slug", "organisation", "partners__name_ja"]
    prepopulated_fields = {"slug": ["title_en"]}
    list_select_related = ["kind"]
    autocomplete_fields = ["partners"]
    filter_horizontal = ["topics"]
    readonly_fields = ["visit_application_link"]
    inlines = [ExchangePhotoInline, ExchangeLinkInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", "direction", "published"]}),
        (
            _("Date"),
            {"fields": ["starts_on", "starts_on_precision", "ends_on", "ends_on_precision"]},
        ),
        (_("Who"), {"fields": ["partners", "country", "organisation"]}),
        (_("People"), {"fields": ["city_people", "partner_people"]}),
        (_("Account"), {"fields": ["account", "topics", "visit_application_link"]}),
    ]

    @admin.display(description=_("date"), ordering="starts_on")
    def date_display(self, obj):
        return obj.period_display

    @admin.display(description=_("people"))
    def people(self, obj):
        return obj.people

    @admin.display(description=_("visit application"))
    def visit_application_link(self, obj):
        if not obj.visit_application_id:
            return "–"
        return obj.visit_application.reference

    def get_urls(self):
        return [
            path(
                "from-visit/<int:application_id>/",
                self.admin_site.admin_view(require_POST(self.from_visit_view)),
                name="exchanges_from_visit",
            ),
            path(
                "report/",
                self.admin_site.admin_view(self.report_view),
                name="exchanges_report",
            ),
            path(
                "report.xlsx",
                self.admin_site.admin_view(self.report_xlsx_view),
                name="exchanges_report_xlsx",
            ),
            *super().get_urls(),
        ]

    def from_visit_view(self, request, application_id):
        """One click on a visited application: its draft exchange, made or found again."""
        if not (
            self.has_add_permission(request)
            and request.user.has_perm("visits.view_visitapplication")
        ):
            raise PermissionDenied
        application = get_object_or_404(VisitApplication, pk=application_id)
        try:
            exchange, created = draft_from_visit(application)
        except NotVisited:
            self.message_user(
                request,
                gettext("Only a visit that took place can be recorded as an exchange."),
                messages.ERROR,
            )
            return redirect("admin:visits_visitapplication_change", application.pk)
        if created:
            self.message_user(
                request,
                gettext(
                    "A draft exchange was made from %(reference)s. Check it, add the English "
                    "title and an account, then publish it."
                )
                % {"reference": application.reference},
                messages.SUCCESS,
            )
        return redirect("admin:exchanges_exchange_change", exchange.pk)

    def _fiscal_year(self, request):
        current = fiscal_year(timezone.localdate())
        try:
            year = int(request.GET.get("fiscal_year", current))
        except ValueError:
            year = current
        return year if 1900 <= year <= current + 1 else current

    def report_view(self, request):
        """The yearly report: exchanges and people by direction, kind, partner and country."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        year = self._fiscal_year(request)
        figures = report.figures(fiscal_year=year)
        titles = report.section_titles()
        sections = [
            {
                "key": key,
                "title": titles[key],
                "rows": figures.sections[key],
                "chart": bar_chart(
                    [(row.label, row.exchanges) for row in figures.sections[key]],
                    title=titles[key],
                    chart_id=f"chart-{key}",
                ),
            }
            for key in report.SECTIONS
        ]
        current = fiscal_year(timezone.localdate())
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Yearly report of exchanges"),
            "opts": self.model._meta,
            "fiscal_year": year,
            "fiscal_year_name": format_fiscal_year(year, with_months=True),
            "fiscal_years": [
                (value, format_fiscal_year(value))
                for value in range(current, current - REPORT_YEARS, -1)
            ],
            "report": figures,
            "sections": sections,
            "columns": report.column_titles(),
        }
        return TemplateResponse(request, "exchanges/admin/report.html", context)

    def report_xlsx_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        year = self._fiscal_year(request)
        response = HttpResponse(report.as_xlsx(fiscal_year=year), content_type=XLSX)
        return download_headers(response, filename=f"exchanges-{year}.xlsx")

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "report_url": reverse("admin:exchanges_report")}
        return super().changelist_view(request, extra_context=extra_context)

    change_list_template = "exchanges/admin/change_list.html"
