"""The in-app inbox and e-mail reminders.

A Notification row is written in the caller's transaction, so nothing is lost
when the broker is down: rows with `send_email` and no `emailed_at` are the
e-mail outbox. After commit, `notify` asks a worker to send them; if the broker
cannot be reached, that is logged and `send_pending_emails` (every ten minutes,
and at the end of the daily deadline run) sends them later.

No request ever waits on the mail server: without a broker (tasks would run
eagerly, inside the request) nothing is sent after commit at all, and the
`send_pending_emails` command run by cron sends the outbox. A worker never holds
a database transaction open while it talks to the server (see `send_emails`),
and EMAIL_TIMEOUT bounds how long it waits.
"""

import logging
import smtplib
from collections.abc import Iterable
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from organization.roles import Role

from .models import Notification, Petition

logger = logging.getLogger(__name__)

EMAIL_BATCH = 50
# A claimed e-mail still unsent after this long belongs to a sender that died: take it again.
# Claims are renewed after every message, so a live sender never gets this old.
CLAIM_EXPIRES = timedelta(minutes=5)
# The server refused this message (its address, sender or content), not the connection.
REFUSED = (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused, smtplib.SMTPDataError)


def office_users():
    """The petition office (信访办): active users with the office role."""
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name=Role.OFFICE)
        .distinct()
        .order_by("pk")
    )


def inspector_users():
    """Discipline inspection (纪检监察): active users with the inspector role."""
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name=Role.INSPECTOR)
        .distinct()
        .order_by("pk")
    )


def wants_email(user) -> bool:
    return bool(user.email_notifications and user.email)


def build(recipient, *, kind, text, petition=None, due=None, url="") -> Notification:
    """An unsaved notification; `create_all` saves many at once."""
    if not url and petition is not None:
        url = petition.get_absolute_url()
    return Notification(
        recipient=recipient,
        kind=kind,
        petition=petition,
        due=due,
        text=text,
        url=url,
        send_email=wants_email(recipient),
    )


def create_all(notifications: list[Notification]) -> list[Notification]:
    """Save in one statement; queue their e-mails after commit (with a broker only:
    without one, the task would run in the request, so cron's send_pending_emails
    sends them)."""
    if not notifications:
        return []
    created = Notification.objects.bulk_create(notifications)
    if any(n.send_email for n in created) and not settings.CELERY_TASK_ALWAYS_EAGER:
        if connection_has_ids(created):
            ids = [n.pk for n in created if n.send_email]
            transaction.on_commit(lambda: enqueue_emails(ids))
        else:
            transaction.on_commit(enqueue_pending)
    return created


def connection_has_ids(created: list[Notification]) -> bool:
    return all(n.pk is not None for n in created)


def notify(
    recipients: Iterable,
    *,
    kind: str,
    text: str,
    petition: Petition | None = None,
    due: date | None = None,
    url: str = "",
) -> list[Notification]:
    """Tell each recipient once (inbox, and e-mail if they chose it). Never raises
    because of the broker: the e-mail is queued after commit and recovered later."""
    seen = set()
    rows = []
    for user in recipients:
        if user is None or user.pk in seen or not user.is_active:
            continue
        seen.add(user.pk)
        rows.append(build(user, kind=kind, text=text, petition=petition, due=due, url=url))
    return create_all(rows)


def enqueue_emails(ids: list[int]) -> None:
    """Ask a worker to send these e-mails; on a broker failure, leave them pending."""
    from .tasks import send_notification_emails

    try:
        send_notification_emails.delay(ids)
    except Exception:
        logger.warning(
            "Could not queue %d notification e-mails (broker down?); "
            "send_pending_emails will send them.",
            len(ids),
            exc_info=True,
        )


def enqueue_pending() -> None:
    from .tasks import send_pending_emails as task

    try:
        task.delay()
    except Exception:
        logger.warning("Could not queue send_pending_emails (broker down?).", exc_info=True)


