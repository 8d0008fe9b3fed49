import io

import pytest
import tablib
from django.core.management import call_command
from django.utils import translation

from agreements.models import Agreement, AgreementParty, CooperationField, Signatory
from agreements.resources import AgreementResource
from cities.models import Partner
from office.spreadsheets import CSVForExcel, ExcelWorkbook
from tests.factories import make_agreement, make_agreement_kind, make_home_party, make_partner

pytestmark = pytest.mark.django_db

FORMATS = pytest.mark.parametrize(
    "file_format", [CSVForExcel(), ExcelWorkbook()], ids=["csv", "xlsx"]
)


def import_sheet(sheet, **options):
    return AgreementResource().import_data(sheet, dry_run=False, use_transactions=True, **options)


def snapshot():
    """Everything an agreement import may change, in a comparable form."""
    return (
        list(Agreement.objects.order_by("slug").values()),
        list(AgreementParty.objects.order_by("agreement__slug", "order").values()),
        list(Signatory.objects.order_by("agreement__slug", "order").values()),
        list(Agreement.cooperation_fields.through.objects.order_by("pk").values()),
        list(Partner.objects.order_by("slug").values()),
    )


def agreement_sheet(**values):
    """One new agreement between Tsukuba and Grenoble, with the given columns changed."""
    row = {
        "slug": "grenoble-sister-city-2013",
        "title_ja": "グルノーブル市との姉妹都市協定",
        "title_en": "Sister city agreement with Grenoble",
        "kind": "sister-city",
        "date": "2013-11-12",
        "partners": "tsukuba; grenoble",
    }
    row.update(values)
    sheet = tablib.Dataset(headers=list(row))
    sheet.append(list(row.values()))
    return sheet


@pytest.fixture
def tsukuba_and_grenoble():
    make_agreement_kind(slug="sister-city", name_ja="姉妹都市", name_en="Sister city")
    home = make_home_party(slug="tsukuba", name_ja="つくば市", name_en="Tsukuba")
    grenoble = make_partner(slug="grenoble", name_ja="グルノーブル市", name_en="Grenoble")
    return home, grenoble


@FORMATS
def test_the_demo_agreements_export_and_import_back_without_changing_anything(file_format):
    call_command("load_demo", "tsukuba", stdout=io.StringIO())
    grenoble = Agreement.objects.get(slug="grenoble-sister-city-2013")
    # The demo has no signatories; a formula-like title shows escaping survives the trip.
    Signatory.objects.create(
        agreement=grenoble,
        party=Partner.objects.get(slug="tsukuba"),
        name_ja="市原健一",
        title_ja="つくば市長",
        name_en="Ken-ichi Ichihara",
        title_en="Mayor of Tsukuba",
        order=0,
    )
    Signatory.objects.create(
        agreement=grenoble,
        party=Partner.objects.get(slug="grenoble"),
        name_ja="ミシェル・デストー",
        name_en="",
        title_ja="",
        order=1,
    )
    before = snapshot()
    histories = Agreement.history.count(), AgreementParty.history.count()
    exported = file_format.export_data(AgreementResource().export())
    result = AgreementResource().import_data(
        file_format.create_dataset(exported), dry_run=False, use_transactions=True
    )
    assert not result.has_errors() and not result.has_validation_errors()
    assert result.totals["new"] == 0 and result.totals["update"] == 0
    assert snapshot() == before
    assert (Agreement.history.count(), AgreementParty.history.count()) == histories


def test_the_export_names_parties_and_signatories_by_slug_in_both_languages(
    tsukuba_and_grenoble,
):
    home, grenoble = tsukuba_and_grenoble
    agreement = make_agreement(home=home, partners=[grenoble], slug="g-2013")
    Signatory.objects.create(
        agreement=agreement,
        party=grenoble,
        name_ja="エリック・ピオル",
        title_ja="市長",
        name_en="Éric Piolle",
        title_en="Mayor",
    )
    dataset = AgreementResource().export()
    row = dict(zip(dataset.headers, dataset[0], strict=True))
    assert row["partners"] == "tsukuba; grenoble"
    assert row["signatories_ja"] == "エリック・ピオル (市長) for grenoble"
    assert row["signatories_en"] == "Éric Piolle (Mayor) for grenoble"
    assert "title" not in dataset.headers and "title_ja" in dataset.headers


