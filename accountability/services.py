"""The only writers of accountability's tables. Each function is keyword-only, atomic,
locks what it changes, asks access.py whether `by` may do it, writes, logs an Event
and sends its notifications on commit."""

from datetime import date, datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from notifications.services import notify, users_with_role
from organization.models import Unit
from organization.roles import Role

from . import access, risk_readers
from .models import (
    REPORTING_KINDS,
    AnnualAssessment,
    AssessmentYear,
    ChainMember,
    ChainRole,
    Consequence,
    ConsequenceKind,
    Event,
    LedgerEntry,
    LedgerEvent,
    MeasureTaken,
    Referral,
    ReferralSource,
    Rule,
    ScoreLine,
    ScoringMonth,
    UnitScore,
)
from .scoring import Month, month_facts, scored_units

KIND_CONSEQUENCE = "acc_consequence"
KIND_REFERRAL = "acc_referral"


class AccountabilityError(Exception):
    """An action that cannot be done; the message is for the user."""


def _log(action: str, obj, *, by=None, unit=None, note: str = "") -> None:
    url = obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else ""
    Event.objects.create(
        action=action, subject=str(obj)[:200], url=url, unit=unit, by=by, note=note
    )


def _notify_on_commit(recipients, *, kind: str, text: str, url: str, due=None) -> None:
    recipients = list(recipients)
    if recipients:
        transaction.on_commit(lambda: notify(recipients, kind=kind, text=text, url=url, due=due))


def unit_people(unit: Unit):
    """The unit's active leaders and handlers: who hears of its consequences."""
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.filter(is_active=True, unit=unit, groups__name__in=[Role.LEADER, Role.HANDLER])
        .distinct()
    )


# --- Responsibility chain ---


def chain_member_add(
    *,
    unit: Unit,
    role: str,
    name: str,
    since: date,
    by,
    user=None,
    title: str = "",
    phone: str = "",
    duty: str = "",
) -> ChainMember:
    """Name a person in the chain from `since`. Naming a new first responsible person
    ends the previous one's entry the day before (one main leader at a time)."""
    if not access.may_manage_chain(by):
        raise AccountabilityError(_("Only the petition office keeps the responsibility chains."))
    with transaction.atomic():
        Unit.objects.select_for_update().get(pk=unit.pk)
        if role == ChainRole.MAIN:
            previous = ChainMember.objects.filter(
                unit=unit, role=ChainRole.MAIN, since__lt=since
            ).filter(Q(until__isnull=True) | Q(until__gte=since))
            previous.update(until=since - timedelta(days=1))
        member = ChainMember.objects.create(
            unit=unit,
            role=role,
            user=user,
            name=name or (user.get_full_name() if user else ""),
            title=title,
            phone=phone,
            duty=duty,
            since=since,
            recorded_by=by,
        )
        _log("chain_add", member, by=by, unit=unit)
    return member


def chain_member_end(*, member: ChainMember, until: date, by) -> ChainMember:
    if not access.may_manage_chain(by):
        raise AccountabilityError(_("Only the petition office keeps the responsibility chains."))
    with transaction.atomic():
        member = ChainMember.objects.select_for_update().get(pk=member.pk)
        if until < member.since:
            raise AccountabilityError(_("The end date is before the start date."))
        member.until = until
        member.save(update_fields=["until"])
        _log("chain_end", member, by=by, unit=member.unit, note=str(until))
    return member


def chain_gaps(*, on: date) -> list[dict]:
    """Scored units without a first responsible person or without petition staff on `on`
    (two queries)."""
    present = set(
        ChainMember.objects.on(on)
        .filter(role__in=[ChainRole.MAIN, ChainRole.STAFF])
        .values_list("unit_id", "role")
        .distinct()
    )
    gaps = []
    for unit in scored_units():
        missing = []
        if (unit.pk, ChainRole.MAIN) not in present:
            missing.append(ChainRole.MAIN.label)
        if (unit.pk, ChainRole.STAFF) not in present:
            missing.append(ChainRole.STAFF.label)
        if missing:
            gaps.append({"unit": unit, "missing": missing})
    return gaps


# --- Monthly scores ---


