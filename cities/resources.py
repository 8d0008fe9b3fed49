"""Partners as a spreadsheet, for the admin's import and export (django-import-export).

Columns carry both languages (name_ja, name_en, ...), never the untranslated base column.
Rows are matched on `slug`, so re-importing the division's sheet updates partners instead
of duplicating them, and an unchanged export re-imported changes nothing.
"""

from django.utils.text import slugify
from django.utils.translation import gettext as _
from import_export import fields, widgets
from import_export.instance_loaders import BaseInstanceLoader, CachedInstanceLoader

from cities import wikidata
from cities.models import AgreementKind, Partner, PartnerFact
from office.spreadsheet_lookups import (
    CountryWidget,
    NamedChoiceWidget,
    YesNoWidget,
    text_choices,
)
from office.spreadsheets import PartialDateField, SpreadsheetResource
from office.text import matching_key

TRANSLATED = ("name", "official_name", "region", "description", "story")


class PartnerKindWidget(NamedChoiceWidget):
    """A partner's kind as the admin shows it (市, 州・省, State or province) or its code."""

    def __init__(self):
        super().__init__(lambda: text_choices(Partner.Kind))

    def clean(self, value, row=None, **kwargs):
        return super().clean(value, row=row, **kwargs) or Partner.Kind.CITY

    def render(self, value, obj=None, **kwargs):
        return value or ""


def partner_columns():
    """The partner sheet's columns, in order. One list, so a column is added in one place."""
    return (
        "slug",
        *[f"{name}_{language}" for name in TRANSLATED for language in ("ja", "en")],
        "name_reading",
        "kind",
        "country",
        "latitude",
        "longitude",
        "website",
        "wikidata_id",
        "published",
        "agreement_kind",
        "relationship_since",
        "relationship_status",
    )


class PartnerResource(SpreadsheetResource):
    """Partners; a sheet without the slug column matches partners by either name."""

    kind = fields.Field(attribute="kind", column_name="kind", widget=PartnerKindWidget())
    country = fields.Field(attribute="country", column_name="country", widget=CountryWidget())
    # 1/0, yes/no, はい/いいえ; empty is no, so a new partner starts as a draft.
    published = fields.Field(
        attribute="published", column_name="published", widget=YesNoWidget(blank=False)
    )
    # The relationship is derived from the partner's agreements: shown, never imported.
    agreement_kind = fields.Field(
        attribute="agreement_kind",
        column_name="agreement_kind",
        widget=widgets.ForeignKeyWidget(AgreementKind, "slug"),
        readonly=True,
    )
    relationship_since = PartialDateField("relationship_since", readonly=True)
    relationship_status = fields.Field(
        attribute="relationship_status", column_name="relationship_status", readonly=True
    )

    class Meta:
        model = Partner
        import_id_fields = ("slug",)
        fields = partner_columns()
        export_order = fields
        # Speed: one query loads every partner named in the sheet; unchanged rows are
        # skipped; new and changed rows are written in batches.
        instance_loader_class = CachedInstanceLoader
        skip_unchanged = True
        report_skipped = False
        use_bulk = True
        batch_size = 1000
        # Each row passes the model's own checks (full_clean), reported by row and column.
        clean_model_instances = True

    def dehydrate_country(self, partner):
        return partner.country.code

    @classmethod
    def import_notes(cls):
        return [
            _(
                "One row per partner. Without a slug column, a row updates the partner with "
                "the same Japanese or English name, or adds a new one."
            ),
            _(
                "The kind and the country may be written as their name in Japanese or "
                "English (市, State or province; フランス, France) or as their code (city, FR)."
            ),
            _(
                "Write the reading of the Japanese name (よみ) in name_reading: Japanese lists "
                "are sorted by it."
            ),
            _("published: 1 (yes) or 0 (no); empty means no, so a new partner starts as a draft."),
        ]

    def template_columns(self):
        from office.spreadsheet_lookups import country_choices
        from office.templates_xlsx import TemplateColumn

        kinds = text_choices(Partner.Kind)
        countries = country_choices()
        return [
            TemplateColumn(
                "name_ja", _("The short name in Japanese."), "グルノーブル市", required=True
            ),
            TemplateColumn("name_en", _("The short name in English."), "Grenoble", required=True),
            TemplateColumn(
                "name_reading", _("The reading of the Japanese name, in hiragana."), "ぐるのーぶる"
            ),
            TemplateColumn(
                "kind",
                _("What kind of body the partner is."),
                kinds.name_of(Partner.Kind.CITY),
                kinds.names(),
                True,
            ),
            TemplateColumn(
                "country", _("The country."), countries.name_of("FR"), countries.names(), True
            ),
            TemplateColumn("region_ja", _("The region or state, in Japanese (optional).")),
            TemplateColumn("region_en", _("The region or state, in English (optional).")),
            TemplateColumn(
                "website", _("The partner's website (optional)."), "https://www.grenoble.fr/"
            ),
            TemplateColumn(
                "published",
                _("Shown on the public site: 1 (yes) or 0 (no)."),
                "1",
                ["1", "0", _("yes"), _("no")],
            ),
        ]

    def before_import(self, dataset, **kwargs):
        # A `wikidata` column (Q1289 or the item's address) is read as wikidata_id.
        wikidata.read_import_column(dataset)
        self.fields["kind"].widget.reset()
        self.fields["country"].widget.reset()
        fill_in_partner_slugs(dataset)
        super().before_import(dataset, **kwargs)

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        # A new partner's blank names, kind and country come from its Wikidata item.
        wikidata.fill_new_partner(instance, row)


