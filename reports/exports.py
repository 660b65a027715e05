"""The monthly workbook and the printed notice (PDF), from a notice's figures."""

from datetime import date, datetime

from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from organization.pdf import html_to_pdf
from organization.xlsx import (
    DATE,
    DATE_TIME,
    INTEGER,
    PERCENT,
    Column,
    Formula,
    Sheet,
    write_workbook,
)
from reception.exports import skip_level_columns, skip_level_sheet

from .figures import skip_level_visits
from .periods import Period
from .statistics import overdue_cases

FORMATS = {"count": INTEGER, "rate": PERCENT, "change": PERCENT}


def revived(rows, columns: list[Column]):
    """Rows kept as JSON with their dates and times as ISO text, as the cells they were."""
    parse = {DATE: date.fromisoformat, DATE_TIME: datetime.fromisoformat}
    for row in rows:
        yield [
            parse[column.number_format](value)
            if isinstance(value, str) and column.number_format in parse
            else value
            for value, column in zip(row, columns, strict=False)
        ]


def unit_sheet(figures: dict) -> Sheet:
    """The per-unit table: unit column and header rows frozen, printed landscape one page
    wide. On a table without subtotals the total row sums the count columns with
    formulas; its rates are computed from the summed counts (never a sum of rates)."""
    table = figures["table"]
    columns = [Column(_("Unit"), 26)] + [
        Column(f"{column['group']}·{column['label']}", 11, FORMATS[column["kind"]])
        for column in table["columns"]
    ]
    rows = [
        [row["unit"]] + [row["values"][column["key"]] for column in table["columns"]]
        for row in table["rows"]
    ]
    if rows and not any(row["kind"] == "subtotal" for row in table["rows"]):
        first, last = 3, 3 + len(rows) - 2  # data rows start under the heading and header
        for index, column in enumerate(table["columns"], start=2):
            if column["kind"] == "count" and len(rows) > 1:
                letter = get_column_letter(index)
                rows[-1][index - 1] = Formula(f"=SUM({letter}{first}:{letter}{last})")
        rows[-1][0] = _("Total (counts summed; rates from the summed counts)")
    heading = _("Petitions by unit, %(period)s (%(first)s to %(last)s)") % {
        "period": figures["period"]["label"],
        "first": figures["period"]["first"],
        "last": figures["period"]["last"],
    }
    return Sheet(_("By unit"), heading, columns, rows, freeze="B3", landscape=True)


def nature_sheet(figures: dict) -> Sheet:
    heading = _("Petitions by nature, %(period)s") % {"period": figures["period"]["label"]}
    natures = figures.get("by_nature") or []
    rows = [(row["label"], row["count"]) for row in natures]
    rows.append((_("Total"), Formula(f"=SUM(B3:B{2 + len(natures)})") if natures else 0))
    return Sheet(
        _("By nature"),
        heading,
        [Column(_("Nature"), 24), Column(_("Cases registered"), 12, INTEGER)],
        rows,
    )


def category_sheet(figures: dict) -> Sheet:
    heading = _("Petitions by category, %(period)s") % {"period": figures["period"]["label"]}
    rows = [(row["label"], row["count"]) for row in figures["by_category"]]
    count = len(figures["by_category"])
    rows += [(_("Total"), Formula(f"=SUM(B3:B{2 + count})") if count else 0)]
    return Sheet(
        _("By category"),
        heading,
        [Column(_("Category"), 24), Column(_("Cases registered"), 12, INTEGER)],
        rows,
    )


def overdue_sheet(cases: list[dict], as_of: date) -> Sheet:
    """The cases overdue on `as_of`, as listed by statistics.overdue_cases."""
    rows = (
        (
            case["number"],
            case["summary"],
            case["unit"],
            case["state"],
            date.fromisoformat(case["due"]),
            case["days_overdue"],
        )
        for case in cases
    )
    return Sheet(
        _("Overdue"),
        _("Overdue cases on %(date)s") % {"date": as_of.isoformat()},
        [
            Column(_("Number"), 16),
            Column(_("Summary"), 40),
            Column(_("Responsible unit"), 18),
            Column(_("State"), 12),
            Column(_("Due"), 12, DATE),
            Column(_("Days overdue"), 10, INTEGER),
        ],
        rows,
    )


def figures_workbook(figures: dict):
    """The statistics alone (by unit, by category), for figures no notice holds."""
    return write_workbook([unit_sheet(figures), category_sheet(figures)])


def notice_workbook(notice):
    """The notice's workbook written from its figures: the overdue sheet lists the
    cases kept with them, so it always matches the overdue count it explains."""
    figures = notice.figures
    sheets = [unit_sheet(figures), nature_sheet(figures), category_sheet(figures)]
    period = figures["period"]
    heading = _("Skip-level visits, %(period)s (%(first)s to %(last)s)") % {
        "period": period["label"],
        "first": period["first"],
        "last": period["last"],
    }
    visits = figures.get("skip_level_visits")
    if visits is None:  # a draft built before the list was kept with the figures
        visits = skip_level_visits(Period.of(notice.year, notice.month, figures.get("mode")))
    sheets.append(skip_level_sheet(revived(visits, skip_level_columns()), heading))
    as_of = date.fromisoformat(figures["as_of"])
    cases = figures.get("overdue")
    if cases is None:  # a draft built before the list was kept with the figures
        cases = overdue_cases(as_of)
    sheets.append(overdue_sheet(cases, as_of))
    sheets.extend(accountability_sheets(notice))
    return write_workbook(sheets)


def accountability_sheets(notice) -> list[Sheet]:
    """accountability's notice sections (scores, consequences, 整改), a sheet each that
    has rows."""
    from accountability.notice import sections_for

    return [
        Sheet(
            section["title"][:31],
            section["title"],
            [Column(str(header), 16) for header in section["columns"]],
            section["rows"],
        )
        for section in sections_for(notice.year, notice.month)
        if section["rows"]
    ]


def notice_workbook_file(notice):
    """The workbook to hand out for a notice, by every path (download, command): a
    published notice's file as kept at publication, never rewritten; a draft's
    written from its figures as they stand."""
    if not notice.is_draft and notice.workbook:
        return notice.workbook.open("rb")
    return notice_workbook(notice)


def notice_pdf(notice) -> bytes:
    """The printed notice, from the same template as its print view."""
    html = render_to_string("reports/notice_document.html", {"notice": notice, "for_pdf": True})
    return html_to_pdf(html, stylesheets=("reports/notice.css",))


def store_files(notice) -> None:
    """Keep the workbook and PDF: as circulated when published, as drafted by the monthly job."""
    stamp = timezone.localtime(notice.published_at or timezone.now()).strftime("%Y%m%d%H%M")
    name = f"monthly-{notice.period.key}-v{notice.version}-{stamp}"
    for field in (notice.workbook, notice.document):  # a redraft replaces its files
        if field:
            field.delete(save=False)
    notice.workbook.save(f"{name}.xlsx", ContentFile(notice_workbook(notice).read()), save=False)
    notice.document.save(f"{name}.pdf", ContentFile(notice_pdf(notice)), save=False)
