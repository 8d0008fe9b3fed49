"""Exchanges (交流) with partners, as records: every delegation received or sent, youth and
online exchange, event and mission, with its date or period, people and photos.

Exchanges sit above agreements and visits: a visit that took place becomes a draft
exchange (exchanges/services.py); nothing below this app knows about exchanges.
"""

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField

from agreements.models import ANNIVERSARY_STEP, period_end
from cities.models import PHOTO_WIDTHS, Partner, photo_rendition_name, validate_photo
from office.dates import DatePrecision, format_partial_date, partial_date, validate_partial_date

# The public list and the feed: how many exchanges a page and the feed show.
EXCHANGES_PER_PAGE = 20
FEED_SIZE = 20
# The home page shows the latest few.
HOME_COUNT = 3
# The anniversary planner looks back this many years for a partner's exchanges.
PLANNER_YEARS = 5


class ExchangeKind(models.Model):
    """A kind of exchange: delegation received, delegation sent, youth exchange, ...

    A staff-editable, translated, ordered list, like the agreement kinds.
    """

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("short code"), max_length=60, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("kind of exchange")
        verbose_name_plural = _("kinds of exchange")

    def __str__(self):
        return self.name


class ExchangeQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published=True)

    def latest_first(self):
        return self.order_by("-starts_on", "-pk")

    def for_public_list(self):
        """Everything a list row shows, in a fixed number of queries, most recent first."""
        return (
            self.published()
            .select_related("kind")
            .prefetch_related(
                models.Prefetch("partners", queryset=Partner.objects.order_by("slug"))
            )
            .latest_first()
        )

    def for_partner(self, partner):
        """A partner's published exchanges, most recent first, in one query."""
        return self.published().filter(partners=partner).select_related("kind").latest_first()

    def in_fiscal_year(self, first, last):
        """Exchanges that start between two days, by a date known to the month or day.

        A date known only to the year cannot be placed in an April–March year.
        """
        return self.filter(starts_on__range=(first, last)).exclude(
            starts_on_precision=DatePrecision.YEAR
        )


