"""Partner and agreement-type sheets as staff keep them: names and labels, not codes."""

import pytest
import tablib
from django.utils import translation

from cities.models import AgreementKind, Partner
from cities.resources import AgreementKindResource, PartnerResource
from tests.factories import make_partner

pytestmark = pytest.mark.django_db


def import_sheet(resource, headers, *rows):
    sheet = tablib.Dataset(headers=list(headers))
    for row in rows:
        sheet.append(list(row))
    return resource.import_data(sheet, dry_run=False, use_transactions=True)


def errors_of(result):
    return {
        column: [str(message) for message in messages]
        for row in result.invalid_rows
        for column, messages in row.field_specific_errors.items()
    }


HEADERS = ("name_ja", "name_en", "name_reading", "kind", "country")


def test_partners_are_read_with_kind_labels_and_country_names_in_either_language():
    result = import_sheet(
        PartnerResource(),
        HEADERS,
        ("バイエルン州", "Bavaria", "ばいえるん", "州・省", "ドイツ"),
        ("北京市", "Beijing", "ぺきん", "City", "China"),
        ("グルノーブル市", "Grenoble", "", "city", "fr"),
    )
    assert not result.has_validation_errors(), errors_of(result)
    found = {p.name_en: (p.kind, p.country.code, p.name_reading) for p in Partner.objects.all()}
    assert found == {
        "Bavaria": ("state", "DE", "ばいえるん"),
        "Beijing": ("city", "CN", "ぺきん"),
        "Grenoble": ("city", "FR", ""),
    }


def test_a_sheet_without_slugs_matches_partners_by_name_on_reimport():
    make_partner(slug="grenoble", name_ja="グルノーブル市", name_en="Grenoble", country="FR")
    rows = [
        ("グルノーブル市", "Grenoble", "ぐるのーぶる", "市", "フランス"),
        ("ソウル特別市", "", "", "市", "韓国"),
    ]
    first = import_sheet(PartnerResource(), HEADERS, *rows)
    assert not first.has_validation_errors(), errors_of(first)
    assert Partner.objects.count() == 2
    assert Partner.objects.get(slug="grenoble").name_reading == "ぐるのーぶる"
    again = import_sheet(PartnerResource(), HEADERS, *rows)
    assert Partner.objects.count() == 2
    assert again.totals["new"] == 0 and again.totals["update"] == 0


def test_an_unknown_kind_lists_the_kinds_in_the_staff_members_language():
    with translation.override("ja"):
        result = import_sheet(PartnerResource(), HEADERS, ("何か", "Something", "", "land", "FR"))
    [message] = errors_of(result)["kind"]
    assert "land" in message and "州・省" in message and "state or province" not in message
    with translation.override("en"):
        result = import_sheet(PartnerResource(), HEADERS, ("何か", "Something", "", "land", "FR"))
    [message] = errors_of(result)["kind"]
    assert "state or province" in message


def test_an_unknown_country_is_a_clear_error():
    with translation.override("ja"):
        result = import_sheet(
            PartnerResource(), HEADERS, ("何か", "Something", "", "市", "Atlantis")
        )
    [message] = errors_of(result)["country"]
    assert "Atlantis" in message and "フランス" in message


def test_agreement_kinds_import_and_export_like_the_rest():
    exported = AgreementKindResource().export()
    assert "sister-city" in exported["slug"]
    result = import_sheet(
        AgreementKindResource(),
        ("name_ja", "name_en", "order"),
        ("学術交流協定", "Academic exchange agreement", "200"),
    )
    assert not result.has_validation_errors(), errors_of(result)
    kind = AgreementKind.objects.get(slug="academic-exchange-agreement")
    assert (kind.name_ja, kind.order) == ("学術交流協定", 200)
    again = AgreementKindResource().import_data(exported, dry_run=False, use_transactions=True)
    assert again.totals["new"] == 0 and again.totals["update"] == 0


@pytest.mark.parametrize(("published", "expected"), [("はい", True), ("1", True), ("", False)])
def test_a_partners_published_cell_reads_yes_and_no_and_empty_is_a_draft(published, expected):
    result = import_sheet(
        PartnerResource(),
        (*HEADERS, "published"),
        ("グルノーブル市", "Grenoble", "", "市", "FR", published),
    )
    assert not result.has_validation_errors(), errors_of(result)
    assert Partner.objects.get().published is expected


def test_a_reading_in_katakana_is_kept_in_hiragana_so_readings_sort_together():
    result = import_sheet(PartnerResource(), HEADERS, ("北京市", "Beijing", "ペキン", "市", "CN"))
    assert not result.has_validation_errors(), errors_of(result)
    assert Partner.objects.get().name_reading == "ぺきん"
