"""The reception registers as worksheets: each list page exports its current filter,
and the monthly workbook takes the skip-level visit list."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from organization import xlsx
from organization.models import Leadership
from petitions.models import Petition, SkipLevel

from .models import PersuasionOutcome, ReceptionKind


def skip_level_rows(visits):
    """One row per visit (one 批次), streamed from `visits` (a SkipLevelVisit queryset)."""
    yes, no = _("Yes"), _("No")
    levels, outcomes = xlsx.labels(SkipLevel.choices), xlsx.labels(PersuasionOutcome.choices)
    visits = visits.select_related("responsible_unit", "persuasion_leader", "sensitive_period")
    rows = (
        (
            visit.visited_on,
            levels.get(visit.level, visit.level),
            visit.place,
            1,
            visit.headcount,
            yes if visit.is_collective else no,
            visit.summary,
            visit.responsible_unit.name,
            visit.sensitive_period.name if visit.sensitive_period else "",
            yes if visit.accepted_below else no,
            visit.persuasion_team,
            visit.persuasion_leader.get_full_name() if visit.persuasion_leader else "",
            timezone.localtime(visit.arrived_at).replace(tzinfo=None) if visit.arrived_at else None,
            outcomes.get(visit.outcome, visit.outcome),
            yes if visit.was_on_screening_list else no,
            yes if visit.had_owning_leader else no,
        )
        for visit in visits.iterator(chunk_size=2000)
    )
    return rows


def skip_level_columns() -> list[xlsx.Column]:
    return [
        xlsx.Column(_("Date"), 12, xlsx.DATE),
        xlsx.Column(_("Level"), 12),
        xlsx.Column(_("Place"), 16),
        xlsx.Column(_("Batches"), 8, xlsx.INTEGER),
        xlsx.Column(_("People"), 8, xlsx.INTEGER),
        xlsx.Column(_("Collective visit"), 8),
        xlsx.Column(_("Matter"), 36),
        xlsx.Column(_("Responsible unit"), 16),
        xlsx.Column(_("Sensitive period"), 14),
        xlsx.Column(_("Already accepted below (XG 19 ¶3)"), 10),
        xlsx.Column(_("Persuasion team"), 16),
        xlsx.Column(_("Leader in charge"), 10),
        xlsx.Column(_("Arrived on site at"), 16, xlsx.DATE_TIME),
        xlsx.Column(_("Outcome"), 10),
        xlsx.Column(_("On the screening list"), 8),
        xlsx.Column(_("Owned by a leader"), 8),
    ]


def skip_level_sheet(rows, heading: str) -> xlsx.Sheet:
    """The visits' rows (skip_level_rows, or the same kept in a monthly notice's figures)."""
    return xlsx.Sheet(_("Skip-level visits"), heading, skip_level_columns(), rows)


def reception_day_sheet(days, heading: str) -> xlsx.Sheet:
    """Reception days as listed (with their `visit_count` annotation)."""
    kinds = xlsx.labels(ReceptionKind.choices)
    rows = (
        (
            day.date,
            f"{day.starts_at:%H:%M}-{day.ends_at:%H:%M}",
            day.leader.get_full_name(),
            day.leader.title,
            day.unit.name,
            kinds.get(day.kind, day.kind),
            day.place,
            day.topic,
            day.visit_count,
            timezone.localtime(day.published_at).replace(tzinfo=None) if day.published_at else None,
            timezone.localtime(day.cancelled_at).replace(tzinfo=None) if day.cancelled_at else None,
            day.cancel_reason,
        )
        for day in days.iterator(chunk_size=2000)
    )
    columns = [
        xlsx.Column(_("Date"), 12, xlsx.DATE),
        xlsx.Column(_("Time"), 12),
        xlsx.Column(_("Leader"), 10),
        xlsx.Column(_("Title"), 12),
        xlsx.Column(_("Unit"), 16),
        xlsx.Column(_("Kind"), 16),
        xlsx.Column(_("Place"), 24),
        xlsx.Column(_("Topic"), 16),
        xlsx.Column(_("Visits"), 8, xlsx.INTEGER),
        xlsx.Column(_("Published at"), 16, xlsx.DATE_TIME),
        xlsx.Column(_("Cancelled at"), 16, xlsx.DATE_TIME),
        xlsx.Column(_("Reason for cancelling"), 24),
    ]
    return xlsx.Sheet(_("Reception days"), heading, columns, rows)


def received_sheet(visits, heading: str) -> xlsx.Sheet:
    """What a leader received and where each case stands (no personal data)."""
    states = xlsx.labels(Petition.State.choices)
    rows = (
        (
            visit.reception_day.date,
            visit.petition.number,
            visit.petition.summary,
            visit.petition.headcount,
            states.get(visit.petition.state, visit.petition.state),
            visit.petition.responsible_unit.name if visit.petition.responsible_unit else "",
            visit.petition.current_due,
        )
        for visit in visits.iterator(chunk_size=2000)
    )
    columns = [
        xlsx.Column(_("Reception day"), 12, xlsx.DATE),
        xlsx.Column(_("Number"), 16),
        xlsx.Column(_("Summary"), 40),
        xlsx.Column(pgettext("headcount", "People"), 8, xlsx.INTEGER),
        xlsx.Column(_("State"), 12),
        xlsx.Column(_("Responsible unit"), 16),
        xlsx.Column(_("Due"), 12, xlsx.DATE),
    ]
    return xlsx.Sheet(pgettext("by a leader", "Cases received"), heading, columns, rows)


def alert_sheet(alerts, heading: str) -> xlsx.Sheet:
    rows = (
        (
            timezone.localtime(alert.raised_at).replace(tzinfo=None),
            alert.petition.number,
            alert.petition.summary,
            alert.unit.name,
            alert.headcount,
            alert.cause,
            alert.outcome,
            timezone.localtime(alert.closed_at).replace(tzinfo=None) if alert.closed_at else None,
        )
        for alert in alerts.iterator(chunk_size=2000)
    )
    columns = [
        xlsx.Column(_("Raised"), 16, xlsx.DATE_TIME),
        xlsx.Column(_("Petition"), 16),
        xlsx.Column(_("Summary"), 36),
        xlsx.Column(_("Unit"), 16),
        xlsx.Column(pgettext("headcount", "People"), 8, xlsx.INTEGER),
        xlsx.Column(_("Cause found"), 30),
        xlsx.Column(_("Outcome"), 30),
        xlsx.Column(pgettext("column: when an alert was closed", "Closed"), 16, xlsx.DATE_TIME),
    ]
    return xlsx.Sheet(_("Collective visit alerts"), heading, columns, rows)


def duty_sheet(rows, heading: str) -> xlsx.Sheet:
    """The duty check's rows (services.DutyRow): days held against the rule."""
    places = xlsx.labels(Leadership.choices)
    lines = (
        (
            row.unit.name,
            row.leader.get_full_name(),
            places.get(row.leader.leadership, row.leader.leadership),
            row.held,
            "、".join(f"{day:%m-%d}" for day in row.days),
            row.required,
            row.shortfall,
            "、".join(f"{first:%m-%d}~{last:%m-%d}" for first, last in row.missing_week_ranges),
        )
        for row in rows
    )
    columns = [
        xlsx.Column(_("Unit"), 16),
        xlsx.Column(_("Leader"), 10),
        xlsx.Column(_("Place in the leadership"), 12),
        xlsx.Column(_("Days held"), 8, xlsx.INTEGER),
        xlsx.Column(_("Dates"), 24),
        xlsx.Column(_("Required"), 8, xlsx.INTEGER),
        xlsx.Column(_("Shortfall"), 8, xlsx.INTEGER),
        xlsx.Column(_("Weeks without a day"), 30),
    ]
    return xlsx.Sheet(_("Reception duty"), heading, columns, lines)
