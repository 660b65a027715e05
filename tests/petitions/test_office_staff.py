"""The petition office's own staff (issue 17): handlers and leaders whose unit is the
office's open and act on the cases waiting for the office, by their role (handlers route
new cases; leaders route and decide the units' signed reports). The page, the endpoint and
the service ask one rule (has_case_right); another unit's handler can do none of it."""

from datetime import timedelta

import pytest
from django.utils import timezone

from organization.roles import Role
from petitions import services
from petitions.actions import available_actions
from petitions.models import Petition
from tests.factories import UnitFactory, UserFactory
from tests.petitions.factories import advance, register

pytestmark = pytest.mark.django_db
State = Petition.State


@pytest.fixture
def office_unit(group_root):
    """The office as a department of the group, like the demo's 集团公司信访办公室."""
    unit = UnitFactory(code="G-XFB", name="测试集团信访办", kind="department", parent=group_root)
    UserFactory(username="xfb_director", unit=unit, roles=[Role.OFFICE])
    return unit


@pytest.fixture
def xfb_handler(office_unit):
    return UserFactory(username="xfb_handler", unit=office_unit, roles=[Role.HANDLER])


@pytest.fixture
def xfb_leader(office_unit):
    return UserFactory(username="xfb_leader", unit=office_unit, roles=[Role.LEADER])


@pytest.fixture
def other_handler(unit_b):
    return UserFactory(username="b_handler", unit=unit_b, roles=[Role.HANDLER])


def offered(case, user) -> set[str]:
    return {action.name for action in available_actions(case, user)}


def due():
    return timezone.localdate() + timedelta(days=40)


def test_office_handler_opens_and_routes_a_new_case(client, people, xfb_handler):
    case = register(by=people["clerk"])
    assert case.is_visible_to(xfb_handler)
    assert Petition.objects.visible_to(xfb_handler).filter(pk=case.pk).exists()
    assert Petition.objects.held_by(xfb_handler).filter(pk=case.pk).exists()
    assert {"assign", "accept", "transfer"} <= offered(case, xfb_handler)

    client.force_login(xfb_handler)
    page = client.get(case.get_absolute_url())
    assert page.status_code == 200
    # Every active unit is offered, not only the office's own subtree.
    choices = page.context["actions"][0]["form"].fields["unit"].queryset
    assert people["unit"] in choices
    response = client.post(
        f"/petitions/{case.number}/act/assign/",
        {
            "assign-version": case.version,
            "assign-unit": people["unit"].pk,
            "assign-due": due().isoformat(),
        },
    )
    case.refresh_from_db()
    assert case.state == State.ASSIGNED
    assert case.responsible_unit == people["unit"]
    # Routed on, the case is the unit's now: back to the list, not to a page it refuses.
    assert response.status_code == 302
    assert response.url == "/petitions/"
    assert client.get(case.get_absolute_url()).status_code == 404


def test_office_handler_does_not_decide_reports(client, people, xfb_handler):
    case = advance(register(by=people["clerk"]), State.AWAITING_REVIEW, **people)
    assert not case.is_visible_to(xfb_handler)
    assert not Petition.objects.held_by(xfb_handler).filter(pk=case.pk).exists()
    client.force_login(xfb_handler)
    assert client.get(case.get_absolute_url()).status_code == 404
    with pytest.raises(services.PetitionError):
        services.petition_approve(petition=case, by=xfb_handler)


def test_office_leader_decides_a_units_signed_report(client, people, xfb_leader):
    case = advance(register(by=people["clerk"]), State.AWAITING_REVIEW, **people)
    assert case.is_visible_to(xfb_leader)
    assert Petition.objects.held_by(xfb_leader).filter(pk=case.pk).exists()
    assert xfb_leader in case.holders()
    assert {"approve", "send_back"} <= offered(case, xfb_leader)

    client.force_login(xfb_leader)
    assert client.get(case.get_absolute_url()).status_code == 200
    response = client.post(
        f"/petitions/{case.number}/act/send_back/",
        {"send_back-version": case.version, "send_back-reason": "事实不清，请重新调查。"},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == State.IN_PROGRESS


def test_office_leader_approves_through_the_service_and_routes_too(people, xfb_leader):
    case = advance(register(by=people["clerk"]), State.AWAITING_REVIEW, **people)
    case = services.petition_approve(petition=case, by=xfb_leader)
    assert case.state == State.REPLIED
    new = register(by=people["clerk"])
    assert "assign" in offered(new, xfb_leader)
    new = services.petition_assign(petition=new, unit=people["unit"], due=due(), by=xfb_leader)
    assert new.state == State.ASSIGNED


def test_office_staff_see_the_queues_of_what_waits_for_the_office(client, people, xfb_leader):
    new = register(by=people["clerk"])
    signed = advance(register(by=people["clerk"]), State.AWAITING_REVIEW, **people)
    client.force_login(xfb_leader)
    html = client.get("/").content.decode()
    assert new.number in html
    assert signed.number in html
    assert "待我办理" in html


def test_a_handler_of_another_unit_can_do_none_of_it(client, people, other_handler):
    new = register(by=people["clerk"])
    signed = advance(register(by=people["clerk"]), State.AWAITING_REVIEW, **people)
    client.force_login(other_handler)
    for case in (new, signed):
        assert not case.is_visible_to(other_handler)
        assert not Petition.objects.held_by(other_handler).filter(pk=case.pk).exists()
        assert offered(case, other_handler) == set()
        assert client.get(case.get_absolute_url()).status_code == 404
    response = client.post(
        f"/petitions/{new.number}/act/assign/",
        {
            "assign-version": new.version,
            "assign-unit": people["unit"].pk,
            "assign-due": due().isoformat(),
        },
    )
    assert response.status_code == 404
    with pytest.raises(services.PetitionError):
        services.petition_assign(petition=new, unit=people["unit"], due=due(), by=other_handler)
    with pytest.raises(services.PetitionError):
        services.petition_approve(petition=signed, by=other_handler)


def test_the_unit_handler_of_a_case_does_not_route_or_decide_it(people):
    """A handler in the responsible unit sees its case, but routing and deciding reports
    stay with the office."""
    signed = advance(register(by=people["clerk"]), State.AWAITING_REVIEW, **people)
    assert signed.is_visible_to(people["handler"])
    assert "approve" not in offered(signed, people["handler"])
