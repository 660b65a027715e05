"""Monthly statistics per unit, aggregated in SQL.

Every column is defined once below: a count is a conditional aggregate over the
petitions (or the events), a rate is the quotient of two counts. Counts are
computed per responsible unit in one grouped query, then rolled up the unit
tree (a loop over units, never over petitions), so subtotals and totals are
exact and rates are recomputed from summed counts rather than averaged.

The result is plain data (lists and dicts of numbers and strings), so that a
published monthly notice can store it as its frozen snapshot.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Exists, F, OuterRef, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from organization.models import Unit
from organization.scope import sees_all_units, visible_units
from petitions.deadlines import counts_working_days, days_until
from petitions.models import CaseEvent, Category, Channel, Holiday, Nature, Petition, Rating
from reception.models import SkipLevelVisit
from reception.services import SKIP_LEVEL_KEYS, skip_level_counts
from risk.screening_services import screening_counts

from .periods import Period

State = Petition.State
ROUTED_AWAY = (State.TRANSFERRED, State.REDIRECTED, State.NOT_ACCEPTED)


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    group: str
    kind: str = "count"  # "count", "rate" (a share) or "change" (a relative change)
    numerator: str = ""
    denominator: str = ""

    def as_dict(self) -> dict:
        return {
            "key": self.key,
            "label": str(self.label),
            "group": str(self.group),
            "kind": self.kind,
        }


def _in(field: str, period: Period) -> Q:
    return Q(**{f"{field}__gte": period.first, f"{field}__lte": period.last})


def petition_counts(period: Period, today: date) -> dict[str, object]:
    """Conditional aggregates over petitions, by key (one SQL query for all).

    The two timeliness rates count a case in the period its deadline falls in, once:
    on time when done on or before the due day; late when done later, or not done
    and the due day has passed by `today` (never accepted, or never replied, counts
    as late). A case whose due day is still ahead and not yet done is not counted
    yet: after the period ends, every case due in it is decided.
    """
    received = _in("received_on", period)
    replied = _in("replied_on", period)
    acceptance_counted = (
        _in("acceptance_due", period)
        & ~Q(state__in=ROUTED_AWAY)
        & (Q(accepted_on__isnull=False) | Q(acceptance_due__lt=today))
    )
    handling_counted = (
        _in("handling_due", period)
        & ~Q(state__in=ROUTED_AWAY)
        & (Q(replied_on__isnull=False) | Q(handling_due__lt=today))
    )
    rated = _in("rated_on", period) & ~Q(unit_rating="")
    first_time_replied = replied & Q(repeat_of__isnull=True)
    # The cases someone came back about: one hashed set, not a probe per row.
    repeated = Petition.objects.filter(repeat_of__isnull=False).values("repeat_of")
    return {
        "received": Count("pk", filter=received),
        "letter": Count("pk", filter=received & Q(channel=Channel.LETTER)),
        "visit": Count(
            "pk", filter=received & Q(channel__in=[Channel.VISIT, Channel.LEADER_RECEPTION])
        ),
        "phone": Count("pk", filter=received & Q(channel=Channel.PHONE)),
        "online": Count("pk", filter=received & Q(channel__in=[Channel.ONLINE, Channel.EMAIL])),
        "other": Count("pk", filter=received & Q(channel__in=[Channel.FAX, Channel.REFERRED])),
        "collective_batches": Count("pk", filter=received & Q(is_collective=True)),
        "collective_people": Coalesce(Sum("headcount", filter=received & Q(is_collective=True)), 0),
        "repeat": Count("pk", filter=received & Q(repeat_of__isnull=False)),
        "accepted": Count("pk", filter=_in("accepted_on", period)),
        "acceptance_counted": Count("pk", filter=acceptance_counted),
        "accepted_on_time": Count(
            "pk", filter=acceptance_counted & Q(accepted_on__lte=F("acceptance_due"))
        ),
        "handling_counted": Count("pk", filter=handling_counted),
        "replied_on_time": Count(
            "pk", filter=handling_counted & Q(replied_on__lte=F("handling_due"))
        ),
        "replied": Count("pk", filter=replied),
        "rated": Count("pk", filter=rated),
        "satisfied": Count(
            "pk", filter=rated & Q(unit_rating__in=[Rating.SATISFIED, Rating.BASICALLY])
        ),
        "first_time_replied": Count("pk", filter=first_time_replied),
        "first_time_settled": Count(
            "pk",
            filter=first_time_replied & Q(review_requested_on__isnull=True) & ~Q(pk__in=repeated),
        ),
        **registered_skip_level(received),
        "received_previous": Count("pk", filter=_in("received_on", period.previous())),
        "received_year_ago": Count("pk", filter=_in("received_on", period.a_year_earlier())),
    }


def registered_skip_level(received: Q) -> dict[str, object]:
    """Skip-level visits registered as petitions (a skip-level target), by level: one
    批次 per petition, its headcount in 人次. A petition linked to an entry of the
    skip-level register is counted there, not again here."""
    linked = SkipLevelVisit.petitions.through.objects.filter(petition_id=OuterRef("pk"))
    skipped = received & ~Q(skip_level="") & ~Exists(linked)
    counts = {
        "skip_batches": Count("pk", filter=skipped),
        "skip_people": Coalesce(Sum("headcount", filter=skipped), 0),
    }
    for level, key in SKIP_LEVEL_KEYS.items():
        at_level = skipped & Q(skip_level=level)
        counts[f"skip_{key}_batches"] = Count("pk", filter=at_level)
        counts[f"skip_{key}_people"] = Coalesce(Sum("headcount", filter=at_level), 0)
    return counts


def overdue_counts(today: date) -> dict[str, object]:
    """Cases overdue now: their own grouped query, read from the small index of running
    clocks (current_due is empty on every finished case), not from the period's rows."""
    # COUNT(*), not COUNT(id): the id is not in that index, the count then reads it alone.
    return {"overdue_now": Count("*")}


