"""A workbook staff can fill in without the README: the sheet to fill (its header row, one
example row, drop-down lists for the cells that take one of a list) and a second sheet
explaining every column in the staff member's language.

A resource describes its columns with `template_columns()`, a list of TemplateColumn; a
resource without it gets its import columns, undescribed.
"""

import io
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from office.spreadsheet_lookups import list_separator

# Excel reads a drop-down's list from cells when it is longer than 255 characters.
INLINE_LIST_LIMIT = 255
TEMPLATE_ROWS = 500  # rows the drop-down lists cover


@dataclass
class TemplateColumn:
    name: str
    help: str = ""
    example: object = ""
    choices: list = field(default_factory=list)  # the words the drop-down offers
    required: bool = False


def default_columns(resource):
    return [
        TemplateColumn(name=f.column_name)
        for f in resource.get_import_fields()
        if not f.readonly and f.column_name
    ]


def template_workbook(resource, *, title):
    """The template as xlsx bytes."""
    columns = (
        resource.template_columns()
        if hasattr(resource, "template_columns")
        else default_columns(resource)
    )
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Sheet to fill in")[:31]
    lists = workbook.create_sheet(_("Lists")[:31])
    bold = Font(bold=True)
    required_fill = PatternFill("solid", fgColor="FFF2CC")
    for number, column in enumerate(columns, start=1):
        letter = get_column_letter(number)
        header = sheet.cell(row=1, column=number, value=column.name)
        header.font = bold
        if column.required:
            header.fill = required_fill
        sheet.cell(row=2, column=number, value=column.example)
        sheet.column_dimensions[letter].width = max(14, min(40, len(str(column.example)) + 4))
        if column.choices:
            sheet_range = f"{letter}2:{letter}{TEMPLATE_ROWS + 1}"
            inline = ",".join(str(choice) for choice in column.choices)
            if len(inline) <= INLINE_LIST_LIMIT and "," not in "".join(map(str, column.choices)):
                formula = f'"{inline}"'
            else:
                for row, choice in enumerate(column.choices, start=1):
                    lists.cell(row=row, column=number, value=str(choice))
                formula = (
                    f"{quote_sheetname(lists.title)}!${letter}$1:${letter}${len(column.choices)}"
                )
            validation = DataValidation(type="list", formula1=formula, allow_blank=True)
            # Staff may still type a value the list lacks (a code, or the other language).
            validation.showErrorMessage = False
            validation.prompt = column.help[:255]
            validation.showInputMessage = bool(column.help)
            sheet.add_data_validation(validation)
            validation.add(sheet_range)
    sheet.freeze_panes = "A2"

    # Second, not first: the import reads the sheet the workbook opens on, the first.
    notes = workbook.create_sheet(_("Instructions")[:31], 1)
    notes.column_dimensions["A"].width = 24
    notes.column_dimensions["B"].width = 90
    notes.column_dimensions["C"].width = 30
    notes.append([title])
    notes["A1"].font = Font(bold=True, size=14)
    notes.append(
        [
            _(
                "Fill in the sheet “%(sheet)s”: one row per record, starting under the "
                "example row (replace or delete the example). Yellow columns must be "
                "filled in. Cells with a list offer the words the import accepts; the other "
                "language's word or the short code is accepted too. Then use “Import” in "
                "the admin and choose this file."
            )
            % {"sheet": sheet.title}
        ]
    )
    notes.merge_cells("A2:C2")
    notes["A2"].alignment = Alignment(wrap_text=True, vertical="top")
    notes.row_dimensions[2].height = 75
    notes.append([])
    notes.append([_("Column"), _("What to write"), _("Example")])
    for cell in notes[4]:
        cell.font = bold
    for column in columns:
        help_text = column.help
        if column.required:
            help_text = _("Required.") + " " + help_text
        if column.choices:
            help_text += " " + _("One of: %(choices)s.") % {
                "choices": list_separator().join(str(c) for c in column.choices[:20])
                + ("…" if len(column.choices) > 20 else "")
            }
        notes.append([column.name, help_text.strip(), str(column.example)])
        notes.cell(row=notes.max_row, column=2).alignment = Alignment(wrap_text=True)
    lists.sheet_state = "hidden"
    workbook.active = 0
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
