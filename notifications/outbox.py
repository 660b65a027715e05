"""The e-mail outbox: rows with `send_email` and no `emailed_at`.

A worker never holds a database transaction open while it talks to the mail
server (see `send_emails`), and EMAIL_TIMEOUT bounds how long it waits. This
module sends; `services.notify` writes the rows and `tasks` runs the sending.
"""

import logging
import smtplib
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Notification

logger = logging.getLogger(__name__)

EMAIL_BATCH = 50
# A claimed e-mail still unsent after this long belongs to a sender that died: take it again.
# Claims are renewed after every message, so a live sender never gets this old.
CLAIM_EXPIRES = timedelta(minutes=5)
# The server refused this message (its address, sender or content), not the connection.
REFUSED = (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused, smtplib.SMTPDataError)


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
