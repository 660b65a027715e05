"""Work queues on the dashboard, by role: what each person has to do next."""

from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organization import paging
from organization.paging import capped_count, count_label
from organization.scope import subtree_ids

from .deadlines import unknown_years
from .models import Holiday, Petition, office_staff_rights

ROWS_PER_QUEUE = 6
DUE_ORDER = ("current_due", "pk")
State = Petition.State


@dataclass
class Queue:
    title: str
    queryset: object  # None for a queue read part by part
    filters: dict
    style: str = "primary"
    # A queue that is the union of these (one per state), read part by part.
    parts: list | None = None

    @property
    def url(self) -> str:
        return f"{reverse('petitions:list')}?{urlencode(self.filters)}"

    def read(self, number: int) -> tuple[list, int, bool]:
        """(the first `number` cases by due date, count, capped): the count as the lists
        count (exact up to COUNT_CAP), and not asked at all of a part whose first rows are
        fewer than `number` (they are all of it)."""
        items, total, capped = [], 0, False
        for part in self.parts or [self.queryset]:
            if self.parts is not None:
                part = part.order_by(*DUE_ORDER)
            rows = list(part.for_lists().select_related("responsible_unit")[:number])
            items += rows
            if len(rows) < number:
                total += len(rows)
            else:
                count, more = capped_count(part)
                total, capped = total + count, capped or more
        if self.parts is not None:
            # Nulls last, as PostgreSQL sorts them going up.
            items.sort(key=lambda p: (p.current_due is None, p.current_due or date.min, p.pk))
        capped = capped or total > paging.COUNT_CAP
        return items[:number], min(total, paging.COUNT_CAP), capped


def _queues(user, today) -> list[Queue]:
    visible = Petition.objects.visible_to(user)
    # First: what waits for this user now (the one "who holds a case" rule).
    queues = [
        Queue(
            _("Waiting for me"),
            None,  # read part by part: the union is never asked
            {"state": "open", "sort": "current_due"},
            "info",
            parts=visible.held_by_parts(user),
        )
    ]
    # The office's rights: by role, or as the office's own staff (office_staff_rights).
    rights = office_staff_rights(user)
    if user.has_perm("petitions.supervise_petition"):
        queues.append(
            Queue(
                _("Overdue"),
                visible.overdue(today).order_by("current_due"),
                {"state": "open", "overdue": "true", "sort": "current_due"},
                "danger",
            )
        )
    if user.has_perm("petitions.supervise_petition") or "petitions.supervise_petition" in rights:
        queues.append(
            Queue(
                _("Reports to review"),
                visible.filter(state=State.AWAITING_REVIEW).order_by("current_due"),
                {"state": State.AWAITING_REVIEW, "sort": "current_due"},
            )
        )
    if user.has_perm("petitions.route_petition") or "petitions.route_petition" in rights:
        queues.append(
            Queue(
                _("To route: assign, accept, transfer"),
                visible.filter(state=State.REGISTERED).order_by("route_due"),
                {"state": State.REGISTERED, "sort": "current_due"},
            )
        )
    unit = user.unit if user.unit_id else None
    if unit is not None:
        # The user's own subtree: the one the unit scope already read for this request.
        mine = visible.filter(responsible_unit__in=subtree_ids(user))
        unit_filter = {"unit": unit.pk}
        if user.has_perm("petitions.handle_petition"):
            queues += [
                Queue(
                    _("Assigned to my unit: receive or object"),
                    mine.filter(state=State.ASSIGNED).order_by("current_due"),
                    {**unit_filter, "state": State.ASSIGNED, "sort": "current_due"},
                ),
                Queue(
                    _("In progress in my unit"),
                    mine.filter(state=State.IN_PROGRESS).order_by("current_due"),
                    {**unit_filter, "state": State.IN_PROGRESS, "sort": "current_due"},
                ),
            ]
        if user.has_perm("petitions.sign_off_petition"):
            queues += [
                Queue(
                    _("Awaiting my sign-off"),
                    mine.filter(state=State.AWAITING_SIGNOFF).order_by("current_due"),
                    {**unit_filter, "state": State.AWAITING_SIGNOFF, "sort": "current_due"},
                ),
                Queue(
                    _("Extension requests"),
                    mine.filter(
                        state__in=Petition.HANDLING_STATES,
                        extension=Petition.Extension.REQUESTED,
                    ).order_by("current_due"),
                    {**unit_filter, "state": "open", "sort": "current_due"},
                    "warning",
                ),
            ]
    if user.has_perm("petitions.sign_off_petition") or user.has_perm(
        "petitions.supervise_petition"
    ):
        queues.append(
            Queue(
                _("Cases I own (包案)"),
                visible.open().filter(owning_leader=user).order_by("current_due"),
                {"state": "open", "sort": "current_due"},
                "secondary",
            )
        )
    return queues


def work_queues(request):
    user = request.user
    today = timezone.localdate()
    queues = _queues(user, today)
    if len(queues) == 1:  # only "Waiting for me": a user with no petition work
        return None
    rows = []
    for queue in queues:
        # Capped like the lists' counts: a queue of 20 000 cases says "1000+", read from
        # its index, not counted row by row on every visit to the dashboard.
        items, count, capped = queue.read(ROWS_PER_QUEUE)
        rows.append(
            {
                "queue": queue,
                "count": count_label(count, capped),
                "more": capped or count > len(items),
                "items": items,
            }
        )
    return {
        "template": "petitions/panels/work_queues.html",
        "context": {"queues": rows, "today": today},
    }


def calendar_warning(request):
    """Tell the office when due dates may fall in a year whose holidays are unknown."""
    if not request.user.has_perm("petitions.supervise_petition"):
        return None
    today = timezone.localdate()
    horizon = today + timedelta(days=120)
    years = unknown_years(Holiday.objects.work_calendar(), today, horizon)
    if not years:
        return None
    return {
        "template": "petitions/panels/calendar_warning.html",
        "context": {"years": years},
    }
