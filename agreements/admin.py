from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.models import BaseInlineFormSet
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import (
    TabbedTranslationAdmin,
    TranslationStackedInline,
    TranslationTabularInline,
)
from simple_history.admin import SimpleHistoryAdmin

from agreements.forms import AgreementConfirmImportForm, AgreementImportForm
from agreements.models import (
    EXPIRY_WINDOW,
    Agreement,
    AgreementDocument,
    AgreementParty,
    AgreementRenewal,
    CooperationField,
    ReminderSent,
    Signatory,
)
from agreements.resources import AgreementResource
from agreements.services import refresh_partner_relationships, upcoming_anniversaries
from cities.models import Partner
from office.admin import SpreadsheetAdminMixin, register_mail_kinds
from office.dates import format_partial_date
from office.feeds import feed_address

register_mail_kinds({"agreement_reminders": _("agreement reminders (to staff)")})


class PartyFormSet(BaseInlineFormSet):
    """The parties of an agreement: the home side once, and at least one partner."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        partners = [
            form.cleaned_data["partner"]
            for form in self.forms
            if form.cleaned_data
            and form.cleaned_data.get("partner")
            and not form.cleaned_data.get("DELETE")
        ]
        if not partners:
            raise ValidationError(_("List the parties to the agreement."), code="no_parties")
        Agreement.check_parties(partners)

    def validate_unique(self):
        # The listed-twice rule speaks for itself in check_parties, in the staff's words.
        pass


class AgreementPartyInline(admin.TabularInline):
    model = AgreementParty
    formset = PartyFormSet
    extra = 2
    autocomplete_fields = ["partner"]


class SignatoryFormSet(BaseInlineFormSet):
    """A signatory signs for one of the parties listed on the same page."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        # The parties inline is submitted in the same form (prefix "parties").
        listed = []
        total = int(self.data.get("parties-TOTAL_FORMS") or 0)
        for index in range(total):
            partner = self.data.get(f"parties-{index}-partner") or ""
            if partner.isdigit() and not self.data.get(f"parties-{index}-DELETE"):
                listed.append(partner)
        forms = [
            form
            for form in self.forms
            if form.cleaned_data
            and form.cleaned_data.get("party")
            and not form.cleaned_data.get("DELETE")
        ]
        if not forms:
            return
        parties = list(Partner.objects.filter(pk__in=listed))
        for form in forms:
            try:
                Agreement.check_signatories(parties, [form.cleaned_data["party"]])
            except ValidationError as error:
                form.add_error("party", error)


class SignatoryInline(TranslationTabularInline):
    model = Signatory
    formset = SignatoryFormSet
    extra = 1
    autocomplete_fields = ["party"]


class RenewalInline(TranslationStackedInline):
    model = AgreementRenewal
    extra = 0


class DocumentInline(TranslationTabularInline):
    model = AgreementDocument
    extra = 0