def _compute(scoring_month: ScoringMonth, *, today: date) -> None:
    """Fill a draft version's scores: one UnitScore per scored unit, one line per rule."""
    m = Month.of(scoring_month.year, scoring_month.month)
    rules = list(Rule.objects.active_in(m.first, m.last).order_by("pk"))
    counts, items = month_facts(m, today=today, wanted={rule.metric for rule in rules})
    base = scoring_month.base
    scores = []
    lines_by_unit = {}
    for unit in scored_units():
        prefix = unit.path
        unit_counts = counts.get(prefix, {})
        lines = []
        total = base
        for rule in rules:
            count = int(unit_counts.get(rule.metric, 0) or 0)
            if not count:
                continue
            raw = rule.points * count
            points = rule.points_for(count)
            total += points
            lines.append(
                ScoreLine(
                    rule=rule,
                    label=rule.name,
                    metric=rule.metric,
                    count=count,
                    points=points,
                    capped=points != raw,
                    items=items.get(prefix, {}).get(rule.metric, []),
                )
            )
        score = UnitScore(
            scoring_month=scoring_month,
            unit=unit,
            score=total,
            rank=0,
            counts={key: int(value or 0) for key, value in unit_counts.items()},
        )
        scores.append(score)
        lines_by_unit[unit.pk] = lines
    ordered = sorted(scores, key=lambda s: -s.score)
    for score in ordered:
        score.rank = 1 + sum(1 for other in ordered if other.score > score.score)
    if ordered and ordered[0].score != ordered[-1].score:
        lowest = ordered[-1].score
        for score in ordered:
            score.is_last = score.score == lowest
    UnitScore.objects.bulk_create(scores)
    all_lines = []
    for score in scores:
        for line in lines_by_unit[score.unit_id]:
            line.unit_score = score
            all_lines.append(line)
    ScoreLine.objects.bulk_create(all_lines)


def scoring_month_run(
    *, year: int, month: int, by=None, today: date | None = None, at: datetime | None = None
) -> ScoringMonth:
    """Run a month: a first version, or fresh figures in its draft. A frozen month is
    not touched (a correction is scoring_month_correct). Then propose the consequences
    the rules find and raise the reverse-check referrals. Safe to run twice."""
    if by is not None and not access.may_run_scoring(by):
        raise AccountabilityError(_("Only the petition office runs the monthly scores."))
    at = at or timezone.now()
    today = today or timezone.localdate()
    m = Month.of(year, month)
    with transaction.atomic():
        current = (
            ScoringMonth.objects.select_for_update()
            .filter(year=year, month=month)
            .order_by("-version")
            .first()
        )
        if current is not None and current.is_frozen:
            raise AccountabilityError(
                _("This month is frozen: its notice was published. Make a correction instead.")
            )
        if current is None:
            current = ScoringMonth.objects.create(
                year=year,
                month=month,
                first_day=m.first,
                last_day=m.last,
                base=Decimal(settings.ACCOUNTABILITY_BASE_SCORE),
                run_at=at,
                run_by=by,
            )
        else:
            current.scores.all().delete()
            current.run_at, current.run_by = at, by
            current.save(update_fields=["run_at", "run_by"])
        _compute(current, today=today)
        _log("scores_run", current, by=by)
        consequences_propose(m=m, at=at)
        referrals_from_reverse_check(m=m)
    return current


def scoring_month_freeze(*, scoring_month: ScoringMonth, by=None, at=None) -> ScoringMonth:
    if by is not None and not access.may_run_scoring(by):
        raise AccountabilityError(_("Only the petition office freezes the monthly scores."))
    at = at or timezone.now()
    with transaction.atomic():
        locked = ScoringMonth.objects.select_for_update().get(pk=scoring_month.pk)
        if locked.is_frozen:
            return locked
        locked.freeze(at=at)
        locked.save()
        _log("scores_freeze", locked, by=by)
    return locked


def scoring_month_correct(
    *, scoring_month: ScoringMonth, reason: str, by, today: date | None = None, at=None
) -> ScoringMonth:
    """A new draft version of a frozen month with today's figures; the frozen version
    stays as it was published."""
    if not access.may_run_scoring(by):
        raise AccountabilityError(_("Only the petition office corrects the monthly scores."))
    if not reason.strip():
        raise AccountabilityError(_("Give the reason for the correction."))
    at = at or timezone.now()
    with transaction.atomic():
        latest = (
            ScoringMonth.objects.select_for_update()
            .filter(year=scoring_month.year, month=scoring_month.month)
            .order_by("-version")
            .first()
        )
        if not latest.is_frozen:
            raise AccountabilityError(_("The month is still a draft: run it again instead."))
        correction = ScoringMonth.objects.create(
            year=latest.year,
            month=latest.month,
            version=latest.version + 1,
            first_day=latest.first_day,
            last_day=latest.last_day,
            base=latest.base,
            run_at=at,
            run_by=by,
            corrects=latest,
            reason=reason,
        )
        _compute(correction, today=today or timezone.localdate())
        _log("scores_correct", correction, by=by, note=reason)
    return correction


