"""Failed sign-ins lock a user name at one address for a while (django-axes)."""

import pytest
from axes.models import AccessAttempt
from axes.utils import reset
from django.contrib.auth import authenticate

from organization.roles import Role
from tests.factories import PASSWORD, UserFactory, sign_in_request

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
LOCKED = "登录失败次数过多"


def sign_in(client, user, password, address="10.0.0.5"):
    return client.post(
        LOGIN, {"username": user.username, "password": password}, REMOTE_ADDR=address
    )


def fail(client, user, times, address="10.0.0.5"):
    for _attempt in range(times):
        sign_in(client, user, "wrong-password", address)


def test_five_wrong_passwords_lock_the_user_at_that_address_with_a_chinese_message(client, clerk):
    fail(client, clerk, 4)
    assert sign_in(client, clerk, "wrong-password").status_code == 429

    response = sign_in(client, clerk, PASSWORD)
    assert response.status_code == 429
    html = response.content.decode()
    assert LOCKED in html
    assert "30 分钟" in html
    assert "_auth_user_id" not in client.session


def test_another_user_at_the_same_address_still_signs_in(client, clerk, handler):
    fail(client, clerk, 5)
    response = sign_in(client, handler, PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(handler.pk)


def test_the_same_user_from_another_address_still_signs_in(client, clerk):
    fail(client, clerk, 5, address="10.0.0.5")
    response = sign_in(client, clerk, PASSWORD, address="10.0.0.9")
    assert response.status_code == 302


def test_a_forwarded_for_header_does_not_dodge_the_lock_without_a_trusted_proxy(client, clerk):
    for index in range(5):
        client.post(
            LOGIN,
            {"username": clerk.username, "password": "wrong"},
            REMOTE_ADDR="10.0.0.5",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{index}",
        )
    assert sign_in(client, clerk, PASSWORD).status_code == 429


def test_fewer_failures_than_the_limit_do_not_lock_and_success_clears_them(client, clerk):
    fail(client, clerk, 4)
    assert sign_in(client, clerk, PASSWORD).status_code == 302
    assert not AccessAttempt.objects.filter(username=clerk.username).exists()


def test_unlocking_lets_the_user_sign_in_again(client, clerk):
    fail(client, clerk, 5)
    assert sign_in(client, clerk, PASSWORD).status_code == 429

    reset(username=clerk.username)
    assert sign_in(client, clerk, PASSWORD).status_code == 302


def test_limit_and_cool_off_come_from_settings(client, clerk, settings):
    settings.AXES_FAILURE_LIMIT = 2
    fail(client, clerk, 2)
    assert sign_in(client, clerk, PASSWORD).status_code == 429


def test_authenticate_refuses_a_locked_pair_even_with_the_right_password(clerk):
    for _attempt in range(5):
        assert authenticate(sign_in_request(), username=clerk.username, password="x") is None
    assert authenticate(sign_in_request(), username=clerk.username, password=PASSWORD) is None
    assert authenticate(sign_in_request("10.0.0.7"), username=clerk.username, password=PASSWORD)


@pytest.fixture
def admin_client(client, group_root):
    admin = UserFactory(username="admin", unit=group_root, roles=[Role.ADMIN], is_staff=True)
    client.force_login(admin)
    return client


def test_administrator_sees_locked_attempts_and_deleting_one_unlocks(client, admin_client, clerk):
    other = type(client)()
    fail(other, clerk, 5)
    attempt = AccessAttempt.objects.get(username=clerk.username)

    listing = admin_client.get("/admin/axes/accessattempt/")
    assert listing.status_code == 200
    assert clerk.username in listing.content.decode()

    response = admin_client.post(f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not AccessAttempt.objects.exists()
    assert sign_in(other, clerk, PASSWORD).status_code == 302