class DueFilter(admin.SimpleListFilter):
    """What the dashboard links to: expiring, renewal due, anniversary coming."""

    title = _("due")
    parameter_name = "due"

    def lookups(self, request, model_admin):
        return [
            (
                "expiring",
                ngettext(
                    "ending within %(days)d day",
                    "ending within %(days)d days",
                    EXPIRY_WINDOW.days,
                )
                % {"days": EXPIRY_WINDOW.days},
            ),
            ("renewal", _("renewal due")),
            ("anniversary", _("anniversary in the next 12 months")),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "expiring":
            expiring = Agreement.objects.expiring(on=today, within=EXPIRY_WINDOW)
            return queryset.filter(pk__in=expiring.values("pk"))
        if self.value() == "renewal":
            return queryset.filter(pk__in=Agreement.objects.due_for_renewal(on=today).values("pk"))
        if self.value() == "anniversary":
            ids = [item["agreement_id"] for item in upcoming_anniversaries(on=today)]
            return queryset.filter(pk__in=ids)
        return queryset


@admin.register(Agreement)
class AgreementAdmin(SpreadsheetAdminMixin, SimpleHistoryAdmin, TabbedTranslationAdmin):
    resource_classes = [AgreementResource]
    # The import offers "Create missing partners" and carries it to the confirmation.
    import_form_class = AgreementImportForm
    confirm_form_class = AgreementConfirmImportForm

    def get_confirm_form_initial(self, request, import_form):
        initial = super().get_confirm_form_initial(request, import_form)
        if import_form is not None:
            initial.update(import_form.import_options())
        return initial

    def get_import_data_kwargs(self, **kwargs):
        form = kwargs.get("form")
        options = form.import_options() if hasattr(form, "import_options") else {}
        return {**super().get_import_data_kwargs(**kwargs), **options}

    def add_success_message(self, result, request):
        super().add_success_message(result, request)
        drafts = getattr(result, "drafts", [])
        if not drafts:
            return
        # Drafts with a title in one language: linked, so staff can finish them.
        pks = dict(
            Agreement.objects.filter(slug__in=[d["slug"] for d in drafts]).values_list("slug", "pk")
        )
        links = format_html_join(
            ", ",
            '<a href="{}">{}</a> ({})',
            (
                (
                    reverse("admin:agreements_agreement_change", args=[pks[d["slug"]]]),
                    d["title"],
                    d["missing"],
                )
                for d in drafts
                if d["slug"] in pks
            ),
        )
        self.message_user(
            request,
            format_html(
                "{} {}",
                _("These agreements were imported as unpublished drafts:"),
                links,
            ),
            level=messages.WARNING,
        )

    list_display = ["title", "kind", "date_display", "status_today", "published"]
    list_filter = [DueFilter, "kind", "staff_status", "term", "published"]
    search_fields = ["title_ja", "title_en", "slug", "parties__partner__name_ja"]
    prepopulated_fields = {"slug": ["title_en"]}
    filter_horizontal = ["cooperation_fields"]
    autocomplete_fields = ["supersedes"]
    inlines = [AgreementPartyInline, SignatoryInline, RenewalInline, DocumentInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", "summary", "published"]}),
        (_("Date"), {"fields": ["date", "date_precision", "date_meaning", "place_signed"]}),
        (
            _("Term and status"),
            {"fields": ["term", "expires_on", "staff_status", "terminated_on", "supersedes"]},
        ),
        (_("Content"), {"fields": ["cooperation_fields", "text_languages"]}),
        (
            _("CLAIR's three conditions (sister-city types)"),
            {"fields": ["signed_by_heads", "approved_by_council", "exchange_in_many_fields"]},
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).with_status(on=timezone.localdate())

    @admin.display(description=_("date"), ordering="date")
    def date_display(self, obj):
        return format_partial_date(obj.date, obj.date_precision)

    @admin.display(description=_("status today"))
    def status_today(self, obj):
        return obj.status.label

    def save_related(self, request, form, formsets, change):
        agreement = form.instance
        before = set(agreement.parties.values_list("partner", flat=True)) if change else set()
        super().save_related(request, form, formsets, change)
        # A partner's relationship follows its agreements, including one just removed.
        after = set(agreement.parties.values_list("partner", flat=True))
        refresh_partner_relationships(Partner.objects.filter(pk__in=before | after))

    def get_urls(self):
        return [
            path(
                "calendar/",
                self.admin_site.admin_view(self.calendar_view),
                name="agreements_calendar",
            ),
            *super().get_urls(),
        ]

    def calendar_view(self, request):
        """The staff member's own calendar feed address, with a button to reset it."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": _("Calendar of expiries and anniversaries"),
            "calendar_address": feed_address(request.user),
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "agreements/admin/calendar.html", context)


@admin.register(CooperationField)
class CooperationFieldAdmin(SimpleHistoryAdmin, TabbedTranslationAdmin):
    list_display = ["name", "slug", "order"]
    list_editable = ["order"]
    prepopulated_fields = {"slug": ["name_en"]}


@admin.register(ReminderSent)
class ReminderSentAdmin(admin.ModelAdmin):
    list_display = ["key", "threshold", "sent_at"]
    search_fields = ["key"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
