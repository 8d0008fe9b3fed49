"""The public visit application form, with its member rows and its files.

Every rule is checked here, on the server, whatever the browser already checked
(static/js/visit-form.js shows the same rules as the delegation types).
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import ErrorDict
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from cities.forms import PartnerField
from cities.models import Partner
from office.forms import RecordChoiceField, RecordsChoiceField
from visits import files, rules, uploads
from visits.models import DelegationReply, TimeSlot, VisitApplication, VisitTopic

MEMBER_ROWS = 5  # empty rows shown without JavaScript; more come from a spreadsheet or JS


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one input (Django's documented recipe)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class MemberForm(forms.Form):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    name = forms.CharField(
        label=_("Name"),
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    organisation = forms.CharField(
        label=_("Organisation"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def clean(self):
        cleaned = super().clean()
        if (cleaned.get("organisation") or cleaned.get("title")) and not cleaned.get("name"):
            self.add_error("name", _("Please give this member's name."))
        return cleaned


MemberFormSet = forms.formset_factory(
    MemberForm, extra=MEMBER_ROWS, max_num=100, absolute_max=100, validate_max=True
)

DJANGO_DEFAULTS = {
    "required": forms.Field.default_error_messages["required"],
    "invalid_choice": forms.ChoiceField.default_error_messages["invalid_choice"],
}
SUBMISSION_KEY = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


class ApplicationForm(forms.ModelForm):
    """A delegation's application, checked against the rules staff set (VisitRules)."""

    member_list = forms.FileField(
        label=_("Member list as a spreadsheet"),
        required=False,
        help_text=_(
            "Optional, instead of or as well as the rows above: a CSV or Excel (.xlsx) file "
            "with the columns name, organisation, title. A person both typed above and in "
            "the file counts once, as typed above."
        ),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".csv,.xlsx,text/csv,application/vnd.ms-excel"}
        ),
    )
    documents = MultipleFileField(
        label=pgettext_lazy("visit", "Documents"),
        required=False,
        help_text=files.quoting_limits(
            _(
                "For example an agenda or a letter of introduction: up to %(count)s files "
                "of at most %(megabytes)s MB each, as PDF, JPEG, PNG, Word or Excel."
            )
        ),
        widget=MultipleFileInput(attrs={"accept": files.DOCUMENT_PICKER}),
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that the city uses the personal data in this form as the privacy "
            "notice explains."
        ),
        error_messages={"required": _("Please agree to the privacy notice to apply.")},
    )
    submission_key = forms.CharField(widget=forms.HiddenInput, max_length=64)
    # A honeypot: hidden from people, filled in by form-filling robots.
    nickname = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    class Meta:
        model = VisitApplication
        fields = list(VisitApplication.ANSWER_FIELDS)
        # Keys a visitor sends are checked before any query (office/forms.py).
        field_classes = {
            "first_choice_slot": RecordChoiceField,
            "second_choice_slot": RecordChoiceField,
            "third_choice_slot": RecordChoiceField,
            "partner": PartnerField,
            "topics": RecordsChoiceField,
        }
        labels = {
            "first_choice_slot": _("Time (first date)"),
            "second_choice_slot": _("Time (second date)"),
            "third_choice_slot": _("Time (third date)"),
        }
        widgets = {
            "organisation_name": forms.TextInput(attrs={"autocomplete": "organization"}),
            "organisation_kind": forms.RadioSelect,
            "country": forms.Select(attrs={"autocomplete": "country"}),
            "website": forms.URLInput(
                attrs={"autocomplete": "url", "inputmode": "url", "placeholder": "https://"}
            ),
            "leader_name": forms.TextInput(attrs={"autocomplete": "off"}),
            "leader_title": forms.TextInput(attrs={"autocomplete": "off"}),
            "contact_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "contact_email": forms.EmailInput(
                attrs={"autocomplete": "email", "inputmode": "email"}
            ),
            "contact_phone": forms.TextInput(
                attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}
            ),
            "reply_language": forms.RadioSelect,
            "headcount": forms.NumberInput(attrs={"inputmode": "numeric", "min": 1}),
            "interpreter": forms.RadioSelect,
            "first_choice_on": DateInput,
            "second_choice_on": DateInput,
            "third_choice_on": DateInput,
            "purpose": forms.Textarea(attrs={"rows": 4}),
            "topics": forms.CheckboxSelectMultiple,
            "other_topics": forms.Textarea(attrs={"rows": 2}),
            "arrival": forms.TextInput(attrs={"autocomplete": "off"}),
        }
        help_texts = {
            "website": _("Optional."),
            "arrival": _("For example: by car from Narita Airport, or by the Tsukuba Express."),
            "contact_phone": _("With the country code, for example +82 2 123 4567."),
        }

    def __init__(self, *args, visit_rules, today, resumed=False, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.resumed = resumed
        self._use_own_messages()
        self.visit_rules = visit_rules
        self.today = today
        self.blackouts = rules.blackout_periods(today=today)
        self.members = MemberFormSet(self.data or None, prefix="members")
        # Files kept from an earlier post of this very form (visits/uploads.py).
        self.kept_files = uploads.kept(
            form_key=self.data.get("submission_key", ""),
            keys=self.data.getlist("kept_files") if hasattr(self.data, "getlist") else [],
        )
        self.passed_uploads = []  # new files that passed their checks, to keep if needed
        self.member_rows = []
        self.is_spam = bool(self.data.get("nickname"))
        slots = TimeSlot.objects.filter(active=True)
        for field_name in ("first_choice_slot", "second_choice_slot", "third_choice_slot"):
            self.fields[field_name].queryset = slots
            self.fields[field_name].empty_label = _("Choose a time")
        self.fields["topics"].queryset = VisitTopic.objects.filter(active=True)
        self.fields["partner"].queryset = Partner.objects.in_directory().order_by("name")
        self.fields["partner"].empty_label = _("None")
        self.fields["partner"].required = False
        self.fields["country"].choices = [("", _("Choose a country"))] + [
            choice for choice in self.fields["country"].choices if choice[0]
        ]
        self.fields["organisation_kind"].choices = VisitApplication.OrganisationKind.choices
        self.fields["interpreter"].choices = VisitApplication.Interpreter.choices
        self.fields["reply_language"].choices = VisitApplication.Language.choices
        self.earliest = rules.first_possible_day(
            rules=visit_rules, blackouts=self.blackouts, today=today
        )
        self.latest = rules.latest_visit_day(rules=visit_rules, today=today)
        for field_name in ("first_choice_on", "second_choice_on", "third_choice_on"):
            self.fields[field_name].widget.attrs["min"] = self.earliest.isoformat()
            self.fields[field_name].widget.attrs["max"] = self.latest.isoformat()
        self.fields["headcount"].widget.attrs["max"] = visit_rules.maximum_group_size
        if not self.is_bound:
            self.initial.setdefault("reply_language", (get_language() or "ja")[:2])
        self._describe_file_limits()
        if resumed:
            self.without_errors()

    def _use_own_messages(self):
        """The product's own words instead of Django's defaults, as a delegation reads them."""
        own = {
            "required": _("Please answer this question."),
            "invalid_choice": _("Please choose one of the answers offered."),
        }
        for field in self.fields.values():
            for code, message in own.items():
                # A message of the field's own (the consent's) stays.
                if str(field.error_messages.get(code)) == str(DJANGO_DEFAULTS[code]):
                    field.error_messages[code] = message
        self.fields["contact_email"].error_messages["invalid"] = _(
            "Please give an email address such as name@city.example."
        )
        self.fields["website"].error_messages["invalid"] = _(
            "Please give a web address such as https://www.city.example."
        )
        self.fields["headcount"].error_messages.update(
            {
                "invalid": _("Please give the number of visitors as a whole number."),
                "min_value": _("At least one person visits: please give 1 or more."),
            }
        )
        for position in rules.CHOICES:
            self.fields[f"{position}_choice_on"].error_messages["invalid"] = _(
                "Please give a date such as 2027-04-13."
            )

    def _describe_file_limits(self):
        """The server's limits on files, for static/js/visit-form.js to check a file as it
        is chosen: nothing large or of the wrong type travels over a roaming connection."""
        self.fields["documents"].widget.attrs.update(
            {
                "data-max-bytes": files.MAX_DOCUMENT_BYTES,
                "data-max-count": files.MAX_DOCUMENTS,
                "data-extensions": files.DOCUMENT_PICKER,
                "data-too-large": files.message_for_the_browser(files.TOO_LARGE),
                "data-wrong-type": files.message_for_the_browser(files.WRONG_TYPE),
                "data-too-many": files.message_for_the_browser(files.TOO_MANY),
            }
        )
        self.fields["member_list"].widget.attrs.update(
            {
                "data-max-bytes": files.MAX_MEMBER_LIST_BYTES,
                "data-extensions": ".csv,.txt,.xlsx",
                "data-too-large": files.message_for_the_browser(files.LIST_TOO_LARGE),
                "data-wrong-type": str(files.NOT_A_MEMBER_LIST),
                "data-preview-url": reverse("visits:member_list_preview"),
            }
        )

    def without_errors(self):
        """Show the answers as they are, unchecked: a saved form brought back, or a form
        saved half way. Checking waits until the form is sent."""
        self._errors = ErrorDict()
        self.cleaned_data = {}
        self.members._errors = []
        self.members._non_form_errors = self.members.error_class()
        for member in self.members.forms:
            member._errors = ErrorDict()
            member.cleaned_data = {}

    def is_valid(self):
        members_valid = self.members.is_valid()
        return super().is_valid() and members_valid

    def clean_submission_key(self):
        key = self.cleaned_data["submission_key"]
        if not SUBMISSION_KEY.match(key):
            raise ValidationError(_("The form has expired. Please send it again."))
        return key

    @property
    def kept_documents(self):
        return [kept for kept in self.kept_files if kept.kind == uploads.Kind.DOCUMENT]

    @property
    def kept_member_lists(self):
        """The member list kept, as a list of one (a new one replaces it), or none."""
        lists = [kept for kept in self.kept_files if kept.kind == uploads.Kind.MEMBER_LIST]
        return lists[-1:]

    @property
    def kept_member_list(self):
        return (self.kept_member_lists or [None])[0]

    def clean_documents(self):
        uploaded = self.cleaned_data.get("documents") or []
        if len(uploaded) + len(self.kept_documents) > files.MAX_DOCUMENTS:
            raise ValidationError(files.TOO_MANY, params={"count": files.MAX_DOCUMENTS})
        problems = []
        for item in uploaded:
            try:
                files.check_document(item)
            except ValidationError as error:
                problems.extend(error.messages)
            else:
                self.passed_uploads.append((item, uploads.Kind.DOCUMENT))
        if problems:
            raise ValidationError(problems)
        return uploaded + [uploads.as_uploaded(kept) for kept in self.kept_documents]

    def clean_member_list(self):
        uploaded = self.cleaned_data.get("member_list")
        if uploaded:
            self.member_rows_from_file = files.read_member_list(uploaded)
            self.passed_uploads.append((uploaded, uploads.Kind.MEMBER_LIST))
        elif self.kept_member_list:
            self.member_rows_from_file = uploads.check(self.kept_member_list)
        return uploaded

    def keep_files(self):
        """Keep the new files that passed their checks, for the form sent back to be fixed."""
        key = self.data.get("submission_key", "")
        if not SUBMISSION_KEY.match(key):
            return
        if any(kind == uploads.Kind.MEMBER_LIST for _file, kind in self.passed_uploads):
            # A new member list replaces the one kept before.
            self.kept_files = [
                kept for kept in self.kept_files if kept is not self.kept_member_list
            ]
        for uploaded, kind in self.passed_uploads:
            self.kept_files.append(uploads.keep(uploaded, form_key=key, kind=kind))
        self.passed_uploads = []

    def clean(self):
        cleaned = super().clean()
        self.member_rows = self._collect_members()
        problems = rules.application_problems(
            cleaned,
            member_count=len(self.member_rows),
            rules=self.visit_rules,
            blackouts=self.blackouts,
            offered_slots=list(self.fields["first_choice_slot"].queryset),
            today=self.today,
        )
        for field, messages in problems.items():
            self.add_error(field, messages)
        return cleaned

    def _collect_members(self):
        rows = []
        if self.members.is_valid():
            rows = [
                {key: row.get(key, "") for key in ("name", "organisation", "title")}
                for row in self.members.cleaned_data
                if row.get("name")
            ]
        return files.combine_members(rows, getattr(self, "member_rows_from_file", []))

    def answers(self):
        """The application's own fields, for visits.services.submit."""
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name in self._meta.fields and name != "topics"
        }

    def error_summary(self):
        """Every error with the id of the field it belongs to, for the summary at the top."""
        summary = []
        for name, errors in self.errors.items():
            field_id, label = "", ""
            if name in self.fields:
                bound = self[name]
                label = bound.label
                # A group of radio buttons or checkboxes is reached at its first option.
                field_id = bound.id_for_label or (f"{bound.auto_id}_0" if bound.auto_id else "")
            for message in errors:
                summary.append({"id": field_id, "label": label, "message": message})
        for index, member_errors in enumerate(self.members.errors):
            for name, errors in member_errors.items():
                bound = self.members.forms[index][name]
                for message in errors:
                    summary.append(
                        {"id": bound.id_for_label, "label": bound.label, "message": message}
                    )
        for message in self.members.non_form_errors():
            summary.append({"id": "", "label": "", "message": message})
        return summary


class ReplyForm(forms.Form):
    """A message to the division, written on the status page (an answer to its questions)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    text = forms.CharField(
        label=pgettext_lazy("to the division", "Your message"),
        max_length=DelegationReply.MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=format_lazy(
            _("At most {count} characters. The division reads it in the coming days."),
            count=DelegationReply.MAX_LENGTH,
        ),
        error_messages={
            "required": _("Please write your message."),
            "max_length": _("Please shorten the message to %(limit_value)d characters."),
        },
    )


class DocumentForm(forms.Form):
    """One more document, added on the status page."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    file = forms.FileField(
        label=_("Document"),
        help_text=files.quoting_limits(
            _("PDF, JPEG, PNG, Word or Excel, at most %(megabytes)s MB.")
        ),
        widget=forms.ClearableFileInput(attrs={"accept": files.DOCUMENT_PICKER}),
    )

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        files.check_document(uploaded)
        return uploaded
