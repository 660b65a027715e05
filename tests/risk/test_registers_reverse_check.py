from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone

from petitions.models import Petitioner
from risk import reverse_check as module
from risk.reverse_check import months_back, reverse_check
from tests.petitions.factories import advance, register
from tests.reception.factories import make_skip_level

pytestmark = pytest.mark.django_db


def hazard(pk, *, category_id=None, person_ids=()):
    return SimpleNamespace(pk=pk, category_id=category_id, person_ids=set(person_ids))


@pytest.fixture
def visit(people, office, unit_a):
    case = advance(register(by=people["clerk"]), "in_progress", **people)
    return make_skip_level(by=office, unit=unit_a, on=timezone.localdate(), petitions=[case])


def test_months_back():
    from datetime import date

    assert months_back(date(2026, 2, 14), 3) == date(2025, 11, 1)


def test_nothing_screened_no_leader(visit, monkeypatch):
    monkeypatch.setattr(module, "hazards_before", lambda unit, on, months=None: [])
    result = reverse_check(visit)
    assert not result.on_screening_list
    assert not result.had_owning_leader


def test_matched_by_person_before_category(visit, monkeypatch):
    person = Petitioner.objects.get()
    category_id = visit.petitions.get().category_id
    hazards = [hazard(1, category_id=category_id), hazard(2, person_ids=[person.pk])]
    monkeypatch.setattr(module, "hazards_before", lambda unit, on, months=None: hazards)
    result = reverse_check(visit)
    assert result.on_screening_list
    assert result.matched_by == "person"
    assert result.hazard_ids == (2,)


def test_matched_by_category(visit, monkeypatch):
    category_id = visit.petitions.get().category_id
    monkeypatch.setattr(
        module, "hazards_before", lambda unit, on, months=None: [hazard(7, category_id=category_id)]
    )
    assert reverse_check(visit).matched_by == "category"


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
