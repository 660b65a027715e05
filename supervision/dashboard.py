"""The office's 督查督办 panel on the dashboard (listed in config/dashboard.py)."""

from django.db.models import Count, Q
from django.utils import timezone

from petitions.models import Petition

from .models import SupervisionNotice

SOON_DAYS = 5


def supervision(request):
    """督查督办 for the office: overdue and due-soon cases per unit, unanswered 督办单."""
    user = request.user
    if not user.has_perm("petitions.supervise_petition"):
        return None
    today = timezone.localdate()
    scope = Petition.objects.visible_to(user).open()
    overdue = scope.overdue(today).count_by_unit()
    due_soon = scope.due_within(today, SOON_DAYS).count_by_unit()
    awaiting = (
        SupervisionNotice.objects.visible_to(user)
        .filter(feedback_at=None)
        .aggregate(total=Count("pk"), late=Count("pk", filter=Q(feedback_due__lt=today)))
    )
    return {
        "template": "supervision/panels/supervision.html",
        "context": {
            "overdue": overdue[:8],
            "due_soon": due_soon[:8],
            "overdue_total": sum(row["count"] for row in overdue),
            "due_soon_total": sum(row["count"] for row in due_soon),
            "soon_days": SOON_DAYS,
            "awaiting": awaiting,
        },
    }
