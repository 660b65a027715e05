"""Roles are groups created by migration, with the permissions they need."""

import pytest
from django.contrib.auth.models import Group

from organization.roles import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_every_role_of_the_design_exists_as_a_group():
    assert set(Group.objects.values_list("name", flat=True)) >= set(Role.values)


def test_admin_role_manages_units_and_users_office_only_reads_them(unit_a):
    admin = UserFactory(unit=unit_a, roles=[Role.ADMIN], is_staff=True)
    office = UserFactory(unit=unit_a, roles=[Role.OFFICE])
    clerk = UserFactory(unit=unit_a, roles=[Role.CLERK])

    assert admin.has_perms(["organization.add_unit", "organization.change_user"])
    assert office.has_perm("organization.view_unit")
    assert not office.has_perm("organization.change_unit")
    assert not clerk.has_perm("organization.view_user")


def test_has_role_follows_group_membership_and_active_flag(unit_a):
    user = UserFactory(unit=unit_a, roles=[Role.LEADER, Role.HANDLER])
    assert user.has_role(Role.LEADER)
    assert user.has_role(Role.OFFICE, Role.HANDLER)
    assert not user.has_role(Role.OFFICE)

    inactive = UserFactory(unit=unit_a, roles=[Role.LEADER], is_active=False)
    assert not inactive.has_role(Role.LEADER)


def test_role_labels_are_in_role_order(unit_a):
    user = UserFactory(unit=unit_a, roles=[Role.LEADER, Role.CLERK])
    assert [str(label) for label in user.role_labels] == [
        str(Role.CLERK.label),
        str(Role.LEADER.label),
    ]
