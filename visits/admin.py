"""The back office for visits: triage, the workflow with previewed emails, rules and messages.

Status and the applicant's answers are read-only here; every move goes through
visits.workflow, so history and mail are never skipped.
"""

import datetime
import tempfile

from django import forms
from django.contrib import admin, messages
from django.contrib.contenttypes.admin import GenericTabularInline
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponseRedirect, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django_countries.filters import CountryFilter
from modeltranslation.admin import TabbedTranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from office.admin import mail_kind_label, register_mail_kinds
from office.downloads import download_headers, send_file
from office.forms import is_possible_key
from office.groups import VISIT_COORDINATOR, members
from office.models import Message
from office.pagination import CappedCountAdminMixin
from visits import calendar, emails, exports, history, workflow
from visits.models import (
    ApplicantEmailTemplate,
    BlackoutPeriod,
    DelegationMember,
    DelegationReply,
    DeletionLogEntry,
    Document,
    InternalNote,
    StatusChange,
    TimeSlot,
    VisitApplication,
    VisitRules,
    VisitTopic,
)

Status = VisitApplication.Status

register_mail_kinds(
    {
        "confirmation": _("confirmation of receipt (to the applicant)"),
        "staff_notification": _("new application (to staff)"),
        "reply_received": _("reply received (to staff)"),
        **dict(ApplicantEmailTemplate.Kind.choices),
    }
)


def coordinators():
    """Staff who may be given applications: active members of the Visit coordinator group."""
    return members(VISIT_COORDINATOR).filter(is_staff=True).order_by("username")


# --- Filters -------------------------------------------------------------------------


class AssigneeFilter(admin.SimpleListFilter):
    title = _("handled by")
    parameter_name = "handled_by"

    def lookups(self, request, model_admin):
        choices = [("me", _("me")), ("nobody", _("nobody"))]
        choices += [
            (str(user.pk), user.get_full_name() or user.username) for user in coordinators()
        ]
        return choices

    def queryset(self, request, queryset):
        value = self.value()
        if value == "me":
            return queryset.filter(handled_by=request.user)
        if value == "nobody":
            return queryset.filter(handled_by__isnull=True)
        if value and is_possible_key(value):
            return queryset.filter(handled_by_id=int(value))
        return queryset


class VisitMonthFilter(admin.SimpleListFilter):
    title = _("month of visit")
    parameter_name = "visit_month"

    def lookups(self, request, model_admin):
        # Two months back and ten ahead: where the work is; no query needed.
        first = timezone.localdate().replace(day=1)
        months = []
        for offset in range(-2, 11):
            year, month = divmod(first.month - 1 + offset, 12)
            day = datetime.date(first.year + year, month + 1, 1)
            months.append((day.strftime("%Y-%m"), date_format(day, "YEAR_MONTH_FORMAT")))
        return months

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
        try:
            first = datetime.datetime.strptime(value, "%Y-%m").date()
        except ValueError:
            return queryset.none()
        return queryset.filter(visit_on__year=first.year, visit_on__month=first.month)


