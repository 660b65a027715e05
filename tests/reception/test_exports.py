"""Each reception list page exports its current filter to Excel."""

from datetime import date, timedelta
from io import BytesIO

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from organization.models import Leadership
from organization.roles import Role
from reception import services
from tests.factories import UserFactory
from tests.petitions.factories import petitioner

from .factories import make_day, visit_data

pytestmark = pytest.mark.django_db


def sheet_rows(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(BytesIO(b"".join(response.streaming_content))).active
    return sheet["A1"].value, list(sheet.iter_rows(min_row=3, values_only=True))


def collective(headcount):
    return visit_data(headcount=headcount, petitioners=[petitioner(is_representative=True)])


@pytest.fixture
def received_cases(clerk, main_leader, unit_a):
    """Two visits to the main leader yesterday, one of them a large collective visit."""
    day = make_day(
        leader=main_leader, unit=unit_a, on=timezone.localdate() - timedelta(days=1), by=clerk
    )
    small = services.visit_record(day=day, data=visit_data(summary="反映供暖"), by=clerk)
    large = services.visit_record(day=day, data=collective(25), by=clerk)
    return day, small, large


def test_reception_days_export_the_chosen_tab(client, office, clerk, main_leader, unit_a):
    today = timezone.localdate()
    make_day(leader=main_leader, unit=unit_a, on=today + timedelta(days=10), by=clerk)
    make_day(leader=main_leader, unit=unit_a, on=today - timedelta(days=10), by=clerk)
    client.force_login(office)
    heading, rows = sheet_rows(client, "/reception/days/export.xlsx?when=upcoming")
    assert heading.startswith("领导接访日")
    assert [row[0].date() for row in rows] == [today + timedelta(days=10)]
    _heading, rows = sheet_rows(client, "/reception/days/export.xlsx?when=all")
    assert len(rows) == 2


def test_a_leader_exports_what_they_received(client, main_leader, received_cases):
    _day, small, large = received_cases
    client.force_login(main_leader)
    heading, rows = sheet_rows(client, "/reception/received/export.xlsx")
    assert main_leader.get_full_name() in heading
    assert {row[1] for row in rows} == {small.petition.number, large.petition.number}
    assert {row[3] for row in rows} == {1, 25}
    assert all("李" not in str(cell) for row in rows for cell in row)  # no petitioner names


def test_alerts_export_open_or_all(client, office, received_cases):
    _day, _small, large = received_cases
    from reception.models import CollectiveVisitAlert

    alert = CollectiveVisitAlert.objects.get()
    services.collective_alert_record(
        alert=alert, cause="欠薪", outcome="已协调发放", close=True, by=office
    )
    client.force_login(office)
    _heading, rows = sheet_rows(client, "/reception/alerts/export.xlsx")
    assert rows == []
    _heading, rows = sheet_rows(client, "/reception/alerts/export.xlsx?show=all")
    assert [(row[1], row[4], row[5], row[6]) for row in rows] == [
        (large.petition.number, 25, "欠薪", "已协调发放")
    ]


def test_duty_export_holds_the_months_shortfalls(client, office, clerk, main_leader, unit_a):
    member = UserFactory(unit=unit_a, roles=[Role.LEADER], leadership=Leadership.MEMBER)
    for day in (3, 10, 17, 24):
        make_day(leader=member, unit=unit_a, on=date(2026, 3, day), by=clerk, publish=True)
    client.force_login(office)
    heading, rows = sheet_rows(client, "/reception/duty/export.xlsx?month=2026-03")
    assert heading.endswith("2026-03")
    by_leader = {row[1]: row for row in rows}
    assert by_leader[main_leader.get_full_name()][3:7:3] == (0, 1)  # held 0, 1 day missing
    assert by_leader[member.get_full_name()][3] == 4
    assert by_leader[member.get_full_name()][6] == 0
