"""A new city's first week, in Japanese: on an empty install an editor sets the home city,
fills the partner and agreement templates the way they show (names and type words, no
codes), imports with one mistake, reads the error, fixes it, and the public table shows
the agreements newest first in both languages.

Set SHOTS_DIR to keep screenshots of the template and the import preview.
"""

import io
import os
import re
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def new_install():
    """The agreement kinds the migrations seed, as on a new install. (A transactional
    test's database is emptied between tests; serialized_rollback would restore the
    staff groups a flush has already made again, and fail.)"""
    import importlib

    from django.apps import apps

    seeding = importlib.import_module("cities.migrations.0007_standard_agreement_kinds")
    seeding.add_standard_agreement_kinds(apps, None)


SHOTS_DIR = os.environ.get("SHOTS_DIR")

PARTNERS = [
    # name_ja, name_en, name_reading, kind, country, published (as the template's lists say)
    ("グルノーブル市", "Grenoble", "ぐるのーぶる", "市", "フランス", "1"),
    ("バイエルン州", "Bavaria", "ばいえるん", "州・省", "ドイツ", "1"),
]
AGREEMENTS = [
    # title_ja, title_en, kind, date, partners, published
    (
        "グルノーブル市との姉妹都市協定",
        "Sister city agreement with Grenoble",
        "姉妹都市",
        "2013-11-12",
        "グルノーブル市",
        "はい",
    ),
    ("バイエルン州との覚書", "Memorandum with Bavaria", "覚書", "2019年5月1日", "Bavaria", "はい"),
    # The mistake: 条約 is no type of agreement the city keeps.
    (
        "グルノーブル市との友好協定",
        "Friendship agreement with Grenoble",
        "条約",
        "2021/10/01",
        "グルノーブル市",
        "はい",
    ),
]


def shot(page, name):
    if SHOTS_DIR:
        Path(SHOTS_DIR).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS_DIR) / name), full_page=True)


def download_template(page):
    with page.expect_download() as download:
        page.get_by_role("link", name="テンプレートをダウンロード").click()
    return openpyxl.load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))


def fill(workbook, rows):
    """Write the rows under the header, over the example, column by column as headed."""
    sheet = workbook.active
    headers = [cell.value for cell in sheet[1]]
    for cell in sheet[2]:
        cell.value = None
    for number, values in enumerate(rows, start=2):
        for column, value in values.items():
            sheet.cell(row=number, column=headers.index(column) + 1, value=value)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def upload(page, content, name):
    mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    page.set_input_files("#id_import_file", {"name": name, "mimeType": mime, "buffer": content})
    page.select_option("#id_format", label="xlsx")
    page.locator("input[type=submit].default").click()


def show_template(page, workbook, name):
    """The template as staff see it in Excel: each sheet as a table, lists included."""
    parts = []
    for sheet in workbook.worksheets:
        if sheet.sheet_state == "hidden":
            continue
        rows = "".join(
            "<tr>" + "".join(f"<td>{cell.value or ''}</td>" for cell in row) + "</tr>"
            for row in sheet.iter_rows(max_row=20)
        )
        lists = "".join(
            f"<li>{v.sqref}: {v.formula1[:120]}</li>" for v in sheet.data_validations.dataValidation
        )
        parts.append(f"<h2>{sheet.title}</h2><table border=1>{rows}</table><ul>{lists}</ul>")
    page.set_content(
        "<html lang=ja><body style='font-family: sans-serif; font-size: 12px'>"
        + "".join(parts)
        + "</body></html>"
    )
    shot(page, name)