def test_an_imported_agreement_gets_its_parties_signatories_and_fields(tsukuba_and_grenoble):
    home, grenoble = tsukuba_and_grenoble
    sheet = agreement_sheet(
        signatories_ja="市原健一（つくば市長） for tsukuba; "
        "エリック・ピオル (市長) for グルノーブル市",
        signatories_en="Ken-ichi Ichihara (Mayor of Tsukuba) for tsukuba; Éric Piolle for grenoble",
        signed_by_heads="1",
    )
    result = import_sheet(sheet)
    assert not result.has_errors() and not result.has_validation_errors(), result.invalid_rows
    agreement = Agreement.objects.get(slug="grenoble-sister-city-2013")
    assert [p.partner for p in agreement.parties.all()] == [home, grenoble]
    signatories = [
        (s.party.slug, s.name_ja, s.title_ja, s.name_en, s.title_en)
        for s in agreement.signatories.all()
    ]
    assert signatories == [
        ("tsukuba", "市原健一", "つくば市長", "Ken-ichi Ichihara", "Mayor of Tsukuba"),
        ("grenoble", "エリック・ピオル", "市長", "Éric Piolle", ""),
    ]
    assert agreement.signed_by_heads is True
    grenoble.refresh_from_db()
    assert grenoble.agreement_kind.slug == "sister-city"  # refreshed after the import


@pytest.mark.parametrize(
    ("written", "slug"),
    [
        ("grenoble", "grenoble"),
        ("グルノーブル市", "grenoble"),
        ("Grenoble", "grenoble"),
        ("GRENOBLE", "grenoble"),
        ("グルノーブル都市圏\u3000アルプ", "metro"),
        ("grenoble  alpes metropole", "metro"),
    ],
    ids=["slug", "ja", "en", "en-upper-case", "full-width-space", "double-space"],
)
def test_a_party_can_be_named_by_slug_or_by_either_languages_name(
    tsukuba_and_grenoble, written, slug
):
    make_partner(
        slug="metro", name_ja="グルノーブル都市圏 アルプ", name_en="Grenoble Alpes Metropole"
    )
    result = import_sheet(agreement_sheet(partners=f"つくば市; {written}"))
    assert not result.has_validation_errors(), result.invalid_rows
    agreement = Agreement.objects.get()
    assert [p.partner.slug for p in agreement.parties.all()] == ["tsukuba", slug]


def test_a_missing_partner_is_reported_by_row_column_and_name_and_nothing_changes(
    tsukuba_and_grenoble,
):
    sheet = agreement_sheet()
    sheet.append(
        [
            "bochum-2019",
            "ボーフム市との連携協定",
            "Partnership with Bochum",
            "sister-city",
            "2019-11-25",
            "tsukuba; Bochum",
        ]
    )
    before = snapshot()
    with translation.override("en"):
        result = import_sheet(sheet)
    assert result.has_validation_errors()
    assert snapshot() == before
    [invalid] = result.invalid_rows
    assert invalid.number == 2
    [message] = invalid.field_specific_errors["partners"]
    assert "partners" in message and "“Bochum”" in message


def test_a_missing_partner_is_reported_in_japanese_to_japanese_staff(tsukuba_and_grenoble):
    with translation.override("ja"):
        result = import_sheet(agreement_sheet(partners="tsukuba; ボーフム市"))
        [invalid] = result.invalid_rows
        [message] = invalid.field_specific_errors["partners"]
    assert "「ボーフム市」" in message or "“ボーフム市”" in message
    assert "提携先" in message or "提携自治体" in message


