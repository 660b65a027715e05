"""The monthly statistics carry the screening figures: reports on time / late / missing
and the filed reports' hazards by level, per unit, at the due-day boundary."""

from datetime import date, datetime, time, timedelta

import pytest
from django.utils import timezone

from organization.periods import Period
from organization.roles import Role
from petitions.models import Category
from reports.statistics import unit_statistics
from risk import screening_services
from risk.models import Hazard, HazardLevel
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

OCTOBER = Period.of(2026, 10, "calendar")


def at(day: date):
    return timezone.make_aware(datetime.combine(day, time(10)))


def filed(unit, *, level, signed_on):
    leader = UserFactory(unit=unit, roles=[Role.LEADER])
    report = screening_services.screening_report_start(
        unit=unit, period=OCTOBER, by=leader, at=at(OCTOBER.first)
    )
    screening_services.hazard_add(
        report=report,
        data=screening_services.HazardData(
            kind=Hazard.Kind.DISPUTE,
            summary="职工讨要欠薪",
            category=Category.objects.get(name="工资待遇"),
            level=level,
        ),
        by=leader,
        at=at(OCTOBER.first),
    )
    screening_services.screening_report_sign(report=report, by=leader, at=at(signed_on))
    return report


def rows(today):
    table = unit_statistics(OCTOBER, today=today)
    return {row["unit"]: row["values"] for row in table["rows"]}


def test_on_time_on_the_due_day_and_missing_after_it(unit_a, unit_b):
    report = filed(unit_a, level=HazardLevel.MAJOR, signed_on=date(2026, 10, 25))
    assert report.due_on == date(2026, 10, 25)
    values = rows(date(2026, 11, 5))
    assert (values["甲煤矿"]["screening_on_time"], values["甲煤矿"]["screening_late"]) == (1, 0)
    assert values["甲煤矿"]["hazards_major"] == 1
    assert values["乙煤矿"]["screening_missing"] == 1


def test_a_report_signed_the_day_after_the_due_day_is_late(unit_a):
    filed(unit_a, level=HazardLevel.ORDINARY, signed_on=date(2026, 10, 26))
    values = rows(date(2026, 11, 5))["甲煤矿"]
    assert (values["screening_on_time"], values["screening_late"]) == (0, 1)
    assert values["hazards_ordinary"] == 1


def test_before_the_due_day_an_unfiled_unit_is_not_yet_missing(unit_b):
    assert rows(date(2026, 10, 25))["乙煤矿"]["screening_missing"] == 0
    assert rows(date(2026, 10, 25) + timedelta(days=1))["乙煤矿"]["screening_missing"] == 1
