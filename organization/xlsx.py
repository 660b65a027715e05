"""Excel workbooks written row by row (openpyxl write-only mode).

Every app's "export to Excel" uses this, so it sits in the lowest app: memory
stays flat however many rows are written, and the file is streamed back.

Text is always written as text. openpyxl would store a string beginning with
"=" as a formula (and "#N/A" as an error), so a petitioner who writes
"=HYPERLINK(...)" into a summary would have Excel or WPS evaluate it on the
office's computer (formula injection). Every string goes out as an inline
string instead, never as an <f> element; one that starts like a formula also
gets the quote-prefix style, so Excel keeps it text if someone edits the cell.
The visible text is unchanged.
"""

import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.http import FileResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

INTEGER = "0"
PERCENT = "0.0%"
DATE = "yyyy-mm-dd"
DATE_TIME = "yyyy-mm-dd hh:mm"
TEXT = "@"


@dataclass
class Column:
    header: str
    width: float = 12
    number_format: str = "General"


@dataclass
class Sheet:
    title: str
    heading: str  # the title row: what and which period
    columns: list[Column]
    rows: Iterable[Sequence] = field(default_factory=list)
    # Frozen panes: below the heading and header rows; "B3" also keeps column A in view.
    freeze: str = "A3"
    # Print setup: landscape, one page wide (as long as needed), title rows on every page.
    landscape: bool = False


@dataclass(frozen=True)
class Formula:
    """A cell meant as a formula, written deliberately (a plain string never is), e.g.
    Formula("=SUM(B3:B9)"). Only code builds these, never from user text."""

    text: str


def labels(choices) -> dict:
    """A choice's value → its label, for an export to look up per row (built once, in
    the active language) instead of calling get_*_display on every row."""
    return {value: str(label) for value, label in choices}


HEADING_FONT = Font(bold=True, size=13)
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")

# What Excel, WPS or LibreOffice may read as the start of a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def _cell(worksheet, value) -> WriteOnlyCell:
    """A cell for `value`; a string is always stored as text, never a formula (a
    Formula is written as one)."""
    if isinstance(value, Formula):
        cell = WriteOnlyCell(worksheet, value=value.text)
        cell.data_type = "f"
        return cell
    cell = WriteOnlyCell(worksheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
        if value.startswith(FORMULA_PREFIXES):
            cell.quotePrefix = True
    return cell


def write_workbook(sheets: Iterable[Sheet]):
    """A temporary file holding the workbook, positioned at its start."""
    workbook = Workbook(write_only=True)
    for sheet in sheets:
        worksheet = workbook.create_sheet(title=sheet.title[:31])
        for index, column in enumerate(sheet.columns, start=1):
            worksheet.column_dimensions[get_column_letter(index)].width = column.width
        worksheet.freeze_panes = sheet.freeze  # keep the heading and the header row in view
        worksheet.print_title_rows = "1:2"
        if sheet.landscape:
            worksheet.page_setup.orientation = "landscape"
            worksheet.page_setup.paperSize = 9  # A4
            worksheet.sheet_properties.pageSetUpPr.fitToPage = True
            worksheet.page_setup.fitToWidth = 1
            worksheet.page_setup.fitToHeight = 0
        heading = _cell(worksheet, sheet.heading)
        heading.font = HEADING_FONT
        worksheet.append([heading])
        header = []
        for column in sheet.columns:
            cell = _cell(worksheet, column.header)
            cell.font, cell.fill = HEADER_FONT, HEADER_FILL
            cell.alignment = Alignment(wrap_text=True, vertical="center")
            header.append(cell)
        worksheet.append(header)
        for row in sheet.rows:
            cells = []
            for value, column in zip(row, sheet.columns, strict=False):
                cell = _cell(worksheet, value)
                cell.number_format = column.number_format
                cells.append(cell)
            worksheet.append(cells)
    # Handed to the response, which closes it once sent.
    output = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115
    workbook.save(output)
    output.seek(0)
    return output


def workbook_response(sheets: Iterable[Sheet], filename: str) -> FileResponse:
    return FileResponse(
        write_workbook(sheets),
        as_attachment=True,
        filename=filename,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
