"""Agreements as a spreadsheet, with their parties and signatories (django-import-export).

One row per agreement, matched on `slug`, so re-importing the division's sheet updates
agreements instead of duplicating them and an unchanged export changes nothing. Columns:

- slug, title_ja, title_en, kind (the type's short code, e.g. sister-city), date (2013-11-12,
  2004-06 or 1989, or any form office.dates.parse_partial_date reads: the precision follows
  what is written), date_meaning, place_signed_ja/_en, summary_ja/_en,
  text_languages_ja/_en, term, expires_on, staff_status, terminated_on, supersedes (the
  earlier agreement's slug, on an earlier row or already saved), cooperation_fields (short
  codes separated by ";"), the CLAIR conditions signed_by_heads, approved_by_council,
  exchange_in_many_fields, and published (1/0).
- partners: every party, the home side included, separated by ";", in order. Each is a
  partner's slug, or its Japanese or English short name (English ignores case; full-width
  and half-width spaces and letters count the same). A name matching two partners is an
  error: write the slug. Export writes slugs.
- partner_country: read only when the import creates missing partners (see below), and
  exported empty, as a place to write it.
- partner_wikidata: likewise, the Wikidata item (Q1289) of each partner the row adds, in
  order, separated by ";": the draft takes its names, kind and country from the item.
- signatories_ja / signatories_en: `Name (Title) for party; Name (Title) for party`, the
  title optional, the party named like in `partners`. signatories_ja lists every
  signatory; signatories_en gives the English name and title of the signatory at the same
  position (an empty entry leaves one without English), e.g.
  `五十嵐立青 (つくば市長) for tsukuba; Éric Piolle (Maire) for grenoble` and
  `Tatsuo Igarashi (Mayor of Tsukuba) for tsukuba; Éric Piolle (Mayor) for grenoble`.

A partner named nowhere is a row error, unless the import is run with
`create_missing_partners=True` (passed to the resource or to import_data; the admin's
AgreementImportForm has the tick box): then an unpublished draft partner is created with
both names set to the name given, its slug from that name (or partner-<n>), and its
country from the row's partner_country column.
"""

import datetime
import re
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from import_export import fields, widgets
from import_export.instance_loaders import CachedInstanceLoader
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from agreements.models import Agreement, AgreementParty, CooperationField, Signatory
from agreements.services import refresh_partner_relationships
from cities import wikidata
from cities.models import AgreementKind, HomeCity, Partner
from office.dates import DatePrecision, parse_partial_date, partial_iso
from office.library_seam import take_prefetched
from office.spreadsheet_lookups import (
    NamedChoiceWidget,
    YesNoWidget,
    country_choices,
    list_separator,
    record_choices,
    text_choices,
)
from office.spreadsheets import PartialDateField, SpreadsheetResource
from office.text import matching_key

LIST_SEPARATOR = re.compile(r"[;；]")


def tidy_name(text):
    """A name as a person typed it, with full-width spaces and doubled spaces tidied."""
    return " ".join(str(text).replace("\u3000", " ").split())


def split_list(value):
    """The entries of a ';'-separated cell, in order, blank ones kept (positions matter)."""
    if value is None:
        return []
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return [entry.strip() for entry in LIST_SEPARATOR.split(str(value))]


class PartnerNotFound(LookupError):
    pass


