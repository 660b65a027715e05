"""Excel workbooks streamed row by row as they are read.

Every app's "export to Excel" uses this, so it sits in the lowest app. The workbook
is written as the rows come: each worksheet's XML goes straight into a zip entry
(deflated, with data descriptors, so the zip needs no seeking back) and the bytes
are handed to the response as soon as a few hundred rows are compressed. The first
bytes leave at once, memory stays flat (one chunk of rows and the compressor's
window) however many rows are written, and a slow export keeps sending data rather
than holding a worker silent until a timeout kills it.

Cells are plain: one style per column (its number format), chosen once, never a
styled cell object per value; choice labels are mapped once per export (labels()).

Text is always written as text. A string beginning with "=" could be read as a
formula (and "#N/A" as an error), so a petitioner who writes "=HYPERLINK(...)"
into a summary would have Excel or WPS evaluate it on the office's computer
(formula injection). Every string goes out as an inline string, never as an <f>
element; one that starts like a formula also gets the quote-prefix style, so
Excel keeps it text if someone edits the cell. The visible text is unchanged.
Only a Formula, built by code, is written as a formula.
"""

import re
import tempfile
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from xml.sax.saxutils import escape, quoteattr

from django.http import StreamingHttpResponse
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.http import content_disposition_header

from .replica import streamed_from_replica

INTEGER = "0"
PERCENT = "0.0%"
DATE = "yyyy-mm-dd"
DATE_TIME = "yyyy-mm-dd hh:mm"
TEXT = "@"

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Rows compressed before the bytes so far are handed on.
ROWS_PER_CHUNK = 500


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


# What Excel, WPS or LibreOffice may read as the start of a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

# Characters XML 1.0 cannot carry at all (they would make the file unreadable).
ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
ENTITIES = {"\r": "&#13;", '"': "&quot;"}

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
EPOCH = date(1899, 12, 30)

# Built-in number formats Excel knows by id; others are declared in styles.xml.
BUILTIN_FORMATS = {"General": 0, "0": 1, "0.00": 2, "0%": 9, "0.00%": 10, "@": 49}
# Fonts: 0 default, 1 bold (header), 2 bold and larger (heading). Fills: 2 header.
FONT_HEADER, FONT_HEADING, FILL_HEADER = 1, 2, 2


def column_letter(index: int) -> str:
    """1 → A, 27 → AA."""
    letters = ""
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _text(value: str) -> str:
    return escape(ILLEGAL.sub("", value), ENTITIES)


def _serial(value) -> float:
    """A date or time as Excel's day number (local wall time for an aware datetime)."""
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.make_naive(value)
        delta = value - datetime.combine(EPOCH, time())
        return delta.days + delta.seconds / 86400 + delta.microseconds / 86400e6
    return float((value - EPOCH).days)


class _Styles:
    """The cell formats (cellXfs) used so far, each written once in styles.xml."""

    def __init__(self):
        self.formats: dict[str, int] = {}
        self.xfs: list[tuple] = [(0, 0, 0, False, False)]  # the default style

    def xf(self, number_format="General", *, font=0, fill=0, wrap=False, quote=False) -> int:
        if number_format in BUILTIN_FORMATS:
            format_id = BUILTIN_FORMATS[number_format]
        else:
            format_id = self.formats.setdefault(number_format, 164 + len(self.formats))
        key = (format_id, font, fill, wrap, quote)
        if key not in self.xfs:
            self.xfs.append(key)
        return self.xfs.index(key)

    def xml(self) -> str:
        formats = "".join(
            f"<numFmt numFmtId={quoteattr(str(i))} formatCode={quoteattr(code)}/>"
            for code, i in self.formats.items()
        )
        xfs = []
        for format_id, font, fill, wrap, quote in self.xfs:
            attributes = f'numFmtId="{format_id}" fontId="{font}" fillId="{fill}" borderId="0"'
            attributes += ' xfId="0"'
            if format_id:
                attributes += ' applyNumberFormat="1"'
            if font:
                attributes += ' applyFont="1"'
            if fill:
                attributes += ' applyFill="1"'
            if quote:
                attributes += ' quotePrefix="1"'
            if wrap:
                xfs.append(
                    f'<xf {attributes} applyAlignment="1">'
                    '<alignment vertical="center" wrapText="1"/></xf>'
                )
            else:
                xfs.append(f"<xf {attributes}/>")
        return (
            f'{XML_HEAD}<styleSheet xmlns="{MAIN}">'
            + (f'<numFmts count="{len(self.formats)}">{formats}</numFmts>' if formats else "")
            + '<fonts count="3">'
            '<font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
            '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
            '<font><b/><sz val="13"/><name val="Calibri"/><family val="2"/></font>'
            "</fonts>"
            '<fills count="3"><fill><patternFill patternType="none"/></fill>'
            '<fill><patternFill patternType="gray125"/></fill>'
            '<fill><patternFill patternType="solid"><fgColor rgb="FFDDE4EE"/>'
            '<bgColor indexed="64"/></patternFill></fill></fills>'
            '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border>'
            "</borders>"
            '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
            "</cellStyleXfs>"
            f'<cellXfs count="{len(xfs)}">{"".join(xfs)}</cellXfs>'
            '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/>'
            "</cellStyles></styleSheet>"
        )