class OverdueFilter(admin.SimpleListFilter):
    title = _("reply")
    parameter_name = "reply"

    def lookups(self, request, model_admin):
        return [
            ("overdue", _("overdue")),
            ("awaiting", _("waiting for our reply")),
            ("received", _("reply received from the delegation")),
            ("waiting", _("waiting for the delegation")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "overdue":
            return queryset.overdue(on=timezone.localdate())
        if self.value() == "awaiting":
            return queryset.awaiting_reply()
        if self.value() == "received":
            return queryset.reply_received()
        if self.value() == "waiting":
            return queryset.waiting_for_delegation()
        return queryset


# --- Inlines -------------------------------------------------------------------------


class ReadOnly:
    """An inline that shows what happened and lets nobody add, change or delete it."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ReadOnlyInline(ReadOnly, admin.TabularInline):
    pass


class DelegationMemberInline(ReadOnlyInline):
    model = DelegationMember
    fields = ("name", "organisation", "title")
    readonly_fields = fields


class DocumentInline(ReadOnlyInline):
    model = Document
    fields = ("download", "content_type", "size", "uploaded_at")
    readonly_fields = fields

    @admin.display(description=_("file"))
    def download(self, document):
        url = reverse("visits_staff:document", args=[document.pk])
        return format_html('<a href="{}">{}</a>', url, document.original_name)


class DelegationReplyInline(ReadOnlyInline):
    model = DelegationReply
    fields = ("received_at", "text")
    readonly_fields = fields


class StatusChangeInline(ReadOnlyInline):
    model = StatusChange
    verbose_name_plural = _("history")
    fields = ("changed_at", "status", "who", "what_changed")
    readonly_fields = fields

    @admin.display(description=_("changed by"))
    def who(self, change):
        # A name, not a link: coordinators may not open the user admin.
        return history.who(change)

    @admin.display(description=_("what changed"))
    def what_changed(self, change):
        return history.describe(change)


class MessageInline(ReadOnly, GenericTabularInline):
    """The application's mail, kept by the office (office.Message, linked by `about`)."""

    model = Message
    ct_field = "about_type"
    ct_fk_field = "about_id"
    fields = ("created_at", "kind_label", "to", "subject", "delivery", "shown_to_recipient")
    readonly_fields = fields

    @admin.display(description=pgettext_lazy("message", "kind of mail"))
    def kind_label(self, message):
        return mail_kind_label(message.kind)


class InternalNoteInline(admin.StackedInline):
    model = InternalNote
    extra = 1
    fields = ("text", "written_by", "written_at")
    readonly_fields = ("written_by", "written_at")
    can_delete = False

    def has_change_permission(self, request, obj=None):
        # Notes are a record: new ones may be added, old ones are not rewritten.
        return False


# --- Transition forms ----------------------------------------------------------------


class MessageFields(forms.Form):
    subject = forms.CharField(label=_("subject"), max_length=250)
    body = forms.CharField(label=_("text"), widget=forms.Textarea(attrs={"rows": 16}))


class AskForInformationForm(forms.Form):
    request = forms.CharField(
        label=_("what the applicant should send"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class AcceptForm(forms.Form):
    visit_on = forms.DateField(
        label=_("visit date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    visit_slot = forms.ModelChoiceField(label=_("visit time"), queryset=TimeSlot.objects.all())
    visit_place = forms.CharField(label=_("place"), max_length=200)
    host_department = forms.CharField(label=_("host department"), max_length=200)
    confirm_anyway = forms.BooleanField(
        label=_("Go ahead despite the warnings above"), required=False
    )


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("reason for cancelling (the applicant reads it)"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("reason for declining (the applicant reads it)"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("note for the history (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


RESCHEDULE = "reschedule"

# One entry per move staff can make: its form, its mail (if any), and its label.
MOVES = {
    Status.IN_REVIEW: (NoteForm, None, _("Start review")),
    Status.NEEDS_INFORMATION: (
        AskForInformationForm,
        ApplicantEmailTemplate.Kind.NEEDS_INFORMATION,
        _("Ask for more information"),
    ),
    Status.ACCEPTED: (AcceptForm, ApplicantEmailTemplate.Kind.ACCEPTED, _("Accept")),
    Status.DECLINED: (DeclineForm, ApplicantEmailTemplate.Kind.DECLINED, _("Decline")),
    Status.VISITED: (NoteForm, None, _("Mark as visited")),
    Status.CANCELLED: (CancelForm, ApplicantEmailTemplate.Kind.CANCELLED, _("Cancel the visit")),
    # Not a status: the accepted visit stays accepted, on another date.
    RESCHEDULE: (AcceptForm, ApplicantEmailTemplate.Kind.RESCHEDULED, _("Move the visit")),
}
# Fields whose text goes to the applicant exactly as typed.
VERBATIM_FIELDS = ("visit_place", "host_department", "reason", "request")


def possible_moves(application):
    """The moves staff may make now, as (key, label), in the Status list's order."""
    moves = [(status, MOVES[status][2]) for status in workflow.allowed_moves(application)]
    if application.is_accepted:
        moves.insert(0, (RESCHEDULE, MOVES[RESCHEDULE][2]))
    return moves


def can_make(application, to):
    if to == RESCHEDULE:
        return application.is_accepted
    return to in MOVES and workflow.can_move(application, to)


def perform_move(application, to, data, *, user, subject=None, body=None):
    if to == Status.IN_REVIEW:
        return workflow.start_review(application, changed_by=user, note=data["note"])
    if to == Status.VISITED:
        return workflow.mark_visited(application, changed_by=user, note=data["note"])
    if to == Status.NEEDS_INFORMATION:
        return workflow.ask_for_information(
            application, changed_by=user, request=data["request"], subject=subject, body=body
        )
    if to == RESCHEDULE:
        return workflow.reschedule(
            application,
            changed_by=user,
            visit_on=data["visit_on"],
            visit_slot=data["visit_slot"],
            visit_place=data["visit_place"],
            host_department=data["host_department"],
            subject=subject,
            body=body,
            despite_warnings=data["confirm_anyway"],
        )
    if to == Status.CANCELLED:
        return workflow.cancel(
            application, changed_by=user, reason=data["reason"], subject=subject, body=body
        )
    if to == Status.ACCEPTED:
        return workflow.accept(
            application,
            decided_by=user,
            visit_on=data["visit_on"],
            visit_slot=data["visit_slot"],
            visit_place=data["visit_place"],
            host_department=data["host_department"],
            subject=subject,
            body=body,
            # Staff saw the calendar warnings and ticked the box: their decision counts.
            despite_warnings=data["confirm_anyway"],
        )
    return workflow.decline(
        application, decided_by=user, reason=data["reason"], subject=subject, body=body
    )


def check_the_calendar():
    return gettext("Check the calendar warning, then tick this box to accept anyway.")


def draft_changes(to, data):
    """The form's answers under the names the message placeholders use."""
    if to in (Status.ACCEPTED, RESCHEDULE):
        return {
            key: data[key] for key in ("visit_on", "visit_slot", "visit_place", "host_department")
        }
    if to in (Status.DECLINED, Status.CANCELLED):
        return {"reason": data["reason"]}
    if to == Status.NEEDS_INFORMATION:
        return {"request": data["request"]}
    return {}


# --- Applications --------------------------------------------------------------------

APPLICANT_FIELDS = (
    "reference",
    "status",
    "submitted_at",
    "language",
    # The partner by name: a link would lead coordinators to a page they may not open.
    *("partner_name" if name == "partner" else name for name in VisitApplication.ANSWER_FIELDS),
    "consented_at",
)
DECISION_FIELDS = (
    "reply_received_at",
    "reply_due_on",
    "visit_on",
    "visit_slot",
    "visit_place",
    "host_department",
    "decline_reason",
    "decided_on",
    "closed_at",
    "personal_data_removed_at",
)


@admin.register(VisitApplication)
class VisitApplicationAdmin(CappedCountAdminMixin, admin.ModelAdmin):
    list_display = (
        "reference",
        "organisation_name",
        "country",
        "headcount",
        "status_and_reply",
        "handled_by",
        "reply_due",
        "when",
    )
    list_filter = (
        "status",
        AssigneeFilter,
        ("country", CountryFilter),
        VisitMonthFilter,
        OverdueFilter,
    )
    search_fields = ("=reference", "organisation_name", "contact_name", "contact_email")
    list_select_related = ("handled_by",)
    list_per_page = 50
    actions = ("assign_to_me", "assign_to")
    fieldsets = (
        (_("Handling"), {"fields": ("handled_by",)}),
        (_("Decision"), {"fields": DECISION_FIELDS}),
        (_("The applicant's answers"), {"fields": APPLICANT_FIELDS}),
    )
    readonly_fields = APPLICANT_FIELDS + DECISION_FIELDS
    inlines = (
        InternalNoteInline,
        StatusChangeInline,
        MessageInline,
        DelegationReplyInline,
        DelegationMemberInline,
        DocumentInline,
    )
    change_form_template = "admin/visits/visitapplication/change_form.html"

    def has_add_permission(self, request):
        # Applications come from the public form only.
        return False

    def has_delete_permission(self, request, obj=None):
        # Removal of personal data is purge_visits' job, with its deletion log.
        return False

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        term = search_term.strip()
        if term.isdigit() and len(term) <= 6:
            # "0004" finds VA-2026-0004: staff quote the number, not the whole reference.
            queryset |= self.model.objects.filter(reference__endswith=f"-{term.zfill(4)}")
        return queryset, may_have_duplicates

    @admin.display(description=_("partner city you are linked with"))
    def partner_name(self, application):
        return str(application.partner) if application.partner_id else "-"

    @admin.display(description=_("status"), ordering="status")
    def status_and_reply(self, application):
        if application.reply_received_at:
            return format_html(
                '{} <strong class="reply-received">{}</strong>',
                application.get_status_display(),
                gettext("reply received"),
            )
        return application.get_status_display()

    @admin.display(description=_("date"))
    def when(self, application):
        """The visit date once decided, the first preferred date while still open."""
        if application.visit_on and application.status in VisitApplication.VISIT_STATUSES:
            return date_format(application.visit_on, "DATE_FORMAT")
        if application.status in VisitApplication.PROPOSING_STATUSES:
            return format_html(
                "{} {}",
                gettext("preferred:"),
                date_format(application.first_choice_on, "DATE_FORMAT"),
            )
        return "-"

    @admin.display(description=_("reply due"), ordering="reply_due_on")
    def reply_due(self, application):
        # Only while the division owes an answer: a closed one's due date is noise.
        if application.reply_due_on is None or not application.is_awaiting_reply:
            return "-"
        when = date_format(application.reply_due_on, "DATE_FORMAT")
        if application.is_overdue(on=timezone.localdate()):
            # A word, not colour alone, marks the overdue ones.
            return format_html('<strong class="overdue">{} {}</strong>', gettext("Overdue:"), when)
        return when

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "handled_by":
            kwargs["queryset"] = coordinators()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if "handled_by" in form.changed_data:
            # Through the workflow, so the history says who handed it to whom.
            handled_by = obj.handled_by
            obj.handled_by_id = form.initial.get("handled_by")
            workflow.assign(obj, handled_by=handled_by, changed_by=request.user)

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for instance in instances:
            if isinstance(instance, InternalNote) and instance.pk is None:
                instance.written_by = request.user
            instance.save()
        formset.save_m2m()

    @admin.action(description=_("Assign to me"), permissions=["change"])
    def assign_to_me(self, request, queryset):
        with transaction.atomic():
            for application in queryset.select_related("handled_by"):
                workflow.assign(application, handled_by=request.user, changed_by=request.user)
        self.message_user(request, gettext("Assigned to you."), messages.SUCCESS)

    @admin.action(description=_("Assign to…"), permissions=["change"])
    def assign_to(self, request, queryset):
        users = coordinators()
        if "apply" in request.POST:
            user = users.filter(pk=request.POST.get("user") or 0).first()
            if user is None:
                self.message_user(request, gettext("Choose a coordinator."), messages.ERROR)
            else:
                with transaction.atomic():
                    for application in queryset:
                        workflow.assign(application, handled_by=user, changed_by=request.user)
                self.message_user(
                    request,
                    gettext("Assigned to %(name)s.") % {"name": user.get_full_name() or user},
                    messages.SUCCESS,
                )
                return None
        return TemplateResponse(
            request,
            "admin/visits/visitapplication/assign_to.html",
            {
                **self.admin_site.each_context(request),
                "title": gettext("Assign applications"),
                "applications": queryset,
                "users": users,
                "opts": self.model._meta,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )

    def get_urls(self):
        return [
            path(
                "<int:pk>/move/<str:to>/",
                self.admin_site.admin_view(self.move_view),
                name="visits_visitapplication_move",
            ),
            path(
                "<int:pk>/assign-to-me/",
                self.admin_site.admin_view(self.assign_to_me_view),
                name="visits_visitapplication_assign_to_me",
            ),
            path(
                "<int:pk>/reply-read/",
                self.admin_site.admin_view(self.reply_read_view),
                name="visits_visitapplication_reply_read",
            ),
            path(
                "export.<str:file_format>",
                self.admin_site.admin_view(self.export_view),
                name="visits_visitapplication_export",
            ),
            *super().get_urls(),
        ]

    def has_export_permission(self, request):
        return request.user.has_perm("visits.export_visitapplication")

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "can_export": self.has_export_permission(request)}
        return super().changelist_view(request, extra_context)

    def export_view(self, request, file_format):
        """The applications the list shows (its filters and search), as CSV or XLSX.

        In the staff member's language, typed for Excel (visits/exports.py), read a chunk
        at a time: a year of applications never sits in memory.
        """
        if not self.has_export_permission(request):
            raise PermissionDenied
        if file_format not in ("csv", "xlsx"):
            raise Http404
        queryset = self.get_changelist_instance(request).get_queryset(request)
        filename = f"visit-applications-{timezone.localdate():%Y%m%d}.{file_format}"
        if file_format == "csv":
            response = StreamingHttpResponse(
                exports.stream_csv(queryset), content_type="text/csv; charset=utf-8"
            )
            return download_headers(response, filename=filename)
        # send_file closes the file once sent.
        workbook = tempfile.SpooledTemporaryFile(max_size=16 * 1024 * 1024)  # noqa: SIM115
        exports.write_xlsx(workbook, queryset)
        workbook.seek(0)
        return send_file(workbook, filename=filename)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        application = self.get_object(request, object_id)
        extra_context = extra_context or {}
        if application is not None and self.has_change_permission(request, application):
            extra_context["moves"] = possible_moves(application)
            extra_context["can_assign_to_me"] = (
                application.is_open and application.handled_by_id != request.user.pk
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        """The history button: the application's workflow history, not Django's log."""
        application = self.get_object(request, object_id)
        if application is None or not self.has_view_or_change_permission(request, application):
            raise Http404
        changes = application.status_changes.select_related("changed_by")
        rows = [
            (
                change.changed_at,
                history.who(change),
                change.get_status_display(),
                history.lines(change),
            )
            for change in changes
        ]
        return TemplateResponse(
            request,
            "admin/visits/visitapplication/history.html",
            {
                **self.admin_site.each_context(request),
                "title": gettext("History of %(application)s") % {"application": application},
                "application": application,
                "original": application,
                "opts": self.model._meta,
                "rows": rows,
            },
        )

    def _back_to(self, application):
        return HttpResponseRedirect(
            reverse("admin:visits_visitapplication_change", args=[application.pk])
        )

    def assign_to_me_view(self, request, pk):
        """One click on the application: it is mine now (POST only)."""
        application = get_object_or_404(VisitApplication.objects.all(), pk=pk)
        if request.method != "POST" or not self.has_change_permission(request, application):
            raise Http404
        workflow.assign(application, handled_by=request.user, changed_by=request.user)
        self.message_user(request, gettext("Assigned to you."), messages.SUCCESS)
        return self._back_to(application)

    def reply_read_view(self, request, pk):
        """Staff read the delegation's reply and need no other step now (POST only)."""
        application = get_object_or_404(VisitApplication.objects.all(), pk=pk)
        if request.method != "POST" or not self.has_change_permission(request, application):
            raise Http404
        workflow.acknowledge_reply(application, changed_by=request.user)
        return self._back_to(application)

    def _initial_for_visit(self, request, application):
        """Accepting starts from a preferred date (the first, or the one staff picked);
        moving a visit starts from where it is now."""
        if application.is_accepted:
            return {
                "visit_on": application.visit_on,
                "visit_slot": application.visit_slot_id,
                "visit_place": application.visit_place,
                "host_department": application.host_department,
            }
        choice = request.GET.get("choice", "first")
        if choice not in ("first", "second", "third") or not getattr(
            application, f"{choice}_choice_on"
        ):
            choice = "first"
        return {
            "visit_on": getattr(application, f"{choice}_choice_on"),
            "visit_slot": getattr(application, f"{choice}_choice_slot_id"),
        }

    def move_view(self, request, pk, to):
        """Move an application: the move's form, then (for mail) the preview, then send."""
        application = get_object_or_404(VisitApplication.objects.all(), pk=pk)
        if not self.has_change_permission(request, application):
            raise Http404
        if not can_make(application, to):
            self.message_user(
                request, gettext("This step is not possible in the current status."), messages.ERROR
            )
            return self._back_to(application)
        form_class, mail_kind, label = MOVES[to]
        visit_form = to in (Status.ACCEPTED, RESCHEDULE)
        form = form_class(request.POST or None)
        message_form = None
        warnings = []
        stage = "form"
        going_back = "back" in request.POST
        if request.method == "POST" and form.is_valid() and not going_back:
            data = form.cleaned_data
            if visit_form and "send" not in request.POST:
                # Shown before the preview; on sending, the workflow checks them itself.
                warnings = calendar.acceptance_warnings(
                    visit_on=data["visit_on"], visit_slot=data["visit_slot"], exclude=application
                )
            if warnings and not data["confirm_anyway"]:
                stage = "form"
                form.add_error("confirm_anyway", check_the_calendar())
            elif mail_kind is None or "send" in request.POST:
                message_form = MessageFields(request.POST) if mail_kind else None
                if message_form is None or message_form.is_valid():
                    message = message_form.cleaned_data if message_form else {}
                    try:
                        perform_move(
                            application,
                            to,
                            data,
                            user=request.user,
                            subject=message.get("subject"),
                            body=message.get("body"),
                        )
                    except workflow.StatusChangeNotAllowed:
                        self.message_user(
                            request,
                            gettext("Someone else changed this application first."),
                            messages.ERROR,
                        )
                    except workflow.CalendarConflict as conflict:
                        # The calendar changed after the form was checked: staff decide again.
                        warnings = conflict.warnings
                        form.add_error("confirm_anyway", check_the_calendar())
                    else:
                        self.message_user(request, gettext("Done: %(step)s.") % {"step": label})
                    if not form.has_error("confirm_anyway"):
                        return self._back_to(application)
                else:
                    stage = "preview"
            else:
                subject, body = emails.draft_message(
                    application, kind=mail_kind, **draft_changes(to, data)
                )
                message_form = MessageFields(initial={"subject": subject, "body": body.strip()})
                stage = "preview"
        if visit_form and request.method == "GET":
            form = form_class(initial=self._initial_for_visit(request, application))
        return TemplateResponse(
            request,
            "admin/visits/visitapplication/move.html",
            {
                **self.admin_site.each_context(request),
                "title": f"{label}: {application}",
                "application": application,
                "opts": self.model._meta,
                "original": application,
                "form": form,
                "message_form": message_form,
                "stage": stage,
                "warnings": warnings,
                "label": label,
                "mail_kind": mail_kind,
                "language": application.get_reply_language_display(),
                "summary": decision_summary(form) if stage == "preview" else [],
                "envelope": emails.envelope(application) if mail_kind else None,
                "verbatim": [form[name] for name in VERBATIM_FIELDS if name in form.fields],
                "choices": preferred_choices(application) if to == Status.ACCEPTED else [],
            },
        )


def decision_summary(form):
    """The decision as staff read it before sending: labels, dates and times, not ids."""
    summary = []
    for name, value in form.cleaned_data.items():
        if name == "confirm_anyway":
            continue
        if isinstance(value, datetime.date):
            value = date_format(value, "DATE_FORMAT")
        summary.append((form.fields[name].label, value or "-"))
    return summary


def preferred_choices(application):
    """The delegation's preferred dates with their times, to pick one when accepting."""
    choices = []
    for position, label in (
        ("first", _("first preferred date")),
        ("second", _("second preferred date")),
        ("third", _("third preferred date")),
    ):
        day = getattr(application, f"{position}_choice_on")
        if day:
            slot = getattr(application, f"{position}_choice_slot")
            choices.append((position, label, date_format(day, "DATE_FORMAT"), slot))
    return choices


# --- What staff set ------------------------------------------------------------------


class TranslatedHistoryAdmin(TabbedTranslationAdmin, SimpleHistoryAdmin):
    pass


@admin.register(ApplicantEmailTemplate)
class ApplicantEmailTemplateAdmin(TranslatedHistoryAdmin):
    list_display = ("kind", "subject")


@admin.register(VisitRules)
class VisitRulesAdmin(TranslatedHistoryAdmin):
    def has_add_permission(self, request):
        return not VisitRules.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(TimeSlot)
class TimeSlotAdmin(TranslatedHistoryAdmin):
    list_display = ("name", "starts_at", "ends_at", "order", "active")


@admin.register(BlackoutPeriod)
class BlackoutPeriodAdmin(TranslatedHistoryAdmin):
    list_display = ("reason", "starts_on", "ends_on")


@admin.register(VisitTopic)
class VisitTopicAdmin(TranslatedHistoryAdmin):
    list_display = ("name", "order", "active")


@admin.register(DeletionLogEntry)
class DeletionLogEntryAdmin(admin.ModelAdmin):
    list_display = ("reference", "removed_at", "records_removed", "files_removed")
    search_fields = ("=reference",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
