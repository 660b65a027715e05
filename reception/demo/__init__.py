"""Demo reception data for `seed_demo`: twelve months of reception days, the visits
received on them (the demo's 领导接访 petitions), collective visit alerts,
sensitive periods and skip-level visits. Deterministic for a given seed; the words
are in data.json."""

import json
from datetime import date, datetime, time, timedelta
from pathlib import Path

from django.utils import timezone

from organization.models import Leadership, User
from organization.roles import Role
from petitions.models import Channel, Petition, SkipLevel

from .. import services
from ..models import (
    PersuasionOutcome,
    ReceptionDay,
    ReceptionKind,
    SensitivePeriod,
    SkipLevelVisit,
    Visit,
)

# Places, topics and skip-level matters: data.json beside this module.
with (Path(__file__).resolve().parent / "data.json").open(encoding="utf-8") as _file:
    _data = json.load(_file)
PLACES = _data["PLACES"]
TOPICS = _data["TOPICS"]
SKIP_PLACES = _data["SKIP_PLACES"]
SKIP_MATTERS = _data["SKIP_MATTERS"]


def seed(context):
    if context.options.get("petitions", 200) <= 0:
        context.notes.append("Reception: none (--petitions 0).")
        return
    rng = context.rng
    today = timezone.localdate()
    office = User.objects.get(username="office")
    clerk = User.objects.get(username="clerk")
    leaders = list(
        User.objects.filter(groups__name=Role.LEADER)
        .exclude(leadership="")
        .select_related("unit")
        .order_by("username")
    )
    days = _schedule(rng, today, leaders, office)
    visits = _visits(rng, days, clerk, office)
    alerts = _alerts(rng, today, office)
    periods = _sensitive_periods(today, office)
    skips = _skip_levels(rng, today, office)
    context.notes.append(
        f"Reception: {len(days)} reception days, {visits} visits, {alerts} collective alerts, "
        f"{periods} sensitive periods, {skips} skip-level visits."
    )


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _new_day(rng, leader, on: date, office, *, published=True) -> ReceptionDay:
    kind = rng.choices(list(ReceptionKind), weights=[6, 2, 2, 1])[0]
    start = rng.choice([time(8, 30), time(9, 0), time(14, 30)])
    return ReceptionDay(
        leader=leader,
        unit=leader.unit,
        date=on,
        starts_at=start,
        ends_at=time(start.hour + 3, start.minute),
        place=PLACES[kind].format(unit=leader.unit.name),
        kind=kind,
        topic=rng.choice(TOPICS),
        published_at=_at(on - timedelta(days=rng.randint(4, 10)), 10) if published else None,
        published_by=office if published else None,
        created_by=office,
        created_at=_at(on - timedelta(days=14), 9),
    )


def _schedule(rng, today: date, leaders, office) -> dict:
    """Each member weekly and each main leader monthly, with a few gaps to find."""
    days = {}
    first_monday = today - timedelta(days=today.weekday() + 52 * 7)
    for leader in leaders:
        monday = first_monday
        while monday <= today + timedelta(days=21):
            ahead = monday > today
            if leader.leadership == Leadership.MEMBER:
                held = rng.random() < 0.88
                on = monday + timedelta(days=rng.randint(0, 4))
            else:
                held = monday.day <= 7 and rng.random() < 0.85  # first week of a month
                on = monday + timedelta(days=rng.randint(1, 3))
            if held and on != today:
                published = not ahead or on - today >= timedelta(days=7) or rng.random() < 0.6
                days[(leader.pk, on)] = _new_day(rng, leader, on, office, published=published)
            monday += timedelta(days=7)
    ReceptionDay.objects.bulk_create(days.values())
    return days


def _visits(rng, days: dict, clerk, office) -> int:
    """The demo's 领导接访 petitions, each linked to its leader's reception day."""
    received = Petition.objects.filter(
        channel=Channel.LEADER_RECEPTION, owning_leader__unit__isnull=False
    ).select_related("owning_leader__unit", "registered_by")
    visits = []
    for petition in received.order_by("number"):
        key = (petition.owning_leader_id, petition.received_on)
        day = days.get(key)
        if day is None:
            day = _new_day(rng, petition.owning_leader, petition.received_on, office)
            day.save()
            days[key] = day
        visits.append(
            Visit(
                reception_day=day,
                petition=petition,
                recorded_by=petition.registered_by,
                recorded_at=petition.registered_at,
            )
        )
    Visit.objects.bulk_create(visits)
    return len(visits)


