"""Uploaded files are judged by their content, never by their name."""

import csv
import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from openpyxl import Workbook

from visits import files

PDF_BYTES = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG_BYTES = b"\xff\xd8\xff\xe0" + b"\x00" * 32


def office_file(folder):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(f"{folder}/document.xml", "<document/>")
    return buffer.getvalue()


def upload(name, content):
    return SimpleUploadedFile(name, content)


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("agenda.pdf", PDF_BYTES, files.PDF),
        ("photo.png", PNG_BYTES, files.PNG),
        ("photo.jpg", JPEG_BYTES, files.JPEG),
        ("letter.docx", office_file("word"), files.DOCX),
        ("members.xlsx", office_file("xl"), files.XLSX),
        ("old.doc", files.OLE2 + b"\x00" * 32, files.DOC),
        ("old.xls", files.OLE2 + b"\x00" * 32, files.XLS),
        # The name does not matter: a PDF called .txt is a PDF.
        ("agenda.txt", PDF_BYTES, files.PDF),
    ],
)
def test_accepted_files_are_recognised_by_their_first_bytes(name, content, expected):
    assert files.check_document(upload(name, content)) == expected


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("agenda.pdf", b"MZ\x90\x00 a Windows program"),
        ("letter.docx", b"PK\x03\x04 not really a zip"),
        ("archive.docx", office_file("other")),
        ("notes.pdf", b"just some text"),
        ("page.pdf", b"<html><script>alert(1)</script></html>"),
    ],
)
def test_a_file_that_only_claims_an_accepted_type_is_refused(name, content):
    with pytest.raises(ValidationError) as error:
        files.check_document(upload(name, content))
    assert error.value.code == "file_type"


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "is not a PDF, JPEG, PNG, Word or Excel file"),
        ("ja", "いずれのファイルでもありません"),
    ],
)
def test_the_file_type_message_is_in_the_readers_language(language, expected):
    with translation.override(language):
        with pytest.raises(ValidationError) as error:
            files.check_document(upload("virus.pdf", b"MZ\x90\x00"))
        message = error.value.messages[0]
    assert expected in message
    assert "virus.pdf" in message


@pytest.mark.parametrize(
    ("language", "expected"), [("en", "larger than 10 MB"), ("ja", "10MBを超えています")]
)
def test_a_file_over_10_mb_is_refused_in_the_readers_language(language, expected):
    big = upload("scan.pdf", PDF_BYTES + b"0" * (10 * 1024 * 1024))
    with translation.override(language):
        with pytest.raises(ValidationError) as error:
            files.check_document(big)
        message = error.value.messages[0]
    assert error.value.code == "too_large"
    assert expected in message


def test_a_file_of_exactly_10_mb_is_accepted():
    content = PDF_BYTES + b"0" * (10 * 1024 * 1024 - len(PDF_BYTES))
    assert files.check_document(upload("scan.pdf", content)) == files.PDF


def csv_bytes(rows, encoding="utf-8"):
    text = io.StringIO()
    csv.writer(text).writerows(rows)
    return text.getvalue().encode(encoding)


def test_a_csv_member_list_with_headings_is_read_by_column_name():
    content = csv_bytes(
        [["title", "name", "organisation"], ["Mayor", "Éric Piolle", "Ville de Grenoble"]]
    )
    members = files.read_member_list(upload("members.csv", content))
    assert members == [
        {"name": "Éric Piolle", "organisation": "Ville de Grenoble", "title": "Mayor"}
    ]


def test_a_japanese_excel_csv_in_shift_jis_with_japanese_headings_is_read():
    content = csv_bytes([["氏名", "所属", "役職"], ["山田太郎", "大田区", "課長"]], "cp932")
    members = files.read_member_list(upload("名簿.csv", content))
    assert members == [{"name": "山田太郎", "organisation": "大田区", "title": "課長"}]


