"""The office's 隐患排查 panel on the dashboard (listed in config/dashboard.py)."""

from django.utils import timezone

from organization.periods import Period

from . import screening_access as access
from . import screening_services as services
from .models import Hazard, HazardLevel, ScreeningReport


def screening_panel(request):
    """Units that have not filed this month, and the open 重大 hazards."""
    if not access.may_oversee(request.user):
        return None
    today = timezone.localdate()
    period = Period.containing(today)
    filed = ScreeningReport.objects.for_month(period.year, period.month).filed()
    not_filed = list(services.filing_units().exclude(pk__in=filed.values("unit_id"))[:20])
    major = list(
        Hazard.objects.open()
        .filter(level=HazardLevel.MAJOR, report__signed_at__isnull=False)
        .select_related("report__unit")
        .order_by("due_on", "pk")[:8]
    )
    return {
        "template": "risk/panels/screening.html",
        "context": {
            "period": period,
            "due": services.due_on(period),
            "not_filed": not_filed,
            "major": major,
            "today": today,
        },
    }
