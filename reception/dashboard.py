"""The office's reception panel on the dashboard: this month at a glance."""

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from petitions.models import SkipLevel

from .models import CollectiveVisitAlert, ReceptionDay, SkipLevelVisit
from .services import month_bounds


def office_panel(request):
    user = request.user
    if not user.has_perm("reception.view_collectivevisitalert") or not user.has_perm(
        "reception.view_duty_check"
    ):
        return None
    today = timezone.localdate()
    first, last = month_bounds(today)
    days = (
        ReceptionDay.objects.not_cancelled()
        .filter(date__gte=first, date__lte=last)
        .aggregate(total=Count("pk"), published=Count("pk", filter=Q(published_at__isnull=False)))
    )
    levels = {
        row["level"]: row
        for row in SkipLevelVisit.objects.filter(visited_on__gte=first, visited_on__lte=last)
        .order_by()
        .values("level")
        .annotate(batches=Count("pk"), people=Coalesce(Sum("headcount"), 0))
    }
    skip_levels = [
        {
            "label": label,
            "batches": levels.get(value, {}).get("batches", 0),
            "people": levels.get(value, {}).get("people", 0),
        }
        for value, label in SkipLevel.choices
    ]
    return {
        "template": "reception/panels/office.html",
        "width": 12,
        "context": {
            "month": first,
            "days": days,
            "open_alerts": CollectiveVisitAlert.objects.open().count(),
            "skip_levels": skip_levels,
        },
    }