def test_a_member_list_without_headings_takes_name_organisation_title_in_order():
    content = csv_bytes([["Kim Min-jun", "Seoul", "Director"], ["", "", ""], ["Lee", "", ""]])
    members = files.read_member_list(upload("members.csv", content))
    assert [member["name"] for member in members] == ["Kim Min-jun", "Lee"]
    assert members[0]["title"] == "Director"


def test_an_excel_member_list_is_read():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["name", "organisation", "title"])
    sheet.append(["Anne Martin", "Cambridge City Council", "Councillor"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    members = files.read_member_list(upload("members.xlsx", buffer.getvalue()))
    assert members == [
        {"name": "Anne Martin", "organisation": "Cambridge City Council", "title": "Councillor"}
    ]


def test_a_member_list_that_is_not_a_spreadsheet_is_refused():
    with pytest.raises(ValidationError):
        files.read_member_list(upload("members.csv", PNG_BYTES))
    with pytest.raises(ValidationError):
        files.read_member_list(upload("members.csv", b"\n\n"))


def test_the_size_limit_in_messages_follows_the_constant(monkeypatch):
    monkeypatch.setattr(files, "MAX_DOCUMENT_BYTES", 2 * files.MEGABYTE)
    with translation.override("en"):
        with pytest.raises(ValidationError) as error:
            files.check_document(upload("scan.pdf", PDF_BYTES + b"0" * (2 * files.MEGABYTE)))
        assert "larger than 2 MB" in error.value.messages[0]


def test_the_member_list_limit_in_its_message_follows_the_constant(monkeypatch):
    monkeypatch.setattr(files, "MAX_MEMBER_LIST_BYTES", 3 * files.MEGABYTE)
    with translation.override("en"):
        with pytest.raises(ValidationError) as error:
            files.read_member_list(upload("members.csv", b"a" * (3 * files.MEGABYTE + 1)))
        assert "larger than 3 MB" in error.value.messages[0]


def test_a_semicolon_csv_from_a_french_excel_is_read():
    # What Excel on a French Windows saves as "CSV (separator: semicolon)": cp1252.
    content = (
        "Nom;Prénom;Organisme;Fonction\r\n"
        "Côté;Élise;Ville de Grenoble, relations internationales;Adjointe au maire\r\n"
        "Müller;Anne;Stadt Bochum;Referentin\r\n"
    ).encode("cp1252")
    members = files.read_member_list(upload("membres.csv", content))
    assert members == [
        {
            "name": "Élise Côté",
            "organisation": "Ville de Grenoble, relations internationales",
            "title": "Adjointe au maire",
        },
        {"name": "Anne Müller", "organisation": "Stadt Bochum", "title": "Referentin"},
    ]


def test_a_german_excel_list_with_utf8_bom_and_german_headings_is_read():
    content = "\ufeffName;Behörde;Funktion\r\nJürgen Groß;Stadt Bochum;Oberbürgermeister\r\n"
    members = files.read_member_list(upload("teilnehmer.csv", content.encode()))
    assert members == [
        {"name": "Jürgen Groß", "organisation": "Stadt Bochum", "title": "Oberbürgermeister"}
    ]


def test_a_member_list_in_an_unclear_encoding_is_refused_clearly():
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        files.read_member_list(upload("members.csv", b"\xe9a;\xe8b\r\n"))
    assert "CSV UTF-8" in refused.value.messages[0]


def test_typed_members_and_the_spreadsheet_count_each_person_once_as_typed():
    typed = [{"name": "Anne  Müller", "organisation": "", "title": "Referentin"}]
    from_list = [
        {"name": "anne müller", "organisation": "Stadt Bochum", "title": "Beamtin"},
        {"name": "Jürgen Groß", "organisation": "Stadt Bochum", "title": ""},
    ]
    assert files.combine_members(typed, from_list) == [
        {"name": "Anne  Müller", "organisation": "Stadt Bochum", "title": "Referentin"},
        {"name": "Jürgen Groß", "organisation": "Stadt Bochum", "title": ""},
    ]