def scoring_month_freeze_for_notice(*, year: int, month: int, by=None) -> ScoringMonth:
    """What reports calls when the monthly notice is published: the month's current
    version is frozen (run first if it never was)."""
    current = ScoringMonth.objects.current(year, month)
    if current is None:
        current = scoring_month_run(year=year, month=month, by=None)
    return scoring_month_freeze(scoring_month=current, by=None)


def current_scores(year: int, months) -> dict[int, dict[int, UnitScore]]:
    """{month: {unit_id: score}} from each month's current version (two queries)."""
    versions = {}
    for scoring_month in ScoringMonth.objects.filter(year=year, month__in=list(months)).order_by(
        "month", "version"
    ):
        versions[scoring_month.month] = scoring_month.pk
    result: dict[int, dict[int, UnitScore]] = {}
    for score in UnitScore.objects.filter(
        scoring_month_id__in=list(versions.values())
    ).select_related("scoring_month"):
        result.setdefault(score.scoring_month.month, {})[score.unit_id] = score
    return result


# --- Consequences ---


def _propose(unit_id: int, kind: str, m: Month, reason: str, at) -> Consequence | None:
    try:
        with transaction.atomic():
            consequence, created = Consequence.objects.get_or_create(
                unit_id=unit_id,
                kind=kind,
                year=m.year,
                month=m.month,
                defaults={"reason": reason, "proposed_at": at},
            )
    except IntegrityError:
        return None
    if created:
        _log("consequence_proposed", consequence, unit=consequence.unit, note=reason)
        _notify_on_commit(
            users_with_role(Role.OFFICE),
            kind=KIND_CONSEQUENCE,
            text=_("Proposed: %(consequence)s. Confirm or waive it.")
            % {"consequence": consequence},
            url=consequence.get_absolute_url(),
        )
    return consequence


def last_place_units(m: Month) -> list[int]:
    """Units last in each of the three months of `m`'s quarter (only when `m` ends it)."""
    months = m.quarter_months()
    if m.month != months[-1]:
        return []
    scores = current_scores(m.year, months)
    if set(scores) != set(months):
        return []
    lasts = [{uid for uid, score in scores[month].items() if score.is_last} for month in months]
    return sorted(set.intersection(*lasts))


def collective_batch_departments(m: Month, threshold: int = 3) -> list[tuple[int, int]]:
    """Departments with `threshold` or more collective-visit batches (registered
    petitions and skip-level records) in `m`'s quarter up to `m`."""
    months = [month for month in m.quarter_months() if month <= m.month]
    scores = current_scores(m.year, months)
    totals: dict[int, int] = {}
    for per_unit in scores.values():
        for unit_id, score in per_unit.items():
            if score.unit.kind != Unit.Kind.DEPARTMENT:
                continue
            batches = score.counts.get("collective_batches", 0) + score.counts.get(
                "skip_collective_batches", 0
            )
            totals[unit_id] = totals.get(unit_id, 0) + batches
    return sorted((uid, n) for uid, n in totals.items() if n >= threshold)


def consequences_propose(*, m: Month, at=None) -> list[Consequence]:
    """The month's rules: last place three months running within a quarter → 通报批评;
    a department with ≥3 collective batches in the quarter → 重点管理 (once a quarter).
    Reasons are written in the site's language, whoever runs the month."""
    with override(settings.LANGUAGE_CODE):
        return _consequences_propose(m=m, at=at or timezone.now())


def _consequences_propose(*, m: Month, at) -> list[Consequence]:
    proposed = []
    for unit_id in last_place_units(m):
        reason = _("Last place in %(year)s Q%(quarter)s: every month of the quarter.") % {
            "year": m.year,
            "quarter": m.quarter,
        }
        proposed.append(_propose(unit_id, ConsequenceKind.CRITICISM, m, reason, at))
    for unit_id, batches in collective_batch_departments(m):
        if Consequence.objects.filter(
            unit_id=unit_id,
            kind=ConsequenceKind.KEY_MANAGEMENT,
            year=m.year,
            month__in=m.quarter_months(),
        ).exists():
            continue
        reason = _("%(batches)s batches of collective visits in %(year)s Q%(quarter)s.") % {
            "batches": batches,
            "year": m.year,
            "quarter": m.quarter,
        }
        proposed.append(_propose(unit_id, ConsequenceKind.KEY_MANAGEMENT, m, reason, at))
    return [c for c in proposed if c is not None]


