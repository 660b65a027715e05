"""A signed-in user's roles, permissions and subtree: read once per change of what
decides them (organization.grants), and every change holds from the next request."""

import psycopg2
import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.db.models import F
from django.utils import timezone

from organization import grants
from organization.backends import UserBackend
from organization.models import AccessGeneration, Unit, User
from organization.roles import Role
from organization.scope import subtree_ids
from tests.factories import UnitFactory, UserFactory


def signed_in(user) -> User:
    """The user as a request reads it from its session."""
    return UserBackend().get_user(user.pk)


def generation() -> int:
    return AccessGeneration.objects.get(pk=1).value


def test_a_user_s_grants_are_read_once_and_then_cost_no_query(
    handler, unit_a, section_a1, django_assert_num_queries
):
    signed_in(handler)  # reads and keeps them
    with django_assert_num_queries(1):  # the user, its unit and the generation
        user = signed_in(handler)
        assert user.has_role(Role.HANDLER)
        assert user.has_perm("petitions.handle_petition")
        assert not user.has_perm("petitions.supervise_petition")
        assert sorted(subtree_ids(user)) == sorted([unit_a.pk, section_a1.pk])
        assert user.office_staff_roles == frozenset()


def test_they_are_what_the_queries_answer(handler, clerk, office, leader):
    for person in (handler, clerk, office, leader):
        signed_in(person)
        kept, read = signed_in(person), User.objects.get(pk=person.pk)
        assert kept.roles == read.roles
        assert kept.get_all_permissions() == read.get_all_permissions()
        assert kept.office_staff_roles == read.office_staff_roles
        assert subtree_ids(kept) == subtree_ids(read)


def test_a_role_taken_away_holds_from_the_next_request(handler):
    assert signed_in(handler).has_perm("petitions.handle_petition")
    handler.groups.clear()
    user = signed_in(handler)
    assert user.roles == frozenset()
    assert not user.has_perm("petitions.handle_petition")


def test_a_right_taken_from_a_role_holds_from_the_next_request(handler):
    assert signed_in(handler).has_perm("petitions.handle_petition")
    right = Permission.objects.get(codename="handle_petition")
    Group.objects.get(name=Role.HANDLER).permissions.remove(right)
    assert not signed_in(handler).has_perm("petitions.handle_petition")


def test_a_role_renamed_in_bulk_holds_from_the_next_request(handler):
    assert signed_in(handler).has_role(Role.HANDLER)
    # An UPDATE no signal sees: the trigger does.
    Group.objects.filter(name=Role.HANDLER).update(name="former handlers")
    assert not signed_in(handler).has_role(Role.HANDLER)


def test_a_unit_added_below_or_an_account_moved_changes_the_subtree(handler, unit_a, unit_b):
    assert subtree_ids(signed_in(handler)) == [unit_a.pk]
    below = UnitFactory(parent=unit_a)
    assert sorted(subtree_ids(signed_in(handler))) == sorted([unit_a.pk, below.pk])
    User.objects.filter(pk=handler.pk).update(unit=unit_b)
    assert subtree_ids(signed_in(handler)) == [unit_b.pk]


def test_another_account_given_the_office_role_makes_the_unit_s_handler_office_staff(
    handler, unit_a
):
    assert signed_in(handler).office_staff_roles == frozenset()
    UserFactory(unit=unit_a, roles=[Role.OFFICE])
    assert signed_in(handler).office_staff_roles == frozenset({Role.HANDLER})


def test_a_sign_in_or_a_new_name_does_not_move_the_generation(handler):
    before = generation()
    handler.last_login = timezone.now()
    handler.save(update_fields=["last_login"])  # as Django records a sign-in
    User.objects.filter(pk=handler.pk).update(full_name="新名")
    assert generation() == before
    handler.save()  # every column written, the unit and activity among them
    assert generation() > before


def test_without_a_generation_nothing_is_kept(handler, django_assert_num_queries):
    AccessGeneration.objects.all().delete()
    signed_in(handler)
    with django_assert_num_queries(2):  # the user, then its permissions as before
        assert signed_in(handler).has_perm("petitions.handle_petition")


def test_the_process_keeps_a_bounded_number_of_users(monkeypatch, clerk, handler, leader):
    monkeypatch.setattr(grants, "KEPT_USERS", 2)
    for person in (clerk, handler, leader):
        signed_in(person)
    assert len(grants._kept) == 2
    assert {key[0] for key in grants._kept} == {handler.pk, leader.pk}


@pytest.mark.django_db(transaction=True)
def test_a_change_holds_from_its_commit_not_before(handler):
    # Another session's change: the generation moves with its commit, never before it.
    Unit.objects.filter(pk=handler.unit_id).update(path=F("path"))  # a generation row
    assert signed_in(handler).has_role(Role.HANDLER)
    assert grants._kept
    other = psycopg2.connect(**connection.get_connection_params())
    try:
        with other.cursor() as cursor:
            cursor.execute("DELETE FROM organization_user_groups WHERE user_id = %s", [handler.pk])
        assert signed_in(handler).has_role(Role.HANDLER)  # not yet committed
        other.commit()
        assert not signed_in(handler).has_role(Role.HANDLER)
    finally:
        other.close()
