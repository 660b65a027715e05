"""The metric table: what each rule can count, per scored unit and month, aggregated in
SQL.

A scored unit is a unit directly under the group (depth 2); everything below it rolls
up to it by its materialised path's prefix, grouped in the database (one grouped query
per source table, never a loop over petitions). The items behind a count (for the
breakdown's links) are fetched once per metric that an active rule uses, capped at
ITEM_LIMIT per line.

Two metrics read risk: screening reports missing or late (risk's
`screening_services.filing_facts`) and the reverse check of skip-level visits
(`risk.reverse_check.reverse_check`). They count nothing while risk does not offer
them (see risk_readers)."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Exists, F, OuterRef, Q, Sum
from django.db.models.functions import Coalesce, Substr, TruncDate
from django.urls import reverse

from organization.models import Unit
from petitions.models import Petition, Rating
from reception.models import SkipLevelVisit
from reception.services import duty_check
from supervision.models import SupervisionNotice

from . import risk_readers
from .models import Metric

SCORED_DEPTH = 2
PREFIX = SCORED_DEPTH * Unit.steplen
ITEM_LIMIT = 50

LEVEL_KEYS = {"capital": "capital", "province": "province", "city": "city", "district": "district"}


@dataclass(frozen=True)
class Month:
    year: int
    month: int
    first: date
    last: date

    @classmethod
    def of(cls, year: int, month: int) -> "Month":
        import calendar

        last_day = calendar.monthrange(year, month)[1]
        return cls(year, month, date(year, month, 1), date(year, month, last_day))

    @property
    def key(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def quarter(self) -> int:
        return (self.month - 1) // 3 + 1

    def quarter_months(self) -> list[int]:
        start = (self.quarter - 1) * 3 + 1
        return [start, start + 1, start + 2]


def scored_units():
    return Unit.objects.filter(depth=SCORED_DEPTH, is_active=True).order_by("path")


def _in(field: str, m: Month) -> Q:
    return Q(**{f"{field}__gte": m.first, f"{field}__lte": m.last})


# --- Petitions ---


def petition_filters(m: Month) -> dict[str, Q]:
    received = _in("received_on", m)
    replied = _in("replied_on", m)
    repeated = Petition.objects.filter(repeat_of=OuterRef("pk"))
    return {
        Metric.COLLECTIVE_BATCHES: received & Q(is_collective=True),
        Metric.REPEAT_PETITIONS: received & Q(repeat_of__isnull=False),
        Metric.OVERDUE_CASES: _in("handling_due", m)
        & (Q(replied_on__isnull=True) | Q(replied_on__gt=F("handling_due"))),
        Metric.REPLIED_ON_TIME: replied & Q(replied_on__lte=F("handling_due")),
        Metric.FIRST_TIME_SETTLED: replied
        & Q(repeat_of__isnull=True, review_requested_on__isnull=True)
        & ~Exists(repeated),
        Metric.SATISFIED: _in("rated_on", m)
        & Q(unit_rating__in=[Rating.SATISFIED, Rating.BASICALLY]),
    }


def _petition_prefix():
    return Substr(Coalesce("responsible_unit__path", "registered_unit__path"), 1, PREFIX)


def petition_counts(m: Month) -> dict[str, dict]:
    filters = petition_filters(m)
    relevant = Q()
    for condition in filters.values():
        relevant |= condition
    rows = (
        Petition.objects.filter(relevant)
        .annotate(prefix=_petition_prefix())
        .order_by()
        .values("prefix")
        .annotate(**{key: Count("pk", filter=q) for key, q in filters.items()})
    )
    return {row.pop("prefix"): row for row in rows}


def petition_items(m: Month, metric: str) -> dict[str, list[dict]]:
    rows = (
        Petition.objects.filter(petition_filters(m)[metric])
        .annotate(prefix=_petition_prefix())
        .order_by("received_on", "number")
        .values_list("prefix", "number", "summary")
    )
    return _items(rows, lambda number, summary: (f"{number} {summary[:20]}", _petition_url(number)))


def _petition_url(number: str) -> str:
    return reverse("petitions:detail", args=[number])


# --- Skip-level visits (reception's register) ---


def skip_level_filters(m: Month) -> dict[str, tuple[Q, str]]:
    """metric -> (filter, "batches" | "people")."""
    month = _in("visited_on", m)
    result = {}
    for level, key in LEVEL_KEYS.items():
        result[f"skip_{key}_batches"] = (month & Q(level=level), "batches")
        result[f"skip_{key}_people"] = (month & Q(level=level), "people")
    result["skip_collective_batches"] = (month & Q(is_collective=True), "batches")
    return result


def skip_level_counts(m: Month) -> dict[str, dict]:
    aggregates = {}
    for key, (q, kind) in skip_level_filters(m).items():
        aggregates[key] = (
            Count("pk", filter=q) if kind == "batches" else Coalesce(Sum("headcount", filter=q), 0)
        )
    rows = (
        SkipLevelVisit.objects.filter(_in("visited_on", m))
        .annotate(prefix=Substr("responsible_unit__path", 1, PREFIX))
        .order_by()
        .values("prefix")
        .annotate(**aggregates)
    )
    return {row.pop("prefix"): row for row in rows}


def skip_level_items(m: Month, metric: str) -> dict[str, list[dict]]:
    q, _kind = skip_level_filters(m)[metric]
    rows = (
        SkipLevelVisit.objects.filter(q)
        .annotate(prefix=Substr("responsible_unit__path", 1, PREFIX))
        .order_by("visited_on", "pk")
        .values_list("prefix", "pk", "visited_on", "headcount", "summary")
    )
    return _items(
        rows,
        lambda pk, day, headcount, summary: (
            f"{day:%m-%d} {headcount}人 {summary[:20]}",
            reverse("reception:skip_level_detail", args=[pk]),
        ),
    )


# --- Supervision notices ---


def notice_filter(m: Month) -> Q:
    return _in("feedback_due", m) & (
        Q(feedback_at__isnull=True) | Q(feedback_day__gt=F("feedback_due"))
    )


def notice_counts(m: Month) -> dict[str, dict]:
    rows = (
        SupervisionNotice.objects.annotate(feedback_day=TruncDate("feedback_at"))
        .filter(notice_filter(m))
        .annotate(prefix=Substr("unit__path", 1, PREFIX))
        .order_by()
        .values("prefix")
        .annotate(**{Metric.OVERDUE_NOTICES: Count("pk")})
    )
    return {row.pop("prefix"): row for row in rows}


def notice_items(m: Month, metric: str) -> dict[str, list[dict]]:
    rows = (
        SupervisionNotice.objects.annotate(feedback_day=TruncDate("feedback_at"))
        .filter(notice_filter(m))
        .annotate(prefix=Substr("unit__path", 1, PREFIX))
        .order_by("feedback_due", "number")
        .values_list("prefix", "number")
    )
    return _items(rows, lambda number: (number, reverse("supervision:notice", args=[number])))


# --- Reception duty (reception's check) ---


def duty_counts_and_items(m: Month, today: date) -> tuple[dict, dict]:
    # Every unit's leaders: each rolls up to its scored unit.
    rows = duty_check(
        month=m.first, unit_ids=Unit.objects.values_list("pk", flat=True), today=today
    )
    counts: dict[str, dict] = {}
    items: dict[str, list[dict]] = {}
    url = reverse("reception:duty") + f"?month={m.key}"
    for row in rows:
        if not row.shortfall:
            continue
        prefix = row.unit.path[:PREFIX]
        entry = counts.setdefault(prefix, {Metric.DUTY_SHORTFALL: 0})
        entry[Metric.DUTY_SHORTFALL] += row.shortfall
        items.setdefault(prefix, []).append({"label": f"{row.leader} -{row.shortfall}", "url": url})
    return counts, items


def _items(rows, describe) -> dict[str, list[dict]]:
    result: dict[str, list[dict]] = {}
    for prefix, *values in rows:
        bucket = result.setdefault(prefix, [])
        if len(bucket) < ITEM_LIMIT:
            label, url = describe(*values)
            bucket.append({"label": label, "url": url})
    return result


PETITION_METRICS = {
    Metric.COLLECTIVE_BATCHES,
    Metric.REPEAT_PETITIONS,
    Metric.OVERDUE_CASES,
    Metric.REPLIED_ON_TIME,
    Metric.FIRST_TIME_SETTLED,
    Metric.SATISFIED,
}
SKIP_METRICS = {
    f"skip_{key}_{kind}" for key in LEVEL_KEYS.values() for kind in ("batches", "people")
}
RISK_METRICS = {Metric.SCREENING_MISSING, Metric.SCREENING_LATE, Metric.REVERSE_CHECK_FAILED}


def month_facts(m: Month, *, today: date, wanted: set[str]) -> tuple[dict, dict]:
    """Per scored unit's path prefix: every count, and the items of the `wanted` metrics."""
    counts: dict[str, dict] = {}
    items: dict[str, dict[str, list]] = {}

    def merge(source: dict[str, dict]):
        for prefix, values in source.items():
            counts.setdefault(prefix, {}).update(values)

    def merge_items(metric: str, source: dict[str, list]):
        for prefix, values in source.items():
            items.setdefault(prefix, {})[metric] = values

    merge(petition_counts(m))
    merge(skip_level_counts(m))
    merge(notice_counts(m))
    duty_counts, duty_items = duty_counts_and_items(m, today)
    merge(duty_counts)
    merge_items(Metric.DUTY_SHORTFALL, duty_items)
    risk_counts, risk_items = risk_readers.month_facts(m, today=today, prefix_len=PREFIX)
    merge(risk_counts)
    for metric, per_prefix in risk_items.items():
        merge_items(metric, per_prefix)
    for metric in wanted:
        if metric in PETITION_METRICS:
            merge_items(metric, petition_items(m, metric))
        elif metric in SKIP_METRICS:
            merge_items(metric, skip_level_items(m, metric))
        elif metric == Metric.OVERDUE_NOTICES:
            merge_items(metric, notice_items(m, metric))
    return counts, items
