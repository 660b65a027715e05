"""Every change to reception's records, one function per action, and the two
read functions other apps rely on (skip_level_counts, duty_check).

Visits go through petitions.services.petition_register: one registration path.
"""

import calendar
import logging
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from organization.models import Leadership, User
from organization.scope import can_see_unit
from petitions.models import Channel, Petition, Petitioner, SkipLevel
from petitions.services import RegistrationData, petition_register

from .models import CollectiveVisitAlert, ReceptionDay, SensitivePeriod, SkipLevelVisit, Visit
from .notifications import notify_collective_alert

logger = logging.getLogger(__name__)


class ReceptionError(Exception):
    """An action that cannot be done; the message is for the user."""


# --- Reception days ------------------------------------------------------------------


def may_manage_day(user, day: ReceptionDay) -> bool:
    return user.has_perm("reception.change_receptionday") and can_see_unit(user, day.unit)


# What reception_day_save writes on an existing day (the form's fields); the others
# belong to publish and cancel.
DAY_EDITABLE_FIELDS = ["leader", "unit", "date", "starts_at", "ends_at", "kind", "place", "topic"]
DAY_SERVICE_FIELDS = [
    "published_at",
    "published_by",
    "late_notice_reason",
    "cancelled_at",
    "cancelled_by",
    "cancel_reason",
]


def reception_day_save(*, day: ReceptionDay, by, today: date | None = None) -> ReceptionDay:
    """Create or edit a day (from a validated form's unsaved instance)."""
    today = today or timezone.localdate()
    if not may_manage_day(by, day):
        raise ReceptionError(_("You may not manage reception days of this unit."))
    with transaction.atomic():
        if day.pk is None:
            day.created_by = by
        else:
            before = ReceptionDay.objects.select_for_update().get(pk=day.pk)
            if before.is_cancelled:
                raise ReceptionError(_("A cancelled reception day cannot be changed."))
            moved = before.date != day.date
            if (
                moved or before.leader_id != day.leader_id or before.unit_id != day.unit_id
            ) and before.visits.exists():
                raise ReceptionError(
                    _(
                        "Visits are already recorded on this day: its date, leader and unit "
                        "cannot be changed."
                    )
                )
            if (
                before.is_published
                and moved
                and day.is_short_notice(today)
                and not by.has_perm("reception.override_notice_receptionday")
            ):
                raise ReceptionError(
                    _(
                        "This day is published: it can only move to a date at least %(days)d "
                        "days ahead, unless the petition office overrides it."
                    )
                    % {"days": settings.RECEPTION_NOTICE_DAYS}
                )
        if day.pk is None:
            day.save()
        else:
            # Only what the form edits: a publish or cancellation made meanwhile stays.
            day.save(update_fields=DAY_EDITABLE_FIELDS)
            for name in DAY_SERVICE_FIELDS:
                setattr(day, name, getattr(before, name))
    return day


def reception_day_publish(
    *, day: ReceptionDay, by, reason: str = "", today: date | None = None
) -> ReceptionDay:
    """公示: publish a day at least RECEPTION_NOTICE_DAYS ahead, or later with the
    office's recorded reason."""
    today = today or timezone.localdate()
    if not (by.has_perm("reception.publish_receptionday") and may_manage_day(by, day)):
        raise ReceptionError(_("You may not publish reception days of this unit."))
    with transaction.atomic():
        day = ReceptionDay.objects.select_for_update().get(pk=day.pk)
        if day.is_cancelled:
            raise ReceptionError(_("A cancelled reception day cannot be published."))
        if day.is_published:
            raise ReceptionError(_("This reception day is already published."))
        if day.date < today:
            raise ReceptionError(_("A day in the past cannot be published."))
        reason = reason.strip()
        if day.is_short_notice(today):
            if not by.has_perm("reception.override_notice_receptionday"):
                raise ReceptionError(
                    _(
                        "A reception day is published at least %(days)d days ahead (by "
                        "%(deadline)s). Only the petition office can publish it later, with a "
                        "reason."
                    )
                    % {
                        "days": settings.RECEPTION_NOTICE_DAYS,
                        "deadline": day.notice_deadline().isoformat(),
                    }
                )
            if not reason:
                raise ReceptionError(
                    _("Publishing less than %(days)d days ahead needs a reason.")
                    % {"days": settings.RECEPTION_NOTICE_DAYS}
                )
            day.late_notice_reason = reason
        day.published_at = timezone.now()
        day.published_by = by
        day.save(update_fields=["published_at", "published_by", "late_notice_reason"])
    return day


