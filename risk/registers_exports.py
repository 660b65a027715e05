"""The registers' exports: the backlog register as a workbook, an assessment as a PDF."""

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from organization.xlsx import DATE, Column, Sheet

from .models import StabilityAssessment


def backlog_sheet(plans, heading: str, today) -> Sheet:
    def rows():
        for plan in plans:
            petition = plan.petition
            yield [
                petition.number,
                petition.summary,
                petition.responsible_unit.name if petition.responsible_unit_id else "",
                plan.owning_leader.get_full_name(),
                plan.causes,
                plan.measures,
                plan.deadline,
                _("Yes") if petition.is_listed else "",
                plan.closed_on,
                plan.approved_by,
                _("Past the deadline") if plan.is_past_deadline(today) else "",
            ]

    return Sheet(
        title=_("Backlog cases"),
        heading=heading,
        columns=[
            Column(_("Number"), 16),
            Column(_("Matter"), 40),
            Column(_("Responsible unit"), 18),
            Column(_("Owning leader"), 12),
            Column(_("Causes"), 30),
            Column(_("Measures"), 30),
            Column(_("Resolution deadline"), 12, DATE),
            Column(_("Listed supervision"), 10),
            Column(_("Closed out on"), 12, DATE),
            Column(_("Approved by"), 12),
            Column(_("Past the deadline"), 12),
        ],
        rows=rows(),
    )


def assessment_pdf(assessment: StabilityAssessment, opinions) -> bytes:
    """The printed assessment report, from the same template as its print view."""
    from weasyprint import CSS, HTML

    html = render_to_string(
        "risk/assessment_document.html",
        {"assessment": assessment, "opinions": opinions, "for_pdf": True},
    )
    stylesheet = CSS(filename=finders.find("risk/assessment.css"))
    return HTML(string=html).write_pdf(stylesheets=[stylesheet])
