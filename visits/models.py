"""Visit applications from overseas delegations, and the settings staff keep for them.

The public form (visits/forms.py) and the staff workflow (visits/services.py, admin.py)
both work on these models; status changes go through services, never through save().
"""

import datetime
import secrets
from typing import NamedTuple

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.template import TemplateSyntaxError
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.formats import date_format
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext, pgettext_lazy
from django_countries.fields import CountryField


def new_status_token():
    # 32 bytes: 256 bits of randomness, far beyond guessing; never the reference number.
    return secrets.token_urlsafe(32)


class VisitRulesQuerySet(models.QuerySet):
    def with_readiness(self):
        """The rules, knowing in the same query whether a time slot is offered and a
        visit coordinator has an address (see visits.rules.missing_for_applications)."""
        from office.groups import VISIT_COORDINATOR, members

        return self.annotate(
            has_active_time_slot=models.Exists(TimeSlot.objects.filter(active=True)),
            has_coordinator_address=models.Exists(members(VISIT_COORDINATOR).exclude(email="")),
        )


class VisitRules(models.Model):
    """The rules for visits that staff set in the admin (one record).

    They are published on the rules page and checked on the form and on the server.
    """

    minimum_lead_days = models.PositiveSmallIntegerField(
        _("minimum notice in days"),
        default=30,
        help_text=_("How many days ahead of the visit an application must arrive."),
    )
    maximum_group_size = models.PositiveSmallIntegerField(
        _("largest group"), default=20, validators=[MinValueValidator(1)]
    )
    maximum_pending_per_email = models.PositiveSmallIntegerField(
        _("open applications per email address"),
        default=3,
        validators=[MinValueValidator(1)],
        help_text=_("How many open applications one contact email address may have."),
    )
    visits_per_day = models.PositiveSmallIntegerField(
        _("visits a day"),
        default=2,
        validators=[MinValueValidator(1)],
        help_text=_("How many delegations the division can receive on one day."),
    )
    reply_within_working_days = models.PositiveSmallIntegerField(
        _("reply within (working days)"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    notification_email = models.EmailField(
        _("notify this address of new applications"),
        blank=True,
        help_text=_("Leave blank to notify every member of the Visit coordinator group."),
    )
    booking_horizon_months = models.PositiveSmallIntegerField(
        _("furthest ahead in months"),
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(36)],
        help_text=_("How many months ahead a delegation can propose a visit date."),
    )
    explanation = models.TextField(
        _("explanation"),
        blank=True,
        help_text=_("Shown on the rules page above the list of rules."),
    )

    objects = VisitRulesQuerySet.as_manager()

    class Meta:
        verbose_name = _("rules for visits")
        verbose_name_plural = _("rules for visits")

    def __str__(self):
        return str(self._meta.verbose_name)

    def save(self, *args, **kwargs):
        self.pk = 1  # one set of rules
        super().save(*args, **kwargs)

    @classmethod
    def current(cls):
        rules = cls.objects.with_readiness().filter(pk=1).first()
        if rules is None:
            cls.objects.get_or_create(pk=1)
            rules = cls.objects.with_readiness().get(pk=1)
        return rules


class TimeSlot(models.Model):
    """A part of the day in which a delegation can be received ("Morning, 10:00-12:00")."""

    name = models.CharField(_("name"), max_length=100)
    starts_at = models.TimeField(_("starts at"))
    ends_at = models.TimeField(_("ends at"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("offered on the form"), default=True)

    class Meta:
        ordering = ["order", "starts_at"]
        verbose_name = _("time slot")
        verbose_name_plural = _("time slots")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="time_slot_ends_after_it_starts",
                violation_error_message=_("A time slot must end after it starts."),
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.starts_at:%H:%M}-{self.ends_at:%H:%M})"


class BlackoutPeriodQuerySet(models.QuerySet):
    def between(self, first, last):
        """[(period, first day, last day)] of every closure falling between `first` and
        `last`, a yearly one in each year it falls (the New Year closure of 2031 too)."""
        candidates = self.filter(
            models.Q(repeats_every_year=True) | models.Q(starts_on__lte=last, ends_on__gte=first)
        )
        return [
            (period, starts, ends)
            for period in candidates
            for starts, ends in period.occurrences(first, last)
        ]


