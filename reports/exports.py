"""The monthly workbook and the printed notice (PDF), from a notice's figures."""

from datetime import date

from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from organization.xlsx import DATE, INTEGER, PERCENT, Column, Sheet, write_workbook
from petitions.deadlines import counts_working_days, days_until
from petitions.models import Holiday, Petition
from reception.exports import skip_level_sheet
from reception.models import SkipLevelVisit

FORMATS = {"count": INTEGER, "rate": PERCENT, "change": PERCENT}


def unit_sheet(figures: dict) -> Sheet:
    table = figures["table"]
    columns = [Column(_("Unit"), 26)] + [
        Column(f"{column['group']}·{column['label']}", 11, FORMATS[column["kind"]])
        for column in table["columns"]
    ]
    rows = (
        [row["unit"]] + [row["values"][column["key"]] for column in table["columns"]]
        for row in table["rows"]
    )
    heading = _("Petitions by unit, %(period)s (%(first)s to %(last)s)") % {
        "period": figures["period"]["label"],
        "first": figures["period"]["first"],
        "last": figures["period"]["last"],
    }
    return Sheet(_("By unit"), heading, columns, rows)


def category_sheet(figures: dict) -> Sheet:
    heading = _("Petitions by category, %(period)s") % {"period": figures["period"]["label"]}
    rows = [(row["label"], row["count"]) for row in figures["by_category"]]
    rows += [(_("Total"), sum(row["count"] for row in figures["by_category"]))]
    return Sheet(
        _("By category"),
        heading,
        [Column(_("Category"), 24), Column(_("Cases"), 10, INTEGER)],
        rows,
    )


def overdue_sheet(as_of) -> Sheet:
    """Every case overdue on `as_of`, streamed from the database; days overdue counted as
    the badges count them (petitions.deadlines.days_until)."""
    calendar = Holiday.objects.work_calendar() if counts_working_days() else None
    cases = (
        Petition.objects.overdue(as_of)
        .for_lists()
        .select_related("responsible_unit")
        .order_by("current_due")
        .iterator(chunk_size=2000)
    )
    rows = (
        (
            petition.number,
            petition.summary,
            petition.responsible_unit.name if petition.responsible_unit else "",
            petition.get_state_display(),
            petition.current_due,
            -days_until(petition.current_due, today=as_of, calendar=calendar),
        )
        for petition in cases
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


def notice_workbook(notice):
    figures = notice.figures
    sheets = [unit_sheet(figures), category_sheet(figures)]
    period = figures["period"]
    visits = SkipLevelVisit.objects.filter(
        visited_on__gte=period["first"], visited_on__lte=period["last"]
    ).order_by("visited_on", "pk")
    heading = _("Skip-level visits, %(period)s (%(first)s to %(last)s)") % {
        "period": period["label"],
        "first": period["first"],
        "last": period["last"],
    }
    sheets.append(skip_level_sheet(visits, heading))
    sheets.append(overdue_sheet(date.fromisoformat(figures["as_of"])))
    return write_workbook(sheets)


def notice_pdf(notice) -> bytes:
    """The printed notice, from the same template as its print view."""
    from weasyprint import CSS, HTML

    html = render_to_string("reports/notice_document.html", {"notice": notice, "for_pdf": True})
    stylesheet = CSS(filename=finders.find("reports/notice.css"))
    return HTML(string=html).write_pdf(stylesheets=[stylesheet])


def store_files(notice) -> None:
    """Keep the workbook and PDF: as circulated when published, as drafted by the monthly job."""
    stamp = timezone.localtime(notice.published_at or timezone.now()).strftime("%Y%m%d%H%M")
    name = f"monthly-{notice.period.key}-v{notice.version}-{stamp}"
    notice.workbook.save(f"{name}.xlsx", ContentFile(notice_workbook(notice).read()), save=False)
    notice.document.save(f"{name}.pdf", ContentFile(notice_pdf(notice)), save=False)