def _follow_ups(criticism: Consequence, at) -> None:
    """After a confirmed 通报批评: twice in a year → 重点管理; also in the previous quarter
    (criticised twice running) → 书面检查."""
    m = Month.of(criticism.year, criticism.month)
    confirmed = Consequence.objects.confirmed().filter(
        unit=criticism.unit, kind=ConsequenceKind.CRITICISM
    )
    in_year = confirmed.filter(year=m.year).count()
    if (
        in_year >= 2
        and not Consequence.objects.filter(
            unit=criticism.unit, kind=ConsequenceKind.KEY_MANAGEMENT, year=m.year
        ).exists()
    ):
        reason = _("Circulated criticism %(count)s times in %(year)s.") % {
            "count": in_year,
            "year": m.year,
        }
        _propose(criticism.unit_id, ConsequenceKind.KEY_MANAGEMENT, m, reason, at)
    if m.quarter == 1:
        previous_year, previous_months = m.year - 1, [10, 11, 12]
    else:
        previous_year, previous_months = m.year, [month - 3 for month in m.quarter_months()]
    if confirmed.filter(year=previous_year, month__in=previous_months).exists():
        reason = _("Circulated criticism in two quarters running (%(year)s Q%(quarter)s).") % {
            "year": m.year,
            "quarter": m.quarter,
        }
        _propose(criticism.unit_id, ConsequenceKind.SELF_EXAMINATION, m, reason, at)


def consequence_confirm(*, consequence: Consequence, by, note: str = "", at=None) -> Consequence:
    at = at or timezone.now()
    with transaction.atomic():
        locked = (
            Consequence.objects.select_for_update().select_related("unit").get(pk=consequence.pk)
        )
        if not access.may_decide(by, locked):
            raise AccountabilityError(_("This consequence cannot be confirmed by you now."))
        locked.confirm(by=by, at=at, note=note)
        if locked.kind in REPORTING_KINDS:
            locked.report_due = locked.decided_on + timedelta(
                days=settings.ACCOUNTABILITY_REPORT_DAYS
            )
        locked.save()
        _log("consequence_confirmed", locked, by=by, unit=locked.unit, note=note)
        text = _("Confirmed: %(consequence)s.") % {"consequence": locked}
        if locked.report_due:
            text += " " + _("Your report is due by %(due)s.") % {"due": locked.report_due}
        _notify_on_commit(
            unit_people(locked.unit),
            kind=KIND_CONSEQUENCE,
            text=text,
            url=locked.get_absolute_url(),
            due=locked.report_due,
        )
        if locked.kind == ConsequenceKind.CRITICISM:
            with override(settings.LANGUAGE_CODE):
                _follow_ups(locked, at)
    return locked


def consequence_waive(*, consequence: Consequence, by, note: str, at=None) -> Consequence:
    if not note.strip():
        raise AccountabilityError(_("Give the reason for waiving it."))
    at = at or timezone.now()
    with transaction.atomic():
        locked = (
            Consequence.objects.select_for_update().select_related("unit").get(pk=consequence.pk)
        )
        if not access.may_decide(by, locked):
            raise AccountabilityError(_("This consequence cannot be waived by you now."))
        locked.waive(by=by, at=at, note=note)
        locked.save()
        _log("consequence_waived", locked, by=by, unit=locked.unit, note=note)
    return locked


def consequence_report_submit(*, consequence: Consequence, text: str, by, on: date | None = None):
    """The unit files its 整改 report (or 书面检查): received on that day."""
    if not text.strip():
        raise AccountabilityError(_("The report is empty."))
    with transaction.atomic():
        locked = (
            Consequence.objects.select_for_update().select_related("unit").get(pk=consequence.pk)
        )
        if not access.may_submit_report(by, locked):
            raise AccountabilityError(_("You may not file this report."))
        locked.report_text = text
        locked.report_by = by
        locked.report_received_on = on or timezone.localdate()
        locked.save(update_fields=["report_text", "report_by", "report_received_on"])
        _log("consequence_report", locked, by=by, unit=locked.unit)
        _notify_on_commit(
            users_with_role(Role.OFFICE),
            kind=KIND_CONSEQUENCE,
            text=_("Report received: %(consequence)s.") % {"consequence": locked},
            url=locked.get_absolute_url(),
        )
    return locked


