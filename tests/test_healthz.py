import pytest
from django.db import OperationalError, connection


@pytest.mark.django_db
def test_healthz_reports_database_and_real_broker_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "database": "ok",
        "broker": "ok",
        "email": {"status": "ok", "pending": 0, "oldest_pending_seconds": None},
    }


@pytest.mark.django_db
def test_healthz_reports_broker_down_but_stays_up(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"
    assert response.json()["broker"] == "down"


@pytest.mark.django_db
def test_healthz_reports_broker_disabled_without_redis(client, settings):
    settings.REDIS_URL = ""
    assert client.get("/healthz").json()["broker"] == "disabled"


@pytest.mark.django_db
def test_healthz_is_503_when_the_database_does_not_answer(client, monkeypatch):
    def unreachable(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", unreachable)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "down"


def test_healthz_needs_no_login_and_no_https_redirect(client, settings, db):
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/healthz")
    assert response.status_code == 200


@pytest.mark.django_db
def test_healthz_reports_the_email_outbox(client):
    from datetime import timedelta

    from django.utils import timezone

    from notifications.models import Notification
    from tests.factories import UserFactory

    user = UserFactory(email="someone@example.cn")
    now = timezone.now()
    for minutes, emailed in ((90, None), (5, None), (300, now)):
        Notification.objects.create(
            recipient=user,
            kind="test",
            text="t",
            send_email=True,
            emailed_at=emailed,
            created_at=now - timedelta(minutes=minutes),
        )
    email = client.get("/healthz").json()["email"]
    assert email["pending"] == 2  # the one sent long ago is not pending
    assert 90 * 60 <= email["oldest_pending_seconds"] < 91 * 60
