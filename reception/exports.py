"""The skip-level visit register as a worksheet: the list page's export and the
monthly workbook's sheet share it."""

from django.utils import timezone
from django.utils.translation import gettext as _

from organization import xlsx


def skip_level_sheet(visits, heading: str) -> xlsx.Sheet:
    """One row per visit (one 批次), streamed from `visits` (a SkipLevelVisit queryset)."""
    yes, no = _("Yes"), _("No")
    visits = visits.select_related("responsible_unit", "persuasion_leader", "sensitive_period")
    rows = (
        (
            visit.visited_on,
            visit.get_level_display(),
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
            visit.get_outcome_display(),
            yes if visit.was_on_screening_list else no,
            yes if visit.had_owning_leader else no,
        )
        for visit in visits.iterator(chunk_size=2000)
    )
    columns = [
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
        xlsx.Column(_("Arrived on site at"), 16, "yyyy-mm-dd hh:mm"),
        xlsx.Column(_("Outcome"), 10),
        xlsx.Column(_("On the screening list"), 8),
        xlsx.Column(_("Owned by a leader"), 8),
    ]
    return xlsx.Sheet(_("Skip-level visits"), heading, columns, rows)
