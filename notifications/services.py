"""The in-app inbox and e-mail reminders: the only writer of notifications.

A Notification row is written in the caller's transaction, so nothing is lost
when the broker is down: rows with `send_email` and no `emailed_at` are the
e-mail outbox (outbox.py). After commit, `notify` asks a worker to send them; if
the broker cannot be reached, that is logged and `send_pending_emails` (every ten
minutes, and at the end of the daily deadline run) sends them later.

No request ever waits on the mail server: without a broker (tasks would run
eagerly, inside the request) nothing is sent after commit at all, and the
`send_pending_emails` command run by cron sends the outbox.
"""

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from organization.inserts import insert_all

from . import tasks
from .models import Notification

logger = logging.getLogger(__name__)


def users_with_role(role: str):
    """Active users with this role (a Django group), e.g. the office or the inspectors."""
    return (
        get_user_model().objects.filter(is_active=True, groups__name=role).distinct().order_by("pk")
    )


def wants_email(user) -> bool:
    return bool(user.email_notifications and user.email)


@dataclass(frozen=True)
class Message:
    """One message to a list of people: `notify_all` sends many in one statement."""

    recipients: Iterable
    kind: str
    text: str
    url: str = ""
    subject: str = ""
    due: date | None = None


def _rows(message: Message) -> list[Notification]:
    """The message's rows, each active recipient once."""
    seen = set()
    rows = []
    for user in message.recipients:
        if user is None or user.pk in seen or not user.is_active:
            continue
        seen.add(user.pk)
        rows.append(
            Notification(
                recipient_id=user.pk,
                kind=message.kind,
                subject=message.subject,
                due=message.due,
                text=message.text,
                url=message.url,
                send_email=wants_email(user),
            )
        )
    return rows


def notify_all(messages: Iterable[Message]) -> list[Notification]:
    """Save every message's rows in one statement; queue their e-mails after commit (with
    a broker only: without one, the task would run in the request, so cron's
    send_pending_emails sends them). Never raises because of the broker."""
    rows = [row for message in messages for row in _rows(message)]
    if not rows:
        return []
    insert_all(rows)
    if any(n.send_email for n in rows) and not settings.CELERY_TASK_ALWAYS_EAGER:
        if all(n.pk is not None for n in rows):
            ids = [n.pk for n in rows if n.send_email]
            transaction.on_commit(lambda: enqueue_emails(ids))
        else:
            transaction.on_commit(enqueue_pending)
    return rows


def notify(
    recipients: Iterable,
    *,
    kind: str,
    text: str,
    url: str = "",
    subject: str = "",
    due: date | None = None,
) -> list[Notification]:
    """Tell each recipient once (inbox, and e-mail if they chose it)."""
    return notify_all(
        [Message(recipients, kind=kind, text=text, url=url, subject=subject, due=due)]
    )


def enqueue_emails(ids: list[int]) -> None:
    """Ask a worker to send these e-mails; on a broker failure, leave them pending."""
    try:
        tasks.send_notification_emails.delay(ids)
    except Exception:
        logger.warning(
            "Could not queue %d notification e-mails (broker down?); "
            "send_pending_emails will send them.",
            len(ids),
            exc_info=True,
        )


def enqueue_pending() -> None:
    try:
        tasks.send_pending_emails.delay()
    except Exception:
        logger.warning("Could not queue send_pending_emails (broker down?).", exc_info=True)


UNREAD_SHOWN = 99  # the bell says "99+" beyond: counting every unread row on every page costs


def unread_count(user) -> int:
    """Unread messages, counted up to UNREAD_SHOWN + 1 (shown as "99+")."""
    unread = Notification.objects.filter(recipient=user, read_at=None).order_by()
    return unread[: UNREAD_SHOWN + 1].count()


def notification_mark_read(*, user, pk: int) -> Notification | None:
    notification = Notification.objects.filter(recipient=user, pk=pk).first()
    if notification is not None and notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=pk, read_at=None).update(read_at=notification.read_at)
    return notification


def notifications_mark_all_read(*, user) -> int:
    return Notification.objects.filter(recipient=user, read_at=None).update(read_at=timezone.now())