class PartnerDirectory:
    """Every partner, loaded once per import, found by slug or by either language's name."""

    def __init__(self):
        self.by_slug = {}
        self.by_name = defaultdict(dict)
        for partner in Partner.objects.order_by("pk"):
            self.add(partner)
        # The side a row naming only its partner is signed for: the Home city record's.
        home = HomeCity.objects.filter(partner__isnull=False).select_related("partner").first()
        self.home = home.partner if home else None
        self.created = []  # partners made for this import, for the preview

    def add(self, partner):
        self.by_slug[partner.slug] = partner
        for name in (partner.name_ja, partner.name_en):
            if name:
                self.by_name[matching_key(name)][partner.pk] = partner

    def find(self, text, *, column):
        """The one partner `text` names; ValueError if two match, PartnerNotFound if none."""
        if text in self.by_slug:
            return self.by_slug[text]
        matches = self.by_name.get(matching_key(text), {})
        if len(matches) > 1:
            slugs = ", ".join(sorted(partner.slug for partner in matches.values()))
            raise ValueError(
                _(
                    "Column %(column)s: “%(name)s” could be any of these partners: %(slugs)s. "
                    "Write the partner's web address name instead."
                )
                % {"column": column, "name": text, "slugs": slugs}
            )
        if not matches:
            raise PartnerNotFound(text)
        return next(iter(matches.values()))

    def create_draft(
        self, name, *, country, item_id="", kind="", name_ja="", name_en="", reading=""
    ):
        """An unpublished draft partner for a name no partner has yet.

        Named from its Wikidata item when one is given; the row's partner_kind,
        partner_name_ja and partner_name_en columns win over the item. Without either, a
        name written only in Latin letters is taken as English, any other as Japanese (the
        Japanese name is required, so an English one is copied there until staff write it).
        """
        values = {}
        if item_id:
            values.update(wikidata.draft_for_import(item_id))
        for field, value in (("name_ja", name_ja), ("name_en", name_en), ("kind", kind)):
            if value:
                values[field] = value
        if not (values.get("name_ja") or values.get("name_en")):
            values["name_en" if name.isascii() else "name_ja"] = name
        values["name_ja"] = values.get("name_ja") or values.get("name_en")
        values.setdefault("name_en", "")
        values["country"] = country or values.get("country", "")
        if not values["country"]:
            raise ValueError(
                _(
                    "Column partners: %(names)s is not a partner yet. To add it as a "
                    "draft, write its country (e.g. France or FR) in the partner_country "
                    "column."
                )
                % {"names": f"“{name}”"}
            )
        if reading:
            values["name_reading"] = reading
        base = slugify(values["name_en"] or name)[:90]
        slug = base if base and base not in self.by_slug else None
        number = Partner.objects.count() + 1
        while slug is None or slug in self.by_slug:
            slug = f"partner-{number}"
            number += 1
        partner = Partner.objects.create(slug=slug, published=False, **values)
        self.add(partner)
        # Later rows may name it as this row did.
        self.by_name[matching_key(name)][partner.pk] = partner
        self.created.append(partner)
        return partner


class AgreementBySlugWidget(widgets.Widget):
    """An earlier agreement by its slug: one saved already, or a new one on an earlier row."""

    def __init__(self):
        super().__init__()
        self.reset()

    def reset(self):
        self.saved = None
        self.in_sheet = {}

    def clean(self, value, row=None, **kwargs):
        if value is None or str(value).strip() == "":
            return None
        slug = str(value).strip()
        if slug in self.in_sheet:
            return self.in_sheet[slug]
        if self.saved is None:
            self.saved = dict(Agreement.objects.values_list("slug", "pk"))
        if slug in self.saved:
            # Only its key and slug are needed: no query for the whole agreement.
            return Agreement(pk=self.saved[slug], slug=slug)
        raise ValueError(_("No agreement has the web address name “%(value)s”.") % {"value": value})

    def render(self, value, obj=None, **kwargs):
        return value.slug if value is not None else ""


class CooperationFieldsWidget(widgets.ManyToManyWidget):
    """Fields of cooperation by short code, ';'-separated; an unknown code is an error."""

    def __init__(self):
        super().__init__(CooperationField, separator=";", field="slug")
        self.reset()

    def reset(self):
        self._records = None

    def clean(self, value, row=None, **kwargs):
        if self._records is None:
            self._records = {record.slug: record for record in CooperationField.objects.all()}
        slugs = [slug for slug in split_list(value) if slug]
        unknown = [slug for slug in slugs if slug not in self._records]
        if unknown:
            raise ValueError(
                _("No field of cooperation has the short code “%(value)s”.")
                % {"value": ", ".join(unknown)}
            )
        return [self._records[slug] for slug in dict.fromkeys(slugs)]


class DayWidget(widgets.Widget):
    """A full date, in any form parse_partial_date reads, but known to the day."""

    def clean(self, value, row=None, **kwargs):
        if hasattr(value, "date") and callable(value.date):  # a date cell in a workbook
            return value.date()
        if hasattr(value, "isoformat"):
            return value
        if value is None or str(value).strip() == "":
            return None
        day, precision = parse_partial_date(str(value))
        if precision != DatePrecision.DAY:
            raise ValueError(_("“%(value)s” needs the day, e.g. 2024-03-31.") % {"value": value})
        return day

    def render(self, value, obj=None, **kwargs):
        return value.isoformat() if value else ""


_SIGNATORY = re.compile(r"^(?P<person>.*?)(?:\s+for\s+(?P<party>\S.*))?$", re.DOTALL)


def parse_signatory(entry):
    """'Name (Title) for party' as (name, title, party text); title and party may be ''."""
    match = _SIGNATORY.match(entry)
    person, party = match["person"].strip(), (match["party"] or "").strip()
    name, title = person, ""
    opening = re.search(r"[(（]", person)
    if opening and person[-1:] in ")）":
        name, title = person[: opening.start()].strip(), person[opening.end() : -1].strip()
    return name, title, party