def measure_add(*, consequence: Consequence, measure: str, taken_on: date, note: str, by):
    with transaction.atomic():
        locked = Consequence.objects.select_for_update().get(pk=consequence.pk)
        if not access.may_add_measure(by, locked):
            raise AccountabilityError(_("Measures are recorded on confirmed key management."))
        taken = MeasureTaken.objects.create(
            consequence=locked, measure=measure, taken_on=taken_on, note=note, recorded_by=by
        )
        _log("measure", locked, by=by, unit=locked.unit, note=taken.get_measure_display())
    return taken


# --- Referrals to discipline inspection ---


def _referral_create(**fields) -> Referral | None:
    """Create once (the unique constraints make a repeat a no-op)."""
    lookup = {k: fields[k] for k in ("source", "petition", "skip_level_visit") if fields.get(k)}
    existing = Referral.objects.filter(**lookup).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            referral = Referral.objects.create(**fields)
    except IntegrityError:
        return Referral.objects.filter(**lookup).first()
    _log("referral_raised", referral, by=fields.get("raised_by"), unit=referral.unit)
    _notify_on_commit(
        users_with_role(Role.INSPECTOR),
        kind=KIND_REFERRAL,
        text=_("Referral to discipline inspection: %(referral)s.") % {"referral": referral},
        url=referral.get_absolute_url(),
    )
    return referral


def needs_referral(headcount: int, is_collective: bool = True) -> bool:
    """A collective visit of more than COLLECTIVE_ALERT_HEADCOUNT (20) people (seed 004 §五)."""
    return is_collective and headcount > settings.COLLECTIVE_ALERT_HEADCOUNT


def referral_for_petition(*, petition) -> Referral | None:
    if not needs_referral(petition.headcount, petition.is_collective):
        return None
    unit = petition.responsible_unit or petition.registered_unit
    return _referral_create(
        source=ReferralSource.COLLECTIVE_PETITION,
        petition=petition,
        unit=unit,
        headcount=petition.headcount,
        summary=f"{petition.number} {petition.summary}",
        raised_at=petition.registered_at,
    )


def referral_for_skip_level(*, visit) -> Referral | None:
    """A skip-level record of more than 20 people is a collective visit however it was
    marked (the alert of reception misses these)."""
    if not needs_referral(visit.headcount):
        return None
    return _referral_create(
        source=ReferralSource.COLLECTIVE_SKIP_LEVEL,
        skip_level_visit=visit,
        unit=visit.responsible_unit,
        headcount=visit.headcount,
        summary=f"{visit.visited_on:%Y-%m-%d} {visit.get_level_display()} {visit.summary}",
    )


def referrals_from_reverse_check(*, m: Month) -> list[Referral]:
    raised = []
    for visit, gaps in risk_readers.reverse_check_failures(m):
        referral = _referral_create(
            source=ReferralSource.REVERSE_CHECK,
            skip_level_visit=visit,
            unit=visit.responsible_unit,
            headcount=visit.headcount,
            summary=(
                f"{visit.visited_on:%Y-%m-%d} {visit.get_level_display()} {visit.summary}: {gaps}"
            ),
        )
        if referral is not None:
            raised.append(referral)
    return raised


def referral_raise(*, unit: Unit, misconduct: str, summary: str, by, petition=None) -> Referral:
    """By hand: officer misconduct (XG 43-46)."""
    if not access.may_raise_referral(by):
        raise AccountabilityError(_("Only the petition office and the inspectors refer matters."))
    with transaction.atomic():
        return _referral_create(
            source=ReferralSource.MISCONDUCT,
            unit=unit,
            petition=petition,
            misconduct=misconduct,
            summary=summary,
            raised_by=by,
        )


def referral_record(
    *, referral: Referral, findings: str, people: str, outcome: str, close: bool, by, at=None
) -> Referral:
    at = at or timezone.now()
    with transaction.atomic():
        locked = Referral.objects.select_for_update().get(pk=referral.pk)
        if not access.may_work_referral(by, locked):
            raise AccountabilityError(_("Only an inspector records an open referral's outcome."))
        if close and not outcome:
            raise AccountabilityError(_("Choose the outcome before closing."))
        locked.findings, locked.people_responsible, locked.outcome = findings, people, outcome
        locked.handled_by = by
        if close:
            locked.closed_at = at
        locked.save()
        _log("referral_closed" if close else "referral_recorded", locked, by=by, unit=locked.unit)
    return locked


