"""The in-app inbox and e-mail reminders.

A Notification row is written in the caller's transaction, so nothing is lost
when the broker is down: rows with `send_email` and no `emailed_at` are the
e-mail outbox. After commit, `notify` asks a worker to send them; if the broker
cannot be reached, that is logged and `send_pending_emails` (every ten minutes,
and at the end of the daily deadline run) sends them later.
"""

import logging
import smtplib
from collections.abc import Iterable
from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organization.roles import Role

from .models import Notification, Petition

logger = logging.getLogger(__name__)

EMAIL_BATCH = 200
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
    """Save in one statement; queue their e-mails after commit."""
    if not notifications:
        return []
    created = Notification.objects.bulk_create(notifications)
    if any(n.send_email for n in created):
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
    """Send pending e-mails (these ids, or all pending); safe to run twice or in parallel."""
    sent = 0
    while True:
        with transaction.atomic():
            pending = Notification.objects.email_pending().select_related("recipient")
            if ids is not None:
                pending = pending.filter(pk__in=list(ids))
            batch = list(
                pending.order_by("created_at", "pk").select_for_update(
                    skip_locked=True, of=("self",)
                )[:EMAIL_BATCH]
            )
            if not batch:
                return sent
            # Done: sent, refused for good, or with no address to send to.
            done = [n.pk for n in batch if not n.recipient.email]
            broken = False
            try:
                with get_connection() as connection:
                    for notification in batch:
                        if not notification.recipient.email:
                            continue
                        try:
                            connection.send_messages([_message(notification)])
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
                        done.append(notification.pk)
            except Exception:  # the server itself: keep the rest for the next run
                logger.exception("Sending notification e-mails failed; will retry")
                broken = True
            Notification.objects.filter(pk__in=done).update(emailed_at=timezone.now())
            if broken or len(batch) < EMAIL_BATCH:
                return sent


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
