"""What accountability reads from risk, guarded: on a checkout where risk does not (yet)
offer these, they read nothing and the app works.

The interfaces (being built on h-screening and h-registers):
- `risk.screening_services.filing_facts(period, *, today) -> {unit_id: "on_time" |
  "late" | "missing" | "pending"}` with `period` an `organization.periods.Period`,
  and `risk.models.ScreeningReport` (unit, year, month, get_absolute_url) for links;
- `risk.reverse_check.reverse_check(visit) -> ReverseCheckResult` with
  `on_screening_list` and `had_owning_leader`.
"""

import logging
from datetime import date

from django.urls import reverse

from organization.models import Unit
from reception.models import SkipLevelVisit

from .models import Metric

logger = logging.getLogger(__name__)


def _filing_facts():
    try:
        from organization.periods import Period
        from risk.screening_services import filing_facts
    except ImportError:
        return None, None
    return filing_facts, Period


def _reverse_check():
    try:
        from risk.reverse_check import reverse_check
    except ImportError:
        return None
    return reverse_check


def available() -> dict[str, bool]:
    """Which risk readers this checkout has (shown on the month page)."""
    filing_facts, _period = _filing_facts()
    return {"screening": filing_facts is not None, "reverse_check": _reverse_check() is not None}


def screening_facts(m, *, today: date) -> dict[int, str]:
    filing_facts, period_class = _filing_facts()
    if filing_facts is None:
        return {}
    return filing_facts(period_class.of(m.year, m.month), today=today)


def _report_urls(m) -> dict[int, str]:
    try:
        from risk.models import ScreeningReport
    except ImportError:
        return {}
    reports = ScreeningReport.objects.filter(year=m.year, month=m.month).only("pk", "unit_id")
    return {report.unit_id: report.get_absolute_url() for report in reports}


def reverse_check_failures(m) -> list[tuple[SkipLevelVisit, str]]:
    """Skip-level visits of the month whose 倒查 shows no screening or no 包案 leader."""
    reverse_check = _reverse_check()
    if reverse_check is None:
        return []
    visits = SkipLevelVisit.objects.filter(
        visited_on__gte=m.first, visited_on__lte=m.last
    ).select_related("responsible_unit")
    failures = []
    for visit in visits.order_by("visited_on", "pk"):
        result = reverse_check(visit)
        gaps = []
        if not result.on_screening_list:
            gaps.append("未排查")
        if not result.had_owning_leader:
            gaps.append("无包案")
        if gaps:
            failures.append((visit, "、".join(gaps)))
    return failures


def month_facts(m, *, today: date, prefix_len: int) -> tuple[dict, dict]:
    """Counts {prefix: {metric: n}} and items {metric: {prefix: [item]}} of the risk
    metrics."""
    counts: dict[str, dict] = {}
    items: dict[str, dict[str, list]] = {}
    facts = screening_facts(m, today=today)
    if facts:
        paths = dict(Unit.objects.filter(pk__in=list(facts)).values_list("pk", "path"))
        urls = _report_urls(m)
        for unit_id, fact in facts.items():
            metric = {"late": Metric.SCREENING_LATE, "missing": Metric.SCREENING_MISSING}.get(fact)
            if metric is None:
                continue
            prefix = paths[unit_id][:prefix_len]
            entry = counts.setdefault(prefix, {})
            entry[metric] = entry.get(metric, 0) + 1
            items.setdefault(metric, {}).setdefault(prefix, []).append(
                {"label": f"{m.key} {fact}", "url": urls.get(unit_id, "")}
            )
    for visit, gaps in reverse_check_failures(m):
        prefix = visit.responsible_unit.path[:prefix_len]
        entry = counts.setdefault(prefix, {})
        entry[Metric.REVERSE_CHECK_FAILED] = entry.get(Metric.REVERSE_CHECK_FAILED, 0) + 1
        items.setdefault(Metric.REVERSE_CHECK_FAILED, {}).setdefault(prefix, []).append(
            {
                "label": f"{visit.visited_on:%m-%d} {gaps}",
                "url": reverse("reception:skip_level_detail", args=[visit.pk]),
            }
        )
    return counts, items
