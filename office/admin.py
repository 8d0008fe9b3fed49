"""Admin machinery every app's spreadsheets share: import and export behind their own
permissions, and long imports that show their progress. And the list of every message the
outbox keeps."""

from django.conf import settings
from django.contrib import admin
from django.contrib import messages as admin_messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.translation import gettext, gettext_noop, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from import_export.results import RowResult
from import_export.signals import post_import

from office import outbox
from office.import_progress import (
    PREVIEW_ROWS,
    DeferredImport,
    ImportThread,
    content_of,
    grouped,
    stream,
    streaming_page,
)
from office.models import Message
from office.pagination import CappedCountAdminMixin
from office.spreadsheets import SPREADSHEET_FORMATS, ExcelWorkbook, UnsafeFile
from office.templates_xlsx import template_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class SpreadsheetAdminMixin(ImportExportMixin):
    """Import and export in the admin: CSV for Japanese Excel and XLSX, each behind the
    model's own import_/export_ permission (settings.IMPORT_EXPORT_*_PERMISSION_CODE)."""

    formats = SPREADSHEET_FORMATS

    # --- a template staff can fill without the README (office/templates_xlsx.py) -------

    def get_urls(self):
        info = self.get_model_info()
        return [
            path(
                "import/template/",
                self.admin_site.admin_view(self.import_template_view),
                name="{}_{}_import_template".format(*info),
            ),
            *super().get_urls(),
        ]

    def import_template_view(self, request):
        if not self.has_import_permission(request):
            raise PermissionDenied
        return self.template_response(request)

    def template_response(self, request):
        resource = self.get_import_resource_classes(request)[0]()
        title = gettext("Template for importing %(things)s") % {
            "things": self.model._meta.verbose_name_plural
        }
        response = HttpResponse(template_workbook(resource, title=title), content_type=XLSX)
        name = f"{self.model._meta.model_name}-template.xlsx"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response

    def get_export_data(self, file_format, request, queryset, **kwargs):
        # An empty list exported as a workbook is a template to fill in, not a bare header.
        # Only where staff may import: an export-only list (applications) stays a list.
        if (
            isinstance(file_format, ExcelWorkbook)
            and self.has_export_permission(request)
            and self.has_import_permission(request)
            and not queryset.exists()
        ):
            return self.template_response(request).content
        return super().get_export_data(file_format, request, queryset, **kwargs)

    # --- the import page: notes, every error with its line, totals -------------------

    def get_import_context_data(self, **kwargs):
        context = super().get_import_context_data(**kwargs)
        resource_class = self.get_import_resource_classes(None)[0]
        notes = getattr(resource_class, "import_notes", None)
        info = self.get_model_info()
        return {
            **context,
            "import_notes": notes() if notes else [],
            "template_url": reverse("admin:{}_{}_import_template".format(*info)),
        }

    def add_success_message(self, result, request):
        admin_messages.success(request, import_summary(result, self.model._meta))

    def add_data_read_fail_error_to_form(self, form, e):
        # A file refused before reading (too large once unpacked) says why, translated.
        if isinstance(e, UnsafeFile):
            form.add_error("import_file", str(e))
        else:
            super().add_data_read_fail_error_to_form(form, e)

    # --- long imports show their progress (office/import_progress.py) ----------------

    def get_import_resource_kwargs(self, request, **kwargs):
        kwargs = super().get_import_resource_kwargs(request, **kwargs)
        return {**kwargs, "progress_from_rows": settings.IMPORT_PROGRESS_ROWS}

    def import_action(self, request, **kwargs):
        response = super().import_action(request, **kwargs)
        context = getattr(response, "context_data", None) or {}
        if isinstance(context.get("result"), DeferredImport):
            return self.check_with_progress(request, context)
        if context.get("result") is not None:
            context.update(import_report(context["result"], self.model._meta))
        return response

    def process_result(self, result, request):
        if isinstance(result, DeferredImport):
            return self.import_with_progress(request, result)
        return super().process_result(result, request)

    def render_import_page(self, request, context):
        return render_to_string(self.import_template_name, context, request=request)

    def check_with_progress(self, request, context):
        """The check before the preview, its progress streamed, then the preview."""
        deferred = context["result"]
        page = self.render_import_page(
            request, {**context, "result": None, "import_progress": _("Checking the sheet")}
        )

        def preview(result):
            final = {**context, "result": result, **import_report(result, self.model._meta)}
            if not result.has_errors() and not result.has_validation_errors():
                final["confirm_form"] = self.create_confirm_form(
                    request, import_form=context["form"]
                )
                final["preview_note"] = shorten_preview(result, self.model._meta)
            return content_of(self.render_import_page(request, final))

        return streaming_page(stream(page, ImportThread(deferred), preview, checking=True))

    def import_with_progress(self, request, deferred):
        """The confirmed import, its progress streamed, then what it did."""
        context = {
            **self.admin_site.each_context(request),
            "title": _("Import"),
            "opts": self.model._meta,
            "import_progress": _("Importing the sheet"),
        }
        page = self.render_import_page(request, context)

        def record(result):
            # In the import's thread: the log is written even if the browser has gone.
            if not result.has_errors() and not result.has_validation_errors():
                self.generate_log_entries(result, request)
                post_import.send(sender=None, model=self.model)

        def summary(result):
            return render_to_string(
                "admin/import_export/import_finished.html",
                {
                    "opts": self.model._meta,
                    "errors": import_errors(result),
                    "summary": import_summary(result, self.model._meta),
                },
                request=request,
            )

        thread = ImportThread(deferred, then=record)
        return streaming_page(stream(page, thread, summary, checking=False))


