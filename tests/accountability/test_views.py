from datetime import date

import pytest
from django.urls import reverse

from accountability import services
from accountability.models import UnitScore


@pytest.fixture
def month(office, unit_a, unit_b, capital_rule, skip):
    skip(unit_a, date(2025, 3, 10))
    return services.scoring_month_run(year=2025, month=3, by=office)


def test_unit_b_cannot_see_unit_as_breakdown(client, outsider, month, unit_a):
    client.force_login(outsider)
    score = UnitScore.objects.get(unit=unit_a)
    assert client.get(score.get_absolute_url()).status_code == 404


def test_unit_a_sees_its_breakdown_with_links(client, handler, month, unit_a):
    client.force_login(handler)
    response = client.get(UnitScore.objects.get(unit=unit_a).get_absolute_url())
    assert response.status_code == 200
    assert b"/reception/skip-level/" in response.content


def test_a_unit_sees_only_its_own_row_of_the_month(client, handler, month, unit_a, unit_b):
    client.force_login(handler)
    response = client.get(reverse("accountability:month", args=[2025, 3]))
    assert [s.unit for s in response.context["scores"]] == [unit_a]


def test_the_office_sees_every_row(client, office, month):
    client.force_login(office)
    response = client.get(reverse("accountability:month", args=[2025, 3]))
    assert len(response.context["scores"]) == 2


def test_a_unit_may_not_run_a_month(client, handler, month):
    client.force_login(handler)
    response = client.post(reverse("accountability:month_action", args=[2025, 3, "run"]))
    assert response.status_code == 403


def test_month_page_queries_do_not_grow_with_units(
    client, office, group_root, capital_rule, django_assert_max_num_queries
):
    from tests.factories import UnitFactory

    for i in range(20):
        UnitFactory(code=f"U{i}", name=f"单位{i}", parent=group_root)
    services.scoring_month_run(year=2025, month=3, by=office)
    client.force_login(office)
    with django_assert_max_num_queries(15):
        client.get(reverse("accountability:month", args=[2025, 3]))
    with django_assert_max_num_queries(15):
        client.get(reverse("accountability:index") + "?year=2025")


def test_notice_sections_show_scores_and_confirmed_consequences(month, unit_a):
    from accountability.notice import sections_for

    sections = {s["key"]: s for s in sections_for(2025, 3)}
    assert sections["scores"]["rows"][0][1] != unit_a.name  # unit A ranks last
    assert sections["scores"]["rows"][-1][1] == unit_a.name
    assert sections["consequences"]["rows"] == []


def test_chain_gaps_list_units_without_main_leader_or_staff(office, unit_a, unit_b, leader):
    services.chain_member_add(
        unit=unit_a, role="main", user=leader, name="", since=date(2025, 1, 1), by=office
    )
    services.chain_member_add(
        unit=unit_a, role="staff", name="王信访", since=date(2025, 1, 1), by=office
    )
    gaps = {gap["unit"]: gap["missing"] for gap in services.chain_gaps(on=date(2025, 6, 1))}
    assert unit_a not in gaps
    assert len(gaps[unit_b]) == 2
    assert unit_a in {g["unit"] for g in services.chain_gaps(on=date(2024, 12, 31))}


def test_a_new_main_leader_ends_the_previous_one(office, unit_a, leader, handler):
    first = services.chain_member_add(
        unit=unit_a, role="main", user=leader, name="", since=date(2024, 1, 1), by=office
    )
    services.chain_member_add(
        unit=unit_a, role="main", user=handler, name="", since=date(2025, 7, 1), by=office
    )
    first.refresh_from_db()
    assert first.until == date(2025, 6, 30)
    from accountability.models import ChainMember

    assert ChainMember.objects.on(date(2025, 6, 30)).get(role="main").user == leader
    assert ChainMember.objects.on(date(2025, 7, 1)).get(role="main").user == handler
