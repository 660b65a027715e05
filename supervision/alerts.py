"""The daily deadline run: reminders, overdue notices, 督办单, expired windows.

Runs at 07:00 (Celery beat) or as `manage.py run_deadline_checks [--today]`. It reads
the petitions' clocks (indexed due-date columns) on its own schedule, and asks
petitions to close the cases whose review window is over.
It is idempotent: a reminder is a row unique per (petition, clock, kind, due), so
a second run, or two runs at once, insert nothing new and notify nobody again;
an extended due date is a new due date and is reminded afresh. It touches only what
changed: one query selects the cases whose reminder for today is not in the table
yet (NOT EXISTS on the unique key), so a second run the same day reads no case at
all; the cases found are then loaded and reminded a batch at a time, a fixed number
of queries per batch, so memory stays bounded however many are overdue.
"""

import uuid
from collections import defaultdict
from dataclasses import asdict, dataclass
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Case, CharField, Exists, F, OuterRef, Q, Value, When
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from notifications.services import Message, notify_all, users_with_role
from organization.inserts import insert_all
from organization.links import reverser
from organization.related import attach
from organization.roles import Role
from petitions.deadlines import WorkCalendar, counts_working_days, days_until
from petitions.models import CLOCK_LABELS, Holiday, Petition
from petitions.services import petitions_close_expired_windows

from .models import Reminder, SupervisionNotice
from .services import KIND_OVERDUE, KIND_REMINDER, KIND_SUPERVISION, next_notice_numbers

# Clocks whose overdue notice comes with a supervision notice to the unit.
SUPERVISED_CLOCKS = ("handling", "listed")
UNIT_CLOCKS = ("handling", "listed")
# Cases loaded and reminded at a time.
BATCH = 1000
# Who a reminder may go to, besides the unit's staff and the office.
REMINDED_PEOPLE = ("registered_by", "owning_leader", "handler")


@dataclass
class Summary:
    day: date
    closed: int = 0
    reminders: int = 0
    overdue: int = 0
    supervision_notices: int = 0
    notifications: int = 0

    def as_dict(self) -> dict:
        return {**asdict(self), "day": self.day.isoformat()}


def reminder_kind(left: int) -> str | None:
    """The reminder due with `left` days to go: 5, 3 or 1 days before (the nearest not
    yet passed, so a missed morning is caught up), or none yet."""
    for threshold in sorted(settings.REMINDER_DAYS):
        if 0 <= left <= threshold:
            return f"before_{threshold}"
    return None


def horizon(calendar: WorkCalendar, today: date) -> date:
    """The last due date a reminder may be sent for today: in working days if any
    clock counts them (never earlier than the calendar horizon)."""
    longest = max(settings.REMINDER_DAYS, default=0)
    if counts_working_days():
        return calendar.add_working_days(today, longest)
    return today + timedelta(days=longest)


def open_clocks(petition: Petition):
    """(clock, due) of each clock someone must meet now."""
    if petition.current_clock and petition.current_due:
        yield petition.current_clock, petition.current_due
    if petition.is_listed and petition.listed_due:
        yield "listed", petition.listed_due


def run_deadline_checks(*, today: date | None = None, now: date | None = None) -> Summary:
    """The run as of `today`. With `now` (the real day) later than `today`, a catch-up
    run: a deadline already passed by `now` gets no "due in N days" reminder."""
    today = today or timezone.localdate()
    summary = Summary(day=today)
    with translation.override(settings.LANGUAGE_CODE):
        summary.closed = len(petitions_close_expired_windows(today=today))
        with transaction.atomic():
            _remind(today, summary, now=max(today, now or today))
    return summary


def expected_kinds(clock: str, today: date, now: date, last: date, calendar) -> list:
    """(first, last, kind): the reminder each due date of `clock` gets today, as date
    ranges; before `today` the overdue notice (handled apart), none in between."""
    ranges = []
    day = max(today, now)
    while day <= last:
        kind = reminder_kind(days_until(day, today=today, calendar=calendar, clock=clock))
        if kind is not None:
            if ranges and ranges[-1][2] == kind and ranges[-1][1] == day - timedelta(days=1):
                ranges[-1] = (ranges[-1][0], day, kind)
            else:
                ranges.append((day, day, kind))
        day += timedelta(days=1)
    return ranges


