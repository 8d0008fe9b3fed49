"""The admin's agreement import as a new city's staff meet it, in Japanese: a template to
start from, every error with the sheet's line number, totals and what will be created."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from agreements.models import Agreement
from cities.services import keep_home_partner_in_step
from office.groups import EDITOR
from tests.factories import make_home_city, make_partner, make_staff_user

pytestmark = pytest.mark.django_db

IMPORT_URL = "/admin/agreements/agreement/import/"
JA = {"accept-language": "ja"}


@pytest.fixture
def editor(client):
    client.force_login(make_staff_user(groups=[EDITOR]))
    keep_home_partner_in_step(make_home_city(name_ja="つくば市", name_en="Tsukuba"))
    make_partner(slug="grenoble", name_ja="グルノーブル市", name_en="Grenoble")
    return client


def csv_upload(text):
    return SimpleUploadedFile("agreements.csv", text.encode("utf-8-sig"))


def upload(client, text, **options):
    return client.post(
        IMPORT_URL,
        {"resource": 0, "format": 0, "import_file": csv_upload(text), **options},
        headers=JA,
    )


def test_the_import_page_offers_a_template_and_says_what_an_empty_published_means(editor):
    page = editor.get(IMPORT_URL, headers=JA).content.decode()
    assert "テンプレートをダウンロード" in page
    assert "/admin/agreements/agreement/import/template/" in page
    assert "つくば市" in page  # the home side a row may leave out


def test_the_template_has_instructions_an_example_and_drop_down_lists(editor):
    response = editor.get(IMPORT_URL + "template/", headers=JA)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet, instructions = workbook.worksheets[0], workbook.worksheets[1]
    assert workbook.active.title == sheet.title == "入力用シート"  # the sheet the import reads
    assert instructions.title == "説明"
    text = " ".join(
        str(cell.value) for row in instructions.iter_rows() for cell in row if cell.value
    )
    assert "partners" in text and "姉妹都市" in text
    headers = [cell.value for cell in sheet[1]]
    assert headers[:5] == ["title_ja", "title_en", "kind", "date", "partners"]
    example = dict(zip(headers, [cell.value for cell in sheet[2]], strict=True))
    assert example["kind"] == "姉妹都市" and example["partners"] == "グルノーブル市"
    lists = {str(v.sqref).split(":")[0]: v for v in sheet.data_validations.dataValidation}
    assert set(lists) >= {"C2", "E2", "F2", "G2", "H2"}  # kind, partners, published, country, kind


def test_an_empty_list_exported_as_xlsx_is_the_template(editor):
    response = editor.post(
        "/admin/agreements/agreement/export/",
        {"resource": 0, "format": 1, **{f"agreementresource_{n}": "on" for n in ("title_ja",)}},
        headers=JA,
    )
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.worksheets[1].title == "説明"


def test_every_error_is_listed_with_its_line_column_and_message_duplicates_included(editor):
    sheet = (
        "slug,title_ja,title_en,kind,date,partners\n"
        "a,協定1,Agreement 1,姉妹都市,2013-11-12,グルノーブル市\n"
        "a,協定2,Agreement 2,姉妹都市,2014-11-12,グルノーブル市\n"
        "b,協定3,Agreement 3,条約,2015-11-12,グルノーブル市\n"
        "c,協定4,Agreement 4,覚書,2016-13-45,Atlantis\n"
    )
    response = upload(editor, sheet)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Traceback" not in page
    errors = response.context["error_table"]
    lines = sorted({line for line, _column, _message in errors if line})
    assert lines == [4, 5]  # the header is line 1
    assert any("2 行目と 3 行目" in message for *_, message in errors)
    assert "kind" in {column for line, column, _m in errors if line == 4}
    assert {"date", "partners"} <= {column for line, column, _m in errors if line == 5}
    assert "条約" in page and "Atlantis" in page
    assert Agreement.objects.count() == 0


def test_the_preview_shows_the_parties_the_totals_and_the_partners_to_be_created(editor):
    sheet = (
        "title_ja,title_en,kind,date,partners,partner_country,partner_kind,"
        "partner_name_ja,partner_name_en\n"
        "姉妹都市協定,Sister city agreement,姉妹都市,2013-11-12,Grenoble,,,,\n"
        "友好協定,,友好都市,2019-05-01,Bavaria,ドイツ,州・省,バイエルン州,Bavaria\n"
    )
    response = upload(editor, sheet, create_missing_partners="on")
    page = response.content.decode()
    assert response.context["error_table"] == []
    assert "新規 2 件" in page or "2 件新規" in page or "2" in response.context["totals"]["new"]
    assert "tsukuba; grenoble" in page  # the parties, the home side filled in
    assert "バイエルン州" in page and "州・省" in page and "ドイツ" in page
    assert "日本語の名称" in page or "英語の名称" in page  # the draft is listed
    assert Agreement.objects.count() == 0  # a preview only


def test_an_unchanged_reimport_says_nothing_changes(editor):
    sheet = "title_ja,title_en,kind,date,partners\n協定,Agreement,姉妹都市,2013-11-12,Grenoble\n"
    response = upload(editor, sheet)
    assert response.context["totals"]["new"] == "1"
    confirm = response.context["confirm_form"].initial
    editor.post("/admin/agreements/agreement/process_import/", confirm, headers=JA)
    assert Agreement.objects.count() == 1
    again = upload(editor, sheet)
    assert (again.context["totals"]["new"], again.context["totals"]["unchanged"]) == ("0", "1")
    assert "新規 0 件、変更 0 件、変更なし 1 件" in again.content.decode()


def test_after_the_import_drafts_are_listed_with_links_to_finish_them(editor):
    sheet = "title_ja,title_en,kind,date,partners\n,Friendship agreement,友好都市,2013,Grenoble\n"
    response = upload(editor, sheet)
    confirm = response.context["confirm_form"].initial
    done = editor.post(
        "/admin/agreements/agreement/process_import/", confirm, headers=JA, follow=True
    )
    draft = Agreement.objects.get()
    assert draft.published is False
    page = done.content.decode()
    assert f"/admin/agreements/agreement/{draft.pk}/change/" in page
    assert "日本語の名称が必要" in page