def fill_in_partner_slugs(dataset):
    """Give each row without a web address name the one of the partner it names.

    A partner already saved under the row's Japanese or English name keeps its slug, so
    the same sheet imported again updates it; a new one gets one from its English name
    (or partner-<n> for a name in Japanese only).
    """
    headers = dataset.headers or []
    if not len(dataset) or (
        "slug" in headers and all(str(slug or "").strip() for slug in dataset["slug"])
    ):
        return
    saved = {}
    for slug, name_ja, name_en in Partner.objects.values_list("slug", "name_ja", "name_en"):
        for name in (name_ja, name_en):
            if name:
                saved.setdefault(matching_key(name), slug)
    taken = set(Partner.objects.values_list("slug", flat=True))
    number = len(taken) + 1
    column = lambda name: dataset[name] if name in headers else [""] * len(dataset)  # noqa: E731
    slugs = []
    for slug, name_ja, name_en in zip(
        column("slug"), column("name_ja"), column("name_en"), strict=True
    ):
        slug = str(slug or "").strip()
        if not slug:
            names = [matching_key(name) for name in (name_ja, name_en) if str(name or "").strip()]
            slug = next((saved[name] for name in names if name in saved), "")
        if not slug:
            base = slugify(str(name_en or ""))[:90]
            slug = base if base and base not in taken else ""
            while not slug or slug in taken:
                slug, number = f"partner-{number}", number + 1
        taken.add(slug)
        slugs.append(slug)
    if "slug" in headers:
        del dataset["slug"]
    dataset.insert_col(0, slugs, header="slug")


class AgreementKindResource(SpreadsheetResource):
    """The types of agreement (姉妹都市, 覚書…), matched on their short code."""

    class Meta:
        model = AgreementKind
        import_id_fields = ("slug",)
        fields = ("slug", "name_ja", "name_en", "order", "is_sister_city")
        export_order = fields
        skip_unchanged = True
        report_skipped = False
        clean_model_instances = True

    def before_import(self, dataset, **kwargs):
        headers = dataset.headers or []
        if "slug" not in headers and "name_en" in headers:
            dataset.insert_col(
                0, [slugify(str(name or "")) for name in dataset["name_en"]], header="slug"
            )
        super().before_import(dataset, **kwargs)


class PartnerBySlugWidget(widgets.ForeignKeyWidget):
    """A partner by its slug, every partner loaded once per import."""

    def __init__(self):
        super().__init__(Partner, "slug")
        self.partners = None

    def clean(self, value, row=None, **kwargs):
        if self.partners is None:
            self.partners = {partner.slug: partner for partner in Partner.objects.order_by()}
        text = "" if value is None else str(value).strip()
        if not text:
            raise ValueError(_("Give the partner's web address name, e.g. grenoble."))
        try:
            return self.partners[text]
        except KeyError:
            raise ValueError(
                _("No partner has the web address name “%(value)s”.") % {"value": text}
            ) from None


class FactLoader(BaseInstanceLoader):
    """Every fact of the partners in the sheet in one query, found by partner and label_en."""

    def __init__(self, resource, dataset=None):
        super().__init__(resource, dataset)
        headers = dataset.headers or [] if dataset is not None else []
        self.facts = {}
        if "partner" in headers and "label_en" in headers:
            slugs = {str(slug).strip() for slug in dataset["partner"] if slug}
            facts = PartnerFact.objects.filter(partner__slug__in=slugs).select_related("partner")
            self.facts = {(fact.partner.slug, fact.label_en): fact for fact in facts}

    def get_instance(self, row):
        return self.facts.get((str(row.get("partner") or "").strip(), row.get("label_en") or ""))


class PartnerFactResource(SpreadsheetResource):
    """Figures about partners: "Population: 1,470,000 (as of 2019)".

    The import id is the pair (partner, label_en): a row whose partner and English label
    match a fact updates that fact, so a re-imported sheet updates rather than duplicates.
    Renaming a label_en therefore adds a new fact (delete the old one in the admin).
    """

    partner = fields.Field(attribute="partner", column_name="partner", widget=PartnerBySlugWidget())
    as_of = PartialDateField("as_of")

    class Meta:
        model = PartnerFact
        import_id_fields = ("partner", "label_en")
        fields = (
            "partner",
            "label_ja",
            "label_en",
            "value",
            "unit_ja",
            "unit_en",
            "as_of",
            "source",
            "order",
        )
        export_order = fields
        instance_loader_class = FactLoader
        skip_unchanged = True
        report_skipped = False
        use_bulk = True
        batch_size = 1000
        clean_model_instances = True

    def get_queryset(self):
        return PartnerFact.objects.select_related("partner").order_by(
            "partner__slug", "order", "pk"
        )

    def get_bulk_update_fields(self):
        # The precision is set by the as_of column but is no column of its own.
        return [*super().get_bulk_update_fields(), "as_of_precision"]

    def before_import(self, dataset, **kwargs):
        # The shared check looks at each import id column alone; here the pair counts.
        super(SpreadsheetResource, self).before_import(dataset, **kwargs)
        self.fields["partner"].widget.partners = None
        headers = dataset.headers or []
        if "partner" not in headers or "label_en" not in headers:
            return
        seen = {}
        for number, pair in enumerate(
            zip(dataset["partner"], dataset["label_en"], strict=True), start=1
        ):
            if pair in seen:
                raise ValueError(
                    _("Rows %(first)s and %(second)s both give %(label)s for %(partner)s.")
                    % {"first": seen[pair], "second": number, "label": pair[1], "partner": pair[0]}
                )
            seen[pair] = number
