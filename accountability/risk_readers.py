"""What accountability reads from risk: each unit's filing of its monthly screening
report (late or missing costs points) and the reverse check (倒查) of each skip-level
visit (no screening, or no owning leader, is a failure and a referral)."""

from datetime import date

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from organization.models import Unit
from organization.periods import Period
from reception.models import SkipLevelVisit
from risk.models import ScreeningReport
from risk.reverse_check import reverse_check
from risk.screening_services import filing_facts

from .models import Metric

FACT_LABELS = {"late": gettext_lazy("filed late"), "missing": gettext_lazy("not filed")}


def screening_facts(m, *, today: date) -> dict[int, str]:
    return filing_facts(Period.of(m.year, m.month), today=today)


def _report_urls(m) -> dict[int, str]:
    reports = ScreeningReport.objects.filter(year=m.year, month=m.month).only("pk", "unit_id")
    return {report.unit_id: report.get_absolute_url() for report in reports}


def reverse_check_failures(m) -> list[tuple[SkipLevelVisit, str]]:
    """Skip-level visits of the month whose 倒查 shows no screening or no 包案 leader."""
    visits = SkipLevelVisit.objects.filter(
        visited_on__gte=m.first, visited_on__lte=m.last
    ).select_related("responsible_unit")
    failures = []
    for visit in visits.order_by("visited_on", "pk"):
        result = reverse_check(visit)
        gaps = []
        if not result.on_screening_list:
            gaps.append(_("not in the screening"))
        if not result.had_owning_leader:
            gaps.append(_("no owning leader"))
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
                {"label": f"{m.key} {FACT_LABELS[fact]}", "url": urls.get(unit_id, "")}
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