def test_a_missing_partner_is_created_as_a_draft_when_staff_ask_for_it(tsukuba_and_grenoble):
    sheet = agreement_sheet(partners="tsukuba; Bochum; ソウル市", partner_country="DE")
    result = import_sheet(sheet, create_missing_partners=True)
    assert not result.has_validation_errors(), result.invalid_rows
    bochum = Partner.objects.get(slug="bochum")
    assert (bochum.name_ja, bochum.name_en, bochum.country.code) == ("Bochum", "Bochum", "DE")
    assert bochum.published is False
    seoul = Partner.objects.get(name_ja="ソウル市")
    # A name in Japanese is no English name: that one is left for staff to enter.
    assert seoul.slug.startswith("partner-") and seoul.name_en == ""
    agreement = Agreement.objects.get()
    assert [p.partner.slug for p in agreement.parties.all()] == ["tsukuba", "bochum", seoul.slug]


def test_creating_a_missing_partner_needs_its_country(tsukuba_and_grenoble):
    result = import_sheet(agreement_sheet(partners="tsukuba; Bochum"), create_missing_partners=True)
    [invalid] = result.invalid_rows
    [message] = invalid.field_specific_errors["partners"]
    assert "partner_country" in message
    assert not Partner.objects.filter(name_en="Bochum").exists()


def test_a_name_two_partners_share_is_an_error_never_a_guess(tsukuba_and_grenoble):
    make_partner(slug="cambridge-us", name_ja="ケンブリッジ市", name_en="Cambridge", country="US")
    make_partner(slug="cambridge-uk", name_ja="ケンブリッジ", name_en="Cambridge", country="GB")
    result = import_sheet(agreement_sheet(partners="tsukuba; cambridge"))
    [invalid] = result.invalid_rows
    [message] = invalid.field_specific_errors["partners"]
    assert "cambridge-uk" in message and "cambridge-us" in message
    assert not Agreement.objects.exists()


@pytest.mark.parametrize(
    ("partners", "expected"),
    [
        ("grenoble", "home city"),
        ("tsukuba", "at least one partner"),
        ("tsukuba; grenoble; Grenoble", "listed twice"),
        ("", "list the parties"),
    ],
)
def test_the_agreements_party_rules_are_row_errors(tsukuba_and_grenoble, partners, expected):
    with translation.override("en"):
        result = import_sheet(agreement_sheet(partners=partners))
    [invalid] = result.invalid_rows
    assert expected in " ".join(invalid.field_specific_errors["partners"])
    assert not Agreement.objects.exists()


def test_a_signatory_for_someone_not_party_to_the_agreement_is_a_row_error(
    tsukuba_and_grenoble,
):
    make_partner(slug="bochum", name_ja="ボーフム市", name_en="Bochum")
    result = import_sheet(agreement_sheet(signatories_ja="トーマス・アイスカーシュ for bochum"))
    [invalid] = result.invalid_rows
    assert "bochum" in " ".join(invalid.field_specific_errors["signatories_ja"])
    assert not Agreement.objects.exists()


@pytest.mark.parametrize(
    ("written", "date", "precision"),
    [
        ("2014-07-23", "2014-07-23", "day"),
        ("2014/7/23", "2014-07-23", "day"),
        ("July 23, 2014", "2014-07-23", "day"),
        ("23 July 2014", "2014-07-23", "day"),
        ("2014年7月23日", "2014-07-23", "day"),
        ("2014-07", "2014-07-01", "month"),
        ("2014年7月", "2014-07-01", "month"),
        ("2014", "2014-01-01", "year"),
    ],
)
def test_every_date_form_keeps_its_precision(tsukuba_and_grenoble, written, date, precision):
    result = import_sheet(agreement_sheet(date=written))
    assert not result.has_validation_errors(), result.invalid_rows
    agreement = Agreement.objects.get()
    assert (agreement.date.isoformat(), agreement.date_precision) == (date, precision)


