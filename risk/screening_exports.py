"""The screening summary notice (一通报) as a workbook and a PDF, from the rows of
screening_views.month_summary (exports take rows, nothing else)."""

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from organization import xlsx

from .models import Hazard, HazardLevel


def state_labels() -> dict:
    return {
        "on_time": _("Filed on time"),
        "late": _("Filed late"),
        "missing": _("Missing"),
        "pending": _("Not yet filed"),
        "draft": _("Draft, not signed"),
    }


def month_workbook(summary: dict, filename: str):
    period = summary["period"]
    states = state_labels()
    levels = xlsx.labels(HazardLevel.choices)
    statuses = xlsx.labels(Hazard.Status.choices)
    kinds = xlsx.labels(Hazard.Kind.choices)
    heading = _("Screening summary %(month)s (%(range)s)") % {
        "month": period.label,
        "range": period.range_label,
    }
    units = xlsx.Sheet(
        title=_("Units"),
        heading=heading,
        columns=[
            xlsx.Column(_("Unit"), 24),
            xlsx.Column(_("Status"), 14),
            xlsx.Column(_("Filed on"), 12, xlsx.DATE),
            xlsx.Column(_("Zero report"), 10),
            *[xlsx.Column(str(label), 8, xlsx.INTEGER) for label in levels.values()],
        ],
        rows=[
            [
                row["unit"].name,
                states[row["state"]],
                row["report"].filed_on if row["report"] else None,
                _("Yes") if row["report"] and row["report"].is_zero_report else "",
                *[
                    getattr(row["report"], f"n_{level}", 0) if row["report"] else 0
                    for level in levels
                ],
            ]
            for row in summary["rows"]
        ],
    )
    hazards = xlsx.Sheet(
        title=_("Hazards"),
        heading=heading,
        columns=[
            xlsx.Column(_("Unit"), 20),
            xlsx.Column(_("Kind"), 14),
            xlsx.Column(_("What"), 40),
            xlsx.Column(_("Category"), 14),
            xlsx.Column(_("Hazard level"), 8),
            xlsx.Column(_("People involved"), 8, xlsx.INTEGER),
            xlsx.Column(_("Owning leader"), 10),
            xlsx.Column(_("Status"), 10),
            xlsx.Column(_("Resolve by"), 12, xlsx.DATE),
        ],
        rows=[
            [
                hazard.report.unit.name,
                kinds[hazard.kind],
                hazard.summary,
                hazard.category.name,
                levels[hazard.level],
                hazard.people_count,
                hazard.owning_leader.get_full_name() if hazard.owning_leader else "",
                statuses[hazard.status],
                hazard.due_on,
            ]
            for hazard in summary["hazards"]
        ],
    )
    return xlsx.workbook_response([units, hazards], filename)


def notice_pdf(summary: dict) -> bytes:
    """The printed notice, from the same template as its print view."""
    from weasyprint import CSS, HTML

    html = render_to_string("risk/screening_notice_document.html", {**summary, "for_pdf": True})
    stylesheet = CSS(filename=finders.find("reports/notice.css"))
    return HTML(string=html).write_pdf(stylesheets=[stylesheet])