def import_errors(result):
    """(row number, message) for each error of an import; the number is None for an error
    of the whole sheet."""
    errors = [(number, str(error.error)) for number, row in result.row_errors() for error in row]
    for row in result.invalid_rows:
        for column, messages in row.field_specific_errors.items():
            errors.extend((row.number, f"{column}: {message}") for message in messages)
        errors.extend((row.number, message) for message in row.non_field_specific_errors)
    errors.sort(key=lambda error: error[0])
    return [(None, str(error.error)) for error in result.base_errors] + errors


def import_report(result, opts):
    """What the import page shows with the preview: every error with the sheet's line
    number (the header is line 1), column and message, all together; and the totals."""
    errors = [("", "", str(error.error)) for error in result.base_errors]
    rows = []
    for number, row in result.row_errors():
        rows.extend((number + 1, "", str(error.error)) for error in row)
    for row in result.invalid_rows:
        for column, column_errors in row.field_specific_errors.items():
            rows.extend((row.number + 1, column, str(message)) for message in column_errors)
        rows.extend((row.number + 1, "", str(message)) for message in row.non_field_specific_errors)
    rows.sort(key=lambda error: error[0])
    return {
        "error_table": errors + rows,
        "totals": import_totals(result, opts),
        "new_partners": getattr(result, "new_partners", []),
        "drafts": getattr(result, "drafts", []),
    }


def import_totals(result, opts):
    """What an import does, for the messages below: new, updated, unchanged, and what."""
    totals = result.totals
    return {
        "new": grouped(totals[RowResult.IMPORT_TYPE_NEW]),
        "updated": grouped(totals[RowResult.IMPORT_TYPE_UPDATE]),
        "unchanged": grouped(totals[RowResult.IMPORT_TYPE_SKIP]),
        "things": opts.verbose_name_plural,
    }


def shorten_preview(result, opts):
    """Keep the first PREVIEW_ROWS rows of a long sheet's preview (all of them would make a
    page of many megabytes) and say what confirming will do with the rest."""
    shown = len(result.rows)
    if shown <= PREVIEW_ROWS:
        return ""
    result.rows = result.rows[:PREVIEW_ROWS]  # for the page only: confirming reads the file
    return gettext(
        "The preview shows the first %(shown)s of %(total)s new or changed rows. Confirming "
        "imports them all: %(new)s new and %(updated)s updated %(things)s; %(unchanged)s "
        "rows are unchanged."
    ) % {"shown": grouped(PREVIEW_ROWS), "total": grouped(shown), **import_totals(result, opts)}


def import_summary(result, opts):
    return gettext(
        "Import finished: %(new)s new, %(updated)s updated, %(unchanged)s unchanged %(things)s."
    ) % import_totals(result, opts)


# --- Messages (office/outbox.py) -------------------------------------------------------


# Django's own admin phrases that read awkwardly in Japanese ("変更する 視察申請 を選択"):
# the site's catalogue comes first, so these msgids, translated there, replace Django's.
DJANGO_PHRASES = (
    gettext_noop("Select %s to change"),
    gettext_noop("Select %s to view"),
    gettext_noop("Welcome,"),
)

# What each kind of mail is called, in the reader's language: each app names its own kinds
# (office imports no app) with register_mail_kinds().
MAIL_KINDS = {}


def register_mail_kinds(labels):
    MAIL_KINDS.update(labels)


def mail_kind_label(kind):
    return str(MAIL_KINDS.get(kind, kind))


class MailKindFilter(admin.SimpleListFilter):
    title = pgettext_lazy("message", "kind of mail")
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        return [(kind, str(label)) for kind, label in MAIL_KINDS.items()]

    def queryset(self, request, queryset):
        return queryset.filter(kind=self.value()) if self.value() else queryset


@admin.register(Message)
class MessageAdmin(CappedCountAdminMixin, admin.ModelAdmin):
    """Every mail the site sent or is still trying to send; staff may send one again.

    Nobody deletes one here: they are the record of what the city said."""

    list_display = ("created_at", "kind_label", "to", "subject", "delivery", "attempts", "concerns")
    list_filter = ("delivery", MailKindFilter, "shown_to_recipient")
    ordering = ("-created_at", "-pk")
    # A visit application's reference is in the subject of each of its messages.
    search_fields = ("to", "subject")
    fields = (
        "created_at",
        "kind_label",
        "to",
        "reply_to",
        "language_name",
        "subject",
        "body",
        "shown_to_recipient",
        "delivery",
        "attempts",
        "last_error",
        "sent_at",
        "concerns",
    )
    readonly_fields = fields
    actions = ("try_again",)

    def get_queryset(self, request):
        # What each message is about, one query per kind of thing, not one per row.
        return super().get_queryset(request).prefetch_related("about")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=pgettext_lazy("message", "kind of mail"), ordering="kind")
    def kind_label(self, message):
        return mail_kind_label(message.kind)

    @admin.display(description=_("language"))
    def language_name(self, message):
        return dict(settings.LANGUAGES).get(message.language, message.language)

    @admin.display(description=pgettext_lazy("message", "about"))
    def concerns(self, message):
        # Text, not a link: the record it concerns may be one the reader cannot open.
        return str(message.about) if message.about is not None else "-"

    @admin.action(description=_("Try sending again"), permissions=["change"])
    def try_again(self, request, queryset):
        count = 0
        # A message being sent right now is left to its worker: sent twice otherwise.
        for message in queryset.exclude(
            delivery__in=[Message.Delivery.SENT, Message.Delivery.SENDING]
        ):
            outbox.requeue(message)
            count += 1
        self.message_user(request, gettext("%(count)d message(s) queued again.") % {"count": count})