def test_a_csv_saved_by_japanese_excel_imports_in_shift_jis(tsukuba_and_grenoble):
    content = (
        "slug,title_ja,title_en,kind,date,partners\r\n"
        "g-2013,グルノーブル市との姉妹都市協定,Sister city agreement,sister-city,"
        "2013年11月12日,つくば市;グルノーブル市\r\n"
    ).encode("cp932")
    result = import_sheet(CSVForExcel().create_dataset(content))
    assert not result.has_validation_errors(), result.invalid_rows
    agreement = Agreement.objects.get(slug="g-2013")
    assert agreement.title_ja == "グルノーブル市との姉妹都市協定"
    assert agreement.parties.count() == 2


@pytest.mark.parametrize("bom", [True, False], ids=["bom", "no-bom"])
def test_a_utf8_csv_imports_with_or_without_a_byte_order_mark(tsukuba_and_grenoble, bom):
    text = (
        "slug,title_ja,title_en,kind,date,partners\r\n"
        "g-2013,グルノーブル市との姉妹都市協定,Sister city agreement,sister-city,2013-11,"
        "tsukuba;grenoble\r\n"
    )
    content = text.encode("utf-8-sig" if bom else "utf-8")
    result = import_sheet(CSVForExcel().create_dataset(content))
    assert not result.has_validation_errors(), result.invalid_rows
    assert Agreement.objects.get().slug == "g-2013"


def test_one_bad_row_among_a_hundred_changes_nothing_and_is_reported(tsukuba_and_grenoble):
    sheet = tablib.Dataset(headers=["slug", "title_ja", "title_en", "kind", "date", "partners"])
    for number in range(100):
        sheet.append(
            [
                f"a-{number}",
                f"協定{number}",
                f"Agreement {number}",
                "sister-city",
                "2014",
                "tsukuba; grenoble",
            ]
        )
    sheet[41] = ("a-41", "協定41", "Agreement 41", "sister-city", "2014-13-40", "tsukuba; grenoble")
    result = import_sheet(sheet)
    assert result.has_validation_errors()
    assert not Agreement.objects.exists() and not AgreementParty.objects.exists()
    [invalid] = result.invalid_rows
    assert invalid.number == 42
    assert "2014-13-40" in " ".join(invalid.field_specific_errors["date"])


def test_re_importing_a_changed_sheet_updates_the_agreement_and_its_parties(
    tsukuba_and_grenoble,
):
    home, grenoble = tsukuba_and_grenoble
    make_agreement(home=home, partners=[grenoble], slug="g-2013", title_en="Old title")
    metro = make_partner(slug="metro", name_ja="都市圏", name_en="Metro")
    result = import_sheet(
        agreement_sheet(slug="g-2013", title_en="New title", partners="tsukuba; grenoble; metro")
    )
    assert not result.has_validation_errors(), result.invalid_rows
    assert result.totals["update"] == 1 and result.totals["new"] == 0
    agreement = Agreement.objects.get()
    assert agreement.title_en == "New title"
    assert [p.partner for p in agreement.parties.all()] == [home, grenoble, metro]


def test_an_unknown_type_or_field_of_cooperation_is_reported_by_column(tsukuba_and_grenoble):
    with translation.override("en"):
        result = import_sheet(agreement_sheet(kind="twin-town", cooperation_fields="culture"))
    [invalid] = result.invalid_rows
    assert "“twin-town”" in " ".join(invalid.field_specific_errors["kind"])
    assert "“culture”" in " ".join(invalid.field_specific_errors["cooperation_fields"])


