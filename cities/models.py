from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models, transaction
from django.db.models import Q
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField

from office.dates import DatePrecision, partial_date, validate_partial_date
from office.japanese_order import hiragana
from office.numbers import format_quantity
from office.text import plain_text


class HomeCity(models.Model):
    """The city that runs this site and the division that answers for it.

    One record, edited in the admin and shown in the footer of every page.
    """

    name = models.CharField(_("city name"), max_length=100)
    division_name = models.CharField(_("division"), max_length=200)
    postal_code = models.CharField(_("postal code"), max_length=20, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    fax = models.CharField(_("fax"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    opening_hours = models.CharField(_("opening hours"), max_length=200, blank=True)
    website = models.URLField(_("website"), blank=True)
    logo = models.ImageField(_("logo"), upload_to="home_city/", blank=True)
    # The same city as a body that signs agreements; kept in step by
    # cities.services.keep_home_partner_in_step, so its name is typed once.
    partner = models.OneToOneField(
        "Partner",
        verbose_name=_("as a partner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="home_city_record",
    )

    class Meta:
        verbose_name = _("home city")
        verbose_name_plural = _("home city")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # There is exactly one home city: the site's own.
        self.pk = 1
        super().save(*args, **kwargs)

    @classmethod
    def current(cls):
        return cls.objects.filter(pk=1).first()

    @property
    def has_contact(self):
        """Delegations and the public can reach the division: an email address or a phone."""
        return bool(self.email or self.phone)

    @property
    def international_phone(self):
        """The phone number as dialled from abroad: 029-883-1111 becomes +81 29-883-1111
        (Japan's country code, without the trunk 0)."""
        return international_phone(self.phone)

    @property
    def phone_for_dialling(self):
        """The number for a tel: link, which works from any country: +81298831111."""
        return "".join(c for c in self.international_phone if c.isdigit() or c == "+")


def international_phone(number):
    number = number.strip()
    if not number or number.startswith("+"):
        return number
    return "+81 " + number.removeprefix("0")


class AgreementKind(models.Model):
    """A kind of tie: sister city, friendship city, partnership city, MOU, ...

    A staff-editable, translated, ordered list.
    """

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("short code"), max_length=60, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_sister_city = models.BooleanField(
        _("sister-city type"),
        default=False,
        help_text=_("Agreements of this type are checked against CLAIR's three conditions."),
    )

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("agreement kind")
        verbose_name_plural = _("agreement kinds")
        permissions = [
            ("import_agreementkind", _("Can import agreement kinds from a spreadsheet")),
            ("export_agreementkind", _("Can export agreement kinds to a spreadsheet")),
        ]

    def __str__(self):
        return self.name


class PartnerQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published=True)

    def in_directory(self):
        """Published partners, without the home city and the towns that merged into it."""
        return self.published().filter(is_home=False)

    def for_directory(self):
        """Everything a directory card and a map marker show, grouped by type in type order.

        Partners without a type come last in every database (SQLite sorts NULL first).
        """
        return self.select_related("agreement_kind").order_by(
            models.F("agreement_kind__order").asc(nulls_last=True),
            "agreement_kind__pk",
            "relationship_since",
            "slug",
        )

    def search(self, text):
        """Partners whose short or official name, in Japanese or English, contains text."""
        # Full-width letters and half-width kana typed on a Japanese keyboard match names.
        text = plain_text(text)
        if not text:
            return self
        condition = Q()
        for field in ("name_ja", "name_en", "official_name_ja", "official_name_en", "slug"):
            condition |= Q(**{f"{field}__icontains": text})
        return self.filter(condition)

    def for_profile(self):
        """A profile with its facts, photos and mergers in a fixed number of queries."""
        return self.select_related("agreement_kind").prefetch_related(
            "facts",
            "photos",
            models.Prefetch(
                "mergers_as_predecessor",
                queryset=Merger.objects.select_related("successor"),
            ),
            models.Prefetch(
                "mergers_as_successor",
                queryset=Merger.objects.select_related("predecessor"),
            ),
        )


class Partner(models.Model):
    """A partner municipality, or any body the city has ties with (a port, a university)."""

    class Kind(models.TextChoices):
        CITY = "city", _("city")
        TOWN = "town", _("town")
        VILLAGE = "village", _("village")
        PREFECTURE = "prefecture", _("prefecture")
        STATE = "state", _("state or province")
        REGION = "region", _("region")
        METROPOLITAN = "metropolitan", _("metropolitan body")
        COUNTY = "county", _("county")
        INSTITUTION = "institution", _("university or institution")
        PORT = "port", _("port")

    class RelationshipStatus(models.TextChoices):
        ACTIVE = "active", _("active")
        SUSPENDED = "suspended", _("suspended")
        ENDED = "ended", _("ended")

    name = models.CharField(_("short name"), max_length=150)
    official_name = models.CharField(_("official name"), max_length=250, blank=True)
    # Japanese lists are in 五十音 order of the reading, not of the characters (北京: ぺきん).
    name_reading = models.CharField(
        _("reading of the name (よみ)"),
        max_length=150,
        blank=True,
        help_text=_("In hiragana or katakana, e.g. ぐるのーぶる. Used to sort Japanese lists."),
    )
    slug = models.SlugField(
        _("web address name"),
        max_length=100,
        unique=True,
        help_text=_("Used in the page's web address, e.g. grenoble."),
    )
    kind = models.CharField(
        pgettext_lazy("partner", "kind of body"),
        max_length=20,
        choices=Kind.choices,
        default=Kind.CITY,
    )
    country = CountryField(_("country"))
    region = models.CharField(_("region or state"), max_length=150, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    website = models.URLField(_("website"), blank=True)
    wikidata_id = models.CharField(
        _("Wikidata identifier"),
        max_length=20,
        blank=True,
        validators=[RegexValidator(r"^Q[1-9][0-9]*$", _("Enter an identifier like Q1289."))],
        help_text=_("The partner's item on Wikidata, e.g. Q1289 for Grenoble."),
    )
    is_home = models.BooleanField(
        _("the home city or a predecessor"),
        default=False,
        help_text=_(
            "The home city itself, or a town or village that merged into it. "
            "Such bodies can sign agreements for the city and are not listed as partners."
        ),
    )
    published = models.BooleanField(_("published"), default=False)
    description = models.TextField(_("description"), blank=True)
    story = models.TextField(_("story of the relationship"), blank=True)

    # Stored until agreements exist for the partner; from then on derived from them.
    agreement_kind = models.ForeignKey(
        AgreementKind,
        verbose_name=_("agreement kind"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="partners",
    )
    relationship_since, relationship_since_precision = partial_date(
        _("relationship since"), null=True, blank=True
    )
    relationship_status = models.CharField(
        _("relationship status"),
        max_length=10,
        choices=RelationshipStatus.choices,
        default=RelationshipStatus.ACTIVE,
    )
    relationship_ended_on = models.DateField(_("relationship ended on"), null=True, blank=True)

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = PartnerQuerySet.as_manager()

    class Meta:
        ordering = ["agreement_kind__order", "relationship_since", "slug"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        constraints = [
            # One partner per Wikidata item: two would be the same body entered twice.
            models.UniqueConstraint(
                fields=["wikidata_id"],
                condition=~Q(wikidata_id=""),
                name="one_partner_per_wikidata_item",
                violation_error_message=_(
                    "Another partner is already linked to this Wikidata item."
                ),
            ),
        ]
        permissions = [
            ("import_partner", _("Can import partners from a spreadsheet")),
            ("export_partner", _("Can export partners to a spreadsheet")),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("cities:partner_detail", kwargs={"slug": self.slug})

    def clean(self):
        errors = {}
        # Sorted in SQL by this column: katakana typed by staff would sort after hiragana.
        self.name_reading = hiragana(self.name_reading)
        try:
            validate_partial_date(self.relationship_since, self.relationship_since_precision)
        except ValidationError as error:
            errors["relationship_since"] = error.messages
        ended = self.relationship_status == self.RelationshipStatus.ENDED
        if ended and not self.relationship_ended_on:
            errors["relationship_ended_on"] = [_("Enter the date the relationship ended.")]
        if (
            self.relationship_ended_on
            and self.relationship_since
            and self.relationship_ended_on < self.relationship_since
        ):
            errors["relationship_ended_on"] = [_("A relationship cannot end before it began.")]
        if self.published:
            # A published page exists in both languages, so it needs a name in each.
            missing = [
                field
                for field in ("name_ja", "name_en")
                if not (getattr(self, field) or "").strip()
            ]
            if missing:
                errors["published"] = [
                    _(
                        "A partner can be published only when its short name is entered "
                        "in both Japanese and English."
                    )
                ]
                for field in missing:
                    errors[field] = [_("Enter this name before publishing the partner.")]
        if errors:
            raise ValidationError(errors)

    def is_visible_to(self, user):
        """The public sees published partners; staff who may view partners preview drafts."""
        return self.published or (
            user.is_active and user.is_staff and user.has_perm("cities.view_partner")
        )

    @property
    def name_lang(self):
        """ "en" when the name shown on a Japanese page is an English one (a draft's
        name copied from a sheet), so it is marked as English; otherwise ""."""
        language = (translation.get_language() or "ja").split("-")[0]
        name = self.name or ""
        if language != "en" and name.isascii() and any(c.isalpha() for c in name):
            return "en"
        return ""

    @property
    def has_relationship(self):
        """The partner has an agreement (or staff entered the relationship): until then no
        status is shown, not even "active"."""
        return self.agreement_kind_id is not None or self.relationship_since is not None

    @property
    def is_active(self):
        """The relationship is active: neither suspended nor ended."""
        return self.relationship_status == self.RelationshipStatus.ACTIVE

    @property
    def has_ended(self):
        return self.relationship_status == self.RelationshipStatus.ENDED

    @property
    def map_position(self):
        """(left, top) in percent on the world map, or None without coordinates."""
        from cities.worldmap import position

        if self.latitude is None or self.longitude is None:
            return None
        return position(self.latitude, self.longitude)


class PartnerFact(models.Model):
    """A figure about a partner as of a date: "Population: 1.47 million (as of 2019)"."""

    partner = models.ForeignKey(
        Partner, verbose_name=_("partner"), on_delete=models.CASCADE, related_name="facts"
    )
    label = models.CharField(_("label"), max_length=100, help_text=_("e.g. Population, Area"))
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=2)
    unit = models.CharField(
        _("unit"), max_length=30, blank=True, help_text=_("e.g. 人 / km²; may stay empty.")
    )
    as_of, as_of_precision = partial_date(
        _("as of"), null=True, blank=True, precision=DatePrecision.YEAR
    )
    source = models.CharField(
        _("source"), max_length=300, blank=True, help_text=_("Where the figure comes from.")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("fact")
        verbose_name_plural = _("facts")
        permissions = [
            ("import_partnerfact", _("Can import facts from a spreadsheet")),
            ("export_partnerfact", _("Can export facts to a spreadsheet")),
        ]

    def __str__(self):
        return f"{self.label}: {self.formatted_value}"

    def clean(self):
        try:
            validate_partial_date(self.as_of, self.as_of_precision)
        except ValidationError as error:
            raise ValidationError({"as_of": error.messages}) from error

    @property
    def formatted_value(self):
        """ "1.47 million" / "147万人" in the active language."""
        return format_quantity(self.value, unit=self.unit, language=translation.get_language())

    @property
    def source_is_link(self):
        return self.source.startswith(("https://", "http://"))


PHOTO_WIDTHS = (480, 1200)
PHOTO_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}


def validate_photo(file):
    """Only real photos: the file must open as a JPEG, PNG, WebP or GIF image."""
    from PIL import Image

    if getattr(file, "_committed", False):
        # Already stored, so checked when it was uploaded; re-saving the partner must not
        # read it again (its file is closed by then, and seeking it was a 500).
        return
    message = _("Upload a photo in JPEG, PNG, WebP or GIF format.")
    try:
        file.seek(0)
        with Image.open(file) as image:
            image_format = image.format
            image.verify()
    except Exception as error:
        raise ValidationError(message, code="not_a_photo") from error
    finally:
        file.seek(0)
    if image_format not in PHOTO_FORMATS:
        raise ValidationError(message, code="not_a_photo")


def photo_rendition_name(name, size):
    """partners/photos/canal.jpg -> partners/photos/canal.480.webp, beside the original."""
    path = PurePosixPath(name)
    return str(path.with_name(f"{path.stem}.{size}.webp"))


class PartnerPhoto(models.Model):
    """A photo on a partner's profile, shown only in sizes made for the page."""

    partner = models.ForeignKey(
        Partner, verbose_name=_("partner"), on_delete=models.CASCADE, related_name="photos"
    )
    image = models.ImageField(
        _("photo"),
        upload_to="partners/photos/",
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
        """Remove a photo's file and its page sizes once the change is saved for good (a
        rolled-back delete keeps them)."""
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
        """The address of one page size of the photo, served by a view that checks access."""
        return reverse(
            "cities:photo",
            kwargs={"slug": self.partner.slug, "pk": self.pk, "size": size},
        )


@receiver(post_delete, sender=PartnerPhoto)
def remove_deleted_photos_files(sender, instance, **kwargs):
    # A signal, not delete(): a photo also goes with its partner or from the admin's list.
    if instance.image.name:
        instance.remove_files_on_commit(instance.image.name)


class Merger(models.Model):
    """A body that merged into another: the Town of Yatabe into Tsukuba in 1987."""

    predecessor = models.ForeignKey(
        Partner,
        verbose_name=_("merged body"),
        on_delete=models.CASCADE,
        related_name="mergers_as_predecessor",
    )
    successor = models.ForeignKey(
        Partner,
        verbose_name=_("merged into"),
        on_delete=models.CASCADE,
        related_name="mergers_as_successor",
    )
    merged_on, merged_on_precision = partial_date(_("date of the merger"))
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["merged_on", "pk"]
        verbose_name = _("merger")
        verbose_name_plural = _("mergers")
        constraints = [
            models.UniqueConstraint(
                fields=["predecessor", "successor"], name="one_merger_per_pair"
            ),
            models.CheckConstraint(
                condition=~Q(predecessor=models.F("successor")),
                name="merger_between_two_bodies",
            ),
        ]

    def __str__(self):
        return f"{self.predecessor} → {self.successor}"

    def clean(self):
        errors = {}
        try:
            validate_partial_date(self.merged_on, self.merged_on_precision)
        except ValidationError as error:
            errors["merged_on"] = error.messages
        if self.predecessor_id and self.predecessor_id == self.successor_id:
            errors["successor"] = [_("A body cannot merge into itself.")]
        if errors:
            raise ValidationError(errors)


class PartnerSearch(models.Model):
    """What kind of partner the city is looking for (提携希望): one page, edited by staff.

    CLAIR publishes such lists for Japanese municipalities; this is the city's own,
    public in both languages and in the open data (open-data/partner-search.json).
    """

    class Field(models.TextChoices):
        EDUCATION = "education", _("education")
        CULTURE = "culture", _("culture and the arts")
        INDUSTRY = "industry", _("industry and the economy")
        SPORT = "sport", _("sport")
        SCIENCE = "science", _("science and technology")
        TOURISM = "tourism", _("tourism")
        YOUTH = "youth", _("youth exchange")
        ENVIRONMENT = "environment", _("environment")

    published = models.BooleanField(
        _("published"),
        default=False,
        help_text=_("Show the page on the public site and in the open data."),
    )
    countries_or_regions = models.CharField(
        _("country or region sought"),
        max_length=300,
        blank=True,
        help_text=_("e.g. Southeast Asia, or Germany and Austria."),
    )
    size = models.CharField(
        _("size sought"),
        max_length=200,
        blank=True,
        help_text=_("e.g. a city of 100,000 to 300,000 people."),
    )
    fields_of_exchange = models.CharField(
        _("fields of exchange"),
        max_length=200,
        blank=True,
        help_text=_("Short codes separated by commas; the admin shows them as tick boxes."),
    )
    details = models.TextField(_("details"), blank=True)
    contact_url = models.URLField(
        _("contact link"),
        blank=True,
        help_text=_("A page or form to contact the division; empty: the division's email."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("partner search")
        verbose_name_plural = _("partner search")

    def __str__(self):
        return str(_("We are looking for a partner"))

    def get_absolute_url(self):
        return reverse("cities:partner_search")

    @classmethod
    def current(cls):
        """The published page, or None."""
        return cls.objects.filter(published=True).order_by("pk").first()

    @property
    def field_codes(self):
        return [code for code in self.fields_of_exchange.split(",") if code in self.Field.values]

    @property
    def field_labels(self):
        labels = dict(self.Field.choices)
        return [labels[code] for code in self.field_codes]
