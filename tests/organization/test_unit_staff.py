"""One answer to "the handlers and leaders of a unit" (issue 17): User.objects.unit_staff,
asked by petitions, supervision (notices and reminders) and risk alike."""

import pytest
from django.db.models import F

from organization.models import User
from organization.roles import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(unit_a, unit_b, section_a1):
    make = UserFactory
    return {
        "handler": make(username="s_handler", unit=unit_a, roles=[Role.HANDLER]),
        "leader": make(username="s_leader", unit=unit_a, roles=[Role.LEADER]),
        "both": make(username="s_both", unit=unit_a, roles=[Role.HANDLER, Role.LEADER]),
        "clerk": make(username="s_clerk", unit=unit_a, roles=[Role.CLERK]),
        "gone": make(username="s_gone", unit=unit_a, roles=[Role.HANDLER], is_active=False),
        "below": make(username="s_below", unit=section_a1, roles=[Role.HANDLER]),
        "other": make(username="s_other", unit=unit_b, roles=[Role.LEADER]),
    }


def names(users):
    return [user.username for user in users]


def test_the_active_handlers_and_leaders_of_the_unit_itself_each_once(staff, unit_a):
    expected = ["s_handler", "s_leader", "s_both"]
    assert names(User.objects.unit_staff(unit_a)) == expected
    assert names(User.objects.unit_staff(unit_a.pk)) == expected


def test_several_units_at_once(staff, unit_a, unit_b):
    assert names(User.objects.unit_staff({unit_a.pk, unit_b.pk})) == [
        "s_handler",
        "s_leader",
        "s_both",
        "s_other",
    ]
    assert names(User.objects.unit_staff([])) == []


def test_a_row_per_role_when_asked(staff, unit_a):
    rows = User.objects.unit_staff([unit_a.pk]).annotate(role=F("groups__name"))
    assert sorted((user.username, user.role) for user in rows) == [
        ("s_both", "handler"),
        ("s_both", "leader"),
        ("s_handler", "handler"),
        ("s_leader", "leader"),
    ]
