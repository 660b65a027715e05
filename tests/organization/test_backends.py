"""The signed-in user is read with the unit every page names."""

from django.contrib.auth import SESSION_KEY, get_user
from django.test import RequestFactory

from organization.backends import UserBackend


def test_the_session_s_user_comes_with_the_unit(client, clerk, django_assert_num_queries):
    client.force_login(clerk)
    request = RequestFactory().get("/")
    request.session = client.session
    signed_in = int(request.session[SESSION_KEY])  # the session is read first
    with django_assert_num_queries(1):
        user = get_user(request)
        assert user.unit.name == clerk.unit.name
    assert user.pk == signed_in == clerk.pk


def test_an_inactive_or_missing_user_is_nobody(clerk):
    clerk.is_active = False
    clerk.save(update_fields=["is_active"])
    assert UserBackend().get_user(clerk.pk) is None
    assert UserBackend().get_user(10**9) is None
