from celery import shared_task
from django.utils import timezone

from .services import notice_prepare_last_period


@shared_task
def build_monthly_notice() -> str:
    """On the first day after a period ends: last period's draft, with fresh figures."""
    notice, done = notice_prepare_last_period(today=timezone.localdate())
    return f"{notice}: {done}"
