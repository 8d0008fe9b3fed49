"""Agreements between the home city and its partners, as records.

An agreement has parties (the home side and one or more partners), signatories, a term,
renewals, documents and a lineage (a letter of intent superseded by a sister-city
agreement). Status is computed from the dates where it can be and set by staff where it
cannot (suspended, terminated, superseded).
"""

import calendar
import datetime
import secrets

from django.conf import global_settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, F, Min, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, NullIf
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from cities.models import AgreementKind, Partner
from office.dates import DatePrecision, partial_date, validate_partial_date

# How far ahead the dashboard and the reminders look.
EXPIRY_WINDOW = datetime.timedelta(days=180)
RENEWAL_WINDOW = datetime.timedelta(days=90)
# An agreement that lapsed this recently without a staff decision still needs one.
LAPSED_WINDOW = datetime.timedelta(days=365)
ANNIVERSARY_WINDOW = datetime.timedelta(days=365)
# Anniversaries are marked every five years, as Osaka marks its sister-city years.
ANNIVERSARY_STEP = 5

# The public table's sorts, by the value of its ?sort= parameter. A partner's agreements
# stay in date order whatever the sort.
PUBLIC_SORTS = {
    "partner": ("partner_name", "date", "pk"),
    "date": ("date", "pk"),
    "-date": ("-date", "-pk"),
    "type": ("kind__order", "partner_name", "date", "pk"),
}
# Newest first, as the page says: what a visitor looks for is usually the latest agreement.
DEFAULT_PUBLIC_SORT = "-date"


def public_sort(value):
    """The public table's sort named `value`, or the default for a missing or unknown one."""
    return value if value in PUBLIC_SORTS else DEFAULT_PUBLIC_SORT


class CooperationField(models.Model):
    """A field of cooperation: education, culture, science and technology, ..."""

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("short code"), max_length=60, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("field of cooperation")
        verbose_name_plural = _("fields of cooperation")

    def __str__(self):
        return self.name


class Status(models.TextChoices):
    """Where an agreement stands on a given day."""

    NOT_YET_IN_FORCE = "not_yet", _("not yet in force")
    IN_FORCE = "in_force", _("in force")
    EXPIRED = "expired", _("expired")
    SUSPENDED = "suspended", _("suspended")
    TERMINATED = "terminated", _("terminated")
    SUPERSEDED = "superseded", _("superseded")


class AgreementQuerySet(models.QuerySet):
    def with_current_expiry(self):
        """Annotate `current_expires_on`: the latest renewal's new end date, else the original."""
        latest_renewal = (
            AgreementRenewal.objects.filter(agreement=OuterRef("pk"), new_expires_on__isnull=False)
            .order_by("-renewed_on", "-pk")
            .values("new_expires_on")[:1]
        )
        return self.annotate(current_expires_on=Coalesce(Subquery(latest_renewal), F("expires_on")))

    def with_status(self, *, on):
        """Annotate `status_on_day` (a Status value) as of the day `on`."""
        return self.with_current_expiry().annotate(
            status_on_day=Case(
                When(staff_status=Agreement.StaffStatus.SUSPENDED, then=Value(Status.SUSPENDED)),
                When(staff_status=Agreement.StaffStatus.SUPERSEDED, then=Value(Status.SUPERSEDED)),
                When(
                    staff_status=Agreement.StaffStatus.TERMINATED,
                    terminated_on__lte=on,
                    then=Value(Status.TERMINATED),
                ),
                When(
                    Q(date__gt=on) | Q(date_meaning=Agreement.DateMeaning.PROPOSED),
                    then=Value(Status.NOT_YET_IN_FORCE),
                ),
                When(current_expires_on__lt=on, then=Value(Status.EXPIRED)),
                default=Value(Status.IN_FORCE),
                output_field=models.CharField(),
            )
        )

    def in_force(self, *, on):
        return self.with_status(on=on).filter(status_on_day=Status.IN_FORCE)

    def expiring(self, *, on, within=EXPIRY_WINDOW):
        """In force on `on` and ending within `within` of it (a fixed term)."""
        return (
            self.in_force(on=on)
            .filter(current_expires_on__gte=on, current_expires_on__lte=on + within)
            .order_by("current_expires_on", "pk")
        )

    def due_for_renewal(self, *, on, within=RENEWAL_WINDOW, lapsed_within=LAPSED_WINDOW):
        """Fixed-term agreements that need a renewal decision now.

        Those ending within `within`, and those that lapsed recently with no staff
        decision recorded (not marked terminated or superseded).
        """
        return (
            self.with_status(on=on)
            .filter(
                status_on_day__in=[Status.IN_FORCE, Status.EXPIRED],
                current_expires_on__gte=on - lapsed_within,
                current_expires_on__lte=on + within,
            )
            .order_by("current_expires_on", "pk")
        )

    def published(self):
        return self.filter(published=True)

    def for_public_list(self, *, on):
        """Everything the public table shows, in a fixed number of queries."""
        return (
            self.published()
            .with_status(on=on)
            .select_related("kind")
            .prefetch_related(
                models.Prefetch(
                    "parties",
                    queryset=AgreementParty.objects.select_related("partner").order_by("order"),
                ),
                models.Prefetch(
                    "documents",
                    queryset=AgreementDocument.objects.filter(public=True),
                    to_attr="public_documents",
                ),
            )
        )

    def sorted_for_public(self, sort):
        """In the public table's order named `sort` (see PUBLIC_SORTS).

        Partners sort by their name in the active language, the Japanese name where the
        English one is blank; in Japanese by the name's reading (よみ) where staff gave one,
        so 北京 (ぺきん) sorts in 五十音 order. The home side is left out of the partner's
        name.
        """
        language = translation.get_language() or "ja"
        if language.startswith("en"):
            names = [NullIf("parties__partner__name_en", Value("")), "parties__partner__name_ja"]
        else:
            names = [
                NullIf("parties__partner__name_reading", Value("")),
                "parties__partner__name_ja",
            ]
        return self.annotate(
            partner_name=Min(
                Coalesce(*names, output_field=models.CharField()),
                filter=Q(parties__partner__is_home=False),
            )
        ).order_by(*PUBLIC_SORTS[public_sort(sort)])

    def for_partner(self, partner):
        """A partner's published agreements in date order, in one query."""
        return (
            self.published()
            .filter(parties__partner=partner)
            .select_related("kind")
            .order_by("date", "pk")
            .distinct()
        )