def _alerts(rng, today: date, office) -> int:
    large = Petition.objects.filter(is_collective=True).select_related("responsible_unit")
    count = 0
    for petition in large.order_by("number"):
        alert = services.collective_alert_raise(petition=petition, at=petition.registered_at)
        if alert is None:
            continue
        count += 1
        if petition.received_on < today - timedelta(days=30) and rng.random() < 0.7:
            services.collective_alert_record(
                alert=alert,
                cause="单位对职工诉求解释不到位、政策落实不及时，群众集体反映。",
                outcome="已约谈单位主要负责人，责令限期整改并向信访人答复。",
                close=True,
                by=office,
            )
    return count


def _sensitive_periods(today: date, office) -> int:
    periods = []
    for year in (today.year - 1, today.year):
        periods += [
            SensitivePeriod(
                name=f"{year}年全国两会",
                kind="meeting",
                starts_on=date(year, 3, 1),
                ends_on=date(year, 3, 15),
            ),
            SensitivePeriod(
                name=f"{year}年国庆节",
                kind="holiday",
                starts_on=date(year, 9, 28),
                ends_on=date(year, 10, 8),
            ),
        ]
    periods = [p for p in periods if today - timedelta(days=400) <= p.starts_on <= today]
    for period in periods:
        services.sensitive_period_save(period=period, by=office)
    return len(periods)


def _skip_levels(rng, today: date, office) -> int:
    units = {
        user.unit_id: user.unit
        for user in User.objects.filter(groups__name=Role.HANDLER)
        .exclude(unit__code="JH-XFB")
        .select_related("unit")
    }
    units = [units[key] for key in sorted(units)]
    leaders = {}
    for leader in User.objects.filter(groups__name=Role.LEADER).select_related("unit"):
        leaders.setdefault(leader.unit_id, leader)
    related = list(Petition.objects.exclude(skip_level="").order_by("number")[:40])
    count = 0
    for index in range(72):
        on = today - timedelta(days=rng.randint(1, 365))
        level = rng.choices(list(SkipLevel), weights=[2, 4, 6, 3])[0]
        collective = rng.random() < 0.2
        headcount = rng.randint(5, 30) if collective else rng.randint(1, 3)
        unit = rng.choice(units)
        reported = _at(on, rng.randint(8, 17), rng.choice([0, 15, 30, 45]))
        arrived = reported + timedelta(hours=rng.randint(2, 27))
        outcome = rng.choices(list(PersuasionOutcome), weights=[1, 8, 1])[0]
        if on > today - timedelta(days=2):
            outcome = PersuasionOutcome.PENDING
        visit = SkipLevelVisit(
            level=level,
            visited_on=on,
            place=rng.choice(SKIP_PLACES[level]),
            headcount=headcount,
            is_collective=collective,
            summary=rng.choice(SKIP_MATTERS),
            petitioner_names="" if collective else rng.choice(["王某某", "刘某", "陈某某", ""]),
            responsible_unit=unit,
            reported_at=reported,
            persuasion_team=f"{unit.name}劝返工作组",
            persuasion_leader=leaders.get(unit.pk),
            arrived_at=None if outcome == PersuasionOutcome.PENDING else arrived,
            outcome=outcome,
            outcome_note="经劝导已随工作组返回，承诺按程序反映诉求。"
            if outcome == PersuasionOutcome.RETURNED
            else "",
            was_on_screening_list=rng.random() < 0.6,
            had_owning_leader=rng.random() < 0.5,
        )
        petitions = [related[index]] if index < len(related) and index % 3 == 0 else []
        if petitions and petitions[0].responsible_unit_id:
            visit.responsible_unit = petitions[0].responsible_unit
        petitioners = [link.petitioner for petition in petitions for link in petition.links.all()]
        services.skip_level_save(
            visit=visit, by=office, petitions=petitions, petitioners=petitioners
        )
        count += 1
    return count