def may_cancel_day(user, day: ReceptionDay) -> bool:
    """The same rule as publishing: the publish permission within the unit scope."""
    return user.has_perm("reception.publish_receptionday") and may_manage_day(user, day)


def reception_day_cancel(
    *, day: ReceptionDay, by, reason: str, today: date | None = None
) -> ReceptionDay:
    """Cancel a day (draft or published) that will not take place, with the reason
    petitioners see on the public notice. A day already held (past, or with visits
    recorded) stays as it is."""
    today = today or timezone.localdate()
    if not may_cancel_day(by, day):
        raise ReceptionError(_("You may not cancel reception days of this unit."))
    reason = (reason or "").strip()
    if not reason:
        raise ReceptionError(
            _("Cancelling a reception day needs a reason: the public notice shows it.")
        )
    with transaction.atomic():
        day = ReceptionDay.objects.select_for_update().get(pk=day.pk)
        if day.is_cancelled:
            raise ReceptionError(_("This reception day is already cancelled."))
        if day.date < today:
            raise ReceptionError(_("A day in the past cannot be cancelled."))
        if day.visits.exists():
            raise ReceptionError(
                _("Visits are already recorded on this day: it cannot be cancelled.")
            )
        day.cancelled_at = timezone.now()
        day.cancelled_by = by
        day.cancel_reason = reason
        day.save(update_fields=["cancelled_at", "cancelled_by", "cancel_reason"])
    # Ids only: the reason and names stay in the record, out of the logs.
    logger.info("reception day %s cancelled by user %s", day.pk, by.pk)
    return day


# --- Visits -----------------------------------------------------------------------------


def visit_record(
    *,
    day: ReceptionDay,
    data: RegistrationData,
    by,
    group_unit=None,
    attachments=(),
    at: datetime | None = None,
    token=None,
) -> Visit:
    """Register what a leader received on a reception day as a petition: channel
    领导接访, owned by that leader (接访领导负责到底), linked to the day."""
    if not (by.has_perm("reception.add_visit") and can_see_unit(by, day.unit)):
        raise ReceptionError(_("You may not record visits of this reception day."))
    if day.is_cancelled:
        raise ReceptionError(_("This reception day was cancelled: no visits are recorded on it."))
    if day.date > timezone.localdate():
        raise ReceptionError(_("Visits are recorded on or after the reception day."))
    data.channel = Channel.LEADER_RECEPTION
    data.received_on = day.date
    data.owning_leader = day.leader
    with transaction.atomic():
        # Locked against a concurrent cancellation (which checks for visits).
        if ReceptionDay.objects.select_for_update().get(pk=day.pk).is_cancelled:
            raise ReceptionError(
                _("This reception day was cancelled: no visits are recorded on it.")
            )
        petition = petition_register(
            data=data,
            by=by,
            attachments=attachments,
            at=at,
            extra_event_payload={"reception_day": day.pk, "leader": day.leader_id},
            token=token,
        )
        visit = Visit.objects.create(
            reception_day=day,
            petition=petition,
            group_unit=group_unit,
            recorded_by=by,
            recorded_at=at or timezone.now(),
        )
        collective_alert_raise(petition=petition, unit=group_unit, at=at)
    return visit


# --- Collective visit alerts -------------------------------------------------------------


def needs_collective_alert(petition: Petition) -> bool:
    return petition.is_collective and petition.headcount > settings.COLLECTIVE_ALERT_HEADCOUNT


def collective_alert_raise(
    *, petition: Petition, unit=None, at: datetime | None = None
) -> CollectiveVisitAlert | None:
    """Raise the alert of a large collective visit, once per petition (safe to repeat)."""
    if not needs_collective_alert(petition):
        return None
    existing = CollectiveVisitAlert.objects.filter(petition=petition).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            alert = CollectiveVisitAlert.objects.create(
                petition=petition,
                unit=unit or petition.responsible_unit or petition.registered_unit,
                headcount=petition.headcount,
                raised_at=at or timezone.now(),
            )
            notify_collective_alert(alert)
    except IntegrityError:  # raised concurrently by the other path
        return CollectiveVisitAlert.objects.get(petition=petition)
    return alert


def collective_alert_record(
    *, alert: CollectiveVisitAlert, cause: str, outcome: str, close: bool, by
) -> CollectiveVisitAlert:
    """Record what the investigation found; closing it ends the alert."""
    if not by.has_perm("reception.change_collectivevisitalert"):
        raise ReceptionError(_("Only the petition office and the inspectors handle alerts."))
    with transaction.atomic():
        alert = CollectiveVisitAlert.objects.select_for_update().get(pk=alert.pk)
        if not alert.is_open:
            raise ReceptionError(_("This alert is closed."))
        alert.cause, alert.outcome, alert.handled_by = cause, outcome, by
        if close:
            alert.closed_at = timezone.now()
        alert.save()
    return alert


