"""Every change to screening reports, hazards and daily reports, one function per
action. Each is atomic: it locks the row, asks the one rule in screening_access,
writes, records a ScreeningEvent and tells people through the inbox in the same
transaction (notify writes the inbox rows there; e-mails go after commit).
"""

import calendar
from dataclasses import dataclass, field
from datetime import date, datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from notifications.services import Message, notify, notify_all, users_with_role
from organization.models import Leadership, Unit, User
from organization.periods import Period
from organization.roles import Role
from petitions.models import Category, Petition, PetitionPetitioner
from reception.models import SensitivePeriod

from . import screening_access as access
from .models import (
    DailyReport,
    Hazard,
    HazardDispatch,
    HazardLevel,
    HazardPerson,
    ScreeningEvent,
    ScreeningReminder,
    ScreeningReport,
)

KIND_MAJOR = "hazard_major"
KIND_DISPATCH = "hazard_dispatch"
KIND_SCREENING_DUE = "screening_due"
KIND_DAILY_DUE = "daily_report_due"


class ScreeningError(Exception):
    """A screening action that cannot be done; the message is for the user."""


class ActionNotAllowed(ScreeningError):
    pass


# --- Periods and who files ----------------------------------------------------------------


def due_on(period: Period) -> date:
    """The report's due date: day RISK_SCREENING_DUE_DAY of the period's month, never
    after the period's last day (a 业务月 ending on the 20th is due by the 20th)."""
    last_day = calendar.monthrange(period.year, period.month)[1]
    day = date(period.year, period.month, min(settings.RISK_SCREENING_DUE_DAY, last_day))
    return min(day, period.last)


def filing_units():
    """The units that file: every active unit at the 矿/厂/处 level."""
    return Unit.objects.filter(is_active=True, kind=Unit.Kind.UNIT).order_by("path")


def main_leaders(unit_id: int):
    return User.objects.filter(
        is_active=True, unit_id=unit_id, leadership=Leadership.MAIN
    ).order_by("pk")


def _event(*, report, action, by, at, hazard=None, comment="", payload=None):
    return ScreeningEvent.objects.create(
        report=report,
        hazard=hazard,
        action=action,
        by=by,
        at=at,
        comment=comment,
        payload=payload or {},
    )


def _locked_report(report: ScreeningReport) -> ScreeningReport:
    return (
        ScreeningReport.objects.select_for_update(of=("self",))
        .select_related("unit")
        .get(pk=report.pk)
    )


# --- The monthly report ---------------------------------------------------------------------


def screening_report_start(
    *, unit: Unit, period: Period, by, at: datetime | None = None
) -> ScreeningReport:
    """The unit's report for the month, created on first use (one per unit and month).
    `at` back-dates the event (demo data, imports); the pages leave it to now."""
    if not access.may_file_for(by, unit):
        raise ActionNotAllowed(_("Only the unit's own staff file its screening report."))
    existing = ScreeningReport.objects.filter(
        unit=unit, year=period.year, month=period.month
    ).first()
    if existing is not None:
        return existing
    at = at or timezone.now()
    try:
        with transaction.atomic():
            report = ScreeningReport.objects.create(
                unit=unit,
                year=period.year,
                month=period.month,
                period_first=period.first,
                period_last=period.last,
                due_on=due_on(period),
                created_by=by,
            )
            _event(report=report, action="start", by=by, at=at)
    except IntegrityError:  # started at the same moment by a colleague
        return ScreeningReport.objects.get(unit=unit, year=period.year, month=period.month)
    return report


@dataclass
class HazardData:
    kind: str
    summary: str
    category: Category
    level: str
    people_count: int = 1
    skip_level: str = ""
    owning_leader: User | None = None
    measures: str = ""
    due_on: date | None = None
    persons: list[PetitionPetitioner] = field(default_factory=list)


def linkable_persons(user):
    """The persons a user may name in a hazard: people on cases the user may find by
    person (the unit scope and the identity rule of 检举控告 cases)."""
    return PetitionPetitioner.objects.filter(
        petition__in=Petition.objects.findable_by_person(user).values("pk")
    ).select_related("petition")