# The actions event_counts counts: the events query reads only these.
EVENT_ACTIONS = ("approve_extension",)


def event_counts(period: Period) -> dict[str, object]:
    """Conditional aggregates over case events (one SQL query, over EVENT_ACTIONS)."""
    return {
        "extensions": Count("pk", filter=Q(action="approve_extension")),
    }


def _events_in(period: Period) -> Q:
    """Events of the period's days (local time) as a range on `at`, which the (action, at)
    index serves; the same rows as at__date between first and last."""
    start = timezone.make_aware(datetime.combine(period.first, time.min))
    end = timezone.make_aware(datetime.combine(period.last + timedelta(days=1), time.min))
    return Q(action__in=EVENT_ACTIONS, at__gte=start, at__lt=end)


def _relevant(period: Period, today: date) -> Q:
    """Rows any column of petition_counts can count: each arm is served by an index on its
    date, so the grouped query reads these rows and not the rest of the table."""
    return (
        _in("received_on", period)
        | _in("received_on", period.previous())
        | _in("received_on", period.a_year_earlier())
        | _in("replied_on", period)
        | _in("accepted_on", period)
        | _in("acceptance_due", period)
        | _in("handling_due", period)
        | _in("rated_on", period)
    )


# The row of the cases no unit is responsible for yet.
UNASSIGNED = pgettext_lazy("monthly statistics row", "Not yet assigned")

GROUP_RECEIVED = _("Received (cases)")
GROUP_COLLECTIVE = _("Collective visits")
GROUP_HANDLING = _("Handling")
GROUP_SATISFACTION = _("Satisfaction")
GROUP_CHANGE = _("Change in cases received")
GROUP_SKIP_LEVEL = _("Skip-level visits")
GROUP_SCREENING = _("Hazard screening")

COLUMNS: list[Column] = [
    Column("received", _("Total"), GROUP_RECEIVED),
    Column("letter", _("Letters"), GROUP_RECEIVED),
    Column("visit", _("Visits"), GROUP_RECEIVED),
    Column("phone", _("Calls"), GROUP_RECEIVED),
    Column("online", _("Online"), GROUP_RECEIVED),
    Column("other", _("Other"), GROUP_RECEIVED),
    Column("collective_batches", _("Batches"), GROUP_COLLECTIVE),
    Column("collective_people", _("People"), GROUP_COLLECTIVE),
    Column("skip_batches", _("All levels, batches"), GROUP_SKIP_LEVEL),
    Column("skip_people", _("All levels, people"), GROUP_SKIP_LEVEL),
    Column("skip_capital_batches", _("To Beijing, batches"), GROUP_SKIP_LEVEL),
    Column("skip_capital_people", _("To Beijing, people"), GROUP_SKIP_LEVEL),
    Column("skip_province_batches", _("To the province, batches"), GROUP_SKIP_LEVEL),
    Column("skip_province_people", _("To the province, people"), GROUP_SKIP_LEVEL),
    Column("skip_city_batches", _("To the city or group, batches"), GROUP_SKIP_LEVEL),
    Column("skip_city_people", _("To the city or group, people"), GROUP_SKIP_LEVEL),
    Column("skip_district_batches", _("To the district, batches"), GROUP_SKIP_LEVEL),
    Column("skip_district_people", _("To the district, people"), GROUP_SKIP_LEVEL),
    Column("screening_on_time", _("Reports on time"), GROUP_SCREENING),
    Column("screening_late", _("Reports late"), GROUP_SCREENING),
    Column("screening_missing", _("Reports missing"), GROUP_SCREENING),
    Column("hazards_major", _("Major hazards"), GROUP_SCREENING),
    Column("hazards_serious", _("Serious hazards"), GROUP_SCREENING),
    Column("hazards_ordinary", _("Ordinary hazards"), GROUP_SCREENING),
    Column("repeat", _("Repeat petitions"), GROUP_HANDLING),
    Column("accepted", _("Accepted in the period"), GROUP_HANDLING),
    Column(
        "acceptance_rate",
        _("Accepted on time"),
        GROUP_HANDLING,
        "rate",
        "accepted_on_time",
        "acceptance_counted",
    ),
    Column(
        "on_time_rate",
        _("Replied on time"),
        GROUP_HANDLING,
        "rate",
        "replied_on_time",
        "handling_counted",
    ),
    Column("overdue_now", _("Overdue now"), GROUP_HANDLING),
    Column("extensions", _("Extensions"), GROUP_HANDLING),
    Column(
        "first_settlement_rate",
        _("First petitions settled at once"),
        GROUP_HANDLING,
        "rate",
        "first_time_settled",
        "first_time_replied",
    ),
    Column(
        "satisfaction_rate",
        _("Satisfied"),
        GROUP_SATISFACTION,
        "rate",
        "satisfied",
        "rated",
    ),
    Column("rating_rate", _("Rated"), GROUP_SATISFACTION, "rate", "rated", "replied"),
    Column(
        "month_on_month",
        _("Month on month"),
        GROUP_CHANGE,
        "change",
        "received",
        "received_previous",
    ),
    Column(
        "year_on_year",
        _("Year on year"),
        GROUP_CHANGE,
        "change",
        "received",
        "received_year_ago",
    ),
]