class Agreement(models.Model):
    """An agreement between the home city and one or more partners."""

    class DateMeaning(models.TextChoices):
        SIGNED = "signed", _("signed")
        PROPOSED = "proposed", _("proposed")
        APPROVED = "approved", _("approved by the council")
        IN_FORCE_FROM = "in_force_from", _("in force from")

    class Term(models.TextChoices):
        OPEN_ENDED = "open", _("open-ended")
        FIXED = "fixed", _("fixed term")

    class StaffStatus(models.TextChoices):
        FROM_DATES = "", _("from the dates (in force, expired, not yet in force)")
        SUSPENDED = "suspended", _("suspended")
        TERMINATED = "terminated", _("terminated")
        SUPERSEDED = "superseded", _("superseded")

    title = models.CharField(pgettext_lazy("agreement", "title"), max_length=250)
    slug = models.SlugField(
        _("web address name"),
        max_length=120,
        unique=True,
        help_text=_("Used in the page's web address, e.g. cambridge-sister-city-1984."),
    )
    kind = models.ForeignKey(
        AgreementKind,
        verbose_name=pgettext_lazy("agreement", "kind of agreement"),
        on_delete=models.PROTECT,
        related_name="agreements",
    )
    date, date_precision = partial_date(_("date"))
    date_meaning = models.CharField(
        _("what the date means"),
        max_length=15,
        choices=DateMeaning.choices,
        default=DateMeaning.SIGNED,
    )
    place_signed = models.CharField(_("place signed"), max_length=200, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    text_languages = models.CharField(
        _("languages of the text"),
        max_length=200,
        blank=True,
        help_text=_("The languages the agreement is written in, e.g. Japanese and English."),
    )
    term = models.CharField(_("term"), max_length=5, choices=Term.choices, default=Term.OPEN_ENDED)
    expires_on = models.DateField(
        _("ends on"),
        null=True,
        blank=True,
        help_text=_("For a fixed term only. Renewals record their own new end date."),
    )
    staff_status = models.CharField(
        _("status set by staff"),
        max_length=10,
        choices=StaffStatus.choices,
        default=StaffStatus.FROM_DATES,
        blank=True,
        help_text=_("Only where the dates cannot tell. Otherwise the status follows the dates."),
    )
    terminated_on = models.DateField(_("terminated on"), null=True, blank=True)
    supersedes = models.ForeignKey(
        "self",
        verbose_name=_("supersedes"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="superseded_by",
    )
    cooperation_fields = models.ManyToManyField(
        CooperationField, verbose_name=_("fields of cooperation"), blank=True
    )
    # CLAIR's three conditions for a sister-city relationship.
    signed_by_heads = models.BooleanField(_("signed by the heads of government"), default=False)
    approved_by_council = models.BooleanField(
        _("approved by the council (budget for exchanges)"), default=False
    )
    exchange_in_many_fields = models.BooleanField(
        _("exchange in more than one field"), default=False
    )
    published = models.BooleanField(_("published"), default=True)

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = AgreementQuerySet.as_manager()

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        permissions = [
            ("import_agreement", _("Can import agreements from a spreadsheet")),
            ("export_agreement", _("Can export agreements to a spreadsheet")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True) | Q(expires_on__gte=F("date")),
                name="agreement_ends_after_it_starts",
            ),
        ]

    def __str__(self):
        # A draft may have its title in the other language only.
        return self.title or self.title_en or self.title_ja or self.slug

    def get_absolute_url(self):
        return reverse("agreements:detail", kwargs={"slug": self.slug})

    def clean(self):
        errors = {}
        try:
            validate_partial_date(self.date, self.date_precision)
        except ValidationError as error:
            errors["date"] = error.messages
        if self.term == self.Term.FIXED and not self.expires_on:
            errors["expires_on"] = [_("Enter the date a fixed-term agreement ends.")]
        if self.term == self.Term.OPEN_ENDED and self.expires_on:
            errors["expires_on"] = [_("An open-ended agreement has no end date.")]
        if self.expires_on and self.date and self.expires_on < self.date:
            errors["expires_on"] = [_("An agreement cannot end before it starts.")]
        if self.staff_status == self.StaffStatus.TERMINATED and not self.terminated_on:
            errors["terminated_on"] = [_("Enter the date the agreement was terminated.")]
        if self.terminated_on and self.date and self.terminated_on < self.date:
            errors["terminated_on"] = [_("An agreement cannot end before it starts.")]
        if self.supersedes_id and self.supersedes_id == self.pk:
            errors["supersedes"] = [_("An agreement cannot supersede itself.")]
        errors.update(self.title_problems())
        if errors:
            raise ValidationError(errors)

    def title_problems(self):
        """Errors by field for a missing title: one language always, both once published."""
        titles = {field: (getattr(self, field) or "").strip() for field in ("title_ja", "title_en")}
        if not any(titles.values()):
            return {"title_ja": [_("Enter the agreement's title in Japanese or English.")]}
        missing = [field for field, title in titles.items() if not title]
        if self.published and missing:
            message = _(
                "An agreement can be published only when its title is entered in both "
                "Japanese and English."
            )
            return {field: [message] for field in missing}
        return {}

    @property
    def missing_title_language(self):
        """ "ja" or "en" for a draft with its title in one language only, else ""."""
        if (self.title_ja or "").strip() and not (self.title_en or "").strip():
            return "en"
        if (self.title_en or "").strip() and not (self.title_ja or "").strip():
            return "ja"
        return ""

    @property
    def status(self):
        """Where the agreement stands (a Status) on the day its with_status() was asked for."""
        return Status(self.status_on_day)

    @property
    def has_fixed_term(self):
        return self.term == self.Term.FIXED

    @property
    def is_sister_city(self):
        return self.kind.is_sister_city

    @property
    def clair_conditions(self):
        """CLAIR's three conditions, as (label, met) pairs."""
        return [
            (self._meta.get_field("signed_by_heads").verbose_name, self.signed_by_heads),
            (self._meta.get_field("approved_by_council").verbose_name, self.approved_by_council),
            (
                self._meta.get_field("exchange_in_many_fields").verbose_name,
                self.exchange_in_many_fields,
            ),
        ]

    def lineage(self):
        """The agreements this one supersedes and is superseded by, oldest first, itself
        included; empty when it stands alone.

        Read in one query: the published agreements with the same partners. The home side
        may differ along the way (Yatabe's agreement, inherited by Tsukuba at the merger).
        """
        partners = AgreementParty.objects.filter(agreement=self, partner__is_home=False)
        related = {
            agreement.pk: agreement
            for agreement in Agreement.objects.published().filter(
                pk__in=AgreementParty.objects.filter(partner__in=partners.values("partner")).values(
                    "agreement"
                )
            )
        }
        related[self.pk] = self
        chain = [self]
        seen = {self.pk}
        current = self
        while current.supersedes_id in related and current.supersedes_id not in seen:
            current = related[current.supersedes_id]
            seen.add(current.pk)
            chain.insert(0, current)
        successors = {a.supersedes_id: a for a in related.values() if a.supersedes_id}
        current = self
        while current.pk in successors and successors[current.pk].pk not in seen:
            current = successors[current.pk]
            seen.add(current.pk)
            chain.append(current)
        return chain if len(chain) > 1 else []

    @staticmethod
    def check_parties(partners):
        """Raise ValidationError unless the parties are distinct and include the home side."""
        errors = []
        seen = set()
        for partner in partners:
            if partner.pk in seen:
                errors.append(
                    ValidationError(
                        _("%(party)s is listed twice as a party."),
                        code="party_twice",
                        params={"party": partner},
                    )
                )
            seen.add(partner.pk)
        if partners and not any(partner.is_home for partner in partners):
            errors.append(
                ValidationError(
                    _("An agreement needs the home city (or a predecessor) as a party."),
                    code="no_home_party",
                )
            )
        if partners and all(partner.is_home for partner in partners):
            errors.append(
                ValidationError(
                    _("An agreement needs at least one partner besides the home city."),
                    code="no_partner",
                )
            )
        if errors:
            raise ValidationError(errors)

    @staticmethod
    def check_signatories(parties, signed_for):
        """Raise ValidationError unless every signatory signs for one of the parties.

        `parties` are the agreement's partners; `signed_for` the partner each signatory
        signs for, in order.
        """
        listed = {partner.pk for partner in parties}
        errors = []
        for party in signed_for:
            if party.pk not in listed:
                errors.append(
                    ValidationError(
                        _("%(party)s is not a party to this agreement."),
                        code="not_a_party",
                        params={"party": party},
                    )
                )
        if errors:
            raise ValidationError(errors)


class AgreementParty(models.Model):
    """One side of an agreement: the home city, a partner, a region, a university."""

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="parties"
    )
    partner = models.ForeignKey(
        Partner,
        verbose_name=_("party"),
        on_delete=models.PROTECT,
        related_name="agreement_parties",
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "partner"], name="agreement_party_listed_once"
            )
        ]

    def __str__(self):
        return str(self.partner)