class Exchange(models.Model):
    """One exchange with a partner (or with a city that is not a partner)."""

    class Direction(models.TextChoices):
        RECEIVED = "received", _("received (they came to us)")
        SENT = "sent", _("sent (we went to them)")
        BOTH = "both", _("both ways or online")

    title = models.CharField(pgettext_lazy("exchange", "title"), max_length=250)
    slug = models.SlugField(
        _("web address name"),
        max_length=120,
        unique=True,
        help_text=_("Used in the page's web address, e.g. daejeon-youth-homestay-2024."),
    )
    kind = models.ForeignKey(
        ExchangeKind,
        verbose_name=_("kind of exchange"),
        on_delete=models.PROTECT,
        related_name="exchanges",
    )
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction.choices, default=Direction.RECEIVED
    )
    starts_on, starts_on_precision = partial_date(_("date"))
    ends_on, ends_on_precision = partial_date(
        _("until"),
        null=True,
        blank=True,
        help_text=_("For an exchange over several days or months; leave blank for one day."),
    )
    partners = models.ManyToManyField(
        Partner,
        verbose_name=_("partners"),
        blank=True,
        related_name="exchanges",
        help_text=_("Leave empty for a city or body that is not a partner."),
    )
    country = CountryField(
        _("country"), blank=True, help_text=_("The other side's country, for the report.")
    )
    organisation = models.CharField(_("the other side's organisation"), max_length=200, blank=True)
    account = models.TextField(
        _("short account"), blank=True, help_text=_("What happened, in a few sentences.")
    )
    city_people = models.PositiveIntegerField(_("people from the city"), null=True, blank=True)
    partner_people = models.PositiveIntegerField(
        _("people from the other side"), null=True, blank=True
    )
    topics = models.ManyToManyField(
        "visits.VisitTopic", verbose_name=_("projects and topics"), blank=True, related_name="+"
    )
    # The visit this record was made from, so one visit is recorded once.
    visit_application = models.OneToOneField(
        "visits.VisitApplication",
        verbose_name=_("visit application"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="exchange",
    )
    published = models.BooleanField(_("published"), default=False)

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ExchangeQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "-pk"]
        verbose_name = _("exchange")
        verbose_name_plural = _("exchanges")
        permissions = [
            ("import_exchange", _("Can import exchanges from a spreadsheet")),
            ("export_exchange", _("Can export exchanges to a spreadsheet")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="exchange_ends_after_it_starts",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("exchanges:detail", kwargs={"slug": self.slug})

    def clean(self):
        errors = {}
        for name in ("starts_on", "ends_on"):
            try:
                validate_partial_date(getattr(self, name), getattr(self, f"{name}_precision"))
            except ValidationError as error:
                errors[name] = error.messages
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            errors["ends_on"] = [_("An exchange cannot end before it starts.")]
        # Published pages exist in both languages: the English list must not show a gap.
        if self.published and not getattr(self, "title_en", None):
            errors["title_en"] = [_("Give the English title before publishing the exchange.")]
        if errors:
            raise ValidationError(errors)

    @property
    def people(self):
        """Everyone who took part, as far as it is known."""
        return (self.city_people or 0) + (self.partner_people or 0)

    @property
    def period_display(self):
        """'12 November 2013', or '3 – 10 August 2024' style: both ends as far as known."""
        start = format_partial_date(self.starts_on, self.starts_on_precision)
        if not self.ends_on or self.ends_on == self.starts_on:
            return start
        end = format_partial_date(self.ends_on, self.ends_on_precision)
        return _("%(start)s – %(end)s") % {"start": start, "end": end}

    def anniversary_years(self, partner):
        """30 when the exchange falls in the 30th year of the relationship with `partner`
        (every five years, as agreements count them), else None."""
        since = partner.relationship_since
        if not since or not self.starts_on:
            return None
        years = self.starts_on.year - since.year
        if years > 0 and years % ANNIVERSARY_STEP == 0:
            return years
        return None

    def is_visible_to(self, user):
        return self.published or user.has_perm("exchanges.view_exchange")

    def last_day(self):
        """The last day the exchange covers, as far as its dates are known."""
        if self.ends_on:
            return period_end(self.ends_on, self.ends_on_precision)
        return period_end(self.starts_on, self.starts_on_precision)


class ExchangeLink(models.Model):
    """A page about the exchange elsewhere: the partner's news, a report, a video."""

    exchange = models.ForeignKey(
        Exchange, verbose_name=_("exchange"), on_delete=models.CASCADE, related_name="links"
    )
    label = models.CharField(_("link text"), max_length=200)
    url = models.URLField(_("address"), max_length=500)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("link")
        verbose_name_plural = _("links")

    def __str__(self):
        return self.label


class ExchangePhoto(models.Model):
    """A photo of the exchange, shown only in sizes made for the page (as partner photos)."""

    exchange = models.ForeignKey(
        Exchange, verbose_name=_("exchange"), on_delete=models.CASCADE, related_name="photos"
    )
    image = models.ImageField(
        _("photo"),
        upload_to="exchanges/photos/",
        width_field="width",
        height_field="height",
        validators=[validate_photo],
    )
    width = models.PositiveIntegerField(_("width"), null=True, editable=False)
    height = models.PositiveIntegerField(_("height"), null=True, editable=False)
    alt_text = models.CharField(
        _("alternative text"),
        max_length=250,
        help_text=_("What the photo shows, for people who cannot see it."),
    )
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    credit = models.CharField(_("credit"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self):
        return self.alt_text

    def save(self, *args, **kwargs):
        stored = type(self).objects.filter(pk=self.pk).values_list("image", flat=True).first()
        super().save(*args, **kwargs)
        # The page sizes are made once, when a new file arrives, not on each page view.
        if self.image and stored != self.image.name:
            from cities.photos import make_renditions

            make_renditions(self)
            if stored:
                self.remove_files_on_commit(stored)

    def remove_files_on_commit(self, name):
        storage = self.image.storage
        names = [name, *(photo_rendition_name(name, size) for size in PHOTO_WIDTHS)]

        def remove():
            for name in names:
                storage.delete(name)

        transaction.on_commit(remove)

    def rendition_name(self, size):
        return photo_rendition_name(self.image.name, size)

    @property
    def renditions(self):
        """[(size, width, height)] of the page sizes; a small original is never enlarged."""
        if not self.width or not self.height:
            return []
        result = []
        for size in PHOTO_WIDTHS:
            width = min(size, self.width)
            result.append((size, width, max(1, round(self.height * width / self.width))))
        return result

    def file_url(self, size=PHOTO_WIDTHS[0]):
        """The address of one page size, served by a view that checks the exchange is public."""
        return reverse(
            "exchanges:photo",
            kwargs={"slug": self.exchange.slug, "pk": self.pk, "size": size},
        )


@receiver(post_delete, sender=ExchangePhoto)
def remove_deleted_photos_files(sender, instance, **kwargs):
    # A signal, not delete(): a photo also goes with its exchange or from the admin's list.
    if instance.image.name:
        instance.remove_files_on_commit(instance.image.name)


def today_minus_years(today, years):
    """The same day `years` years before (28 February for a 29 February)."""
    try:
        return today.replace(year=today.year - years)
    except ValueError:
        return today.replace(year=today.year - years, day=28)


def recent_for_partners(partner_ids, *, on, years=PLANNER_YEARS):
    """{partner id: [exchanges]} of the last `years` years up to `on`, latest first; one query."""
    since = today_minus_years(on, years)
    found = {pk: [] for pk in partner_ids}
    exchanges = (
        Exchange.objects.filter(partners__in=partner_ids, starts_on__gte=since, starts_on__lte=on)
        .select_related("kind")
        .annotate(partner_id=models.F("partners"))
        .order_by("-starts_on", "-pk")
    )
    for exchange in exchanges:
        found[exchange.partner_id].append(exchange)
    return found
