"""The confirming import (dry_run=False) skips the preview's work but keeps every rule."""

import pytest
import tablib
from django.utils import translation
from import_export import fields, widgets

from cities.models import Merger, Partner
from cities.resources import PartnerResource
from office.spreadsheets import PartialDateField, SpreadsheetResource
from tests.factories import make_home_party, make_partner

pytestmark = pytest.mark.django_db


def partner_sheet(*rows, headers=("slug", "name_ja", "name_en", "country")):
    sheet = tablib.Dataset(headers=list(headers))
    for row in rows:
        sheet.append(row)
    return sheet


def import_partners(sheet, *, dry_run):
    with translation.override("en"):
        return PartnerResource().import_data(sheet, dry_run=dry_run, use_transactions=True)


def test_the_preview_shows_each_rows_changes_and_the_confirmed_import_builds_none():
    make_partner(slug="irvine", name_ja="アーバイン", name_en="Irvine", country="US")
    sheet = partner_sheet(
        ["irvine", "アーバイン市", "Irvine", "US"], ["bochum", "ボーフム", "Bochum", "DE"]
    )

    preview = import_partners(sheet, dry_run=True)
    assert [row.import_type for row in preview.rows] == ["update", "new"]
    assert all(row.diff for row in preview.rows)
    assert "<ins" in preview.rows[0].diff[1]  # name_ja: アーバイン → アーバイン市
    assert not Partner.objects.filter(slug="bochum").exists()

    confirmed = import_partners(sheet, dry_run=False)
    assert [row.import_type for row in confirmed.rows] == ["update", "new"]
    assert [row.diff for row in confirmed.rows] == [None, None]
    assert Partner.objects.get(slug="irvine").name_ja == "アーバイン市"
    assert Partner.objects.get(slug="bochum").country.code == "DE"


def test_a_confirmed_import_skips_unchanged_rows_and_updates_changed_ones():
    make_partner(slug="irvine", name_ja="アーバイン", name_en="Irvine", country="US")
    make_partner(slug="bochum", name_ja="ボーフム", name_en="Bochum", country="DE")
    untouched = Partner.objects.filter(slug="bochum").values().get()
    sheet = partner_sheet(
        ["irvine", "アーバイン市", "Irvine", "US"], ["bochum", "ボーフム", "Bochum", "DE"]
    )

    result = import_partners(sheet, dry_run=False)

    assert (result.totals["update"], result.totals["skip"], result.totals["new"]) == (1, 1, 0)
    assert Partner.objects.get(slug="irvine").name_ja == "アーバイン市"
    assert Partner.objects.filter(slug="bochum").values().get() == untouched


def test_each_new_row_starts_from_a_blank_partner_never_from_the_row_before():
    sheet = partner_sheet(
        ["first", "一", "First", "FR", "town", "https://first.example", "45.1"],
        ["second", "二", "Second", "DE", "", "", ""],
        headers=("slug", "name_ja", "name_en", "country", "kind", "website", "latitude"),
    )

    result = import_partners(sheet, dry_run=False)

    assert result.totals["new"] == 2, result.invalid_rows
    second = Partner.objects.get(slug="second")
    assert (second.kind, second.website, second.latitude) == ("city", "", None)
    assert (second.relationship_status, second.published) == ("active", False)
    first = Partner.objects.get(slug="first")
    assert (first.kind, first.website, str(first.latitude)) == (
        "town",
        "https://first.example",
        "45.100000",
    )


def test_a_new_row_is_still_checked_on_every_field_the_sheet_leaves_out_or_gets_wrong():
    # No name_ja column: the blank partner's empty Japanese name is an error on every row.
    sheet = partner_sheet(
        ["first", "First", "FR", "city"],
        ["second", "Second", "FR", "castle"],
        headers=("slug", "name_en", "country", "kind"),
    )

    result = import_partners(sheet, dry_run=False)

    assert not Partner.objects.exists()
    first, second = result.invalid_rows
    assert set(first.field_specific_errors) == {"name_ja"}
    assert set(second.field_specific_errors) == {"name_ja", "kind"}
    assert "castle" in " ".join(second.field_specific_errors["kind"])


def test_a_published_partner_without_an_english_name_is_still_refused_by_the_model():
    sheet = partner_sheet(
        ["first", "一", "", "FR", "1"],
        headers=("slug", "name_ja", "name_en", "country", "published"),
    )

    result = import_partners(sheet, dry_run=False)

    [invalid] = result.invalid_rows
    assert "published" in invalid.field_specific_errors
    assert not Partner.objects.exists()


class MergerSheet(SpreadsheetResource):
    """Mergers by slug: a model with database constraints, which an import still checks."""

    predecessor = fields.Field(
        "predecessor", "predecessor", widgets.ForeignKeyWidget(Partner, "slug")
    )
    successor = fields.Field("successor", "successor", widgets.ForeignKeyWidget(Partner, "slug"))
    merged_on = PartialDateField("merged_on")

    class Meta:
        model = Merger
        fields = ("id", "predecessor", "successor", "merged_on")
        use_bulk = True
        clean_model_instances = True


def test_a_confirmed_import_still_checks_the_models_constraints():
    town = make_partner(slug="old-town", is_home=True)
    city = make_home_party(slug="tsukuba")
    Merger.objects.create(predecessor=town, successor=city, merged_on="1987-11-30")
    sheet = tablib.Dataset(headers=["id", "predecessor", "successor", "merged_on"])
    sheet.append(["", "old-town", "tsukuba", "1987-11-30"])

    with translation.override("en"):
        result = MergerSheet().import_data(sheet, dry_run=False, use_transactions=True)
        [invalid] = result.invalid_rows
        assert "already exists" in " ".join(invalid.error.messages)
    assert Merger.objects.count() == 1


def test_a_number_equal_to_one_that_passed_is_still_checked_as_written():
    # 45.1 passes; 45.1000000 is the same number but has more decimal places than allowed.
    sheet = partner_sheet(
        ["first", "一", "First", "FR", "45.1"],
        ["second", "二", "Second", "FR", "45.1000000"],
        ["third", "三", "Third", "FR", "45.1"],
        headers=("slug", "name_ja", "name_en", "country", "latitude"),
    )

    result = import_partners(sheet, dry_run=False)

    [invalid] = result.invalid_rows
    assert invalid.number == 2
    assert set(invalid.field_specific_errors) == {"latitude"}
    assert not Partner.objects.exists()