class Signatory(models.Model):
    """A person who signed an agreement for one of its parties."""

    agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("agreement"),
        on_delete=models.CASCADE,
        related_name="signatories",
    )
    party = models.ForeignKey(
        Partner, verbose_name=_("signed for"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=150)
    title = models.CharField(pgettext_lazy("person", "title"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("signatory")
        verbose_name_plural = _("signatories")

    def __str__(self):
        return self.name


class AgreementRenewal(models.Model):
    """A renewal or extension of an agreement, with its new end date if it has one."""

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="renewals"
    )
    renewed_on, renewed_on_precision = partial_date(_("renewed on"))
    new_expires_on = models.DateField(
        _("new end date"),
        null=True,
        blank=True,
        help_text=_("Leave blank when the agreement stays open-ended."),
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["renewed_on", "pk"]
        verbose_name = _("renewal")
        verbose_name_plural = _("renewals")

    def __str__(self):
        return f"{self.agreement} ({self.renewed_on})"

    def clean(self):
        errors = {}
        try:
            validate_partial_date(self.renewed_on, self.renewed_on_precision)
        except ValidationError as error:
            errors["renewed_on"] = error.messages
        try:
            # In the admin's inline the agreement may be new and unsaved, but it is set.
            agreement_date = self.agreement.date
        except Agreement.DoesNotExist:
            agreement_date = None
        if self.renewed_on and agreement_date and self.renewed_on < agreement_date:
            errors["renewed_on"] = [_("A renewal cannot be dated before the agreement.")]
        if self.new_expires_on and self.renewed_on and self.new_expires_on < self.renewed_on:
            errors["new_expires_on"] = [_("The new end date cannot be before the renewal.")]
        if errors:
            raise ValidationError(errors)


def document_upload_to(instance, filename):
    # A random folder: a file name never reveals or collides with another upload.
    return f"agreements/{secrets.token_hex(8)}/{filename}"


class AgreementDocument(models.Model):
    """The text of an agreement in one language: public, or for staff only."""

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="documents"
    )
    title = models.CharField(pgettext_lazy("document", "title"), max_length=250)
    language = models.CharField(
        _("language"), max_length=10, choices=global_settings.LANGUAGES, default="ja"
    )
    file = models.FileField(_("file"), upload_to=document_upload_to)
    public = models.BooleanField(
        _("public"),
        default=False,
        help_text=_("Public documents can be downloaded from the agreement's page."),
    )

    class Meta:
        ordering = ["language", "pk"]
        verbose_name = _("agreement document")
        verbose_name_plural = _("agreement documents")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("agreements:document", kwargs={"pk": self.pk})

    def is_visible_to(self, user):
        """Anyone sees a public document of a published agreement; staff with the
        permission to view documents see every document, staff-only ones included."""
        if self.public and self.agreement.published:
            return True
        return user.has_perm("agreements.view_agreementdocument")

    @property
    def filename(self):
        return self.file.name.rsplit("/", 1)[-1]


class ReminderSent(models.Model):
    """One reminder mailed about one item at one threshold, so it is mailed only once."""

    key = models.CharField(_("item"), max_length=200)
    threshold = models.CharField(_("threshold"), max_length=40)
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [
            models.UniqueConstraint(fields=["key", "threshold"], name="reminder_sent_once")
        ]

    def __str__(self):
        return f"{self.key} ({self.threshold})"


def period_end(value, precision):
    """The last day a partial date covers: 31 December for a year, the month's end for a month."""
    if precision == DatePrecision.YEAR:
        return value.replace(month=12, day=31)
    if precision == DatePrecision.MONTH:
        return value.replace(day=calendar.monthrange(value.year, value.month)[1])
    return value