def test_a_new_city_goes_from_an_empty_install_to_a_public_table(live_server, page, browser):
    from agreements.models import Agreement
    from cities.models import AgreementKind, Partner
    from office.groups import EDITOR
    from tests.factories import make_staff_user

    assert AgreementKind.objects.filter(slug="sister-city").exists()  # seeded by migrate
    assert not Partner.objects.exists()
    make_staff_user(username="suzuki", groups=[EDITOR])
    page.goto(live_server.url + "/admin/")
    page.fill("#id_username", "suzuki")
    page.fill("#id_password", "correct horse battery staple")
    page.locator("input[type=submit]").click()

    # 1. The home city form: its name, once.
    page.goto(live_server.url + "/admin/cities/homecity/add/")
    for field, value in [
        ("name_ja", "土浦市"),
        ("name_en", "Tsuchiura"),
        ("division_name_ja", "国際交流課"),
        ("division_name_en", "International Division"),
    ]:
        page.evaluate(
            "([id, value]) => { document.getElementById(id).value = value; }",
            [f"id_{field}", value],
        )
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist")).to_contain_text("土浦市")

    # 2. Partners: the template, filled with names and the words its lists offer.
    page.goto(live_server.url + "/admin/cities/partner/import/")
    workbook = download_template(page)
    show_template(browser.new_page(), workbook, "partner-template.png")
    columns = ("name_ja", "name_en", "name_reading", "kind", "country", "published")
    content = fill(workbook, [dict(zip(columns, row, strict=True)) for row in PARTNERS])
    page.goto(live_server.url + "/admin/cities/partner/import/")
    upload(page, content, "partners.xlsx")
    expect(page.locator(".import-totals")).to_contain_text("新規 2 件")
    page.locator("input[name=confirm]").click()
    expect(page.locator(".messagelist")).to_contain_text("新規 2 件")

    # 3. Agreements: the template, one mistake.
    page.goto(live_server.url + "/admin/agreements/agreement/import/")
    expect(page.locator(".import-notes")).to_contain_text("土浦市")
    workbook = download_template(page)
    show_template(browser.new_page(), workbook, "agreement-template.png")
    assert "グルノーブル市" in workbook.active["E2"].value  # the example names a partner
    columns = ("title_ja", "title_en", "kind", "date", "partners", "published")
    rows = [dict(zip(columns, row, strict=True)) for row in AGREEMENTS]
    upload(page, fill(workbook, rows), "agreements.xlsx")
    errors = page.locator("table.import-errors")
    expect(errors).to_contain_text("条約")
    expect(errors).to_contain_text("姉妹都市")  # the valid types, listed
    first_error = errors.locator("tbody tr").first
    expect(first_error.locator("td").nth(0)).to_have_text("4")  # the sheet's own line
    expect(first_error.locator("td").nth(1)).to_have_text("kind")
    assert "Traceback" not in page.content()
    shot(page, "agreement-import-error.png")
    assert not Agreement.objects.exists()

    # 4. Fixed and imported.
    rows[2]["kind"] = "友好都市"
    page.goto(live_server.url + "/admin/agreements/agreement/import/")
    workbook = download_template(page)
    upload(page, fill(workbook, rows), "agreements.xlsx")
    expect(page.locator(".import-totals")).to_contain_text("新規 3 件")
    expect(page.locator("table.import-preview")).to_contain_text("; grenoble")
    shot(page, "agreement-import-preview.png")
    page.locator("input[name=confirm]").click()
    expect(page.locator(".messagelist")).to_contain_text("新規 3 件")

    # 5. The public table, newest first, in both languages.
    page.goto(live_server.url + "/ja/agreements/")
    expect(page.locator(".agreement-sort-note")).to_contain_text("新しい順")
    titles = page.locator(".agreement-table tbody tr td:nth-child(2)").all_inner_texts()
    assert titles == [
        "グルノーブル市との友好協定",
        "バイエルン州との覚書",
        "グルノーブル市との姉妹都市協定",
    ]
    expect(page.locator("main")).to_contain_text("土浦市が提携自治体と結んだ協定")
    page.goto(live_server.url + "/en/agreements/")
    titles = page.locator(".agreement-table tbody tr td:nth-child(2)").all_inner_texts()
    assert titles == [
        "Friendship agreement with Grenoble",
        "Memorandum with Bavaria",
        "Sister city agreement with Grenoble",
    ]
    partners = page.locator(".agreement-table tbody tr td:nth-child(1)").all_inner_texts()
    assert [re.sub(r"\s+", " ", p).strip() for p in partners] == [
        "Grenoble (France)",
        "Bavaria (Germany)",
        "Grenoble (France)",
    ]
