from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from organization.periods import Period
from organization.roles import Role
from petitions.models import Category, PetitionPetitioner
from risk import screening_services
from risk.models import Hazard, HazardLevel
from risk.reverse_check import months_back, reverse_check
from tests.factories import UserFactory
from tests.petitions.factories import advance, register
from tests.reception.factories import make_skip_level

pytestmark = pytest.mark.django_db


def screened(unit, leader, *, category, persons=()):
    """A hazard on unit's screening report of this month, as the unit filed it."""
    report = screening_services.screening_report_start(
        unit=unit, period=Period.containing(timezone.localdate()), by=leader
    )
    return screening_services.hazard_add(
        report=report,
        data=screening_services.HazardData(
            kind=Hazard.Kind.DISPUTE,
            summary="职工讨要欠薪",
            category=category,
            level=HazardLevel.SERIOUS,
            persons=list(persons),
        ),
        by=leader,
    )


@pytest.fixture
def visit(people, office, unit_a):
    case = advance(register(by=people["clerk"]), "in_progress", **people)
    return make_skip_level(by=office, unit=unit_a, on=timezone.localdate(), petitions=[case])


def test_months_back():
    from datetime import date

    assert months_back(date(2026, 2, 14), 3) == date(2025, 11, 1)


def test_nothing_screened_no_leader(visit):
    result = reverse_check(visit)
    assert not result.on_screening_list
    assert not result.had_owning_leader


def test_matched_by_person_before_category(visit, leader, unit_a):
    case = visit.petitions.get()
    other = Category.objects.exclude(pk=case.category_id).first()
    by_category = screened(unit_a, leader, category=case.category)
    by_person = screened(
        unit_a, leader, category=other, persons=[PetitionPetitioner.objects.get(petition=case)]
    )
    result = reverse_check(visit)
    assert result.on_screening_list
    assert result.matched_by == "person"
    assert result.hazard_ids == (by_person.pk,)
    assert by_category.pk not in result.hazard_ids


def test_matched_by_category(visit, leader, unit_a):
    screened(unit_a, leader, category=visit.petitions.get().category)
    assert reverse_check(visit).matched_by == "category"


def test_a_hazard_of_another_unit_or_after_the_visit_does_not_count(visit, leader, unit_b):
    leader_b = UserFactory(unit=unit_b, roles=[Role.LEADER])
    screened(unit_b, leader_b, category=visit.petitions.get().category)
    assert not reverse_check(visit).on_screening_list
    visit.visited_on -= timedelta(days=1)  # the hazard was reported a day after the visit
    screened(visit.responsible_unit, leader, category=visit.petitions.get().category)
    assert not reverse_check(visit).on_screening_list


def test_owning_leader_of_a_linked_case(visit, leader):
    case = visit.petitions.get()
    from petitions.services import petition_set_owning_leader

    petition_set_owning_leader(petition=case, leader=leader, by=leader)
    result = reverse_check(visit)
    assert result.had_owning_leader
    assert result.leader_case_numbers == (case.number,)


def test_office_override_with_reason_wins_and_shows(client, visit, office, leader):
    client.force_login(leader)
    url = reverse("risk:reverse_check_override", args=[visit.pk])
    assert client.post(url, {"was_on_screening_list": "on", "reason": "x"}).status_code == 403
    client.force_login(office)
    client.post(url, {"was_on_screening_list": "on", "reason": "三月排查表第5项"})
    result = reverse_check(visit)
    assert result.overridden
    assert result.on_screening_list
    assert not result.derived_on_screening_list
    page = client.get(reverse("reception:skip_level_detail", args=[visit.pk])).content.decode()
    assert "reverse-check" in page
    assert "三月排查表第5项" in page
