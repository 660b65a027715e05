"""Background jobs of risk. Each is safe to run twice."""

from datetime import date

from celery import shared_task


@shared_task
def risk_daily(today: str | None = None) -> dict:
    """Daily at 07:30: screening due-day reminders, sensitive-period daily reminders."""
    from .screening_services import run_daily

    return run_daily(today=date.fromisoformat(today) if today else None)
