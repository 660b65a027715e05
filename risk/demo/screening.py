"""Demo screening data: a year of monthly screening reports for every filing unit
(most signed on time, some late, a couple missing, some 零报告), hazards from
screening.json with a few 重大 ones dispatched by the office and resolved by the
unit, and daily reports in the sensitive periods the reception demo created, with
some days missed. Everything is written through risk.screening_services with
back-dated `at=`. Deterministic for a given seed; dates relative to today."""

import json
from datetime import date, datetime, time, timedelta
from pathlib import Path

from django.utils import timezone

from organization.models import Leadership, Unit, User
from organization.periods import Period
from organization.roles import Role
from petitions.models import Category
from reception.models import SensitivePeriod

from .. import screening_services as services
from ..models import Hazard, HazardLevel

with (Path(__file__).resolve().parent / "screening.json").open(encoding="utf-8") as _file:
    _data = json.load(_file)
HAZARDS = _data["HAZARDS"]
MAJOR = _data["MAJOR"]
DISPATCH = _data["DISPATCH"]
RESOLVE = _data["RESOLVE"]
DAILY = _data["DAILY"]

MONTHS = 12  # completed reporting months before the current one
MISSING = 2  # reports never filed
MAJORS = 4  # 重大 hazards; all but the newest are dispatched, the oldest two resolved


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _people(unit) -> tuple[User, User]:
    """The unit's filer (its first handler) and signer (its main leader, else a leader)."""
    staff = User.objects.filter(unit=unit, is_active=True).order_by("username")
    handler = staff.filter(groups__name=Role.HANDLER).first()
    leaders = list(staff.filter(groups__name=Role.LEADER))
    leaders.sort(key=lambda user: user.leadership != Leadership.MAIN)
    return handler, (leaders[0] if leaders else None)


def seed(context):
    rng = context.rng
    today = getattr(context, "today", None) or timezone.localdate()
    office = User.objects.filter(groups__name=Role.OFFICE, is_active=True).order_by("pk").first()
    units = []
    for unit in services.filing_units():
        handler, leader = _people(unit)
        if handler is not None and leader is not None:
            sections = list(
                Unit.objects.filter(path__startswith=unit.path, depth=unit.depth + 1)
                .order_by("path")
                .values_list("name", flat=True)
            )
            units.append((unit, handler, leader, sections or [unit.name]))
    if not units or office is None:
        context.notes.append("Screening: none (no filing units with staff).")
        return
    categories = {category.name: category for category in Category.objects.all()}

    current = Period.containing(today)
    periods = current.months_back(MONTHS + 1)[:-1]
    slots = [(period, entry) for period in periods for entry in units]
    missing = set(rng.sample(range(len(slots)), MISSING))
    filed_slots = [index for index in range(len(slots)) if index not in missing]
    # The 重大 hazards: spread over the year, oldest first.
    major_slots = sorted(rng.sample(filed_slots[: -len(units)], MAJORS))
    counts = {"on_time": 0, "late": 0, "missing": 0, "zero": 0, "hazards": 0}
    majors = []
    open_hazards = []
    for index, (period, (unit, handler, leader, sections)) in enumerate(slots):
        started = _at(period.first + timedelta(days=rng.randint(2, 12)), 9, rng.choice([0, 30]))
        if index in missing:
            counts["missing"] += 1
            if index % 2:  # started but never signed: a draft past its due date
                report = services.screening_report_start(
                    unit=unit, period=period, by=handler, at=started
                )
                _hazard(rng, report, HAZARDS, sections, categories, handler, leader, started)
            continue
        report = services.screening_report_start(unit=unit, period=period, by=handler, at=started)
        is_major = index in major_slots
        if not is_major and rng.random() < 0.25:
            services.screening_report_declare_zero(
                report=report, by=handler, at=started + timedelta(hours=1)
            )
            counts["zero"] += 1
        else:
            for number in range(rng.randint(1, 3)):
                hazard = _hazard(
                    rng,
                    report,
                    HAZARDS,
                    sections,
                    categories,
                    handler,
                    leader,
                    started + timedelta(hours=number + 1),
                    level=rng.choices([HazardLevel.ORDINARY, HazardLevel.SERIOUS], weights=[3, 1])[
                        0
                    ],
                )
                open_hazards.append(hazard)
                counts["hazards"] += 1
            if is_major:
                hazard = _hazard(
                    rng,
                    report,
                    [MAJOR[len(majors) % len(MAJOR)]],
                    sections,
                    categories,
                    handler,
                    leader,
                    started + timedelta(hours=5),
                    level=HazardLevel.MAJOR,
                )
                majors.append(hazard)
                counts["hazards"] += 1
        late = rng.random() < 0.15
        signed_on = (
            report.due_on + timedelta(days=rng.randint(1, 8))
            if late
            else max(started.date(), report.due_on - timedelta(days=rng.randint(0, 8)))
        )
        services.screening_report_sign(
            report=report, by=leader, at=_at(signed_on, rng.randint(9, 17), rng.choice([0, 30]))
        )
        counts["late" if late else "on_time"] += 1

    # 一调度: the office dispatches the 重大 hazards (the newest stays with the unit).
    dispatched = 0
    majors = [_fresh(hazard) for hazard in majors]
    for number, hazard in enumerate(majors[:-1]):
        report = hazard.report
        at = report.signed_at + timedelta(hours=2)
        _handler, leader = _people(report.unit)
        services.hazard_dispatch(
            hazard=hazard,
            deadline=at.date() + timedelta(days=15),
            instructions=DISPATCH[number % len(DISPATCH)],
            to_unit=report.unit if number % 2 == 0 else None,
            to_leader=None if number % 2 == 0 else leader,
            by=office,
            at=at,
        )
        dispatched += 1
    resolved = 0
    for hazard in majors[:2]:
        hazard = _fresh(hazard)
        handler, _leader = _people(hazard.report.unit)
        _resolve(rng, hazard, handler, today, days=(10, 14))
        resolved += 1
    # Most older ordinary hazards are resolved; a few reported upwards.
    for hazard in map(_fresh, open_hazards):
        if hazard.report.filed_on is None or hazard.report.filed_on > today - timedelta(days=45):
            continue
        handler, _leader = _people(hazard.report.unit)
        roll = rng.random()
        if roll < 0.75:
            _resolve(rng, hazard, handler, today, days=(7, 40))
            resolved += 1
        elif roll < 0.85:
            services.hazard_set_status(
                hazard=hazard,
                status=Hazard.Status.ESCALATED,
                comment="单位化解难度较大，已报集团信访办协调。",
                by=handler,
                at=hazard.report.signed_at + timedelta(days=rng.randint(3, 10)),
            )

    # A couple of units have started this month's report.
    for unit, handler, leader, sections in units[:2]:
        started = _at(max(current.first, min(today, current.first + timedelta(days=2))), 9)
        report = services.screening_report_start(unit=unit, period=current, by=handler, at=started)
        _hazard(rng, report, HAZARDS, sections, categories, handler, leader, started)

    daily, missed = _daily(rng, today, units)
    context.notes.append(
        f"Screening: {counts['on_time']} reports on time, {counts['late']} late, "
        f"{counts['missing']} missing ({counts['zero']} zero reports), {counts['hazards']} "
        f"hazards, {len(majors)} major ({dispatched} dispatched), {resolved} resolved; "
        f"{daily} daily reports, {missed} missed days."
    )


