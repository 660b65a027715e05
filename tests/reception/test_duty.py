"""The reception duty rule: members weekly, the main leader monthly."""

from datetime import date

import pytest

from organization.models import Leadership
from organization.roles import Role
from reception import services
from tests.factories import UserFactory

from .factories import make_day

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(unit_a):
    return UserFactory(
        username="deputy_a", unit=unit_a, roles=[Role.LEADER], leadership=Leadership.MEMBER
    )


def weekly_days(leader, unit, by, mondays):
    for monday in mondays:
        make_day(leader=leader, unit=unit, on=monday, by=by, publish=True)


def test_a_month_without_the_main_leaders_day_is_short(clerk, unit_a, main_leader, member):
    # March 2026: the ISO weeks with their Thursday in March start 2, 9, 16 and 23 March
    # (the week of 30 March counts for April).
    weekly_days(member, unit_a, clerk, [date(2026, 3, d) for d in (3, 10, 17, 24)])
    rows = services.duty_check(
        month=date(2026, 3, 1), unit_ids=[unit_a.pk], today=date(2026, 4, 15)
    )
    by_leader = {row.leader: row for row in rows}

    main = by_leader[main_leader]
    assert main.held == 0
    assert main.required == 1
    assert main.shortfall == 1
    assert not main.ok

    deputy = by_leader[member]
    assert deputy.held == 4
    assert deputy.required == 4
    assert deputy.ok


def test_a_member_missing_a_week_is_short_of_that_week(clerk, unit_a, main_leader, member):
    make_day(leader=main_leader, unit=unit_a, on=date(2026, 3, 20), by=clerk, publish=True)
    weekly_days(member, unit_a, clerk, [date(2026, 3, d) for d in (3, 10, 24)])
    rows = services.duty_check(
        month=date(2026, 3, 1), unit_ids=[unit_a.pk], today=date(2026, 4, 15)
    )
    by_leader = {row.leader: row for row in rows}
    assert by_leader[main_leader].ok
    assert by_leader[member].missing_weeks == [date(2026, 3, 16)]


def test_draft_days_and_other_units_do_not_count(clerk, unit_a, unit_b, main_leader):
    make_day(leader=main_leader, unit=unit_a, on=date(2026, 3, 20), by=clerk)  # draft
    rows = services.duty_check(month=date(2026, 3, 1), unit_ids=[unit_a.pk], today=date(2026, 4, 1))
    assert rows[0].held == 0
    assert services.duty_check(month=date(2026, 3, 1), unit_ids=[unit_b.pk]) == []


def test_a_running_month_is_not_yet_short_of_the_main_leaders_day(unit_a, main_leader):
    rows = services.duty_check(
        month=date(2026, 3, 1), unit_ids=[unit_a.pk], today=date(2026, 3, 10)
    )
    # Not short yet, but not ticked either: the day is still to be held (issue 17).
    assert rows[0].shortfall == 0
    assert not rows[0].ok
    assert rows[0].pending
    assert rows[0].still_due == 1


@pytest.mark.parametrize(("days", "ticked"), [(0, False), (1, True)])
def test_the_main_leader_is_ticked_only_with_a_day_held_this_month(
    client, office, clerk, unit_a, main_leader, days, ticked
):
    from django.utils import timezone

    today = timezone.localdate()
    if days:
        make_day(leader=main_leader, unit=unit_a, on=today, by=clerk, publish=True)
    row = services.duty_check(month=today, unit_ids=[unit_a.pk], today=today)[0]
    assert (row.held, row.ok, row.pending) == (days, ticked, not ticked)

    client.force_login(office)
    html = client.get(f"/reception/duty/?month={today:%Y-%m}").content.decode()
    cell = html.split(main_leader.full_name, 1)[1].split("</tr>", 1)[0]
    assert ("✓" in cell) is ticked
    assert ("本月还需接访" in cell) is not ticked
    assert "table-danger" not in html.split(main_leader.full_name, 1)[0].rsplit("<tr", 1)[1]


def test_the_office_sees_shortfalls_highlighted(
    client, office, clerk, unit_a, main_leader, handler
):
    client.force_login(office)
    html = client.get("/reception/duty/?month=2026-03").content.decode()
    assert main_leader.full_name in html
    assert "table-danger" in html
    client.force_login(handler)
    assert client.get("/reception/duty/").status_code == 403


@pytest.mark.parametrize("month", ["9999-12", "1000-01"])
def test_a_month_out_of_range_falls_back_to_this_month(client, office, unit_a, month):
    from django.utils import timezone

    client.force_login(office)
    response = client.get(f"/reception/duty/?month={month}")
    assert response.status_code == 200
    assert response.context["month"] == timezone.localdate().replace(day=1)
    assert "请选择2000-01至" in response.content.decode()
    assert client.get(f"/reception/duty/export.xlsx?month={month}").status_code == 200
