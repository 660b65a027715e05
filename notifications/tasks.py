"""Background jobs of the outbox. Each is safe to run twice."""

from celery import shared_task

from . import outbox


@shared_task
def send_pending_emails() -> int:
    """Every ten minutes: e-mails that could not be queued or sent before."""
    return outbox.send_pending_emails()


@shared_task
def send_notification_emails(ids: list[int]) -> int:
    return outbox.send_emails(ids)