@FORMATS
def test_the_export_writes_formula_like_text_as_text(tsukuba_and_grenoble, file_format):
    home, grenoble = tsukuba_and_grenoble
    make_agreement(home=home, partners=[grenoble], title_en='=HYPERLINK("http://x")')
    exported = file_format.export_data(AgreementResource().export())
    if isinstance(file_format, CSVForExcel):
        assert "'=HYPERLINK" in exported.decode("utf-8-sig")
    else:
        from openpyxl import load_workbook

        sheet = load_workbook(io.BytesIO(exported)).active
        cells = [cell.value for row in sheet.iter_rows() for cell in row]
        assert '\'=HYPERLINK("http://x")' in cells


def test_an_agreement_can_supersede_one_on_an_earlier_row(tsukuba_and_grenoble):
    sheet = agreement_sheet(slug="g-letter-2010", date="2010", kind="sister-city")
    sheet.append(
        [
            "g-sister-2013",
            "姉妹都市協定",
            "Sister city agreement",
            "sister-city",
            "2013-11-12",
            "tsukuba; grenoble",
        ]
    )
    sheet.append_col(["", "g-letter-2010"], header="supersedes")
    sheet.append_col(["culture", "culture; education"], header="cooperation_fields")
    make_cooperation_fields()
    result = import_sheet(sheet)
    assert not result.has_validation_errors(), result.invalid_rows
    later = Agreement.objects.get(slug="g-sister-2013")
    assert later.supersedes.slug == "g-letter-2010"
    assert sorted(f.slug for f in later.cooperation_fields.all()) == ["culture", "education"]


def test_re_importing_changed_fields_of_cooperation_replaces_them(tsukuba_and_grenoble):
    make_cooperation_fields()
    import_sheet(agreement_sheet(cooperation_fields="culture; education"))
    result = import_sheet(agreement_sheet(cooperation_fields="education"))
    assert result.totals["update"] == 1
    agreement = Agreement.objects.get()
    assert [f.slug for f in agreement.cooperation_fields.all()] == ["education"]


def make_cooperation_fields():
    for slug, name_ja, name_en in [
        ("culture", "文化", "Culture"),
        ("education", "教育", "Education"),
    ]:
        CooperationField.objects.create(slug=slug, name_ja=name_ja, name_en=name_en)


def test_a_missing_partner_written_twice_is_one_partner_listed_twice(tsukuba_and_grenoble):
    sheet = agreement_sheet(partners="tsukuba; Bochum; bochum", partner_country="DE")
    with translation.override("en"):
        result = import_sheet(sheet, create_missing_partners=True)
    [invalid] = result.invalid_rows
    assert "listed twice" in " ".join(invalid.field_specific_errors["partners"])
    assert not Partner.objects.filter(name_en="Bochum").exists()