class BlackoutPeriod(models.Model):
    """Days on which no visit is received (year-end, city council sessions)."""

    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    reason = models.CharField(_("reason"), max_length=200)
    repeats_every_year = models.BooleanField(
        _("repeats every year"),
        default=False,
        help_text=_(
            "On the same days every year, such as the New Year closure from 29 December "
            "to 3 January; the year of the dates above does not matter."
        ),
    )

    objects = BlackoutPeriodQuerySet.as_manager()

    class Meta:
        ordering = ["starts_on"]
        verbose_name = _("blackout period")
        verbose_name_plural = _("blackout periods")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="blackout_ends_on_or_after_it_starts",
                violation_error_message=_("The last day cannot be before the first day."),
            )
        ]

    def __str__(self):
        return f"{self.reason} ({self.starts_on} - {self.ends_on})"

    def occurrences(self, first, last):
        """(first day, last day) of each time the period falls between `first` and `last`:
        once for a one-off period, every year for a yearly one."""
        if not self.repeats_every_year:
            if self.starts_on <= last and self.ends_on >= first:
                return [(self.starts_on, self.ends_on)]
            return []
        length = self.ends_on - self.starts_on
        found = []
        for year in range(first.year - 1, last.year + 1):
            try:
                starts = self.starts_on.replace(year=year)
            except ValueError:  # 29 February in a common year
                starts = self.starts_on.replace(year=year, day=28)
            if starts > datetime.date.max - length:  # the very last year a date can hold
                break
            ends = starts + length
            if starts <= last and ends >= first:
                found.append((starts, ends))
        return found

    def occurrence_on(self, day):
        """The (first day, last day) of the period that covers `day`, or None."""
        found = self.occurrences(day, day)
        return found[0] if found else None


class VisitTopic(models.Model):
    """A city project or topic delegations can ask to see (staff-maintained, translated)."""

    name = models.CharField(_("name"), max_length=150)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("offered on the form"), default=True)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("visit topic")
        verbose_name_plural = _("visit topics")

    def __str__(self):
        return self.name


class Answer(NamedTuple):
    """A question of the public form, and where its answer goes besides the application."""

    name: str
    # Names or describes people, or is free text that may: blanked by purge_visits.
    personal: bool = False
    # The export's columns for it: None for one column of the same name, () for none.
    columns: tuple | None = None
    # Written on the line of the answer before it in a summary (a date's time slot).
    joins_previous: bool = False


class VisitApplicationQuerySet(models.QuerySet):
    def open(self):
        """Applications still in progress: the delegation may add documents or withdraw."""
        return self.filter(status__in=VisitApplication.OPEN_STATUSES)

    def awaiting_reply(self):
        """New or in review: the division owes an answer (not the applicant)."""
        return self.filter(status__in=VisitApplication.AWAITING_REPLY_STATUSES)

    def reply_received(self):
        """The delegation answered and staff have not made their next move yet (a
        withdrawn application needs none)."""
        return self.open().filter(reply_received_at__isnull=False)

    def waiting_for_delegation(self):
        """Staff asked for more information and no answer has come yet."""
        return self.filter(
            status=VisitApplication.Status.NEEDS_INFORMATION, reply_received_at__isnull=True
        )

    def overdue(self, *, on):
        """Awaiting the division's reply, which was due before `on`."""
        return self.awaiting_reply().filter(reply_due_on__lt=on)

    def visits(self):
        """Accepted or visited: the delegations that come (or came) on their visit date."""
        return self.filter(status__in=VisitApplication.VISIT_STATUSES)

    def proposing(self):
        """Not yet decided: their preferred dates are still proposals on the calendar."""
        return self.filter(status__in=VisitApplication.PROPOSING_STATUSES)


