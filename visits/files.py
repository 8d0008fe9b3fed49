"""Checks on files a delegation uploads: the type by the content's first bytes, never the name.

A file named agenda.pdf that is really a program is refused; a PDF named agenda.txt is
accepted as a PDF. Member lists are read from CSV or Excel (.xlsx) files.
"""

import re
import zipfile

from django.core.exceptions import ValidationError
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from office import csvfiles
from office.spreadsheets import (
    UnsafeFile,
    check_zip_container,
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


TOO_LARGE = _("%(name)s is larger than %(megabytes)s MB. Please send a smaller file.")
WRONG_TYPE = _("%(name)s is not a PDF, JPEG, PNG, Word or Excel file.")
TOO_MANY = _("Please send at most %(count)d documents.")
LIST_TOO_LARGE = _("The member list is larger than %(list_megabytes)s MB.")


def message_for_the_browser(message):
    """A message with the limits filled in and %(name)s left for the browser's file name."""
    return str(message) % {**limits(), "name": "%(name)s"}


def check_document(uploaded):
    """The content type of an acceptable document; ValidationError otherwise."""
    if uploaded.size > MAX_DOCUMENT_BYTES:
        raise ValidationError(
            TOO_LARGE, code="too_large", params={"name": uploaded.name, **limits()}
        )
    content_type = detect_type(uploaded)
    if content_type is None:
        raise ValidationError(WRONG_TYPE, code="file_type", params={"name": uploaded.name})
    return content_type


# What a file picker offers: the types check_document accepts, by their usual names.
DOCUMENT_PICKER = ".pdf,.jpg,.jpeg,.png,.doc,.docx,.xls,.xlsx"

UNREADABLE_MEMBER_LIST = _(
    "The member list could not be read. Please save it as UTF-8 CSV or Excel."
)
NOT_A_MEMBER_LIST = _("The member list must be a CSV or Excel (.xlsx) file.")

# Column headings accepted in a member list, as delegations write them in English, French,
# German and Japanese (compared without case, spaces or a trailing colon). A list with
# separate given-name and family-name columns gives "given family" as the name.
MEMBER_COLUMNS = {
    "name": "name|full name|member|nom|nom complet|nom et prénom|prénom et nom|"
    "vollständiger name|name, vorname|teilnehmer|teilnehmerin|"
    "氏名|名前|お名前|氏名（ローマ字）|氏名(ローマ字)",
    "given_name": "first name|given name|prénom|prenom|vorname|名",
    "family_name": "last name|family name|surname|nom de famille|nachname|姓",
    "organisation": "organisation|organization|institution|organisme|entreprise|société|"
    "behörde|einrichtung|firma|verwaltung|dienststelle|"
    "所属|所属機関|所属先|団体名|組織|組織名",
    "title": "title|position|job title|role|titre|fonction|poste|"
    "titel|funktion|amt|stellung|役職|肩書|肩書き|役職名",
}
HEADING_COLUMN = {
    re.sub(r"\s+", "", word.casefold()): column
    for column, words in MEMBER_COLUMNS.items()
    for word in words.split("|")
}
# Words that mark a heading row in any of the languages, to tell a code page apart.
HEADING_WORDS = ("name", "nom", "fonction", "funktion", "氏名", "名前", "所属", "役職")


def _heading_column(cell):
    return HEADING_COLUMN.get(re.sub(r"\s+", "", cell.casefold()).rstrip(":："))


def _rows_from_csv(uploaded):
    raw = uploaded.read()
    uploaded.seek(0)
    try:
        text = csvfiles.decode(raw, expected_words=HEADING_WORDS)
    except csvfiles.UnreadableCSV as error:
        raise ValidationError(str(error), code="member_list") from error
    return csvfiles.rows(text)


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
        raise ValidationError(LIST_TOO_LARGE, code="member_list", params=limits())
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
    headings = [_heading_column(cell) for cell in rows[0]]
    if {"name", "given_name", "family_name"} & set(headings):
        order = headings
        rows = rows[1:]
        if "given_name" in order and "family_name" not in order:
            # "Nom; Prénom": beside a given name, the name column is the family name.
            order = ["family_name" if column == "name" else column for column in order]
    members = []
    for row in rows:
        cells = {column: cell for column, cell in zip(order, row, strict=False) if column}
        name = cells.get("name") or " ".join(
            part for part in (cells.get("given_name"), cells.get("family_name")) if part
        )
        member = {
            "name": name[:150],
            "organisation": cells.get("organisation", "")[:200],
            "title": cells.get("title", "")[:150],
        }
        if member["name"]:
            members.append(member)
    if not members:
        raise ValidationError(_("The member list names nobody."), code="member_list")
    return members


def _same_person(name):
    return " ".join(name.casefold().split())


def combine_members(typed, from_list):
    """The members typed in the form's rows and those read from the spreadsheet, each
    person once: a name in both (compared without case or extra spaces) is the typed row,
    with what the row left empty filled in from the spreadsheet. Typed rows come first."""
    members = [dict(member) for member in typed]
    by_name = {_same_person(member["name"]): member for member in members}
    for member in from_list:
        same = by_name.get(_same_person(member["name"]))
        if same is None:
            member = dict(member)
            members.append(member)
            by_name[_same_person(member["name"])] = member
            continue
        for column in ("organisation", "title"):
            if not same.get(column):
                same[column] = member.get(column, "")
    return members
