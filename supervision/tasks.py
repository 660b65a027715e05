"""Background jobs of supervision. Each is safe to run twice."""

from datetime import date

from celery import shared_task

from notifications import outbox

from . import alerts


@shared_task
def run_deadline_checks(today: str | None = None) -> dict:
    """Daily at 07:00: reminders, overdue notices, 督办单, expired review windows."""
    day = date.fromisoformat(today) if today else None
    summary = alerts.run_deadline_checks(today=day).as_dict()
    summary["emailed"] = outbox.send_pending_emails()
    return summary
