import io

import openpyxl
import pytest
import tablib

from office.spreadsheets import CSVForExcel, ExcelWorkbook, is_country_code

FORMULAS = ["=1+1", "+81 29 883 1111", "-2", "@SUM(A1)", "\tx", "\rx"]


def dataset(*rows, headers=("name_ja", "name_en")):
    data = tablib.Dataset(headers=list(headers))
    for row in rows:
        data.append(list(row))
    return data


def test_csv_is_written_with_a_byte_order_mark_for_excel():
    exported = CSVForExcel().export_data(dataset(("ボーフム", "Bochum")))
    assert exported.startswith(b"\xef\xbb\xbf")
    assert "ボーフム" in exported.decode("utf-8-sig")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp932"])
def test_csv_saved_by_japanese_excel_is_read_in_any_of_its_encodings(encoding):
    data = "name_ja,name_en\r\nボーフム,Bochum\r\n大田広域市,Daejeon\r\n".encode(encoding)
    imported = CSVForExcel().create_dataset(data)
    assert imported.headers == ["name_ja", "name_en"]
    assert imported[0] == ("ボーフム", "Bochum")
    assert imported[1] == ("大田広域市", "Daejeon")


def test_csv_in_an_unknown_encoding_is_refused_with_a_clear_message():
    with pytest.raises(ValueError, match="CSV UTF-8"):
        # 0x81 starts a two-byte character in Shift_JIS; a space cannot end it.
        CSVForExcel().create_dataset(b"name\r\n\x81 ")


@pytest.mark.parametrize("formula", FORMULAS)
def test_csv_cells_that_look_like_formulas_are_written_as_text(formula):
    exported = CSVForExcel().export_data(dataset((formula, "x")))
    text = exported.decode("utf-8-sig")
    assert "'" + formula.strip("\t\r")[:1] in text or "'" + formula in text
    for line in text.splitlines()[1:]:
        assert not line.startswith(("=", "+", "-", "@"))


@pytest.mark.parametrize("formula", FORMULAS)
def test_xlsx_cells_that_look_like_formulas_are_written_as_text(formula):
    exported = ExcelWorkbook().export_data(dataset((formula, "x")))
    sheet = openpyxl.load_workbook(io.BytesIO(exported)).active
    cell = sheet.cell(row=2, column=1)
    assert cell.data_type == "s"  # a string, never a formula
    assert cell.value.startswith("'")


@pytest.mark.parametrize(
    ("format_class", "cells"),
    [
        (CSVForExcel, FORMULAS),
        # A workbook stores line breaks as \n whatever the source had.
        (ExcelWorkbook, FORMULAS[:-1]),
    ],
)
def test_an_export_read_back_gives_the_same_values(format_class, cells):
    original = dataset(*[(cell, "plain") for cell in cells], ("'quoted", "x"))
    file_format = format_class()
    again = file_format.create_dataset(file_format.export_data(original))
    assert [list(row) for row in again] == [list(row) for row in original]


def test_numbers_are_not_escaped():
    exported = ExcelWorkbook().export_data(dataset((-5, 12.5), headers=("a", "b")))
    sheet = openpyxl.load_workbook(io.BytesIO(exported)).active
    assert sheet.cell(row=2, column=1).value == -5


@pytest.mark.parametrize(
    ("code", "known"), [("FR", True), ("JP", True), ("XX", False), ("", False)]
)
def test_a_country_code_is_known_only_when_iso_3166_has_it(code, known):
    assert is_country_code(code) is known


def test_blank_rows_at_the_end_of_a_sheet_are_no_records():
    from office.spreadsheets import CSVForExcel

    text = "slug,name_ja\r\na,市\r\n,\r\nb,町\r\n,\r\n ,\r\n"
    dataset = CSVForExcel().create_dataset(text.encode("utf-8"))
    # The blank row between records stays: errors keep the sheet's own line numbers.
    assert [row[0] for row in dataset] == ["a", "", "b"]