def _message(notification: Notification) -> EmailMessage:
    link = f"{settings.SITE_URL}{notification.url}" if notification.url else settings.SITE_URL
    subject = _("[Petitions] %(text)s") % {"text": notification.text[:60]}
    body = f"{notification.text}\n\n{link}\n"
    return EmailMessage(
        subject=subject.replace("\n", " "),
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[notification.recipient.email],
    )


def send_emails(ids: Iterable[int] | None = None) -> int:
    """Send pending e-mails (these ids, or all pending); safe to run twice or in parallel.

    No transaction is open while the mail server is talked to: a batch is claimed
    in a short transaction (SKIP LOCKED, so parallel senders take different rows)
    and committed; each message is sent outside any transaction and its result
    recorded in a short transaction of its own, which also renews the claim on the
    rest of the batch. A claim older than CLAIM_EXPIRES belongs to a sender that
    died, and is taken again. When the server fails, the unsent rest is released
    for the next run.
    """
    ids = list(ids) if ids is not None else None
    sent = 0
    while True:
        claim = timezone.now()
        claimed = _claim(ids, claim)
        if not claimed:
            return sent
        batch = list(
            Notification.objects.filter(pk__in=claimed)
            .select_related("recipient")
            .order_by("created_at", "pk")
        )
        batch_sent, broken = _send_batch(batch, claim)
        sent += batch_sent
        if broken or len(claimed) < EMAIL_BATCH:
            return sent


def _claim(ids: list[int] | None, claim) -> list[int]:
    """Take up to EMAIL_BATCH pending e-mails nobody else is sending; commit at once."""
    with transaction.atomic():
        pending = Notification.objects.email_pending().filter(
            Q(email_claimed_at=None) | Q(email_claimed_at__lt=claim - CLAIM_EXPIRES)
        )
        if ids is not None:
            pending = pending.filter(pk__in=ids)
        claimed = list(
            pending.order_by("created_at", "pk")
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)[:EMAIL_BATCH]
        )
        Notification.objects.filter(pk__in=claimed).update(email_claimed_at=claim)
    return claimed


def _send_batch(batch: list[Notification], claim) -> tuple[int, bool]:
    """Send a claimed batch outside any transaction: (sent, whether the server failed)."""
    # With no address there is nothing to send: done.
    no_address = [n.pk for n in batch if not n.recipient.email]
    if no_address:
        Notification.objects.filter(pk__in=no_address, emailed_at=None).update(
            emailed_at=timezone.now()
        )
    unsent = [n for n in batch if n.recipient.email]
    sent = 0
    try:
        if unsent:
            with get_connection() as mailer:
                while unsent:
                    notification = unsent[0]
                    try:
                        mailer.send_messages([_message(notification)])
                    except REFUSED:
                        # One bad address must not hold back everyone queued behind it.
                        logger.warning(
                            "E-mail of notification %s refused by the mail server; "
                            "it stays in the inbox and is not retried",
                            notification.pk,
                            exc_info=True,
                        )
                    else:
                        sent += 1
                    unsent.pop(0)
                    claim = _record_done(notification.pk, [n.pk for n in unsent], claim)
    except Exception:  # the server itself (down, timed out): keep the rest for the next run
        logger.exception("Sending notification e-mails failed; will retry")
        Notification.objects.filter(
            pk__in=[n.pk for n in unsent], email_claimed_at=claim, emailed_at=None
        ).update(email_claimed_at=None)
        return sent, True
    return sent, False


def _record_done(pk: int, rest: list[int], claim):
    """Mark one e-mail done and renew the claim on the rest, in one short transaction."""
    now = timezone.now()
    with transaction.atomic():
        Notification.objects.filter(pk=pk, emailed_at=None).update(emailed_at=now)
        if rest:
            Notification.objects.filter(
                pk__in=rest, email_claimed_at=claim, emailed_at=None
            ).update(email_claimed_at=now)
    return now


def send_pending_emails() -> int:
    return send_emails(None)


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