def derive(counts: dict, column: Column) -> float | int | None:
    if column.kind == "count":
        return counts.get(column.key, 0)
    numerator = counts.get(column.numerator, 0)
    denominator = counts.get(column.denominator, 0)
    if column.kind == "rate":
        return round(numerator / denominator, 4) if denominator else None
    return round((numerator - denominator) / denominator, 4) if denominator else None


def _ancestor_at(unit: Unit, depth: int, by_path: dict[str, Unit]) -> Unit:
    """The unit's ancestor at `depth` (itself when it sits higher up)."""
    if unit.depth <= depth:
        return unit
    return by_path[unit.path[: depth * Unit.steplen]]


def unit_statistics(period: Period, *, user=None, depth: int = 2, today: date | None = None):
    """The per-unit table of `period` for the units `user` may see (all without a user).

    Rows are the units at `depth` in the tree (2: the units under the group);
    cases held by a unit higher up get a row of their own ("本级"); with a
    deeper table, each unit above gets a subtotal row after its children.
    """
    today = today or timezone.localdate()
    all_units = list(Unit.objects.order_by("path"))
    by_path = {unit.path: unit for unit in all_units}
    by_id = {unit.pk: unit for unit in all_units}
    if user is None or sees_all_units(user):
        scope_ids = set(by_id)
    else:
        scope_ids = set(visible_units(user).values_list("pk", flat=True))
        if user.unit_id:
            depth = max(depth, user.unit.depth)

    # Every unit in scope: no condition to test on each row.
    everything = scope_ids >= set(by_id)
    raw: dict[int, dict] = {}
    grouped = (
        _with_unit(Petition.objects, "")
        .filter(Q() if everything else _in_scope("", scope_ids))
        .filter(_relevant(period, today))
        .values("unit_id")
        .annotate(**petition_counts(period, today))
    )
    for row in grouped:
        raw.setdefault(row.pop("unit_id"), {}).update(row)
    overdue = (
        _with_unit(Petition.objects, "")
        .filter(Q() if everything else _in_scope("", scope_ids))
        .filter(current_due__lt=today)
        .values("unit_id")
        .annotate(**overdue_counts(today))
    )
    for row in overdue:
        raw.setdefault(row.pop("unit_id"), {}).update(row)
    events = (
        _with_unit(CaseEvent.objects, "petition__")
        .filter(Q() if everything else _in_scope("petition__", scope_ids))
        .filter(_events_in(period))
        .values("unit_id")
        .annotate(**event_counts(period))
    )
    for row in events:
        raw.setdefault(row.pop("unit_id"), {}).update(row)
    skip_level = skip_level_counts(period.first, period.last, scope_ids)
    for unit_id, values in skip_level.items():
        _add(raw.setdefault(unit_id, {}), values)  # beside those registered as petitions
    for unit_id, values in screening_counts(period, scope_ids, today=today).items():
        raw.setdefault(unit_id, {}).update(values)

    # Cases no unit is responsible for yet: a row of their own (待交办), not the
    # registering unit's.
    unassigned = raw.pop(None, None)
    # Roll every unit's counts up to its row: its ancestor at the table's depth.
    rows: dict[int, dict] = {
        unit.pk: {} for unit in all_units if unit.depth == depth and unit.pk in scope_ids
    }
    for unit_id, counts in raw.items():
        target = _ancestor_at(by_id[unit_id], depth, by_path)
        _add(rows.setdefault(target.pk, {}), counts)

    columns = COLUMNS
    lines = []
    total: dict[str, int] = {}
    subtotals: dict[int, dict] = {}
    for unit_id, counts in rows.items():
        unit = by_id[unit_id]
        own = unit.depth < depth  # cases held above the table's level
        name = str(_("%(unit)s (own cases)") % {"unit": unit.name}) if own else unit.name
        lines.append((unit.path, _row(name, unit.code, unit.pk, "unit", counts, columns)))
        _add(total, counts)
        for level in range(2, depth):
            if unit.depth > level or (own and unit.depth == level):
                ancestor = by_path[unit.path[: level * Unit.steplen]]
                if ancestor.pk in scope_ids:
                    _add(subtotals.setdefault(ancestor.pk, {}), counts)
    for unit_id, counts in subtotals.items():
        unit = by_id[unit_id]
        name = str(_("%(unit)s subtotal") % {"unit": unit.name})
        # "~" sorts after every path character: the subtotal follows its children.
        lines.append((unit.path + "~", _row(name, unit.code, unit.pk, "subtotal", counts, columns)))
    lines.sort(key=lambda line: line[0])
    table = [line for _path, line in lines]
    if unassigned is not None:
        _add(total, unassigned)
        table.append(_row(str(UNASSIGNED), "", None, "unassigned", unassigned, columns))
    table.append(_row(str(_("Total")), "", None, "total", total, columns))
    return {
        "period": {
            "key": period.key,
            "first": period.first.isoformat(),
            "last": period.last.isoformat(),
        },
        "depth": depth,
        "columns": [column.as_dict() for column in columns],
        "rows": table,
    }