class _Cells:
    """Writes one sheet's cells: a style per column chosen once, values as XML."""

    def __init__(self, styles: _Styles, columns: Sequence[Column], **style):
        self.letters = [column_letter(index) for index in range(1, len(columns) + 1)]
        self.plain = [styles.xf(column.number_format, **style) for column in columns]
        self.quoted = [styles.xf(column.number_format, quote=True, **style) for column in columns]

    def row(self, number: int, values: Sequence) -> str:
        cells = []
        for index, value in enumerate(values[: len(self.letters)]):
            if isinstance(value, Promise):  # a lazy translation
                value = str(value)
            ref = f"{self.letters[index]}{number}"
            if value is None or value == "":
                if self.plain[index]:  # an empty cell keeps its column's format
                    cells.append(f'<c r="{ref}" s="{self.plain[index]}"/>')
                continue
            if isinstance(value, str):
                style = (
                    self.quoted[index] if value.startswith(FORMULA_PREFIXES) else self.plain[index]
                )
                cells.append(
                    f'<c r="{ref}" s="{style}" t="inlineStr"><is><t xml:space="preserve">'
                    f"{_text(value)}</t></is></c>"
                )
            elif isinstance(value, bool):
                cells.append(f'<c r="{ref}" s="{self.plain[index]}" t="b"><v>{int(value)}</v></c>')
            elif isinstance(value, int | float | Decimal):
                cells.append(f'<c r="{ref}" s="{self.plain[index]}"><v>{value}</v></c>')
            elif isinstance(value, date | datetime):
                cells.append(f'<c r="{ref}" s="{self.plain[index]}"><v>{_serial(value)!r}</v></c>')
            elif isinstance(value, Formula):
                formula = _text(value.text.removeprefix("="))
                cells.append(f'<c r="{ref}" s="{self.plain[index]}"><f>{formula}</f></c>')
            else:
                text = _text(str(value))
                cells.append(
                    f'<c r="{ref}" s="{self.plain[index]}" t="inlineStr"><is>'
                    f'<t xml:space="preserve">{text}</t></is></c>'
                )
        return f'<row r="{number}">{"".join(cells)}</row>'


def _pane(freeze: str | None) -> str:
    match = re.fullmatch(r"([A-Z]+)(\d+)", freeze or "")
    if not match or freeze == "A1":
        return '<sheetView workbookViewId="0"/>'
    letters, row = match.groups()
    column = 0
    for letter in letters:
        column = column * 26 + ord(letter) - 64
    x_split, y_split = column - 1, int(row) - 1
    pane = {(True, True): "bottomRight", (False, True): "bottomLeft"}.get(
        (x_split > 0, y_split > 0), "topRight"
    )
    splits = (f' xSplit="{x_split}"' if x_split else "") + (
        f' ySplit="{y_split}"' if y_split else ""
    )
    return (
        f'<sheetView workbookViewId="0"><pane{splits} topLeftCell="{freeze}" '
        f'activePane="{pane}" state="frozen"/><selection pane="{pane}"/></sheetView>'
    )


def _sheet_chunks(sheet: Sheet, styles: _Styles) -> Iterator[str]:
    """The worksheet's XML, a chunk of rows at a time."""
    columns = "".join(
        f'<col min="{index}" max="{index}" width="{column.width}" customWidth="1"/>'
        for index, column in enumerate(sheet.columns, start=1)
    )
    fit = '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>' if sheet.landscape else ""
    yield (
        f'{XML_HEAD}<worksheet xmlns="{MAIN}" xmlns:r="{RELS}">{fit}'
        f"<sheetViews>{_pane(sheet.freeze)}</sheetViews>"
        '<sheetFormatPr defaultRowHeight="15"/>'
        + (f"<cols>{columns}</cols>" if columns else "")
        + "<sheetData>"
    )
    heading = _Cells(styles, [Column("")], font=FONT_HEADING)
    header = _Cells(
        styles, [Column("")] * len(sheet.columns), font=FONT_HEADER, fill=FILL_HEADER, wrap=True
    )
    yield heading.row(1, [sheet.heading]) + header.row(
        2, [column.header for column in sheet.columns]
    )
    cells = _Cells(styles, sheet.columns)
    chunk, number = [], 2
    for row in sheet.rows:
        number += 1
        chunk.append(cells.row(number, row))
        if len(chunk) >= ROWS_PER_CHUNK:
            yield "".join(chunk)
            chunk = []
    chunk.append("</sheetData>")
    chunk.append(
        '<pageMargins left="0.75" right="0.75" top="1" bottom="1" header="0.5" footer="0.5"/>'
    )
    if sheet.landscape:
        chunk.append(
            '<pageSetup orientation="landscape" paperSize="9" fitToWidth="1" fitToHeight="0"/>'
        )
    chunk.append("</worksheet>")
    yield "".join(chunk)