# --- Skip-level visits -------------------------------------------------------------------


def accepted_below(petitions) -> bool:
    """XG 19 ¶3: a related petition was already accepted and is still being dealt with."""
    dealt_with = set(Petition.OPEN_STATES) - {Petition.State.REGISTERED}
    pks = [petition.pk for petition in petitions]
    return bool(pks) and Petition.objects.filter(pk__in=pks, state__in=dealt_with).exists()


def _mark_sensitive(visit: SkipLevelVisit) -> None:
    # Where periods overlap, the one that starts first wins (then the older one).
    period = SensitivePeriod.objects.covering(visit.visited_on).order_by("starts_on", "pk").first()
    visit.sensitive_period = period
    visit.during_sensitive_period = period is not None


def skip_level_save(
    *, visit: SkipLevelVisit, by, petitioners=None, petitions=None
) -> SkipLevelVisit:
    """Create or edit a skip-level visit; derives its deadline and flags."""
    if not (
        by.has_perm("reception.change_skiplevelvisit") and can_see_unit(by, visit.responsible_unit)
    ):
        raise ReceptionError(_("You may not record skip-level visits of this unit."))
    with transaction.atomic():
        if visit.pk is None:
            visit.recorded_by = by
        elif petitions is not None:
            # Links to petitions the editor cannot see (made by the office) stay as they
            # are: the editor was never shown them, so leaving them out removes nothing.
            hidden = list(
                visit.petitions.exclude(pk__in=Petition.objects.visible_to(by).values("pk"))
            )
            if hidden:
                petitions = [*petitions, *hidden]
                if petitioners is not None:
                    kept = Petitioner.objects.filter(links__petition__in=hidden)
                    petitioners = {*petitioners, *kept}
        visit.onsite_due = visit.reported_at + timedelta(hours=settings.PERSUASION_ONSITE_HOURS)
        _mark_sensitive(visit)
        if petitions is not None:
            visit.accepted_below = accepted_below(petitions)
        visit.save()
        if petitioners is not None:
            visit.petitioners.set(petitioners)
        if petitions is not None:
            visit.petitions.set(petitions)
    return visit


def _remark_range(first: date, last: date) -> None:
    """Re-mark the visits from `first` to `last` as _mark_sensitive would, in bulk: clear
    them, then mark each overlapping period's days, the winning period (first to start,
    then the older) last."""
    SkipLevelVisit.objects.filter(visited_on__range=(first, last)).update(
        sensitive_period=None, during_sensitive_period=False
    )
    periods = SensitivePeriod.objects.filter(starts_on__lte=last, ends_on__gte=first).order_by(
        "-starts_on", "-pk"
    )
    for period in periods:
        SkipLevelVisit.objects.filter(
            visited_on__range=(max(first, period.starts_on), min(last, period.ends_on))
        ).update(sensitive_period=period, during_sensitive_period=True)


def sensitive_period_save(*, period: SensitivePeriod, by) -> SensitivePeriod:
    """Create or edit a sensitive period and re-mark the skip-level visits it covers."""
    if not by.has_perm("reception.change_sensitiveperiod"):
        raise ReceptionError(_("Only the petition office sets sensitive periods."))
    with transaction.atomic():
        before = None
        if period.pk is not None:
            before = SensitivePeriod.objects.select_for_update().get(pk=period.pk)
        period.save()
        first, last = period.starts_on, period.ends_on
        if before is not None:
            first, last = min(first, before.starts_on), max(last, before.ends_on)
        _remark_range(first, last)
    return period


def sensitive_period_delete(*, period: SensitivePeriod, by) -> None:
    if not by.has_perm("reception.delete_sensitiveperiod"):
        raise ReceptionError(_("Only the petition office sets sensitive periods."))
    with transaction.atomic():
        first, last = period.starts_on, period.ends_on
        period.delete()
        _remark_range(first, last)


SKIP_LEVEL_KEYS = {
    SkipLevel.CAPITAL: "capital",
    SkipLevel.PROVINCE: "province",
    SkipLevel.CITY: "city",
    SkipLevel.DISTRICT: "district",
}