def hazard_add(
    *, report: ScreeningReport, data: HazardData, by, at: datetime | None = None
) -> Hazard:
    """Adds a hazard to an unsigned report. A 重大 hazard alerts the office and the
    unit's main leader at once (inbox, and e-mail for those who chose it)."""
    if data.level not in HazardLevel.values or data.kind not in Hazard.Kind.values:
        raise ScreeningError(_("Choose the hazard's kind and level."))
    if not data.summary.strip():
        raise ScreeningError(_("Describe the hazard."))
    if data.owning_leader is not None and not data.owning_leader.has_role(Role.LEADER):
        raise ScreeningError(_("The owning leader must be a leader."))
    at = at or timezone.now()
    with transaction.atomic():
        locked = _locked_report(report)
        if not access.may_edit_report(by, locked):
            raise ActionNotAllowed(
                _("Only the unit's staff add hazards, before the leader signs the report.")
            )
        allowed = set(
            linkable_persons(by)
            .filter(pk__in=[person.pk for person in data.persons])
            .values_list("pk", flat=True)
        )
        if any(person.pk not in allowed for person in data.persons):
            raise ActionNotAllowed(_("You may not name this person."))
        hazard = Hazard.objects.create(
            report=locked,
            kind=data.kind,
            summary=data.summary.strip(),
            category=data.category,
            level=data.level,
            people_count=data.people_count,
            skip_level=data.skip_level,
            owning_leader=data.owning_leader,
            measures=data.measures.strip(),
            due_on=data.due_on,
        )
        seen = set()
        for person in data.persons:
            if person.petitioner_id in seen:
                continue
            seen.add(person.petitioner_id)
            HazardPerson.objects.create(
                hazard=hazard,
                petitioner_id=person.petitioner_id,
                petition_id=person.petition_id,
                name=person.name,
            )
        if locked.is_zero_report:  # a hazard withdraws the 零报告
            locked.is_zero_report = False
            locked.zero_declared_by = None
            locked.zero_declared_at = None
            locked.save(update_fields=["is_zero_report", "zero_declared_by", "zero_declared_at"])
        _event(
            report=locked,
            hazard=hazard,
            action="hazard_add",
            by=by,
            at=at,
            comment=hazard.summary,
            payload={"level": hazard.level},
        )
        if hazard.is_major:
            with override(settings.LANGUAGE_CODE):
                notify(
                    [*users_with_role(Role.OFFICE), *main_leaders(locked.unit_id)],
                    kind=KIND_MAJOR,
                    text=_("Major hazard reported by %(unit)s: %(summary)s")
                    % {"unit": locked.unit.name, "summary": hazard.summary},
                    url=hazard.get_absolute_url(),
                    subject=locked.unit.name,
                    due=hazard.due_on,
                )
    return hazard


def screening_report_declare_zero(
    *, report: ScreeningReport, by, at: datetime | None = None
) -> ScreeningReport:
    """零报告: the named user states that the unit has nothing to report this month."""
    at = at or timezone.now()
    with transaction.atomic():
        locked = _locked_report(report)
        if not access.may_edit_report(by, locked):
            raise ActionNotAllowed(_("Only the unit's staff declare a zero report."))
        if locked.hazards.exists():
            raise ScreeningError(_("A report with hazards cannot be a zero report."))
        locked.is_zero_report = True
        locked.zero_declared_by = by
        locked.zero_declared_at = at
        locked.save(update_fields=["is_zero_report", "zero_declared_by", "zero_declared_at"])
        _event(report=locked, action="zero_report", by=by, at=at)
    return locked


def screening_report_sign(
    *, report: ScreeningReport, by, at: datetime | None = None
) -> ScreeningReport:
    """签发: the unit's leader signs; the report counts as filed from now, on time when
    filed on or before its due date."""
    at = at or timezone.now()
    with transaction.atomic():
        locked = _locked_report(report)
        if not access.may_sign_report(by, locked):
            raise ActionNotAllowed(
                _(
                    "Only a leader of the unit signs its report, "
                    "once it has hazards or a zero report."
                )
            )
        locked.signed_by = by
        locked.signed_at = at
        locked.filed_on = timezone.localtime(at).date()
        locked.save(update_fields=["signed_by", "signed_at", "filed_on"])
        _event(
            report=locked,
            action="sign",
            by=by,
            at=at,
            payload={"timeliness": locked.timeliness},
        )
    return locked


def hazard_set_status(
    *, hazard: Hazard, status: str, comment: str = "", by, at: datetime | None = None
) -> Hazard:
    """化解中 → 已化解 / 已上报, by the unit or the owning leader."""
    if status not in Hazard.Status.values:
        raise ScreeningError(_("Choose a status."))
    at = at or timezone.now()
    with transaction.atomic():
        locked = (
            Hazard.objects.select_for_update(of=("self",))
            .select_related("report", "report__unit")
            .get(pk=hazard.pk)
        )
        if not access.may_update_hazard(by, locked):
            raise ActionNotAllowed(_("Only the unit or the owning leader updates this hazard."))
        before = locked.status
        locked.status = status
        locked.resolved_on = (
            timezone.localtime(at).date() if status == Hazard.Status.RESOLVED else None
        )
        locked.save(update_fields=["status", "resolved_on"])
        _event(
            report=locked.report,
            hazard=locked,
            action="hazard_status",
            by=by,
            at=at,
            comment=comment.strip(),
            payload={"from": before, "to": status},
        )
    return locked


