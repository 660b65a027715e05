"""The e-mail outbox: one refused address never holds back the others; a slow or
silent mail server never holds a request, a worker's transaction or the daily job."""

import io
import json
import smtplib
import socket
import time
from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from notifications.models import Notification
from notifications.outbox import send_pending_emails
from organization.roles import Role
from petitions.models import Petition
from tests.factories import UserFactory
from tests.petitions.test_views import registration_post
from tests.test_settings_env import run_python

pytestmark = pytest.mark.django_db


class RefusingBackend(EmailBackend):
    """Delivers like locmem, but the server refuses one address."""

    def send_messages(self, messages):
        for message in messages:
            if "bad@example.cn" in message.to:
                raise smtplib.SMTPRecipientsRefused({"bad@example.cn": (550, b"No such user")})
        return super().send_messages(messages)


class FailingServerBackend(EmailBackend):
    """The server goes away after the first message."""

    def send_messages(self, messages):
        if mail.outbox:
            raise smtplib.SMTPServerDisconnected("gone")
        return super().send_messages(messages)


def queued(*addresses):
    notes = []
    for address in addresses:
        user = UserFactory(email=address, email_notifications=True, roles=[Role.HANDLER])
        notes.append(
            Notification.objects.create(
                recipient=user, kind="other", text=f"提醒 {address}", send_email=True
            )
        )
    return notes


def test_a_refused_address_is_skipped_and_the_rest_are_sent(settings, caplog):
    settings.EMAIL_BACKEND = "tests.notifications.test_outbox.RefusingBackend"
    _first, bad, _last = queued("a@example.cn", "bad@example.cn", "c@example.cn")
    mail.outbox.clear()

    assert send_pending_emails() == 2
    assert [message.to for message in mail.outbox] == [["a@example.cn"], ["c@example.cn"]]
    # All three are done: the refused one is not tried again every ten minutes.
    assert not Notification.objects.email_pending().exists()
    assert f"notification {bad.pk} refused" in caplog.text
    assert send_pending_emails() == 0
    assert len(mail.outbox) == 2


def test_a_broken_server_keeps_the_unsent_for_the_next_run(settings):
    settings.EMAIL_BACKEND = "tests.notifications.test_outbox.FailingServerBackend"
    _first, second = queued("a@example.cn", "b@example.cn")
    mail.outbox.clear()

    assert send_pending_emails() == 1
    assert list(Notification.objects.email_pending()) == [second]

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send_pending_emails() == 1
    assert [message.to for message in mail.outbox] == [["a@example.cn"], ["b@example.cn"]]


# --- A slow or silent mail server ---------------------------------------------------------

HANG_SECONDS = 3


class HangingBackend(EmailBackend):
    """A server that takes the connection and answers nothing until the timeout."""

    calls: list[bool] = []

    def send_messages(self, messages):
        HangingBackend.calls.append(connection.in_atomic_block)
        time.sleep(HANG_SECONDS)
        raise TimeoutError("timed out")


class TimingOutBackend(EmailBackend):
    """The same server, its timeout already over: raises at once."""

    calls: list[bool] = []

    def send_messages(self, messages):
        TimingOutBackend.calls.append(connection.in_atomic_block)
        raise TimeoutError("timed out")  # socket.timeout


class RecordingBackend(EmailBackend):
    """Delivers like locmem and notes whether a transaction was open meanwhile."""

    calls: list[bool] = []

    def send_messages(self, messages):
        RecordingBackend.calls.append(connection.in_atomic_block)
        return super().send_messages(messages)


@pytest.fixture
def fresh_backends():
    for backend in (HangingBackend, TimingOutBackend, RecordingBackend):
        backend.calls = []
    mail.outbox.clear()


