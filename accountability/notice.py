"""The sections accountability adds to the monthly notice (reports renders them in the
notice page, its PDF and its workbook; reports may import this, never the reverse).

Each section is plain data: {"key", "title", "columns": [str], "rows": [[value]]}. The
figures come from the month's current scoring version, which publishing the notice
freezes (services.scoring_month_freeze_for_notice)."""

import calendar
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from .models import REPORTING_KINDS, Consequence, ScoringMonth
from .services import current_scores

SECTIONS = []


def register(section):
    if section not in SECTIONS:
        SECTIONS.append(section)
    return section


def sections_for(year: int, month: int) -> list[dict]:
    return [shown for section in SECTIONS if (shown := section(year, month))]


@register
def scores_section(year: int, month: int) -> dict | None:
    current = ScoringMonth.objects.current(year, month)
    if current is None:
        return None
    year_scores = current_scores(year, range(1, month + 1))
    totals: dict[int, float] = {}
    for per_unit in year_scores.values():
        for unit_id, score in per_unit.items():
            totals[unit_id] = totals.get(unit_id, 0) + float(score.score)
    rows = [
        [score.rank, score.unit.name, float(score.score), round(totals.get(score.unit_id, 0), 2)]
        for score in current.scores.select_related("unit").order_by("rank", "unit__path")
    ]
    return {
        "key": "scores",
        "title": _("Unit scores and ranking (version %(version)s)") % {"version": current.version},
        "columns": [_("Rank"), _("Unit"), _("Score"), _("Year to date")],
        "rows": rows,
    }


@register
def consequences_section(year: int, month: int) -> dict | None:
    first = date(year, month, 1)
    last = date(year, month, calendar.monthrange(year, month)[1])
    confirmed = (
        Consequence.objects.confirmed()
        .filter(decided_on__gte=first, decided_on__lte=last)
        .select_related("unit")
        .order_by("unit__path", "kind")
    )
    rows = [
        [
            c.unit.name,
            c.get_kind_display(),
            c.reason,
            c.report_due.isoformat() if c.report_due else "",
        ]
        for c in confirmed
    ]
    return {
        "key": "consequences",
        "title": _("Consequences confirmed this month"),
        "columns": [_("Unit"), _("Consequence"), _("Reason"), _("Report due")],
        "rows": rows,
    }


@register
def rectification_section(year: int, month: int) -> dict | None:
    first = date(year, month, 1)
    last = date(year, month, calendar.monthrange(year, month)[1])
    today = min(timezone.localdate(), last)
    owed = (
        Consequence.objects.confirmed()
        .filter(kind__in=REPORTING_KINDS, decided_on__lte=last)
        .exclude(report_received_on__lt=first)
        .select_related("unit")
        .order_by("report_due", "unit__path")
    )
    rows = []
    for c in owed:
        if c.report_received_on and c.report_received_on <= last:
            status = _("Received %(day)s") % {"day": c.report_received_on.isoformat()}
        elif c.report_due and c.report_due < today:
            status = _("Overdue")
        else:
            status = _("Due")
        rows.append([c.unit.name, c.get_kind_display(), c.report_due.isoformat(), status])
    return {
        "key": "rectification",
        "title": _("Rectification reports"),
        "columns": [_("Unit"), _("Consequence"), _("Report due"), _("Status")],
        "rows": rows,
    }