def hazard_dispatch(
    *,
    hazard: Hazard,
    deadline: date,
    instructions: str,
    to_unit: Unit | None = None,
    to_leader: User | None = None,
    by,
    at: datetime | None = None,
) -> HazardDispatch:
    """一调度: the office hands the hazard to a unit or a leader, who are told."""
    if (to_unit is None) == (to_leader is None):
        raise ScreeningError(_("Dispatch to a unit or to a leader."))
    if to_leader is not None and not to_leader.has_role(Role.LEADER):
        raise ScreeningError(_("Dispatch to a leader."))
    if not instructions.strip():
        raise ScreeningError(_("Write what is to be done."))
    at = at or timezone.now()
    if deadline < timezone.localtime(at).date():
        raise ScreeningError(_("The deadline cannot be in the past."))
    with transaction.atomic():
        locked = (
            Hazard.objects.select_for_update(of=("self",))
            .select_related("report", "report__unit")
            .get(pk=hazard.pk)
        )
        if not access.may_dispatch(by, locked):
            raise ActionNotAllowed(_("Only the petition office dispatches open hazards."))
        dispatch = HazardDispatch.objects.create(
            hazard=locked,
            to_unit=to_unit,
            to_leader=to_leader,
            deadline=deadline,
            instructions=instructions.strip(),
            by=by,
            at=at,
        )
        _event(
            report=locked.report,
            hazard=locked,
            action="dispatch",
            by=by,
            at=at,
            comment=dispatch.instructions,
            payload={
                "to_unit": getattr(to_unit, "pk", None),
                "to_leader": getattr(to_leader, "pk", None),
                "deadline": deadline.isoformat(),
            },
        )
        recipients = (
            [to_leader] if to_leader is not None else list(User.objects.unit_staff(to_unit))
        )
        with override(settings.LANGUAGE_CODE):
            notify(
                recipients,
                kind=KIND_DISPATCH,
                text=_("Hazard dispatched to you by the petition office: %(summary)s. %(text)s")
                % {"summary": locked.summary, "text": dispatch.instructions},
                url=locked.get_absolute_url(),
                subject=locked.report.unit.name,
                due=deadline,
            )
    return dispatch


# --- Daily reports in sensitive periods -----------------------------------------------------


def daily_report_file(
    *, unit: Unit, day: date, is_zero_report: bool, content: str, by, at: datetime | None = None
) -> DailyReport:
    """A unit's report for a day of a sensitive period; one per unit and day."""
    if not access.may_file_for(by, unit):
        raise ActionNotAllowed(_("Only the unit's own staff file its daily report."))
    content = content.strip()
    if not is_zero_report and not content:
        raise ScreeningError(_("Describe the situation, or tick nothing to report."))
    period = SensitivePeriod.objects.covering(day).order_by("starts_on").first()
    if period is None:
        raise ScreeningError(_("No sensitive period covers this day."))
    try:
        with transaction.atomic():
            return DailyReport.objects.create(
                unit=unit,
                period=period,
                day=day,
                is_zero_report=is_zero_report,
                content="" if is_zero_report else content,
                filed_by=by,
                filed_at=at or timezone.now(),
            )
    except IntegrityError:
        raise ScreeningError(_("The unit has already filed its report for this day.")) from None


# --- The daily job ----------------------------------------------------------------------------


def _remind(unit_ids, *, kind: str, about: date, today: date) -> list[int]:
    """Insert a reminder row per unit, skipping those already sent; the units whose
    row this run inserted (the unique constraint makes a second run send nothing)."""
    already = set(
        ScreeningReminder.objects.filter(
            kind=kind, about=about, unit_id__in=list(unit_ids)
        ).values_list("unit_id", flat=True)
    )
    fresh = [unit_id for unit_id in unit_ids if unit_id not in already]
    ScreeningReminder.objects.bulk_create(
        [ScreeningReminder(unit_id=u, kind=kind, about=about, sent_on=today) for u in fresh],
        ignore_conflicts=True,
    )
    return fresh