def expected_reminder(clock_field: str, due_field: str, *, today, now, last, calendar, clock=None):
    """The kind of reminder a case's clock needs today, as an SQL expression (NULL: none)."""
    whens = [When(**{f"{due_field}__lt": today}, then=Value(Reminder.Kind.OVERDUE))]
    for name in [clock] if clock else CLOCK_LABELS:
        for first, end, kind in expected_kinds(name, today, now, last, calendar):
            condition = {f"{due_field}__range": (first, end)}
            if not clock:
                condition[clock_field] = name
            whens.append(When(**condition, then=Value(kind)))
    return Case(*whens, default=None, output_field=CharField())


def pending(today: date, *, now: date, last: date, calendar) -> "list[int]":
    """The open cases with a reminder due today that nobody has sent yet: the kind each
    clock needs today, looked up on the reminders' unique key (NOT EXISTS). A second
    run the same day finds none, whatever the number of overdue cases."""
    bounds = {"today": today, "now": now, "last": last, "calendar": calendar}

    def unsent(clock, due, expected):
        return ~Exists(
            Reminder.objects.filter(
                petition=OuterRef("pk"), clock=clock, due=OuterRef(due), kind=OuterRef(expected)
            )
        )

    return list(
        Petition.objects.open()
        .filter(Q(current_due__lte=last) | Q(is_listed=True, listed_due__lte=last))
        .annotate(
            current_kind=expected_reminder("current_clock", "current_due", **bounds),
            listed_kind=expected_reminder("", "listed_due", clock="listed", **bounds),
        )
        .filter(
            Q(
                current_due__lte=last,
                current_kind__isnull=False,
                current_clock__gt="",
            )
            & unsent(OuterRef("current_clock"), "current_due", "current_kind")
            | Q(is_listed=True, listed_due__lte=last, listed_kind__isnull=False)
            & unsent("listed", "listed_due", "listed_kind")
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _remind(today: date, summary: Summary, *, now: date) -> None:
    """Reminders for the cases that need one today, a batch at a time (bounded memory)."""
    calendar = Holiday.objects.work_calendar()
    last = horizon(calendar, today)
    ids = pending(today, now=now, last=last, calendar=calendar)
    if not ids:
        return
    office = list(users_with_role(Role.OFFICE))
    for start in range(0, len(ids), BATCH):
        candidates = list(
            Petition.objects.filter(pk__in=ids[start : start + BATCH])
            .for_lists()
            .select_related("responsible_unit")
            .order_by("pk")
        )
        # The few people of a thousand cases, each built once (not once per case).
        attach(candidates, REMINDED_PEOPLE, get_user_model().objects.all())
        _remind_batch(candidates, today, summary, now=now, calendar=calendar, office=office)


def _remind_batch(candidates, today, summary, *, now, calendar, office) -> None:
    batch = uuid.uuid4()
    petitions = {}
    rows = []
    for petition in candidates:
        for clock, due in open_clocks(petition):
            if due < today:
                kind = Reminder.Kind.OVERDUE
            else:
                if due < now:  # passed since `today`: overdue, not "due in N days"
                    continue
                kind = reminder_kind(days_until(due, today=today, calendar=calendar, clock=clock))
                if kind is None:
                    continue
            petitions[petition.pk] = petition
            rows.append(
                Reminder(
                    petition_id=petition.pk,
                    clock=clock,
                    kind=kind,
                    due=due,
                    sent_on=today,
                    batch=batch,
                )
            )
    if not rows:
        return
    insert_all(rows, ignore_conflicts=True)
    # What this run really inserted: another run may have sent some already.
    inserted = list(
        Reminder.objects.filter(batch=batch).values_list("petition_id", "clock", "kind", "due")
    )
    if not inserted:
        return
    unit_ids = {
        petitions[pk].responsible_unit_id
        for pk, _clock, _kind, _due in inserted
        if petitions[pk].responsible_unit_id
    }
    handlers, leaders = unit_staff(unit_ids)

    def recipients(petition: Petition, clock: str, overdue: bool) -> list:
        people = []
        if clock in ("route", "acceptance"):
            people += [petition.registered_by, *office]
            if clock == "acceptance" and petition.responsible_unit_id:
                people += handlers[petition.responsible_unit_id]
        elif clock in UNIT_CLOCKS:
            people += handlers[petition.responsible_unit_id]
            if petition.handler_id:
                # The case's own 承办人, wherever in the unit they work.
                people.append(petition.handler)
            if petition.owning_leader_id:
                people.append(petition.owning_leader)
            else:
                people += leaders[petition.responsible_unit_id]
        else:  # review and re-review: the office decides
            people += office
        if overdue:
            people += office
        return people

    messages = []
    supervised = []
    case_link, notice_link = reverser("petitions:detail"), reverser("supervision:notice")
    for pk, clock, kind, due in inserted:
        petition = petitions[pk]
        overdue = kind == Reminder.Kind.OVERDUE
        text = reminder_text(petition, clock, kind, due, calendar, today)
        messages.append(
            Message(
                recipients(petition, clock, overdue),
                kind=KIND_OVERDUE if overdue else KIND_REMINDER,
                text=text,
                url=case_link(petition.number),
                subject=petition.number,
                due=due,
            )
        )
        if overdue:
            summary.overdue += 1
            if clock in SUPERVISED_CLOCKS and petition.responsible_unit_id:
                supervised.append((petition, clock, due))
        else:
            summary.reminders += 1
    notices = issue_notices(supervised, today, calendar)
    summary.supervision_notices += len(notices)
    for notice in notices:
        petition = notice.petition
        people = [*handlers[notice.unit_id], *leaders[notice.unit_id], petition.owning_leader]
        messages.append(
            Message(
                [*people, *office],
                kind=KIND_SUPERVISION,
                text=_(
                    "Supervision notice %(notice)s: %(number)s is overdue (%(what)s). "
                    "The unit answers by %(feedback_due)s."
                )
                % {
                    "notice": notice.number,
                    "number": petition.number,
                    "what": notice.clock_label(),
                    "feedback_due": notice.feedback_due.isoformat(),
                },
                url=notice_link(notice.number),
                subject=petition.number,
                due=notice.feedback_due,
            )
        )
    summary.notifications += len(notify_all(messages))


def unit_staff(unit_ids) -> tuple[dict, dict]:
    """Handlers and leaders of each unit, in one query."""
    handlers, leaders = defaultdict(list), defaultdict(list)
    if not unit_ids:
        return handlers, leaders
    users = get_user_model().objects.unit_staff(unit_ids).annotate(role=F("groups__name"))
    for user in users:
        (handlers if user.role == Role.HANDLER else leaders)[user.unit_id].append(user)
    return handlers, leaders


def reminder_text(petition, clock, kind, due, calendar, today) -> str:
    values = {
        "number": petition.number,
        "clock": CLOCK_LABELS.get(clock, clock),
        "due": due.isoformat(),
        "summary": petition.summary,
    }
    if kind == Reminder.Kind.OVERDUE:
        return _("%(number)s is overdue: %(clock)s was due on %(due)s. %(summary)s") % values
    values["days"] = days_until(due, today=today, calendar=calendar, clock=clock)
    if counts_working_days(clock):
        return (
            _("%(number)s: %(clock)s is due on %(due)s, %(days)d working days left. %(summary)s")
            % values
        )
    return _("%(number)s: %(clock)s is due on %(due)s, %(days)d days left. %(summary)s") % values


def issue_notices(supervised, today: date, calendar: WorkCalendar) -> list[SupervisionNotice]:
    if not supervised:
        return []
    feedback_due = calendar.add(today, settings.SUPERVISION_FEEDBACK_DAYS)
    numbers = next_notice_numbers(today.year, len(supervised))
    notices = [
        SupervisionNotice(
            number=number,
            petition=petition,
            unit_id=petition.responsible_unit_id,
            clock=clock,
            due=due,
            reason=_("%(clock)s was due on %(due)s and is not done.")
            % {"clock": CLOCK_LABELS.get(clock, clock), "due": due.isoformat()},
            issued_on=today,
            feedback_due=feedback_due,
        )
        for number, (petition, clock, due) in zip(numbers, supervised, strict=True)
    ]
    insert_all(notices)
    return notices