def _fresh(hazard) -> Hazard:
    return Hazard.objects.select_related("report", "report__unit").get(pk=hazard.pk)


def _hazard(rng, report, texts, sections, categories, handler, leader, at, level=None):
    text = rng.choice(texts)
    low, high = text["people"]
    signed = report.period_last
    return services.hazard_add(
        report=report,
        data=services.HazardData(
            kind=text["kind"],
            summary=text["summary"].format(section=rng.choice(sections)),
            category=categories.get(text["category"]) or categories["其他"],
            level=level or HazardLevel.ORDINARY,
            people_count=rng.randint(low, high),
            skip_level=text.get("skip_level", ""),
            owning_leader=leader,
            measures=text["measures"],
            due_on=signed + timedelta(days=rng.choice([15, 30, 45])),
        ),
        by=handler,
        at=at,
    )


def _resolve(rng, hazard, handler, today, *, days):
    at = hazard.report.signed_at + timedelta(days=rng.randint(*days))
    now = timezone.now()
    services.hazard_set_status(
        hazard=hazard,
        status=Hazard.Status.RESOLVED,
        comment=rng.choice(RESOLVE),
        by=handler,
        at=min(at, now),
    )


def _daily(rng, today, units) -> tuple[int, int]:
    """Daily reports for each day of the sensitive periods so far; some days missed."""
    filed = missed = 0
    for period in SensitivePeriod.objects.filter(starts_on__lte=today).order_by("starts_on"):
        day = period.starts_on
        while day <= min(period.ends_on, today):
            for unit, handler, _leader, _sections in units:
                if rng.random() < 0.07:
                    missed += 1
                    continue
                zero = rng.random() < 0.7
                services.daily_report_file(
                    unit=unit,
                    day=day,
                    is_zero_report=zero,
                    content="" if zero else rng.choice(DAILY),
                    by=handler,
                    at=_at(day, rng.randint(8, 10), rng.choice([0, 15, 30, 45])),
                )
                filed += 1
            day += timedelta(days=1)
    return filed, missed