def format_signatory(name, title, party_slug):
    person = f"{name} ({title})" if title else name
    return f"{person} for {party_slug}".strip()


class AgreementLoader(CachedInstanceLoader):
    """The agreements a sheet names, in one query, with their parties, signatories and fields.

    What an agreement has now is kept as plain lists: import-export copies each agreement
    before changing it, and a copied prefetch would be queried again, row by row.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for agreement in self.all_instances.values():
            cache = take_prefetched(agreement)
            agreement._current_parties = [party.partner for party in cache.get("parties", ())]
            agreement._current_signatories = list(cache.get("signatories", ()))
            agreement._current_fields = list(cache.get("cooperation_fields", ()))


class Listed(list):
    """A list that answers .all() like a related manager."""

    def all(self):
        return self


class CooperationFieldsField(fields.Field):
    def get_value(self, instance):
        # What the row asks for (after import_instance), else what the agreement has now.
        for name in ("_import_fields", "_current_fields"):
            if getattr(instance, name, None) is not None:
                return Listed(getattr(instance, name))
        return super().get_value(instance)


def parties_cell(agreement):
    """The partners cell: in the import's preview the parties the row will have (a new
    agreement has none saved yet, and the home side may have been filled in), else the
    saved ones."""
    parties = getattr(agreement, "_import_parties", None)
    if parties is not None:
        return "; ".join(partner.slug for partner in parties)
    if agreement.pk is None:
        return ""
    current = getattr(agreement, "_current_parties", None)  # loaded with the import
    if current is not None:
        return "; ".join(partner.slug for partner in current)
    return "; ".join(party.partner.slug for party in agreement.parties.all())


class PartiesField(fields.Field):
    # The preview's diff asks the field itself, not the resource's dehydrate_ method.
    def export(self, instance, **kwargs):
        return parties_cell(instance)


def _boolean(attribute, *, blank=False):
    return fields.Field(attribute=attribute, column_name=attribute, widget=YesNoWidget(blank=blank))


# What an empty published cell (or a sheet without the column) means; the import page says it.
PUBLISHED_WHEN_BLANK = True


class KindWidget(NamedChoiceWidget):
    """An agreement type by its name in either language (姉妹都市, Sister city) or its code."""

    def __init__(self):
        super().__init__(lambda: record_choices(AgreementKind.objects.order_by("order", "pk")))

    def render(self, value, obj=None, **kwargs):
        return value.slug if value is not None else ""


def agreement_slug(partner_slugs, kind_slug, date_text, title_en):
    """The web address name of an agreement a sheet gives none for, worked out from what
    the row says (partners, type, date), so the same row gets the same one next time."""
    # The date as written in ISO form, so 2019/05/01 and 2019年5月1日 give the same name.
    date_part = ""
    if isinstance(date_text, datetime.datetime):
        date_text = date_text.date()
    if isinstance(date_text, datetime.date):
        date_part = date_text.isoformat()
    elif str(date_text or "").strip():
        try:
            date_part = partial_iso(*parse_partial_date(str(date_text)))
        except (ValueError, ValidationError):
            date_part = "-".join(re.findall(r"\d+", str(date_text)))
    parts = [*partner_slugs, kind_slug, date_part]
    slug = slugify("-".join(part for part in parts if part))[:110].strip("-")
    if not [part for part in partner_slugs if part]:
        slug = slugify(f"{title_en or ''} {date_part}")[:110].strip("-") or slug
    return slug or "agreement"


class AgreementResource(SpreadsheetResource):
    """Agreements with their parties and signatories; see the module's docstring.

    The option to create missing partners is the keyword argument
    `create_missing_partners` (True/False), given to the resource or to import_data().
    """

    kind = fields.Field(attribute="kind", column_name="kind", widget=KindWidget())
    date = PartialDateField("date")
    # Stored codes (signed, open, ...) or their labels in either language; empty: default.
    date_meaning = fields.Field(
        attribute="date_meaning",
        column_name="date_meaning",
        widget=NamedChoiceWidget(
            lambda: text_choices(Agreement.DateMeaning), blank=Agreement.DateMeaning.SIGNED
        ),
    )
    term = fields.Field(
        attribute="term",
        column_name="term",
        widget=NamedChoiceWidget(
            lambda: text_choices(Agreement.Term), blank=Agreement.Term.OPEN_ENDED
        ),
    )
    staff_status = fields.Field(
        attribute="staff_status",
        column_name="staff_status",
        widget=NamedChoiceWidget(
            lambda: text_choices(Agreement.StaffStatus), blank=Agreement.StaffStatus.FROM_DATES
        ),
    )
    expires_on = fields.Field(attribute="expires_on", column_name="expires_on", widget=DayWidget())
    terminated_on = fields.Field(
        attribute="terminated_on", column_name="terminated_on", widget=DayWidget()
    )
    supersedes = fields.Field(
        attribute="supersedes", column_name="supersedes", widget=AgreementBySlugWidget()
    )
    cooperation_fields = CooperationFieldsField(
        attribute="cooperation_fields",
        column_name="cooperation_fields",
        widget=CooperationFieldsWidget(),
    )
    signed_by_heads = _boolean("signed_by_heads")
    approved_by_council = _boolean("approved_by_council")
    exchange_in_many_fields = _boolean("exchange_in_many_fields")
    published = _boolean("published", blank=PUBLISHED_WHEN_BLANK)
    # Written after the agreement is saved (after_save_instance), so no attribute here.
    partners = PartiesField(column_name="partners")
    partner_country = fields.Field(column_name="partner_country")
    # Read only when the import creates a missing partner; exported empty.
    partner_kind = fields.Field(column_name="partner_kind")
    partner_name_ja = fields.Field(column_name="partner_name_ja")
    partner_name_en = fields.Field(column_name="partner_name_en")
    partner_wikidata = fields.Field(column_name="partner_wikidata")
    signatories_ja = fields.Field(column_name="signatories_ja")
    signatories_en = fields.Field(column_name="signatories_en")

    class Meta:
        model = Agreement
        import_id_fields = ("slug",)
        fields = (
            "slug",
            "title_ja",
            "title_en",
            "kind",
            "date",
            "date_meaning",
            "partners",
            "partner_country",
            "partner_kind",
            "partner_name_ja",
            "partner_name_en",
            "partner_wikidata",
            "signatories_ja",
            "signatories_en",
            "place_signed_ja",
            "place_signed_en",
            "summary_ja",
            "summary_en",
            "text_languages_ja",
            "text_languages_en",
            "term",
            "expires_on",
            "staff_status",
            "terminated_on",
            "supersedes",
            "cooperation_fields",
            "signed_by_heads",
            "approved_by_council",
            "exchange_in_many_fields",
            "published",
        )
        export_order = fields
        import_order = fields
        # Speed: one query loads every agreement named in the sheet, with its parties,
        # signatories and fields; partners, types and fields are loaded once per import;
        # agreements, parties and signatories are written in batches, with their history.
        instance_loader_class = AgreementLoader
        skip_unchanged = True
        report_skipped = False
        use_bulk = True
        batch_size = 500
        clean_model_instances = True

    def __init__(self, *, create_missing_partners=False, **kwargs):
        super().__init__(**kwargs)
        self.create_missing_partners = create_missing_partners

    def get_queryset(self):
        return Agreement.objects.select_related("kind", "supersedes").prefetch_related(
            Prefetch("parties", queryset=AgreementParty.objects.select_related("partner")),
            Prefetch("signatories", queryset=Signatory.objects.select_related("party")),
            "cooperation_fields",
        )

    # --- export -------------------------------------------------------------------------

    def dehydrate_partners(self, agreement):
        return parties_cell(agreement)

    def dehydrate_partner_country(self, agreement):
        return ""

    def dehydrate_partner_kind(self, agreement):
        return ""

    def dehydrate_partner_name_ja(self, agreement):
        return ""

    def dehydrate_partner_name_en(self, agreement):
        return ""

    def dehydrate_partner_wikidata(self, agreement):
        return ""

    def dehydrate_signatories_ja(self, agreement):
        return "; ".join(
            format_signatory(s.name_ja, s.title_ja, s.party.slug)
            for s in agreement.signatories.all()
        )

    def dehydrate_signatories_en(self, agreement):
        entries = [
            format_signatory(s.name_en, s.title_en, s.party.slug)
            if (s.name_en or s.title_en)
            else ""
            for s in agreement.signatories.all()
        ]
        return "; ".join(entries) if any(entries) else ""

    # --- what the import page and the template say ----------------------------------------

    @classmethod
    def import_notes(cls):
        home = HomeCity.objects.first()
        home_name = home.name if home else _("the home city")
        return [
            _(
                "One row per agreement. Write the partner by its name in Japanese or English; "
                "a row naming only the partner is signed for %(home)s."
            )
            % {"home": home_name},
            _(
                "The type (kind) and the partner's kind and country may be written as their "
                "name in Japanese or English."
            ),
            _("Dates may be written 2013-11-12, 2013/11/12, 2013年11月12日, 2013-11 or 2013."),
            _(
                "No slug column is needed: each agreement gets a web address name from its "
                "partners, type and date, so importing the same sheet again updates it."
            ),
            _(
                "An empty published cell (or no published column) publishes the agreement. "
                "A row with its title in one language only is imported as an unpublished "
                "draft, listed after the import."
            ),
        ]

    def template_columns(self):
        from office.spreadsheet_lookups import country_choices
        from office.templates_xlsx import TemplateColumn

        language = (translation.get_language() or "ja").split("-")[0]
        kinds = record_choices(AgreementKind.objects.order_by("order", "pk")).names()
        partners = [
            partner.name for partner in Partner.objects.filter(is_home=False).order_by("name_ja")
        ]
        yes, no = (_("yes"), _("no"))
        partner_kinds = text_choices(Partner.Kind).names()
        example_ja = language == "ja"
        return [
            TemplateColumn(
                "title_ja",
                _("The title in Japanese. May stay empty for now: the row becomes a draft."),
                "グルノーブル市との姉妹都市協定",
            ),
            TemplateColumn(
                "title_en",
                _("The title in English. May stay empty for now: the row becomes a draft."),
                "Sister city agreement with Grenoble",
            ),
            TemplateColumn(
                "kind", _("The type of agreement."), kinds[0] if kinds else "", kinds, True
            ),
            TemplateColumn(
                "date",
                _("The date signed: 2013-11-12, 2013年11月12日, 2013-11 or 2013."),
                "2013-11-12",
                required=True,
            ),
            TemplateColumn(
                "partners",
                _(
                    "The partner, by its name in Japanese or English. Several parties: "
                    "separate them with ;. The home city may be left out."
                ),
                partners[0] if partners else ("グルノーブル市" if example_ja else "Grenoble"),
                partners,
                True,
            ),
            TemplateColumn(
                "published",
                _("Shown on the public site? Empty means yes."),
                yes,
                [yes, no],
            ),
            TemplateColumn(
                "partner_country",
                _("Only for a partner not entered yet (tick “Create missing partners”)."),
                "",
                country_choices().names(),
            ),
            TemplateColumn(
                "partner_kind",
                _("Only for a partner not entered yet: what kind of body it is."),
                "",
                partner_kinds,
            ),
            TemplateColumn(
                "partner_name_ja", _("Only for a partner not entered yet: its Japanese name.")
            ),
            TemplateColumn(
                "partner_name_en", _("Only for a partner not entered yet: its English name.")
            ),
            TemplateColumn("summary_ja", _("A short summary in Japanese (optional).")),
            TemplateColumn("summary_en", _("A short summary in English (optional).")),
        ]

    # --- import -------------------------------------------------------------------------

    def before_import(self, dataset, **kwargs):
        # Set up first: a sheet-wide error below must not hide the rows' own errors.
        if kwargs.get("create_missing_partners"):
            self.create_missing_partners = True
        self.directory = PartnerDirectory()
        self.touched_partners = {}
        self.new_parties = []
        self.new_signatories = []
        self.new_fields = []
        self.pending_supersedes = []
        self.drafts = []  # (agreement, the language its title is missing in)
        for field in self.fields.values():
            if hasattr(field.widget, "reset"):
                field.widget.reset()
        self.fill_in_slugs(dataset)
        super().before_import(dataset, **kwargs)

    def fill_in_slugs(self, dataset):
        """Give each row without a web address name one worked out from the row.

        Staff sheets have no slug column: the partners, type and date make one
        (grenoble-sister-city-2013-11-12), so re-importing the same sheet updates the
        same agreements. Two rows that would get the same one are numbered (-2, -3).
        """
        headers = dataset.headers or []
        if not len(dataset) or (
            "slug" in headers and all(str(slug or "").strip() for slug in dataset["slug"])
        ):
            return
        kinds = self.fields["kind"].widget
        column = lambda name: dataset[name] if name in headers else [""] * len(dataset)  # noqa: E731
        given = column("slug")
        taken = {str(slug).strip() for slug in given if str(slug or "").strip()}
        slugs = []
        for slug, partners, kind, date, title_en in zip(
            given,
            column("partners"),
            column("kind"),
            column("date"),
            column("title_en"),
            strict=True,
        ):
            if str(slug or "").strip():
                slugs.append(str(slug).strip())
                continue
            partner_slugs = []
            for text in split_list(partners):
                if not text:
                    continue
                try:
                    partner = self.directory.find(text, column="partners")
                except (LookupError, ValueError):
                    partner_slugs.append(slugify(text))
                    continue
                if not partner.is_home:
                    partner_slugs.append(partner.slug)
            try:
                kind_slug = kinds.clean(kind).slug if str(kind or "").strip() else ""
            except ValueError:
                kind_slug = slugify(str(kind))
            base = agreement_slug(partner_slugs, kind_slug, date, title_en)
            slug, suffix = base, 2
            while slug in taken:
                slug, suffix = f"{base}-{suffix}", suffix + 1
            taken.add(slug)
            slugs.append(slug)
        if "slug" in headers:
            del dataset["slug"]
        dataset.insert_col(0, slugs, header="slug")

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        # import-export checks many-to-many cells only when saving; check them with the
        # rest, so an unknown field of cooperation is reported like any other cell.
        field = self.fields["cooperation_fields"]
        instance._import_fields = None
        if field.column_name in row:
            try:
                instance._import_fields = field.clean(row)
            except ValueError as error:
                errors[field.attribute] = [str(error)]
        instance._import_is_new = instance.pk is None
        missing = instance.missing_title_language
        if missing:
            # A title in one language only: imported as a draft, listed for staff to finish.
            instance.published = False
            self.drafts.append((instance, missing))
        if instance._import_is_new and instance.slug:
            self.fields["supersedes"].widget.in_sheet[instance.slug] = instance
        if instance._import_is_new:
            instance._current_parties, instance._current_signatories = [], []
            instance._current_fields = []
        instance._import_parties = None
        instance._import_signatories = None
        try:
            if "partners" in row:
                instance._import_parties = self._read_partners(row, **kwargs)
        except ValueError as error:
            errors["partners"] = [str(error)]
        try:
            if "signatories_ja" in row:
                instance._import_signatories = self._read_signatories(row)
        except ValidationError as error:
            errors.update(error.message_dict)
        if errors:
            raise ValidationError(errors)

    def _read_partners(self, row, **kwargs):
        parties = []
        missing = []
        for text in split_list(row.get("partners")):
            if not text:
                continue
            try:
                parties.append(self.directory.find(text, column="partners"))
            except PartnerNotFound:
                missing.append(tidy_name(text))
                parties.append(None)
        home = self.directory.home
        if parties and home is not None and not any(p is not None and p.is_home for p in parties):
            # A row naming only its partner is signed for the home city.
            parties.insert(0, home)
        if missing and not self.create_missing_partners:
            raise ValueError(
                _(
                    "Column partners: no partner is called %(names)s. Check the spelling, add "
                    "the partner first, or tick “Create missing partners”."
                )
                % {"names": ", ".join(f"“{name}”" for name in missing)}
            )
        if missing:
            country_text = str(row.get("partner_country") or "").strip()
            items = [wikidata.item_id_from(t) for t in split_list(row.get("partner_wikidata"))]
            if not country_text and not (items and all(items)):
                raise ValueError(
                    _(
                        "Column partners: %(names)s is not a partner yet. To add it as a "
                        "draft, write its country (e.g. France or FR) in the partner_country "
                        "column."
                    )
                    % {"names": ", ".join(f"“{name}”" for name in missing)}
                )
            country = self.countries().find(country_text) if country_text else ""
            details = self._new_partner_details(row)
            if kwargs.get("dry_run") and not kwargs.get("using_transactions"):
                # Nothing may be written, so nothing can be created: say what would be.
                raise ValueError(
                    _("Column partners: %(names)s would be created as a draft partner.")
                    % {"names": ", ".join(f"“{name}”" for name in missing)}
                )
            # A name written twice makes one partner (listed twice: a party-rule error).
            created = {}
            item_ids = iter(items)
            for name in missing:
                if matching_key(name) not in created:
                    # The kind and names columns describe the row's one new partner.
                    extra = details if len(set(map(matching_key, missing))) == 1 else {}
                    created[matching_key(name)] = self.directory.create_draft(
                        name, country=country, item_id=next(item_ids, ""), **extra
                    )
            names = iter(missing)
            parties = [party or created[matching_key(next(names))] for party in parties]
        return parties

    def countries(self):
        if getattr(self, "_countries", None) is None:
            self._countries = country_choices()
        return self._countries

    def _new_partner_details(self, row):
        """The kind and names of a partner to create, from the row's partner_* columns."""
        details = {}
        kind = str(row.get("partner_kind") or "").strip()
        if kind:
            try:
                details["kind"] = text_choices(Partner.Kind).find(kind)
            except ValueError as error:
                raise ValueError(
                    _("Column partner_kind: %(problem)s") % {"problem": error}
                ) from None
        for language in ("ja", "en"):
            name = tidy_name(row.get(f"partner_name_{language}") or "")
            if name:
                details[f"name_{language}"] = name
        return details

    def _read_signatories(self, row):
        """(party, name_ja, title_ja, name_en, title_en) for each signatory, in order."""
        japanese = [entry for entry in split_list(row.get("signatories_ja")) if entry]
        english = split_list(row.get("signatories_en"))
        while english and not english[-1]:
            english.pop()
        if len(english) > len(japanese):
            raise ValidationError(
                {
                    "signatories_en": _(
                        "There are more English signatories than Japanese ones: give each "
                        "signatory in signatories_ja, and their English name at the same place."
                    )
                }
            )
        english += [""] * (len(japanese) - len(english))
        signatories = []
        for entry_ja, entry_en in zip(japanese, english, strict=True):
            name_ja, title_ja, party_text = parse_signatory(entry_ja)
            if not name_ja or not party_text:
                raise ValidationError(
                    {
                        "signatories_ja": _(
                            "“%(entry)s” is not written as “Name (Title) for party”."
                        )
                        % {"entry": entry_ja}
                    }
                )
            try:
                party = self.directory.find(party_text, column="signatories_ja")
            except PartnerNotFound:
                # A party the partners column created on this row is known by now.
                raise ValidationError(
                    {
                        "signatories_ja": _(
                            "Column signatories_ja: no partner is called “%(name)s”."
                        )
                        % {"name": tidy_name(party_text)}
                    }
                ) from None
            except ValueError as error:
                raise ValidationError({"signatories_ja": str(error)}) from None
            name_en, title_en, party_text_en = (
                parse_signatory(entry_en) if entry_en else ("", "", "")
            )
            if party_text_en:
                try:
                    same = self.directory.find(party_text_en, column="signatories_en") == party
                except PartnerNotFound:
                    same = False
                except ValueError as error:
                    raise ValidationError({"signatories_en": str(error)}) from None
                if not same:
                    raise ValidationError(
                        {
                            "signatories_en": _(
                                "“%(entry)s” signs for another party than its Japanese entry "
                                "“%(entry_ja)s”."
                            )
                            % {"entry": entry_en, "entry_ja": entry_ja}
                        }
                    )
            signatories.append((party, name_ja, title_ja, name_en, title_en))
        return signatories

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        parties = instance._import_parties
        if parties is None and instance._import_is_new and "partners" not in errors:
            errors["partners"] = [_("Column partners: list the parties to the agreement.")]
        if parties is not None and "partners" not in errors:
            if not parties:
                errors["partners"] = [_("Column partners: list the parties to the agreement.")]
            else:
                try:
                    Agreement.check_parties(parties)
                except ValidationError as error:
                    errors["partners"] = [
                        _("Column partners: %(problem)s") % {"problem": message}
                        for message in error.messages
                    ]
        signatories = instance._import_signatories
        if signatories and "partners" not in errors and "signatories_ja" not in errors:
            try:
                Agreement.check_signatories(
                    parties if parties is not None else self._parties(instance),
                    [party for party, *_names in signatories],
                )
            except ValidationError as error:
                # The sheet names a party by its slug, so the message does too.
                errors["signatories_ja"] = [
                    _("Column signatories_ja: %(problem)s")
                    % {
                        "problem": problem.message
                        % {**problem.params, "party": problem.params["party"].slug}
                    }
                    for problem in error.error_list
                ]
        if instance.kind_id is None and "kind" not in errors:
            errors["kind"] = [
                _("Give the agreement's type. Write one of: %(choices)s.")
                % {"choices": list_separator().join(self.fields["kind"].widget.choices.names())}
            ]
        # The widgets found the type and the superseded agreement, so Django's check that
        # they exist (a query per row) is left out, like the constraint clean() repeats.
        # The untranslated title is left to clean(): a draft may have one language only.
        try:
            instance.full_clean(
                exclude=[*errors, "kind", "supersedes", "title"],
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if not super().skip_row(instance, original, row, import_validation_errors):
            return False
        original = self.original_record(instance, original)
        parties = instance._import_parties
        if parties is not None and [p.pk for p in parties] != [
            p.pk for p in self._parties(original)
        ]:
            return False
        signatories = instance._import_signatories
        if signatories is None:
            return True
        wanted = self._signatory_values(signatories)
        return wanted == self._signatory_values(self._signatories(original))

    def before_save_instance(self, instance, row, **kwargs):
        if instance._import_is_new:
            target = instance.supersedes
            if target is not None and target.pk is None:
                # A new agreement on an earlier row: linked once both are saved.
                self.pending_supersedes.append((instance, target))
                instance.supersedes = None
        else:
            instance.updated_at = timezone.now()  # bulk_update skips auto_now

    def get_bulk_update_fields(self):
        unchanged = {"id", "slug", "created_at"}
        return [f.name for f in Agreement._meta.concrete_fields if f.name not in unchanged]

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        # As import-export's, but with each agreement's history, as a save writes it.
        if self.create_instances and (using_transactions or not dry_run):
            try:
                bulk_create_with_history(self.create_instances, Agreement, batch_size=batch_size)
            except Exception as error:
                self.handle_import_error(result, error, raise_errors)
            finally:
                self.create_instances.clear()

    def bulk_update(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        if self.update_instances and (using_transactions or not dry_run):
            try:
                bulk_update_with_history(
                    self.update_instances,
                    Agreement,
                    self.get_bulk_update_fields(),
                    batch_size=batch_size,
                )
            except Exception as error:
                self.handle_import_error(result, error, raise_errors)
            finally:
                self.update_instances.clear()

    def after_save_instance(self, instance, row, **kwargs):
        """Replace changed parties and signatories; new ones are written in after_import."""
        if kwargs.get("dry_run") and not kwargs.get("using_transactions"):
            return
        old_parties = [] if instance._import_is_new else self._parties(instance)
        parties = instance._import_parties
        if parties is not None and [p.pk for p in parties] != [p.pk for p in old_parties]:
            if old_parties:
                instance.parties.all().delete()
            self.new_parties.extend(
                AgreementParty(agreement=instance, partner=partner, order=order)
                for order, partner in enumerate(parties)
            )
        signatories = instance._import_signatories
        old_signatories = [] if instance._import_is_new else self._signatories(instance)
        wanted = self._signatory_values(signatories or [])
        if signatories is not None and wanted != self._signatory_values(old_signatories):
            if old_signatories:
                instance.signatories.all().delete()
            self.new_signatories.extend(
                Signatory(
                    agreement=instance,
                    party=party,
                    name_ja=name_ja,
                    title_ja=title_ja,
                    name_en=name_en,
                    title_en=title_en,
                    order=order,
                )
                for order, (party, name_ja, title_ja, name_en, title_en) in enumerate(signatories)
            )
        wanted = instance._import_fields
        if wanted is not None and [f.pk for f in wanted] != [
            f.pk for f in ([] if instance._import_is_new else instance._current_fields)
        ]:
            self.new_fields.append((instance, wanted))
        # A changed date or type changes the relationship too, not only a changed party.
        self.touched_partners.update({p.pk: p for p in old_parties})
        self.touched_partners.update({p.pk: p for p in parties or ()})

    def after_import(self, dataset, result, **kwargs):
        super().after_import(dataset, result, **kwargs)
        # For the import page: the partners made for the sheet, the drafts to finish.
        result.new_partners = [
            {
                "name_ja": partner.name_ja,
                "name_en": partner.name_en,
                "kind": partner.get_kind_display(),
                "country": partner.country.name,
            }
            for partner in self.directory.created
        ]
        result.drafts = [
            {
                "slug": agreement.slug,
                "title": agreement.title_ja or agreement.title_en,
                "missing": _("needs a Japanese title")
                if language == "ja"
                else _("needs an English title"),
            }
            for agreement, language in self.drafts
        ]
        if kwargs.get("dry_run") or result.has_errors() or result.has_validation_errors():
            return
        # In bulk, with their history: a few queries instead of a few per row. Every
        # agreement is saved by now (import-export writes them in batches).
        if self.pending_supersedes:
            for instance, target in self.pending_supersedes:
                instance.supersedes = target
            Agreement.objects.bulk_update(
                [instance for instance, _target in self.pending_supersedes], ["supersedes"]
            )
        through = Agreement.cooperation_fields.through
        through.objects.filter(
            agreement__in=[instance for instance, _wanted in self.new_fields]
        ).delete()
        through.objects.bulk_create(
            through(agreement=instance, cooperationfield=field)
            for instance, wanted in self.new_fields
            for field in wanted
        )
        bulk_create_with_history(self.new_parties, AgreementParty, batch_size=500)
        bulk_create_with_history(self.new_signatories, Signatory, batch_size=500)
        refresh_partner_relationships(self.touched_partners.values())

    # --- what an agreement has now ------------------------------------------------------

    @staticmethod
    def _parties(agreement):
        # Loaded with the agreement (AgreementLoader), so this costs no query per row.
        if agreement.pk is None:
            return []
        return agreement._current_parties

    @staticmethod
    def _signatories(agreement):
        if agreement.pk is None:
            return []
        return [
            (s.party, s.name_ja, s.title_ja or "", s.name_en or "", s.title_en or "")
            for s in agreement._current_signatories
        ]

    @staticmethod
    def _signatory_values(signatories):
        return [
            (party.pk, name_ja or "", title_ja or "", name_en or "", title_en or "")
            for party, name_ja, title_ja, name_en, title_en in signatories
        ]
