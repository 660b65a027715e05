from datetime import timedelta
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from petitions.models import Petition
from petitions.services import ActionNotAllowed
from risk import registers_services as services
from risk.models import BacklogPlan
from tests.petitions.factories import advance, register

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(people):
    return advance(register(by=people["clerk"]), "in_progress", **people)


def plan_for(case, by, leader, days=30):
    return services.backlog_plan_save(
        petition=case,
        causes="历史遗留",
        measures="专班化解",
        owning_leader=leader,
        deadline=timezone.localdate() + timedelta(days=days),
        by=by,
    )


def test_office_plan_marks_the_case_backlog(case, office, leader):
    plan = plan_for(case, office, leader)
    assert Petition.objects.get(pk=case.pk).is_backlog
    assert plan.owning_leader == leader


def test_unit_leader_writes_the_plan_only_of_a_marked_case(case, office, leader):
    with pytest.raises(ActionNotAllowed):
        plan_for(case, leader, leader)
    plan_for(case, office, leader)
    updated = plan_for(Petition.objects.get(pk=case.pk), leader, leader, days=60)
    assert updated.deadline == timezone.localdate() + timedelta(days=60)


def test_close_out_by_the_office_only(case, office, leader):
    plan = plan_for(case, office, leader)
    with pytest.raises(ActionNotAllowed):
        services.backlog_close(
            plan=plan, closed_on=timezone.localdate(), basis="已化解", approved_by="王", by=leader
        )
    closed = services.backlog_close(
        plan=plan, closed_on=timezone.localdate(), basis="已化解", approved_by="王主任", by=office
    )
    assert closed.is_closed
    assert not closed.may_edit(office)


def test_past_deadline_boundary_and_supervision_list(client, case, office, leader):
    plan = plan_for(case, office, leader, days=0)
    today = timezone.localdate()
    assert not plan.is_past_deadline(today)  # the due day itself
    assert plan.is_past_deadline(today + timedelta(days=1))
    BacklogPlan.objects.filter(pk=plan.pk).update(deadline=today - timedelta(days=1))
    client.force_login(office)
    page = client.get(reverse("supervision:overview")).content.decode()
    assert "backlog-overdue" in page
    assert case.number in page


def test_case_page_offers_the_plan_form_to_the_office(client, case, office, handler):
    client.force_login(office)
    assert "petition-backlog" in client.get(case.get_absolute_url()).content.decode()
    client.force_login(handler)
    assert "petition-backlog" not in client.get(case.get_absolute_url()).content.decode()


def test_register_export_and_scope(client, case, office, leader, outsider):
    plan_for(case, office, leader)
    client.force_login(office)
    response = client.get(reverse("risk:backlog_export"))
    sheet = load_workbook(BytesIO(b"".join(response.streaming_content))).active
    assert case.number in [c.value for row in sheet.iter_rows() for c in row]
    client.force_login(outsider)
    assert case.number not in client.get(reverse("risk:backlog_list")).content.decode()
    plan = BacklogPlan.objects.get()
    assert client.get(plan.get_absolute_url()).status_code == 404


def test_petition_list_filters_on_flags(client, case, people, office, leader):
    other = register(by=people["clerk"], summary="另一件")
    plan_for(case, office, leader)
    client.force_login(office)
    page = client.get(reverse("petitions:list"), {"is_backlog": "true"}).content.decode()
    assert case.number in page
    assert other.number not in page


def test_list_query_count_is_constant(
    client, people, office, leader, django_assert_max_num_queries
):
    def plans(n):
        for _ in range(n):
            plan_for(advance(register(by=people["clerk"]), "in_progress", **people), office, leader)

    plans(5)
    client.force_login(office)
    with django_assert_max_num_queries(30) as few:
        client.get(reverse("risk:backlog_list"))
    plans(15)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("risk:backlog_list"))