class VisitApplication(models.Model):
    """An overseas delegation's application to visit the city's projects."""

    class Status(models.TextChoices):
        NEW = "new", _("new")
        IN_REVIEW = "in_review", _("in review")
        NEEDS_INFORMATION = "needs_information", _("more information needed")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")
        WITHDRAWN = "withdrawn", _("withdrawn")
        VISITED = "visited", _("visited")
        # An accepted visit called off by the division (the delegation withdraws instead).
        CANCELLED = "cancelled", _("cancelled")

    class OrganisationKind(models.TextChoices):
        NATIONAL_GOVERNMENT = "national_government", _("national government")
        LOCAL_GOVERNMENT = "local_government", _("local government")
        UNIVERSITY = "university", _("university")
        COMPANY = "company", _("company")
        NGO = "ngo", _("NGO")
        OTHER = "other", _("other")

    class Interpreter(models.TextChoices):
        BRINGING = "bringing", _("we bring our own interpreter")
        NEEDED = "needed", _("we need an interpreter")
        NOT_NEEDED = "not_needed", _("no interpreter needed")

    class Language(models.TextChoices):
        JAPANESE = "ja", "日本語"
        ENGLISH = "en", "English"

    OPEN_STATUSES = (Status.NEW, Status.IN_REVIEW, Status.NEEDS_INFORMATION, Status.ACCEPTED)
    AWAITING_REPLY_STATUSES = (Status.NEW, Status.IN_REVIEW)
    PROPOSING_STATUSES = (Status.NEW, Status.IN_REVIEW, Status.NEEDS_INFORMATION)
    VISIT_STATUSES = (Status.ACCEPTED, Status.VISITED)
    # What a delegation answers on the form, in the form's order; staff read them as sent.
    # The one list for the form, the admin, the export (visits/resources.py) and the
    # removal of personal data (visits/retention.py).
    ANSWERS = (
        Answer("organisation_name", personal=True),
        Answer("organisation_kind"),
        Answer("country"),
        Answer("website", personal=True),
        Answer("leader_name", personal=True),
        Answer("leader_title", personal=True),
        Answer("contact_name", personal=True),
        Answer("contact_email", personal=True),
        Answer("contact_phone", personal=True),
        Answer("reply_language"),
        # The member list (DelegationMember) goes in the column after the headcount.
        Answer("headcount", columns=("headcount", "members")),
        Answer("interpreter"),
        Answer("first_choice_on"),
        Answer("first_choice_slot", joins_previous=True),
        Answer("second_choice_on"),
        Answer("second_choice_slot", columns=(), joins_previous=True),
        Answer("third_choice_on"),
        Answer("third_choice_slot", columns=(), joins_previous=True),
        Answer("purpose", personal=True),
        Answer("topics", columns=("topics_ja", "topics_en")),
        Answer("other_topics", personal=True),
        Answer("partner"),
        Answer("arrival", personal=True),
        Answer("web_conference_ok"),
        Answer("may_mention_visit"),
    )
    ANSWER_FIELDS = tuple(answer.name for answer in ANSWERS)
    # Staff's reason for declining may quote the applicant, so it goes with the answers.
    PERSONAL_FIELDS = (*(answer.name for answer in ANSWERS if answer.personal), "decline_reason")

    reference = models.CharField(_("reference"), max_length=20, unique=True, editable=False)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NEW, db_index=True
    )
    language = models.CharField(
        _("language of the form"), max_length=2, choices=Language.choices, editable=False
    )
    status_token = models.CharField(
        max_length=64, unique=True, default=new_status_token, editable=False
    )
    # The form's one-time key: a second post of the same form finds this application.
    submission_key = models.CharField(max_length=64, unique=True, null=True, editable=False)
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True, db_index=True)

    organisation_name = models.CharField(_("organisation"), max_length=200)
    organisation_kind = models.CharField(
        _("kind of organisation"), max_length=30, choices=OrganisationKind.choices
    )
    country = CountryField(_("country"))
    website = models.URLField(_("website"), blank=True)
    leader_name = models.CharField(_("leader's name"), max_length=150)
    leader_title = models.CharField(_("leader's title"), max_length=150, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=150)
    contact_email = models.EmailField(_("contact email"), db_index=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    reply_language = models.CharField(
        _("language for replies"), max_length=2, choices=Language.choices
    )

    headcount = models.PositiveSmallIntegerField(
        _("number of visitors"), validators=[MinValueValidator(1)]
    )
    interpreter = models.CharField(_("interpreter"), max_length=20, choices=Interpreter.choices)
    first_choice_on = models.DateField(_("first preferred date"))
    first_choice_slot = models.ForeignKey(
        TimeSlot, verbose_name=_("time"), on_delete=models.PROTECT, related_name="+"
    )
    second_choice_on = models.DateField(_("second preferred date"), null=True, blank=True)
    second_choice_slot = models.ForeignKey(
        TimeSlot,
        verbose_name=_("time"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    third_choice_on = models.DateField(_("third preferred date"), null=True, blank=True)
    third_choice_slot = models.ForeignKey(
        TimeSlot,
        verbose_name=_("time"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    # Every text has a bound (a TextField's max_length sizes the form; the validator holds
    # the model to it): a 20 MB purpose once went into the record and the confirmation.
    purpose = models.TextField(
        _("purpose of the visit"), max_length=5000, validators=[MaxLengthValidator(5000)]
    )
    topics = models.ManyToManyField(
        VisitTopic, verbose_name=_("projects and topics"), blank=True, related_name="applications"
    )
    other_topics = models.TextField(
        _("other topics"), blank=True, max_length=2000, validators=[MaxLengthValidator(2000)]
    )
    partner = models.ForeignKey(
        "cities.Partner",
        verbose_name=_("partner city you are linked with"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="visit_applications",
    )
    arrival = models.CharField(_("how you will arrive"), max_length=200, blank=True)
    web_conference_ok = models.BooleanField(_("a web conference would also do"), default=False)
    # Optional: only with it may a record of the visit (exchanges) name the organisation.
    may_mention_visit = models.BooleanField(
        _("the city may mention our visit on its website"), default=False
    )
    consented_at = models.DateTimeField(_("consented to the privacy notice"), editable=False)

    # Staff's side (the workflow).
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="visit_applications",
    )
    reply_due_on = models.DateField(_("reply due"), null=True, blank=True, db_index=True)
    visit_on = models.DateField(_("visit date"), null=True, blank=True, db_index=True)
    visit_slot = models.ForeignKey(
        TimeSlot,
        verbose_name=_("visit time"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    visit_place = models.CharField(_("place"), max_length=200, blank=True)
    host_department = models.CharField(_("host department"), max_length=200, blank=True)
    decline_reason = models.TextField(
        _("reason for declining"),
        blank=True,
        max_length=5000,
        validators=[MaxLengthValidator(5000)],
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True, db_index=True)
    # The delegation answered (a document on its status page) and staff have not yet
    # made their next move: shown in the list and on the dashboard until they do.
    reply_received_at = models.DateTimeField(
        _("reply received"), null=True, blank=True, db_index=True
    )
    # When the contact opened the status page from the link mailed to them (it carries
    # address_proof()): the address is theirs. Only such applications count towards the
    # per-address limit, so a stranger's fake applications cannot block a delegation.
    contact_address_confirmed_at = models.DateTimeField(
        _("contact address confirmed"), null=True, blank=True, editable=False
    )
    personal_data_removed_at = models.DateTimeField(
        _("personal data removed"), null=True, blank=True, editable=False
    )

    # Mail to and about the application (office/outbox.py); deleted with it.
    messages = GenericRelation(
        "office.Message",
        content_type_field="about_type",
        object_id_field="about_id",
        related_query_name="visit_application",
    )

    objects = VisitApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = _("visit application")
        verbose_name_plural = _("visit applications")
        permissions = [
            ("export_visitapplication", _("Can export visit applications (personal data)")),
        ]
        # For the admin list's filters at 100,000 rows: status in the list's order,
        # country, and overdue replies.
        indexes = [
            models.Index(fields=["status", "-submitted_at"], name="visit_status_submitted_idx"),
            models.Index(fields=["country", "-submitted_at"], name="visit_country_idx"),
            models.Index(fields=["status", "reply_due_on"], name="visit_status_reply_due_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(headcount__gte=1), name="visit_headcount_at_least_one"
            )
        ]

    def __str__(self):
        return f"{self.reference} {self.organisation_name}"

    def get_status_url(self):
        return reverse("visits:status", kwargs={"token": self.status_token})

    def address_proof(self):
        """What the mailed status link adds: only a reader of the contact's mailbox has it
        (the page reached after submitting shows the token, never this)."""
        return salted_hmac("visits.contact-address", self.status_token).hexdigest()[:24]

    @property
    def is_open(self):
        return self.status in self.OPEN_STATUSES

    @property
    def is_new(self):
        return self.status == self.Status.NEW

    @property
    def is_accepted(self):
        return self.status == self.Status.ACCEPTED

    @property
    def is_awaiting_reply(self):
        return self.status in self.AWAITING_REPLY_STATUSES

    def is_overdue(self, *, on):
        """The division's reply was due before `on` and is still not given."""
        return self.is_awaiting_reply and self.reply_due_on is not None and self.reply_due_on < on

    def status_in_words(self):
        """The status as a sentence for the delegation: what it means and what comes next."""
        Status = self.Status
        if self.status == Status.NEW:
            if self.reply_due_on:
                return _("Received: we have your application and will reply by %(due)s.") % {
                    "due": date_format(self.reply_due_on, "DATE_FORMAT")
                }
            return _("Received: we have your application and will reply soon.")
        return {
            Status.IN_REVIEW: _(
                "In review: the division is checking your dates and who can receive you."
            ),
            Status.NEEDS_INFORMATION: _(
                "More information needed: please read our message below and answer it, "
                "or add a document."
            ),
            Status.ACCEPTED: _(
                "Accepted: we look forward to your visit. The date, time and place are below."
            ),
            Status.DECLINED: _(
                "Declined: we cannot receive this visit. Our message below says why."
            ),
            Status.WITHDRAWN: _(
                "Withdrawn: you withdrew this application. To visit later, please apply again."
            ),
            Status.VISITED: _("Visited: thank you for your visit."),
        }.get(self.status, "")

    @property
    def can_be_withdrawn(self):
        return self.is_open

    @property
    def can_take_documents(self):
        return self.is_open

    def answer_lines(self):
        """(question, answer) for each answer given, in the form's order: the summary of
        what the delegation sent (its confirmation mail). A time slot shares its date's line."""
        lines = []
        for answer in self.ANSWERS:
            text = self._answer_text(self._meta.get_field(answer.name))
            if not text:
                continue
            if answer.joins_previous and lines:
                joint = pgettext("between a date and its time", ", ")  # "、" in Japanese
                lines[-1] = (lines[-1][0], f"{lines[-1][1]}{joint}{text}")
            else:
                lines.append((str(capfirst(self._meta.get_field(answer.name).verbose_name)), text))
        return lines

    def _answer_text(self, field):
        value = getattr(self, field.name)
        if field.many_to_many:
            # "、" between Japanese items, "; " between English ones (a topic may hold a comma).
            return pgettext("list separator", "; ").join(str(item) for item in value.all())
        if field.choices:
            return str(getattr(self, f"get_{field.name}_display")()) if value else ""
        if isinstance(field, CountryField):
            return value.name if value else ""
        if isinstance(field, models.BooleanField):
            return str(_("yes") if value else _("no"))
        if isinstance(field, models.DateField):
            return date_format(value, "DATE_FORMAT") if value else ""
        return "" if value is None else str(value)


class DelegationMember(models.Model):
    """A member of the delegation (personal data: removed by purge_visits)."""

    application = models.ForeignKey(
        VisitApplication, on_delete=models.CASCADE, related_name="members"
    )
    name = models.CharField(pgettext_lazy("person", "name"), max_length=150)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    title = models.CharField(pgettext_lazy("person", "title"), max_length=150, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("delegation member")
        verbose_name_plural = _("delegation members")

    def __str__(self):
        return self.name


class DelegationReply(models.Model):
    """A short message the delegation wrote on its status page, most often the answer to a
    request for information. Personal data: purged with the application's."""

    MAX_LENGTH = 2000
    MAX_PER_APPLICATION = 20

    application = models.ForeignKey(
        VisitApplication, on_delete=models.CASCADE, related_name="replies"
    )
    text = models.TextField(
        pgettext_lazy("from the delegation", "message"),
        max_length=MAX_LENGTH,
        validators=[MaxLengthValidator(MAX_LENGTH)],
    )
    received_at = models.DateTimeField(_("received"), default=timezone.now)

    class Meta:
        ordering = ["received_at", "pk"]
        verbose_name = _("message from the delegation")
        verbose_name_plural = _("messages from the delegation")

    def __str__(self):
        return Truncator(self.text).chars(60)


class Document(models.Model):
    """A file a delegation sent (agenda, letter of introduction). Never publicly served."""

    application = models.ForeignKey(
        VisitApplication, on_delete=models.CASCADE, related_name="documents"
    )
    file = models.FileField(_("file"), upload_to="visits/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(pgettext_lazy("file", "type"), max_length=100)
    size = models.PositiveIntegerField(_("size in bytes"))
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self):
        return self.original_name


class PendingUpload(models.Model):
    """A file a delegation chose on the form that is not sent yet: kept when the form came
    back with something to fix, so it is never asked for twice (personal data: removed by
    purge_visits after visits.uploads.KEPT_FOR)."""

    class Kind(models.TextChoices):
        DOCUMENT = "document", _("document")
        MEMBER_LIST = "member_list", _("member list")

    # The form's own one-time key (submission_key) and the file's: only the form that
    # chose the file can name it again.
    form_key = models.CharField(max_length=64, db_index=True)
    key = models.CharField(max_length=64, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    file = models.FileField(upload_to="visits/pending/")
    original_name = models.CharField(max_length=255)
    size = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("file kept for a form")
        verbose_name_plural = _("files kept for forms")

    def __str__(self):
        return self.original_name


class SavedDraft(models.Model):
    """A form saved with "Save and continue later": the answers typed so far, reached again
    by the private link mailed to the contact address (personal data: removed by
    purge_visits once expired, see visits/drafts.py)."""

    key = models.CharField(max_length=64, unique=True)
    # The form's one-time key: the files kept for it (PendingUpload) come back with it.
    form_key = models.CharField(max_length=64)
    email = models.EmailField()
    language = models.CharField(max_length=2)
    answers = models.JSONField()
    saved_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["saved_at", "pk"]
        verbose_name = _("saved form")
        verbose_name_plural = _("saved forms")

    def __str__(self):
        return f"{self.email} ({self.saved_at:%Y-%m-%d})"


class StatusChange(models.Model):
    """One step of an application's history: who moved it to which status, and when."""

    application = models.ForeignKey(
        VisitApplication, on_delete=models.CASCADE, related_name="status_changes"
    )
    status = models.CharField(_("status"), max_length=20, choices=VisitApplication.Status.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)
    note = models.TextField(
        _("note"), blank=True, max_length=5000, validators=[MaxLengthValidator(5000)]
    )
    # What the step changed besides the status, by field name ({"visit_on": "2027-02-03",
    # "visit_slot": 1, ...}), and the calendar warnings staff overrode ("overrides"):
    # stored as data so the history reads in each reader's language.
    changes = models.JSONField(_("changes"), default=dict, blank=True)

    class Meta:
        ordering = ["changed_at", "pk"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self):
        return f"{self.application_id}: {self.status}"


# --- The staff's side: email templates, internal notes, the deletion log, calendar feeds.


class ApplicantEmailTemplate(models.Model):
    """The text of a message staff send an applicant, in both languages.

    Written in the template language of the built-in texts (templates/visits/emails/):
    placeholders in double braces ({{ reference }}, {{ visit_date }}, {{ status_url }}, ...)
    are filled in before staff see the preview.
    """

    class Kind(models.TextChoices):
        NEEDS_INFORMATION = "needs_information", _("more information needed")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")
        RESCHEDULED = "rescheduled", _("visit moved")
        CANCELLED = "cancelled", _("visit cancelled")

    kind = models.CharField(
        pgettext_lazy("email template", "used for"),
        max_length=30,
        choices=Kind.choices,
        unique=True,
    )
    subject = models.CharField(_("subject"), max_length=250)
    body = models.TextField(
        _("text"),
        help_text=_(
            "Placeholders: {{ reference }}, {{ organisation }}, {{ contact_name }}, "
            "{{ visit_date }}, {{ visit_time }}, {{ visit_place }}, {{ host_department }}, "
            "{{ reason }}, {{ request }}, {{ status_url }}, {{ signature }}."
        ),
    )

    class Meta:
        ordering = ["kind"]
        verbose_name = _("email to applicants")
        verbose_name_plural = _("emails to applicants")

    def __str__(self):
        return self.get_kind_display()

    def clean(self):
        # A text that cannot be rendered would stop the move it belongs to: refuse it here.
        from office.outbox import check_staff_text

        errors = {}
        for language, _name in settings.LANGUAGES:
            for field in (f"subject_{language}", f"body_{language}"):
                try:
                    check_staff_text(getattr(self, field, None) or "")
                except TemplateSyntaxError as error:
                    errors[field] = _("This text has a mistake in its placeholders: %(error)s") % {
                        "error": error
                    }
        if errors:
            raise ValidationError(errors)


class InternalNote(models.Model):
    """A note staff keep about an application; never shown to the applicant."""

    application = models.ForeignKey(
        VisitApplication, on_delete=models.CASCADE, related_name="internal_notes"
    )
    text = models.TextField(_("note"), max_length=10000, validators=[MaxLengthValidator(10000)])
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    written_at = models.DateTimeField(_("written at"), auto_now_add=True)

    class Meta:
        ordering = ["written_at", "pk"]
        verbose_name = _("internal note")
        verbose_name_plural = _("internal notes")

    def __str__(self):
        return self.text[:60]


class DeletionLogEntry(models.Model):
    """A record that an application's personal data was removed (purge_visits)."""

    reference = models.CharField(_("reference"), max_length=20)
    removed_at = models.DateTimeField(_("removed at"))
    records_removed = models.PositiveIntegerField(_("records removed"))
    files_removed = models.PositiveIntegerField(_("files removed"))

    class Meta:
        ordering = ["-removed_at", "pk"]
        verbose_name = _("deletion log entry")
        verbose_name_plural = _("deletion log")

    def __str__(self):
        return f"{self.reference} ({self.removed_at:%Y-%m-%d})"
