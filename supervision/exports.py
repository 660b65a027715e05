"""The supervision lists as workbooks: each function takes rows and writes a sheet."""

from collections.abc import Iterable
from datetime import date

from django.utils.translation import gettext as _

from organization import xlsx
from petitions.deadlines import WorkCalendar, days_until
from petitions.models import CLOCK_LABELS

from .models import SupervisionNotice


def cases_sheet(
    petitions: Iterable, *, title: str, heading: str, today: date, calendar: WorkCalendar | None
) -> xlsx.Sheet:
    """Overdue or due-soon cases; days left counted as the badges count them."""
    rows = (
        (
            petition.number,
            petition.summary,
            petition.responsible_unit.name if petition.responsible_unit else "",
            petition.get_state_display(),
            str(CLOCK_LABELS.get(petition.current_clock, petition.current_clock)),
            petition.current_due,
            days_until(
                petition.current_due,
                today=today,
                calendar=calendar,
                clock=petition.current_clock,
            ),
            _("Yes") if petition.is_listed else "",
        )
        for petition in petitions
    )
    columns = [
        xlsx.Column(_("Number"), 16),
        xlsx.Column(_("Summary"), 40),
        xlsx.Column(_("Responsible unit"), 16),
        xlsx.Column(_("State"), 12),
        xlsx.Column(_("Clock"), 16),
        xlsx.Column(_("Due"), 12, xlsx.DATE),
        xlsx.Column(_("Days left (negative: overdue)"), 12, xlsx.INTEGER),
        xlsx.Column(_("Listed supervision"), 10),
    ]
    return xlsx.Sheet(title, heading, columns, rows)


def notices_sheet(notices: Iterable[SupervisionNotice], *, heading: str) -> xlsx.Sheet:
    rows = (
        (
            notice.number,
            notice.issued_on,
            notice.petition.number,
            notice.petition.summary,
            notice.unit.name,
            notice.clock_label(),
            notice.due,
            notice.feedback_due,
            notice.feedback_at.date() if notice.feedback_at else None,
            notice.feedback,
        )
        for notice in notices
    )
    columns = [
        xlsx.Column(_("Notice number"), 16),
        xlsx.Column(_("Issued on"), 12, xlsx.DATE),
        xlsx.Column(_("Petition"), 16),
        xlsx.Column(_("Summary"), 36),
        xlsx.Column(_("Unit"), 16),
        xlsx.Column(_("What is overdue"), 16),
        xlsx.Column(_("Due date missed"), 12, xlsx.DATE),
        xlsx.Column(_("Feedback due"), 12, xlsx.DATE),
        xlsx.Column(_("Answered on"), 12, xlsx.DATE),
        xlsx.Column(_("Feedback"), 50),
    ]
    return xlsx.Sheet(_("Supervision notices"), heading, columns, rows)
