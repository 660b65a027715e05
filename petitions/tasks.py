"""Background jobs of the petition core. Each is safe to run twice."""

from datetime import date

from celery import shared_task

from . import alerts, notifications


@shared_task
def run_deadline_checks(today: str | None = None) -> dict:
    """Daily at 07:00: reminders, overdue notices, 督办单, expired review windows."""
    day = date.fromisoformat(today) if today else None
    summary = alerts.run_deadline_checks(today=day).as_dict()
    summary["emailed"] = notifications.send_pending_emails()
    return summary


@shared_task
def send_pending_emails() -> int:
    """Every ten minutes: e-mails that could not be queued or sent before."""
    return notifications.send_pending_emails()


@shared_task
def send_notification_emails(ids: list[int]) -> int:
    return notifications.send_emails(ids)