def skip_level_counts(first: date, last: date, unit_ids) -> dict[int, dict]:
    """批次 and 人次 of skip-level visits per responsible unit (no roll-up), by level,
    for visits from `first` to `last` inclusive; one aggregate query."""
    zero = 0
    aggregates = {
        "skip_batches": Count("pk"),
        "skip_people": Coalesce(Sum("headcount"), zero),
    }
    for level, key in SKIP_LEVEL_KEYS.items():
        condition = Q(level=level)
        aggregates[f"skip_{key}_batches"] = Count("pk", filter=condition)
        aggregates[f"skip_{key}_people"] = Coalesce(Sum("headcount", filter=condition), zero)
    rows = (
        SkipLevelVisit.objects.filter(
            visited_on__gte=first, visited_on__lte=last, responsible_unit_id__in=list(unit_ids)
        )
        .order_by()
        .values("responsible_unit_id")
        .annotate(**aggregates)
    )
    return {row.pop("responsible_unit_id"): row for row in rows}


# --- Reception duty check ------------------------------------------------------------------


@dataclass
class DutyRow:
    unit: object
    leader: User
    leadership: str
    days: list[date] = field(default_factory=list)
    required: int = 0
    month_over: bool = True
    missing_weeks: list[date] = field(default_factory=list)  # Mondays of weeks without a day

    @property
    def missing_week_ranges(self) -> list[tuple[date, date]]:
        return [(monday, monday + timedelta(days=6)) for monday in self.missing_weeks]

    @property
    def held(self) -> int:
        return len(self.days)

    @property
    def shortfall(self) -> int:
        if self.leadership == Leadership.MAIN:
            # A month still running is not yet short of its monthly days.
            return max(self.required - self.held, 0) if self.month_over else 0
        return len(self.missing_weeks)

    @property
    def ok(self) -> bool:
        """The rule is met: ticked. A main leader with fewer days than required in a month
        still running is not ticked (pending), though not yet short either."""
        if self.leadership == Leadership.MAIN:
            return self.held >= self.required
        return self.shortfall == 0

    @property
    def still_due(self) -> int:
        """Days still to hold this month before the main leader's rule is met."""
        return max(self.required - self.held, 0)

    @property
    def pending(self) -> bool:
        """Not met yet, but the month still runs: no shortfall counted."""
        return not self.ok and self.shortfall == 0


def month_bounds(month: date) -> tuple[date, date]:
    first = month.replace(day=1)
    return first, first.replace(day=calendar.monthrange(first.year, first.month)[1])


def duty_weeks(month: date, today: date) -> list[date]:
    """Mondays of the weeks the month answers for: ISO weeks whose Thursday falls in
    the month, once they are over (a week still running is not yet a shortfall)."""
    first, last = month_bounds(month)
    monday = first - timedelta(days=first.weekday())
    weeks = []
    while monday <= last:
        thursday = monday + timedelta(days=3)
        if first <= thursday <= last and monday + timedelta(days=6) < today:
            weeks.append(monday)
        monday += timedelta(days=7)
    return weeks


def duty_check(*, month: date, unit_ids, today: date | None = None) -> list[DutyRow]:
    """Reception days held (published, not cancelled, not after today) by each leadership member
    of the units in the month, against the rule: members weekly
    (RECEPTION_MEMBERS_WEEKLY), the main leader RECEPTION_MAIN_DAYS_PER_MONTH days."""
    today = today or timezone.localdate()
    first, last = month_bounds(month)
    leaders = list(
        User.objects.filter(
            unit_id__in=list(unit_ids),
            is_active=True,
            leadership__in=[Leadership.MAIN, Leadership.MEMBER],
        )
        .select_related("unit")
        .order_by("unit__path", "-leadership", "full_name")
    )
    held: dict[int, list[date]] = {}
    days = (
        ReceptionDay.objects.published()
        .not_cancelled()
        .filter(
            leader__in=[leader.pk for leader in leaders],
            date__gte=first,
            date__lte=min(last, today),
        )
        .order_by("date")
        .values_list("leader_id", "date")
    )
    for leader_id, day in days:
        held.setdefault(leader_id, []).append(day)
    weeks = duty_weeks(month, today)
    month_over = last < today
    rows = []
    for leader in leaders:
        row = DutyRow(leader.unit, leader, leader.leadership, held.get(leader.pk, []))
        row.month_over = month_over
        if leader.leadership == Leadership.MAIN:
            row.required = settings.RECEPTION_MAIN_DAYS_PER_MONTH
        elif settings.RECEPTION_MEMBERS_WEEKLY:
            covered = {day - timedelta(days=day.weekday()) for day in row.days}
            row.required = len(weeks)
            row.missing_weeks = [monday for monday in weeks if monday not in covered]
        rows.append(row)
    return rows