def _sheet_title(title: str, taken: set[str]) -> str:
    """A valid, unique sheet name: at most 31 characters, none of []:*?/\\."""
    base = re.sub(r"[\[\]:*?/\\]", " ", title).strip("'")[:31] or "Sheet"
    name, counter = base, 1
    while name.lower() in taken:
        suffix = str(counter)
        name, counter = base[: 31 - len(suffix)] + suffix, counter + 1
    taken.add(name.lower())
    return name


def _workbook_parts(titles: list[str], styles: _Styles) -> dict[str, str]:
    sheets = "".join(
        f'<sheet name={quoteattr(title)} sheetId="{i}" r:id="rId{i}"/>'
        for i, title in enumerate(titles, start=1)
    )
    quoted = [title.replace("'", "''") for title in titles]
    names = "".join(
        f'<definedName name="_xlnm.Print_Titles" localSheetId="{i}">'
        f"{escape(chr(39) + title + chr(39))}!$1:$2</definedName>"
        for i, title in enumerate(quoted)
    )
    relations = "".join(
        f'<Relationship Id="rId{i}" Type="{RELS}/worksheet" Target="worksheets/sheet{i}.xml"/>'
        for i in range(1, len(titles) + 1)
    )
    count = len(titles)
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for i in range(1, len(titles) + 1)
    )
    return {
        "xl/workbook.xml": (
            f'{XML_HEAD}<workbook xmlns="{MAIN}" xmlns:r="{RELS}"><workbookPr/>'
            '<bookViews><workbookView activeTab="0"/></bookViews>'
            f"<sheets>{sheets}</sheets>"
            + (f"<definedNames>{names}</definedNames>" if names else "")
            + '<calcPr calcId="124519" fullCalcOnLoad="1"/></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            f'{XML_HEAD}<Relationships xmlns="{PACKAGE_RELS}">{relations}'
            f'<Relationship Id="rId{count + 1}" Type="{RELS}/styles" Target="styles.xml"/>'
            "</Relationships>"
        ),
        "xl/styles.xml": styles.xml(),
        "_rels/.rels": (
            f'{XML_HEAD}<Relationships xmlns="{PACKAGE_RELS}">'
            f'<Relationship Id="rId1" Type="{RELS}/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>"
        ),
        "[Content_Types].xml": (
            f'{XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/styles.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            f"{overrides}</Types>"
        ),
    }


class _Pipe:
    """A write-only, unseekable file the zip writes into; its bytes are taken as they
    come (zipfile then writes each entry's sizes after its data)."""

    def __init__(self):
        self.buffer = bytearray()

    def write(self, data) -> int:
        self.buffer += data
        return len(data)

    def flush(self) -> None:
        pass

    def take(self) -> bytes:
        data = bytes(self.buffer)
        self.buffer.clear()
        return data


def stream_workbook(sheets: Iterable[Sheet]) -> Iterator[bytes]:
    """The workbook's bytes, produced while the sheets' rows are read."""
    pipe, styles, titles, taken = _Pipe(), _Styles(), [], set()
    with zipfile.ZipFile(pipe, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=5) as archive:
        for number, sheet in enumerate(sheets, start=1):
            titles.append(_sheet_title(sheet.title, taken))
            with archive.open(f"xl/worksheets/sheet{number}.xml", "w") as entry:
                yield pipe.take()  # the download starts before the first row is read
                for chunk in _sheet_chunks(sheet, styles):
                    entry.write(chunk.encode())
                    if len(pipe.buffer) >= 64 * 1024:
                        yield pipe.take()
            yield pipe.take()
        if not titles:  # a workbook needs a sheet
            titles.append("Sheet")
            with archive.open("xl/worksheets/sheet1.xml", "w") as entry:
                entry.write(
                    f'{XML_HEAD}<worksheet xmlns="{MAIN}"><sheetData/></worksheet>'.encode()
                )
        for name, text in _workbook_parts(titles, styles).items():
            archive.writestr(name, text.encode())
    yield pipe.take()


def write_workbook(sheets: Iterable[Sheet]):
    """A temporary file holding the workbook, positioned at its start (for a file kept
    or attached; a download streams instead, workbook_response)."""
    output = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115
    for chunk in stream_workbook(sheets):
        output.write(chunk)
    output.seek(0)
    return output


def _in_language(language: str | None, chunks: Iterator[bytes]) -> Iterator[bytes]:
    """The chunks produced in the request's language: the rows are read after the view
    has returned, while the server sends the response."""
    with translation.override(language):
        yield from chunks


def workbook_response(sheets: Iterable[Sheet], filename: str) -> StreamingHttpResponse:
    """The workbook as a download that starts at once and is written while it is sent
    (its rows read from the replica where there is one)."""
    response = StreamingHttpResponse(
        streamed_from_replica(_in_language(translation.get_language(), stream_workbook(sheets))),
        content_type=CONTENT_TYPE,
    )
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