@pytest.mark.parametrize("kind_of_run", ["new", "unchanged"])
def test_an_import_asks_the_database_as_often_for_twenty_rows_as_for_five(
    tsukuba_and_grenoble, kind_of_run
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    # Five partners for each sheet: their relationships are refreshed in batches whose
    # size SQLite limits, and that is not what this test is about.
    for number in range(10):
        make_partner(slug=f"p{number}", name_ja=f"市{number}", name_en=f"City {number}")

    def sheet(count, start):
        rows = tablib.Dataset(headers=["slug", "title_ja", "title_en", "kind", "date", "partners"])
        for number in range(start, start + count):
            rows.append(
                [
                    f"a-{number}",
                    f"協定{number}",
                    f"A {number}",
                    "sister-city",
                    "2014-07",
                    f"tsukuba; City {number % 5 + (5 if start else 0)}",
                ]
            )
        return rows

    counts = []
    for count, start in [(5, 0), (20, 100)]:
        if kind_of_run == "unchanged":
            import_sheet(sheet(count, start))
        with CaptureQueriesContext(connection) as queries:
            result = import_sheet(sheet(count, start))
        assert not result.has_validation_errors(), result.invalid_rows
        counts.append(len(queries))
    assert counts[0] == counts[1]


@pytest.mark.parametrize(("ticked", "expected"), [("True", True), ("False", False), ("", False)])
def test_the_confirm_step_carries_the_create_missing_partners_option(ticked, expected):
    from agreements.forms import AgreementConfirmImportForm

    form = AgreementConfirmImportForm(
        data={
            "import_file_name": "x.csv",
            "original_file_name": "agreements.csv",
            "format": "0",
            "create_missing_partners": ticked,
        }
    )
    assert form.is_valid(), form.errors
    assert form.import_options() == {"create_missing_partners": expected}


def test_the_import_form_offers_to_create_missing_partners():
    from django.core.files.uploadedfile import SimpleUploadedFile

    from agreements.forms import AgreementImportForm

    form = AgreementImportForm(
        [CSVForExcel],
        [AgreementResource],
        data={"format": "0", "create_missing_partners": "on"},
        files={"import_file": SimpleUploadedFile("agreements.csv", b"slug\r\n")},
    )
    assert form.is_valid(), form.errors
    assert form.import_options() == {"create_missing_partners": True}
    assert "partner_country" in str(form["create_missing_partners"].help_text)


def test_a_confirmed_import_writes_history_for_new_and_changed_agreements_only(
    tsukuba_and_grenoble,
):
    home, grenoble = tsukuba_and_grenoble
    make_agreement(home=home, partners=[grenoble], slug="changed", title_en="Old title")
    make_agreement(home=home, partners=[grenoble], slug="unchanged")
    exported = AgreementResource().export()
    rows = [dict(zip(exported.headers, row, strict=True)) for row in exported]
    rows[[row["slug"] for row in rows].index("changed")]["title_en"] = "New title"
    rows.append({**rows[0], "slug": "new", "title_en": "A new agreement"})
    sheet = tablib.Dataset(headers=exported.headers)
    for row in rows:
        sheet.append([row[column] for column in exported.headers])
    history = {
        slug: Agreement.history.filter(slug=slug).count() for slug in ("changed", "unchanged")
    }

    result = AgreementResource().import_data(sheet, dry_run=False, use_transactions=True)

    assert not result.has_errors() and not result.has_validation_errors(), result.invalid_rows
    totals = result.totals
    assert (totals["new"], totals["update"], totals["skip"]) == (1, 1, 1)
    assert all(row.diff is None for row in result.rows)
    assert Agreement.history.filter(slug="changed").count() == history["changed"] + 1
    assert Agreement.history.filter(slug="changed").latest("history_date").title_en == "New title"
    assert Agreement.history.filter(slug="unchanged").count() == history["unchanged"]
    assert Agreement.history.filter(slug="new", history_type="+").count() == 1


def test_a_missing_partner_takes_its_names_kind_and_country_from_its_wikidata_item(
    tsukuba_and_grenoble, wikidata_server
):
    sheet = agreement_sheet(partners="tsukuba; Cambridge MA", partner_wikidata="Q49111")
    result = import_sheet(sheet, create_missing_partners=True)
    assert not result.has_validation_errors(), result.invalid_rows
    cambridge = Partner.objects.get(wikidata_id="Q49111")
    assert (cambridge.name_ja, cambridge.name_en, cambridge.country.code) == (
        "ケンブリッジ",
        "Cambridge",
        "US",
    )
    assert (cambridge.slug, cambridge.kind, cambridge.published) == ("cambridge", "city", False)


def test_a_missing_partners_wikidata_item_cannot_be_one_a_partner_has(
    tsukuba_and_grenoble, wikidata_server
):
    Partner.objects.filter(slug="grenoble").update(wikidata_id="Q1289")
    sheet = agreement_sheet(partners="tsukuba; Grenoble-ville", partner_wikidata="Q1289")
    with translation.override("en"):
        result = import_sheet(sheet, create_missing_partners=True)
    [invalid] = result.invalid_rows
    [message] = invalid.field_specific_errors["partners"]
    assert "already linked to Q1289" in message
    assert Partner.objects.count() == 2