def _with_unit(manager, prefix: str):
    """Annotate each row with the unit it counts for: the responsible unit; none
    (待交办) while the case is not yet assigned."""
    return manager.annotate(unit_id=F(f"{prefix}responsible_unit_id"))


def _in_scope(prefix: str, scope_ids) -> Q:
    """Cases of the units in scope; unassigned ones by the unit that registered them."""
    return Q(**{f"{prefix}responsible_unit_id__in": scope_ids}) | Q(
        **{
            f"{prefix}responsible_unit__isnull": True,
            f"{prefix}registered_unit_id__in": scope_ids,
        }
    )


def _add(into: dict, counts: dict) -> None:
    for key, value in counts.items():
        into[key] = into.get(key, 0) + (value or 0)


def _row(name, code, unit_id, kind, counts, columns) -> dict:
    return {
        "unit": name,
        "code": code,
        "unit_id": unit_id,
        "kind": kind,
        "counts": dict(counts),
        "values": {column.key: derive(counts, column) for column in columns},
    }


def by_nature(period: Period, *, user=None) -> list[dict]:
    queryset = _scoped(user).filter(_in("received_on", period))
    counts = dict(queryset.values_list("nature").annotate(count=Count("pk")))
    return [
        {"key": value, "label": str(label), "count": counts.get(value, 0)}
        for value, label in Nature.choices
    ]


def by_category(period: Period, *, user=None) -> list[dict]:
    """Cases received per top-level category (children counted with their parent)."""
    step = Category.steplen
    roots = {category.path: category for category in Category.objects.filter(depth=1)}
    counts: dict[str, int] = {}
    rows = (
        _scoped(user)
        .filter(_in("received_on", period))
        .values_list("category__path")
        .annotate(count=Count("pk"))
    )
    for path, count in rows:
        counts[path[:step]] = counts.get(path[:step], 0) + count
    result = [
        {"label": roots[path].name, "count": count}
        for path, count in counts.items()
        if path in roots
    ]
    return sorted(result, key=lambda row: (-row["count"], row["label"]))


def _scoped(user):
    return Petition.objects.all() if user is None else Petition.objects.visible_to(user)


def overdue_cases(as_of: date) -> list[dict]:
    """Every case overdue on `as_of`, longest overdue first, as plain data: a monthly
    notice keeps this list in its figures, beside the overdue count it explains."""
    states = {value: str(label) for value, label in State.choices}
    calendar = Holiday.objects.work_calendar() if counts_working_days() else None
    cases = (
        Petition.objects.overdue(as_of)
        .order_by("current_due", "number")
        .values_list(
            "number", "summary", "responsible_unit__name", "state", "current_due", "current_clock"
        )
    )
    return [
        {
            "number": number,
            "summary": summary,
            "unit": unit or "",
            "state": states.get(state, state),
            "due": due.isoformat(),
            "days_overdue": -days_until(due, today=as_of, calendar=calendar, clock=clock),
        }
        for number, summary, unit, state, due, clock in cases.iterator(chunk_size=2000)
    ]
