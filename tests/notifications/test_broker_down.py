"""A broker outage never loses a registration or a notification."""

import json

import pytest
from django.core import mail
from kombu import pools

from config.celery import app
from notifications import tasks
from notifications.models import Notification
from organization.roles import Role
from petitions.models import Petition
from tests.factories import UserFactory
from tests.petitions.factories import register

pytestmark = pytest.mark.django_db

CLOSED_PORT = "redis://127.0.0.1:9/0"


def forget_broker_connections():
    """Drop pooled connections, so the next publish connects to the current broker URL."""
    app._pool = None
    app.amqp._producer_pool = None
    pools.reset()  # kombu's shared producer pools, keyed by connection


@pytest.fixture
def broker_down(settings):
    settings.CELERY_BROKER_URL = CLOSED_PORT
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.REDIS_URL = CLOSED_PORT
    forget_broker_connections()
    yield
    forget_broker_connections()


def test_registration_with_the_broker_down_loses_nothing(
    people, office, broker_down, settings, caplog, django_capture_on_commit_callbacks, client
):
    office.email = "office@example.cn"
    office.email_notifications = True
    office.save()
    mail.outbox.clear()

    unit_clerk = UserFactory(unit=people["unit"], roles=[Role.CLERK])
    with django_capture_on_commit_callbacks(execute=True):
        petition = register(by=unit_clerk)

    assert Petition.objects.filter(pk=petition.pk, number=petition.number).exists()
    note = Notification.objects.get(recipient=office, subject=petition.number)
    assert note.kind == "registered"
    assert note.send_email
    assert note.emailed_at is None
    assert "Could not queue" in caplog.text
    assert mail.outbox == []

    client.force_login(office)
    health = json.loads(client.get("/healthz").content)
    assert health["broker"] == "down"

    # The broker is back: the periodic job sends what was left.
    settings.CELERY_TASK_ALWAYS_EAGER = True
    tasks.send_pending_emails.delay()
    note.refresh_from_db()
    assert note.emailed_at is not None
    assert [message.to for message in mail.outbox] == [["office@example.cn"]]


def test_a_transition_with_the_broker_down_succeeds(people, office, broker_down, unit_a):
    people["handler"].email = "handler@example.cn"
    people["handler"].email_notifications = True
    people["handler"].save()
    petition = register(by=people["clerk"])
    from datetime import timedelta

    from django.utils import timezone

    from petitions import services

    petition = services.petition_assign(
        petition=petition,
        unit=unit_a,
        due=timezone.localdate() + timedelta(days=30),
        by=people["clerk"],
    )
    petition.refresh_from_db()
    assert petition.state == "assigned"
    assert Notification.objects.email_pending().filter(recipient=people["handler"]).exists()
