"""Partners as a spreadsheet, for the admin's import and export (django-import-export).

Columns carry both languages (name_ja, name_en, ...), never the untranslated base column.
Rows are matched on `slug`, so re-importing the division's sheet updates partners instead
of duplicating them, and an unchanged export re-imported changes nothing.
"""

from import_export import fields, widgets
from import_export.instance_loaders import CachedInstanceLoader

from cities.models import Partner, RelationshipType
from cities.spreadsheets import PartialDateField, SpreadsheetResource

TRANSLATED = ("name", "official_name", "region", "description", "story")


class PartnerResource(SpreadsheetResource):
    country = fields.Field(attribute="country", column_name="country")
    # The relationship is derived from the partner's agreements: shown, never imported.
    relationship_type = fields.Field(
        attribute="relationship_type",
        column_name="relationship_type",
        widget=widgets.ForeignKeyWidget(RelationshipType, "slug"),
        readonly=True,
    )
    relationship_since = PartialDateField("relationship_since", readonly=True)
    relationship_status = fields.Field(
        attribute="relationship_status", column_name="relationship_status", readonly=True
    )

    class Meta:
        model = Partner
        import_id_fields = ("slug",)
        fields = (
            "slug",
            *[f"{name}_{language}" for name in TRANSLATED for language in ("ja", "en")],
            "kind",
            "country",
            "latitude",
            "longitude",
            "website",
            "wikidata_id",
            "published",
            "relationship_type",
            "relationship_since",
            "relationship_status",
        )
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