@pytest.mark.django_db(transaction=True)
def test_without_a_broker_an_action_answers_at_once_and_its_email_waits_for_the_command(
    client, people, settings, fresh_backends
):
    """No broker (tasks eager): the request never talks to the mail server."""
    assert settings.CELERY_TASK_ALWAYS_EAGER
    settings.EMAIL_BACKEND = "tests.notifications.test_outbox.HangingBackend"
    office = people["office"]
    office.email = "office@example.cn"
    office.email_notifications = True
    office.save()
    clerk = UserFactory(unit=people["unit"], roles=[Role.CLERK])
    client.force_login(clerk)

    started = time.monotonic()
    response = client.post("/petitions/new/", registration_post(received_by=clerk.pk))
    elapsed = time.monotonic() - started

    assert response.status_code == 302
    assert elapsed < HANG_SECONDS
    assert HangingBackend.calls == []
    petition = Petition.objects.get()
    note = Notification.objects.get(recipient=office, subject=petition.number)
    assert note.send_email
    assert note.emailed_at is None

    # cron's command sends it; the mail server is well again.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("send_pending_emails", stdout=io.StringIO())
    note.refresh_from_db()
    assert note.emailed_at is not None
    assert [message.to for message in mail.outbox] == [["office@example.cn"]]


@pytest.mark.django_db(transaction=True)
def test_no_transaction_is_open_while_the_mail_server_is_talked_to(settings, fresh_backends):
    settings.EMAIL_BACKEND = "tests.notifications.test_outbox.RecordingBackend"
    queued("a@example.cn", "b@example.cn")

    assert send_pending_emails() == 2
    assert RecordingBackend.calls == [False, False]
    assert not Notification.objects.email_pending().exists()


@pytest.mark.django_db(transaction=True)
def test_a_timing_out_server_leaves_the_mail_pending_unclaimed_and_no_transaction_open(
    settings, fresh_backends, caplog
):
    settings.EMAIL_BACKEND = "tests.notifications.test_outbox.TimingOutBackend"
    notes = queued("a@example.cn", "b@example.cn")

    assert send_pending_emails() == 0
    assert TimingOutBackend.calls == [False]  # the server failed: the rest is not tried
    assert "will retry" in caplog.text
    pending = Notification.objects.email_pending().order_by("pk")
    assert list(pending) == notes
    # Released at once: the next run (not one five minutes later) tries again.
    assert all(note.email_claimed_at is None for note in pending)

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send_pending_emails() == 2


@pytest.mark.django_db(transaction=True)
def test_a_server_that_accepts_and_never_answers_is_given_up_after_email_timeout(settings):
    """The real SMTP backend against a socket that never greets: EMAIL_TIMEOUT ends the wait."""
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)  # the kernel accepts the connection; nobody ever answers
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = silent.getsockname()
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 1
    (note,) = queued("a@example.cn")
    try:
        started = time.monotonic()
        assert send_pending_emails() == 0
        assert time.monotonic() - started < 5
    finally:
        silent.close()
    note.refresh_from_db()
    assert note.emailed_at is None
    assert note.email_claimed_at is None


def test_a_claim_held_by_a_live_sender_is_left_alone_and_a_stale_one_is_taken(settings):
    held, stale = queued("a@example.cn", "b@example.cn")
    mail.outbox.clear()
    now = timezone.now()
    Notification.objects.filter(pk=held.pk).update(email_claimed_at=now - timedelta(minutes=1))
    Notification.objects.filter(pk=stale.pk).update(email_claimed_at=now - timedelta(minutes=30))

    assert send_pending_emails() == 1
    assert [message.to for message in mail.outbox] == [["b@example.cn"]]
    assert list(Notification.objects.email_pending()) == [held]


def test_the_send_pending_emails_command_sends_the_outbox_once(capsys):
    queued("a@example.cn", "b@example.cn")
    mail.outbox.clear()

    call_command("send_pending_emails")
    assert "2 e-mails sent." in capsys.readouterr().out
    call_command("send_pending_emails")
    assert "0 e-mails sent." in capsys.readouterr().out
    assert len(mail.outbox) == 2
    assert not Notification.objects.email_pending().exists()


PROBE = """
import json
from django.conf import settings
from django.core.mail import get_connection
smtp = get_connection("django.core.mail.backends.smtp.EmailBackend")
print(json.dumps({"setting": settings.EMAIL_TIMEOUT, "smtp": smtp.timeout}))
"""


@pytest.mark.parametrize(("environment", "seconds"), [({}, 10), ({"EMAIL_TIMEOUT": "3"}, 3)])
def test_email_timeout_comes_from_the_environment(monkeypatch, environment, seconds):
    monkeypatch.delenv("EMAIL_TIMEOUT", raising=False)
    result = run_python(
        ["-c", "import django; django.setup()\n" + PROBE], {"DEBUG": "1", **environment}
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {"setting": seconds, "smtp": seconds}
