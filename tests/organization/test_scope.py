"""The one unit-scope rule: own subtree; the office sees all."""

import pytest

from organization.models import Unit, subtree_pks
from organization.roles import Role
from organization.scope import can_see_unit, unit_scope_q, visible_units
from petitions.models import Category
from tests.factories import UnitFactory, UserFactory

pytestmark = pytest.mark.django_db


def codes(queryset):
    return sorted(queryset.values_list("code", flat=True))


def test_user_sees_own_unit_and_everything_below(handler, section_a1, unit_b):
    assert codes(visible_units(handler)) == ["A", "A-1"]


def test_user_of_a_section_sees_only_the_section(section_a1, unit_b):
    user = UserFactory(unit=section_a1, roles=[Role.HANDLER])
    assert codes(visible_units(user)) == ["A-1"]
    assert not can_see_unit(user, Unit.objects.get_parent(section_a1))


def test_office_sees_every_unit_whatever_its_own_unit(section_a1, unit_b):
    office = UserFactory(unit=unit_b, roles=[Role.OFFICE])
    assert codes(visible_units(office)) == ["A", "A-1", "B", "G"]
    assert can_see_unit(office, section_a1)


def test_user_without_unit_sees_nothing(unit_a):
    assert codes(visible_units(UserFactory(unit=None, roles=[Role.CLERK]))) == []


def test_similar_path_prefix_of_a_sibling_is_not_leaked(group_root):
    # Sibling paths share no prefix even when codes look alike.
    first = Unit.objects.add_child(group_root, {"code": "X1", "name": "一", "kind": "unit"})
    Unit.objects.add_child(group_root, {"code": "X10", "name": "十", "kind": "unit"})
    user = UserFactory(unit=first, roles=[Role.HANDLER])
    assert codes(visible_units(user)) == ["X1"]


def test_predicate_agrees_with_the_queryset_for_every_unit(handler, section_a1, unit_b, office):
    for user in (handler, office):
        assert set(visible_units(user)) == {
            unit for unit in Unit.objects.all() if can_see_unit(user, unit)
        }


def test_scope_q_keeps_rows_whose_unit_is_in_the_subtree(handler, leader, outsider, clerk):
    from organization.models import User

    assert set(User.objects.filter(unit_scope_q(handler, "unit"))) == {handler, leader}
    assert set(User.objects.filter(unit_scope_q(outsider, "unit"))) == {outsider}


def test_a_subtree_s_ids_are_the_node_and_everything_below(unit_a, section_a1, unit_b):
    team = UnitFactory(code="A-1-1", name="一班", kind="team", parent=section_a1)
    assert subtree_pks(unit_a) == sorted([unit_a.pk, section_a1.pk, team.pk])
    assert subtree_pks(Unit.objects.get(pk=section_a1.pk)) == sorted([section_a1.pk, team.pk])
    assert subtree_pks(unit_b) == [unit_b.pk]
    # Any tree of the same kind: the categories.
    wages = Category.objects.add_root({"name": "工资"})
    arrears = Category.objects.add_child(wages, {"name": "拖欠"})
    Category.objects.add_root({"name": "住房"})
    assert subtree_pks(wages) == sorted([wages.pk, arrears.pk])
