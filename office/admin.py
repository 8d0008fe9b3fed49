"""Admin machinery every app's spreadsheets share: import and export behind their own
permissions, and long imports that show their progress. And the list of every message the
outbox keeps."""

from django.conf import settings
from django.contrib import admin
from django.template.loader import render_to_string
from django.utils.translation import gettext
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
from office.spreadsheets import SPREADSHEET_FORMATS, UnsafeFile


class SpreadsheetAdminMixin(ImportExportMixin):
    """Import and export in the admin: CSV for Japanese Excel and XLSX, each behind the
    model's own import_/export_ permission (settings.IMPORT_EXPORT_*_PERMISSION_CODE)."""

    formats = SPREADSHEET_FORMATS

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
            final = {**context, "result": result}
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


@admin.register(Message)
class MessageAdmin(CappedCountAdminMixin, admin.ModelAdmin):
    """Every mail the site sent or is still trying to send; staff may send one again."""

    list_display = ("created_at", "kind", "to", "subject", "delivery", "attempts", "about")
    list_filter = ("delivery", "kind", "shown_to_recipient")
    ordering = ("-created_at", "-pk")
    # A visit application's reference is in the subject of each of its messages.
    search_fields = ("to", "subject")
    readonly_fields = [
        field.name for field in Message._meta.fields if field.name not in ("about_type", "about_id")
    ] + ["about"]
    exclude = ("about_type", "about_id")
    actions = ("try_again",)

    def get_queryset(self, request):
        # What each message is about, one query per kind of thing, not one per row.
        return super().get_queryset(request).prefetch_related("about")

    def has_add_permission(self, request):
        return False

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
