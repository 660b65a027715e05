"""The signed-in user, its unit and its permissions: read in as few queries as a page can."""

from django.contrib.auth import SESSION_KEY, get_user
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission
from django.test import RequestFactory

from organization.backends import UserBackend
from organization.models import User


def test_the_session_s_user_comes_with_the_unit(client, clerk, django_assert_num_queries):
    client.force_login(clerk)
    request = RequestFactory().get("/")
    request.session = client.session
    signed_in = int(request.session[SESSION_KEY])  # the session is read first
    get_user(request)  # its roles and permissions are read once (organization.grants)
    with django_assert_num_queries(1):
        user = get_user(request)
        assert user.unit.name == clerk.unit.name
    assert user.pk == signed_in == clerk.pk


def test_an_inactive_or_missing_user_is_nobody(clerk):
    clerk.is_active = False
    clerk.save(update_fields=["is_active"])
    assert UserBackend().get_user(clerk.pk) is None
    assert UserBackend().get_user(10**9) is None


def test_own_and_group_permissions_are_read_in_one_query(clerk, django_assert_num_queries):
    own = Permission.objects.get(codename="view_unit")
    clerk.user_permissions.add(own)
    user = User.objects.get(pk=clerk.pk)
    with django_assert_num_queries(1):
        assert user.has_perm("organization.view_unit")  # its own
        assert user.has_perm("petitions.register_petition")  # the clerks' group's
        assert not user.has_perm("petitions.supervise_petition")
    assert user.get_all_permissions() == ModelBackend().get_all_permissions(
        User.objects.get(pk=clerk.pk)
    )


def test_permissions_of_several_groups_and_none_are_django_s(clerk, handler):
    # Two groups that grant some permissions twice, and a user granted nothing at all.
    clerk.groups.add(*handler.groups.all())
    clerk.user_permissions.add(*handler.groups.first().permissions.all()[:2])
    nobody = User.objects.create_user("nobody")
    for user in (clerk, handler, nobody):
        fresh = User.objects.get(pk=user.pk)
        assert fresh.get_all_permissions() == ModelBackend().get_all_permissions(
            User.objects.get(pk=user.pk)
        )
    assert not User.objects.get(pk=nobody.pk).get_all_permissions()
    assert "petitions.register_petition" in User.objects.get(pk=clerk.pk).get_all_permissions()
