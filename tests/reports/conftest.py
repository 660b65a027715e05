"""A hand-built month where every figure is known (see the table in test_statistics.py)."""

from datetime import date, timedelta

import pytest

from petitions import services
from petitions.models import Channel, Nature, SkipLevel
from tests.petitions.factories import moment, petitioner, register, valid_id_number
from tests.reception.factories import make_skip_level

TODAY = date(2026, 11, 5)


@pytest.fixture(autouse=True)
def calendar_months(settings):
    settings.REPORT_MONTH = "calendar"
    settings.DEADLINE_DAYS = "calendar"
    settings.DEADLINE_ROLL_TO_WORKDAY = False


def _reply(petition, people, *, assigned, received, replied, due, unit=None):
    """Assign → receive → report → sign off → approve, on the given days."""
    petition = services.petition_assign(
        petition=petition, unit=unit or people["unit"], due=due, by=people["clerk"], at=assigned
    )
    handler, leader = people.get("unit_handler", people["handler"]), people["leader"]
    petition = services.petition_receive(petition=petition, by=handler, at=received)
    petition = services.petition_submit_report(
        petition=petition,
        report="已查实",
        opinion="support",
        text="事实清楚",
        basis="有关规定",
        by=handler,
        at=received,
    )
    petition = services.petition_sign_off(petition=petition, by=leader, at=received)
    return services.petition_approve(petition=petition, by=people["office"], at=replied)


@pytest.fixture
def october(people, section_a1, unit_b, group_root):
    """Six cases around October 2026 in units A (with section A-1), B and the group."""
    from organization.roles import Role
    from tests.factories import UserFactory

    clerk = people["clerk"]
    handler_b = UserFactory(username="handler_b", unit=unit_b, roles=[Role.HANDLER])
    leader_b = UserFactory(username="leader_b", unit=unit_b, roles=[Role.LEADER])
    people_b = {**people, "unit": unit_b, "unit_handler": handler_b, "leader": leader_b}

    # 1. A, letter, on time throughout, extended once, rated satisfied.
    case1 = register(by=clerk, at=moment("2026-10-05"), channel=Channel.LETTER)
    case1 = services.petition_assign(
        petition=case1,
        unit=people["unit"],
        due=date(2026, 11, 30),
        by=clerk,
        at=moment("2026-10-06"),
    )
    case1 = services.petition_receive(petition=case1, by=people["handler"], at=moment("2026-10-08"))
    case1 = services.petition_request_extension(
        petition=case1, days=10, reason="需补充调查", by=people["handler"], at=moment("2026-10-09")
    )
    case1 = services.petition_approve_extension(
        petition=case1, by=people["leader"], at=moment("2026-10-10")
    )
    case1 = services.petition_submit_report(
        petition=case1,
        report="已查实",
        opinion="support",
        text="事实清楚",
        basis="有关规定",
        by=people["handler"],
        at=moment("2026-10-15"),
    )
    case1 = services.petition_sign_off(petition=case1, by=people["leader"], at=moment("2026-10-16"))
    case1 = services.petition_approve(petition=case1, by=people["office"], at=moment("2026-10-20"))
    services.petition_record_rating(
        petition=case1,
        office_rating="satisfied",
        unit_rating="satisfied",
        by=people["office"],
        at=moment("2026-10-25"),
    )

    # 2. Section A-1, a collective visit of 6, assigned and never received.
    group = [petitioner(name=f"职工{i}", id_number=valid_id_number(60 + i)) for i in range(2)]
    group[0].is_representative = True
    case2 = register(
        by=clerk, at=moment("2026-10-10"), channel=Channel.VISIT, headcount=6, petitioners=group
    )
    services.petition_assign(
        petition=case2, unit=section_a1, due=date(2026, 12, 10), by=clerk, at=moment("2026-10-11")
    )

    # 5. B, letter received in September, replied in October after its due date.
    case5 = register(
        by=clerk,
        at=moment("2026-09-10"),
        channel=Channel.LETTER,
        petitioners=[petitioner(name="赵五", id_number=valid_id_number(55), phone="13955550000")],
    )
    case5 = _reply(
        case5,
        people_b,
        assigned=moment("2026-09-11"),
        received=moment("2026-09-12"),
        replied=moment("2026-10-03"),
        due=date(2026, 9, 30),
    )

    # 3. B, a call repeating case 5, registered and never routed.
    register(
        by=clerk,
        at=moment("2026-10-15"),
        channel=Channel.PHONE,
        responsible_unit=unit_b,
        repeat_of=case5,
        petitioners=[petitioner(name="赵五", id_number=valid_id_number(55), phone="13955550000")],
    )

    # 4. B, online, received after the period.
    register(by=clerk, at=moment("2026-11-02"), channel=Channel.ONLINE, responsible_unit=unit_b)

    # 6. The group itself, an accusation a year earlier, never routed.
    register(
        by=clerk,
        at=moment("2025-10-20"),
        channel=Channel.LETTER,
        nature=Nature.ACCUSATION,
        petitioners=[petitioner(name="钱六", id_number=valid_id_number(66))],
    )

    # Skip-level visits reported back (批次, 人次); the first and last are outside October.
    office = people["office"]
    make_skip_level(by=office, unit=people["unit"], on=date(2026, 9, 30), headcount=1)
    make_skip_level(by=office, unit=people["unit"], on=date(2026, 10, 8), headcount=3)
    make_skip_level(
        by=office, unit=section_a1, on=date(2026, 10, 20), level=SkipLevel.PROVINCE, headcount=2
    )
    make_skip_level(by=office, unit=unit_b, on=date(2026, 10, 21), level=SkipLevel.DISTRICT)
    make_skip_level(
        by=office, unit=unit_b, on=date(2026, 10, 31), level=SkipLevel.CITY, headcount=25
    )
    make_skip_level(by=office, unit=unit_b, on=date(2026, 11, 1), headcount=4)
    return {"today": TODAY}


def days(n):
    return timedelta(days=n)
