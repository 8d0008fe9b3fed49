from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from cities.dates import DatePrecision, validate_partial_date


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


class RelationshipType(models.Model):
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
        verbose_name = _("relationship type")
        verbose_name_plural = _("relationship types")

    def __str__(self):
        return self.name


class PartnerQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published=True)

    def in_directory(self):
        """Published partners, without the home city and the towns that merged into it."""
        return self.published().filter(is_home=False)


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
    slug = models.SlugField(
        _("web address name"),
        max_length=100,
        unique=True,
        help_text=_("Used in the page's web address, e.g. grenoble."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.CITY)
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
    relationship_type = models.ForeignKey(
        RelationshipType,
        verbose_name=_("relationship type"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="partners",
    )
    relationship_since = models.DateField(_("relationship since"), null=True, blank=True)
    relationship_since_precision = models.CharField(
        _("precision of the date"),
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
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
        ordering = ["relationship_type__order", "relationship_since", "slug"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("cities:partner_detail", kwargs={"slug": self.slug})

    def clean(self):
        errors = {}
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
        if errors:
            raise ValidationError(errors)
