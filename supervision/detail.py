"""What supervision adds to the petition page: the case's 督办单 the user may see, and
for the office the form to issue one by hand (registered in apps.py)."""

from django.urls import reverse

from organization.related import has_rows

from .access import may_issue_notice
from .forms import NoticeIssueForm
from .models import SupervisionNotice


def supervision_section(petition, user) -> dict | None:
    notices = []
    if has_rows(petition, "supervision_notices"):
        notices = list(
            SupervisionNotice.objects.of_case_visible_to(petition, user)
            .select_related("unit")
            .order_by("issued_on", "number")
        )
    may_issue = may_issue_notice(user, petition)
    if not notices and not may_issue:
        return None
    return {
        "template": "supervision/panels/petition_notices.html",
        "context": {
            "notices": notices,
            "form": NoticeIssueForm() if may_issue else None,
            "action": reverse("supervision:issue", args=[petition.number]),
        },
    }
