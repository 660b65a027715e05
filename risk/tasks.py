"""Background jobs of risk. Each is safe to run twice."""

from datetime import date

from celery import shared_task


@shared_task
def risk_daily(today: str | None = None) -> dict:
    """Daily at 07:30: screening due-day reminders, sensitive-period daily reminders."""
    from .screening_services import run_daily

    return run_daily(today=date.fromisoformat(today) if today else None)


@shared_task
def risk_key_persons(today: str | None = None) -> int:
    """Daily at 07:40: flag the people who reached a key-person threshold (a skip-level
    visit recorded in the register counts too, not only a registration)."""
    from .registers_services import key_persons_evaluate

    return len(key_persons_evaluate(today=date.fromisoformat(today) if today else None))
