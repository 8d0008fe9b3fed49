"""Checks on files a delegation uploads: the type by the content's first bytes, never the name.

A file named agenda.pdf that is really a program is refused; a PDF named agenda.txt is
accepted as a PDF. Member lists are read from CSV or Excel (.xlsx) files.
"""

import csv
import io
import zipfile

from django.core.exceptions import ValidationError
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from office.spreadsheets import (
    UnsafeFile,
    check_zip_container,
    decode_spreadsheet_text,
    read_workbook_rows,
)

MEGABYTE = 1024 * 1024
MAX_DOCUMENT_BYTES = 10 * MEGABYTE
MAX_DOCUMENTS = 5
MAX_MEMBER_LIST_BYTES = 1 * MEGABYTE
# What an Office file may unpack to (office.spreadsheets.check_zip_container): a document
# of 10 MB with its pictures, a member list of a few hundred rows.
MAX_DOCUMENT_UNPACKED_BYTES = 100 * MEGABYTE
MAX_MEMBER_LIST_UNPACKED_BYTES = 10 * MEGABYTE
MAX_MEMBER_LIST_ROWS = 500


def limits():
    """The numbers that help texts and messages quote, as placeholders' values."""
    return {
        "count": MAX_DOCUMENTS,
        "megabytes": MAX_DOCUMENT_BYTES // MEGABYTE,
        "list_megabytes": MAX_MEMBER_LIST_BYTES // MEGABYTE,
    }


def _quoting_limits(message):
    return str(message) % limits()


# Filled in when shown, not when imported: in the reader's language, with today's limits.
quoting_limits = lazy(_quoting_limits, str)

PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"
DOC = "application/msword"
XLS = "application/vnd.ms-excel"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# The extension each type is stored under, whatever the uploaded name said.
EXTENSIONS = {
    PDF: ".pdf",
    JPEG: ".jpg",
    PNG: ".png",
    DOC: ".doc",
    XLS: ".xls",
    DOCX: ".docx",
    XLSX: ".xlsx",
}

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy Word and Excel files


def _read_head(uploaded, size=8):
    uploaded.seek(0)
    head = uploaded.read(size)
    uploaded.seek(0)
    return head


def _office_zip_type(uploaded, *, max_unpacked_bytes=MAX_DOCUMENT_UNPACKED_BYTES):
    """DOCX, XLSX or None; ValidationError for an archive that unpacks to too much."""
    try:
        names = check_zip_container(uploaded, max_unpacked_bytes=max_unpacked_bytes)
    except UnsafeFile as error:
        raise ValidationError(
            "%(name)s: %(problem)s",
            code="unsafe_file",
            params={"name": uploaded.name, "problem": str(error)},
        ) from None
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        uploaded.seek(0)
    if "[Content_Types].xml" not in names:
        return None
    if any(name.startswith("word/") for name in names):
        return DOCX
    if any(name.startswith("xl/") for name in names):
        return XLSX
    return None


def detect_type(uploaded):
    """The file's real type from its content, or None when it is not one we accept."""
    head = _read_head(uploaded)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"PK\x03\x04"):
        return _office_zip_type(uploaded)
    if head.startswith(OLE2):
        # Both legacy formats share one container; the name only tells which of the two.
        return XLS if str(uploaded.name).lower().endswith(".xls") else DOC
    return None


def check_document(uploaded):
    """The content type of an acceptable document; ValidationError otherwise."""
    if uploaded.size > MAX_DOCUMENT_BYTES:
        raise ValidationError(
            _("%(name)s is larger than %(megabytes)s MB. Please send a smaller file."),
            code="too_large",
            params={"name": uploaded.name, **limits()},
        )
    content_type = detect_type(uploaded)
    if content_type is None:
        raise ValidationError(
            _("%(name)s is not a PDF, JPEG, PNG, Word or Excel file."),
            code="file_type",
            params={"name": uploaded.name},
        )
    return content_type


# What a file picker offers: the types check_document accepts, by their usual names.
DOCUMENT_PICKER = ".pdf,.jpg,.jpeg,.png,.doc,.docx,.xls,.xlsx"

UNREADABLE_MEMBER_LIST = _(
    "The member list could not be read. Please save it as UTF-8 CSV or Excel."
)
NOT_A_MEMBER_LIST = _("The member list must be a CSV or Excel (.xlsx) file.")

# Column headings accepted in a member list, in either language.
MEMBER_COLUMNS = {
    "name": "name",
    "氏名": "name",
    "名前": "name",
    "organisation": "organisation",
    "organization": "organisation",
    "所属": "organisation",
    "title": "title",
    "役職": "title",
}


def _rows_from_csv(uploaded):
    raw = uploaded.read()
    uploaded.seek(0)
    try:
        text = decode_spreadsheet_text(raw)
    except ValueError as error:
        raise ValidationError(UNREADABLE_MEMBER_LIST, code="member_list") from error
    return list(csv.reader(io.StringIO(text)))


def _rows_from_xlsx(uploaded):
    try:
        rows = [
            ["" if cell is None else str(cell) for cell in row]
            for row in read_workbook_rows(
                uploaded,
                max_rows=MAX_MEMBER_LIST_ROWS,
                max_columns=20,
                max_unpacked_bytes=MAX_MEMBER_LIST_UNPACKED_BYTES,
            )
        ]
    except UnsafeFile as error:
        raise ValidationError(str(error), code="member_list") from None
    except Exception as error:  # openpyxl raises many kinds on a damaged file
        raise ValidationError(UNREADABLE_MEMBER_LIST, code="member_list") from error
    finally:
        uploaded.seek(0)
    return rows


def read_member_list(uploaded):
    """Members (name, organisation, title) from an uploaded CSV or Excel file.

    A first row of column headings is optional; without one the columns are taken in the
    order name, organisation, title.
    """
    if uploaded.size > MAX_MEMBER_LIST_BYTES:
        raise ValidationError(
            _("The member list is larger than %(list_megabytes)s MB."),
            code="member_list",
            params=limits(),
        )
    head = _read_head(uploaded)
    if head.startswith(b"PK\x03\x04"):
        kind = _office_zip_type(uploaded, max_unpacked_bytes=MAX_MEMBER_LIST_UNPACKED_BYTES)
        if kind != XLSX:
            raise ValidationError(NOT_A_MEMBER_LIST, code="member_list")
        rows = _rows_from_xlsx(uploaded)
    elif b"\x00" in _read_head(uploaded, 2048):
        raise ValidationError(NOT_A_MEMBER_LIST, code="member_list")
    else:
        rows = _rows_from_csv(uploaded)
    rows = [[cell.strip() for cell in row] for row in rows if any(c.strip() for c in row)]
    if not rows:
        raise ValidationError(_("The member list is empty."), code="member_list")
    order = ["name", "organisation", "title"]
    headings = [MEMBER_COLUMNS.get(cell.lower()) for cell in rows[0]]
    if "name" in headings:
        order = headings
        rows = rows[1:]
    members = []
    for row in rows:
        member = {"name": "", "organisation": "", "title": ""}
        for column, cell in zip(order, row, strict=False):
            if column:
                member[column] = cell[:150] if column != "organisation" else cell[:200]
        if member["name"]:
            members.append(member)
    if not members:
        raise ValidationError(_("The member list names nobody."), code="member_list")
    return members
