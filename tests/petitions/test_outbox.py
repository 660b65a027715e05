"""The e-mail outbox: one refused address never holds back the others."""

import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend

from organization.roles import Role
from petitions.models import Notification
from petitions.notifications import send_pending_emails
from tests.factories import UserFactory

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
    settings.EMAIL_BACKEND = "tests.petitions.test_outbox.RefusingBackend"
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
    settings.EMAIL_BACKEND = "tests.petitions.test_outbox.FailingServerBackend"
    _first, second = queued("a@example.cn", "b@example.cn")
    mail.outbox.clear()

    assert send_pending_emails() == 1
    assert list(Notification.objects.email_pending()) == [second]

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send_pending_emails() == 1
    assert [message.to for message in mail.outbox] == [["a@example.cn"], ["b@example.cn"]]
