from celery import shared_task
from django.utils import timezone

from .periods import Period
from .services import notice_build


@shared_task
def build_monthly_notice() -> str:
    """On the first day after a period ends: last period's draft, with fresh figures."""
    period = Period.last_completed(timezone.localdate())
    notice = notice_build(period=period)
    return str(notice)
