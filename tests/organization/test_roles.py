"""Roles are groups kept by migrate, with exactly the permissions each app declares."""

import io

import pytest
from django.contrib.auth.models import Group, Permission

from organization.roles import Role, declared_role_permissions, sync_role_permissions
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


def codes(group: Group) -> set[str]:
    return {
        f"{app_label}.{codename}"
        for app_label, codename in group.permissions.values_list(
            "content_type__app_label", "codename"
        )
    }


def test_after_migrate_every_role_holds_exactly_its_declared_permissions():
    declared = declared_role_permissions()
    assert set(declared) == set(Role.values)
    for role in Role.values:
        assert codes(Group.objects.get(name=role)) == declared[role], role


def test_what_a_leader_may_do_is_read_from_the_apps_declarations():
    leader = declared_role_permissions()[Role.LEADER]
    assert "petitions.sign_off_petition" in leader
    assert "reception.view_duty_check" in leader
    assert "petitions.route_petition" not in leader


def test_the_sync_adds_missing_rights_and_removes_undeclared_ones():
    leader = Group.objects.get(name=Role.LEADER)
    stray = Permission.objects.get(content_type__app_label="petitions", codename="route_petition")
    signed = Permission.objects.get(
        content_type__app_label="petitions", codename="sign_off_petition"
    )
    leader.permissions.add(stray)
    leader.permissions.remove(signed)
    Group.objects.filter(name=Role.INSPECTOR).delete()

    out = io.StringIO()
    sync_role_permissions(stdout=out)

    declared = declared_role_permissions()
    assert codes(leader) == declared[Role.LEADER]
    assert codes(Group.objects.get(name=Role.INSPECTOR)) == declared[Role.INSPECTOR]
    assert "Role leader: removed undeclared permissions petitions.route_petition" in out.getvalue()


def test_a_group_that_is_not_a_role_is_left_alone():
    other = Group.objects.create(name="值班员")
    right = Permission.objects.get(content_type__app_label="petitions", codename="route_petition")
    other.permissions.add(right)
    sync_role_permissions()
    assert list(other.permissions.all()) == [right]


def test_a_declared_permission_that_does_not_exist_is_an_error(monkeypatch):
    from organization import roles

    monkeypatch.setitem(roles.ROLE_PERMISSIONS, Role.CLERK, ["organization.fly_unit"])
    with pytest.raises(LookupError, match=r"organization\.fly_unit"):
        sync_role_permissions()