def run_daily(*, today: date | None = None) -> dict:
    """The morning job: on the due day, remind the units that have not filed this
    month's report; during a sensitive period, remind every unit to file today's daily
    report. Safe to run twice: a reminder row is inserted once per unit and date."""
    today = today or timezone.localdate()
    summary = {"monthly_reminded": 0, "daily_reminded": 0}
    units = {unit.pk: unit for unit in filing_units()}
    period = Period.containing(today)
    due = due_on(period)
    with transaction.atomic(), override(settings.LANGUAGE_CODE):
        messages = []
        if today == due:
            filed = set(
                ScreeningReport.objects.for_month(period.year, period.month)
                .filed()
                .values_list("unit_id", flat=True)
            )
            pending = [pk for pk in units if pk not in filed]
            for unit_id in _remind(
                pending, kind=ScreeningReminder.Kind.MONTHLY_DUE, about=due, today=today
            ):
                messages.append(
                    Message(
                        list(User.objects.unit_staff(unit_id)),
                        kind=KIND_SCREENING_DUE,
                        text=_("The screening report of %(month)s is due today.")
                        % {"month": period.label},
                        subject=units[unit_id].name,
                        due=due,
                    )
                )
                summary["monthly_reminded"] += 1
        if SensitivePeriod.objects.covering(today).exists():
            done = set(DailyReport.objects.filter(day=today).values_list("unit_id", flat=True))
            pending = [pk for pk in units if pk not in done]
            for unit_id in _remind(
                pending, kind=ScreeningReminder.Kind.DAILY, about=today, today=today
            ):
                messages.append(
                    Message(
                        list(User.objects.unit_staff(unit_id)),
                        kind=KIND_DAILY_DUE,
                        text=_("Sensitive period: file today's daily report (零报告 if nothing)."),
                        subject=units[unit_id].name,
                        due=today,
                    )
                )
                summary["daily_reminded"] += 1
        notify_all(messages)
    return summary


# --- Facts for accountability and statistics -----------------------------------------------


def filing_facts(period: Period, *, today: date | None = None) -> dict[int, str]:
    """Per filing unit: "on_time", "late", "missing" (past due, unfiled) or "pending"
    (not filed, not yet due) for `period`. Accountability scores these."""
    today = today or timezone.localdate()
    reports = {
        row["unit_id"]: row
        for row in ScreeningReport.objects.for_month(period.year, period.month).values(
            "unit_id", "filed_on", "due_on"
        )
    }
    due = due_on(period)
    facts = {}
    for unit_id in filing_units().values_list("pk", flat=True):
        row = reports.get(unit_id)
        if row and row["filed_on"] is not None:
            facts[unit_id] = "late" if row["filed_on"] > row["due_on"] else "on_time"
        else:
            facts[unit_id] = "missing" if today > due else "pending"
    return facts


def screening_counts(period: Period, unit_ids, *, today: date | None = None) -> dict[int, dict]:
    """Per filing unit (no roll-up): screening reports filed on time / late / missing
    and the filed reports' hazards by level, for the statistics table. Two aggregate
    queries."""
    from django.db.models import Count, Q

    from .models.screening import LATE_Q, ON_TIME_Q

    today = today or timezone.localdate()
    unit_ids = list(unit_ids)
    month = Q(year=period.year, month=period.month)
    filers = list(filing_units().filter(pk__in=unit_ids).values_list("pk", flat=True))
    result: dict[int, dict] = {
        pk: {"screening_on_time": 0, "screening_late": 0, "screening_missing": 0} for pk in filers
    }
    filed = ScreeningReport.objects.filter(month, unit_id__in=unit_ids, filed_on__isnull=False)
    for row in (
        filed.order_by()
        .values("unit_id")
        .annotate(on_time=Count("pk", filter=ON_TIME_Q), late=Count("pk", filter=LATE_Q))
    ):
        entry = result.setdefault(row["unit_id"], {})
        entry["screening_on_time"] = row["on_time"]
        entry["screening_late"] = row["late"]
    if today > due_on(period):
        for pk in filers:
            entry = result[pk]
            if not entry.get("screening_on_time") and not entry.get("screening_late"):
                entry["screening_missing"] = 1
    levels = {
        f"hazards_{level}": Count("pk", filter=Q(level=level)) for level in HazardLevel.values
    }
    for row in (
        Hazard.objects.filter(
            report__year=period.year,
            report__month=period.month,
            report__filed_on__isnull=False,
            report__unit_id__in=unit_ids,
        )
        .order_by()
        .values("report__unit_id")
        .annotate(**levels)
    ):
        result.setdefault(row.pop("report__unit_id"), {}).update(row)
    return result