# --- Annual assessment and the pay ledger ---


def year_totals(year: int) -> dict[int, dict]:
    """Per scored unit: the year's total of current-version scores, months, vetoes."""
    scores = current_scores(year, range(1, 13))
    totals: dict[int, dict] = {}
    for per_unit in scores.values():
        for unit_id, score in per_unit.items():
            entry = totals.setdefault(unit_id, {"total": Decimal(0), "months": 0, "veto": []})
            entry["total"] += score.score
            entry["months"] += 1
    vetoes = (
        ScoreLine.objects.filter(
            rule__veto=True,
            count__gt=0,
            unit_score__in=[s.pk for per in scores.values() for s in per.values()],
        )
        .values_list("unit_score__unit_id", "label")
        .distinct()
    )
    for unit_id, label in vetoes:
        totals.setdefault(unit_id, {"total": Decimal(0), "months": 0, "veto": []})["veto"].append(
            label
        )
    return totals


def responsible_leaders(unit: Unit, on: date):
    """The unit's first responsible person and directly responsible leader on `on`."""
    return (
        ChainMember.objects.on(on)
        .filter(unit=unit, role__in=[ChainRole.MAIN, ChainRole.DIRECT], user__isnull=False)
        .select_related("user")
    )


def _ledger_event(entry, action, at, by, note=""):
    LedgerEvent.objects.create(entry=entry, action=action, at=at, by=by, note=note)


def annual_assess(*, year: int, by=None, at=None) -> list[AnnualAssessment]:
    """Assess each scored unit for `year` (once; a unit already assessed is kept), and
    apply the pay rule to its responsible leaders: fail → 5% withheld; a withheld year
    followed by a pass → repaid; followed by a fail → both years forfeited."""
    if by is not None and not access.may_assess(by):
        raise AccountabilityError(_("Only the petition office runs the annual assessment."))
    at = at or timezone.now()
    setting = AssessmentYear.objects.filter(year=year).first()
    if setting is None:
        raise AccountabilityError(_("Set the year's pass mark in the administration first."))
    totals = year_totals(year)
    done = []
    with transaction.atomic():
        already = set(AnnualAssessment.objects.filter(year=year).values_list("unit_id", flat=True))
        for unit in scored_units():
            if unit.pk in already:
                continue
            facts = totals.get(unit.pk, {"total": Decimal(0), "months": 0, "veto": []})
            veto = "、".join(sorted(set(facts["veto"])))
            passed = facts["months"] > 0 and facts["total"] >= setting.pass_mark and not veto
            assessment = AnnualAssessment.objects.create(
                year=year,
                unit=unit,
                total=facts["total"],
                months=facts["months"],
                pass_mark=setting.pass_mark,
                veto=veto[:200],
                passed=passed,
                assessed_at=at,
                assessed_by=by,
            )
            _log("annual_assessed", assessment, by=by, unit=unit, note="pass" if passed else "fail")
            for member in responsible_leaders(unit, date(year, 12, 31)):
                ledger_apply(
                    assessment=assessment, leader=member.user, role=member.role, at=at, by=by
                )
            done.append(assessment)
    return done


def ledger_apply(
    *, assessment: AnnualAssessment, leader, role: str, at, by=None
) -> LedgerEntry | None:
    """The pay rule for one leader and one assessed year (called by annual_assess)."""
    previous = (
        LedgerEntry.objects.select_for_update()
        .filter(leader=leader, year=assessment.year - 1, state=LedgerEntry.State.WITHHELD)
        .first()
    )
    if assessment.passed:
        if previous is not None:
            previous.repay(year=assessment.year, at=at)
            previous.save()
            _ledger_event(previous, "repaid", at, by, str(assessment.year))
        return previous
    entry, created = LedgerEntry.objects.get_or_create(
        leader=leader,
        year=assessment.year,
        defaults={
            "unit": assessment.unit,
            "chain_role": role,
            "assessment": assessment,
            "percent": Decimal(settings.ACCOUNTABILITY_PAY_PERCENT),
        },
    )
    if created:
        _ledger_event(entry, "withheld", at, by)
    if previous is not None:
        for line in (previous, entry):
            line.forfeit(year=assessment.year, at=at)
            line.save()
            _ledger_event(line, "forfeited", at, by, str(assessment.year))
    return entry
