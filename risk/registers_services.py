"""The only writers of the registers: stability assessments, key persons, backlog plans
and reverse-check overrides.

Each service is atomic: it locks the row (select_for_update), asks the one "may do
X" rule of the model (the page and the endpoint ask the same), writes, and writes a
RegisterEvent row; notifications are queued in the same transaction (the inbox is a
table; e-mail goes after commit).
"""

from datetime import date, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from notifications.services import notify, users_with_role
from organization.roles import Role
from petitions import services as petition_services
from petitions.models import Petition, Petitioner, PetitionPetitioner
from petitions.services import ActionNotAllowed
from reception.models import SkipLevelVisit

from .models import (
    AssessmentOpinion,
    BacklogPlan,
    BacklogProgress,
    KeyPerson,
    KeyPersonAccessLog,
    KeyPersonNote,
    RegisterEvent,
    ReverseCheckOverride,
    StabilityAssessment,
)

KIND_KEY_PERSON = "key_person"
KIND_BACKLOG_OVERDUE = "backlog_overdue"

ASSESSMENT_FIELDS = (
    "unit",
    "kind",
    "title",
    "description",
    "planned_on",
    "legality",
    "rationality",
    "feasibility",
    "safety",
    "level",
    "measures",
    "conclusion",
)
OPINION_FIELDS = ("source", "who", "given_on", "text")


def _event(kind: str, obj, action: str, by, **payload) -> None:
    RegisterEvent.objects.create(
        kind=kind, object_id=obj.pk, action=action, actor=by, payload=payload
    )


def _payload(value):
    return value.isoformat() if isinstance(value, date) else str(getattr(value, "pk", value))


# --- Stability assessments ---------------------------------------------------------------


@transaction.atomic
def assessment_save(
    *, assessment: StabilityAssessment | None, data: dict, opinions: list[dict], by
) -> StabilityAssessment:
    """Create or edit an assessment with its opinions (replaced as a whole). Refused
    once signed: a signed assessment is the record the decision rests on."""
    if assessment is None:
        if not by.has_perm("risk.add_stabilityassessment"):
            raise ActionNotAllowed(_("You may not register assessments."))
        assessment = StabilityAssessment(created_by=by)
        action = "create"
    else:
        assessment = StabilityAssessment.objects.select_for_update().get(pk=assessment.pk)
        if not assessment.may_edit(by):
            raise ActionNotAllowed(_("A signed assessment cannot be changed."))
        action = "update"
    from organization.scope import can_see_unit

    if not can_see_unit(by, data["unit"]):
        raise ActionNotAllowed(_("You may not register assessments for this unit."))
    for name in ASSESSMENT_FIELDS:
        if name in data:
            setattr(assessment, name, data[name])
    assessment.save()
    assessment.opinions.all().delete()
    AssessmentOpinion.objects.bulk_create(
        AssessmentOpinion(assessment=assessment, **{k: o[k] for k in OPINION_FIELDS})
        for o in opinions
    )
    _event("assessment", assessment, action, by, opinions=len(opinions))
    return assessment


@transaction.atomic
def assessment_sign(*, assessment: StabilityAssessment, by) -> StabilityAssessment:
    """A leader signs the assessment off (complete: four tests, level, conclusion)."""
    assessment = StabilityAssessment.objects.select_for_update().get(pk=assessment.pk)
    if not assessment.may_sign(by):
        if not assessment.is_complete():
            raise ActionNotAllowed(
                _("Fill in the four tests, the risk level and the conclusion before signing.")
            )
        raise ActionNotAllowed(_("You may not sign this assessment."))
    assessment.signed_by = by
    assessment.signed_at = timezone.now()
    assessment.save(update_fields=["signed_by", "signed_at"])
    _event("assessment", assessment, "sign", by, conclusion=assessment.conclusion)
    return assessment


@transaction.atomic
def assessment_mark_implemented(
    *, assessment: StabilityAssessment, on: date, by
) -> StabilityAssessment:
    """The decision was implemented: only on a signed assessment concluding 实施 (the
    database refuses it otherwise too)."""
    assessment = StabilityAssessment.objects.select_for_update().get(pk=assessment.pk)
    if not assessment.may_mark_implemented(by):
        raise ActionNotAllowed(
            _("A decision is implemented only after a signed assessment concluding “implement”.")
        )
    assessment.implemented_on = on
    assessment.save(update_fields=["implemented_on"])
    _event("assessment", assessment, "implemented", by, on=on.isoformat())
    return assessment


# --- Key persons ---------------------------------------------------------------------------


def _latest_unit(petitioner_id: int):
    link = (
        PetitionPetitioner.objects.filter(petitioner_id=petitioner_id)
        .select_related("petition__responsible_unit", "petition__registered_unit")
        .order_by("-petition__received_on", "-petition_id")
        .first()
    )
    if link is None:
        return None
    return link.petition.responsible_unit or link.petition.registered_unit


def key_person_counts(*, petitioner_ids=None, today: date) -> dict[int, tuple[int, int]]:
    """Petitions and skip-level visits per person in the 12 months up to `today`, of
    the people at or above either threshold (two grouped queries)."""
    since = today - timedelta(days=365)
    petitions = PetitionPetitioner.objects.filter(
        petition__received_on__gt=since, petition__received_on__lte=today
    )
    visits = SkipLevelVisit.petitioners.through.objects.filter(
        skiplevelvisit__visited_on__gt=since, skiplevelvisit__visited_on__lte=today
    )
    if petitioner_ids is not None:
        petitions = petitions.filter(petitioner_id__in=petitioner_ids)
        visits = visits.filter(petitioner_id__in=petitioner_ids)
    by_petitions = dict(
        petitions.values("petitioner_id")
        .annotate(n=Count("petition_id", distinct=True))
        .filter(n__gte=settings.RISK_KEY_PERSON_PETITIONS)
        .values_list("petitioner_id", "n")
    )
    by_visits = dict(
        visits.values("petitioner_id")
        .annotate(n=Count("skiplevelvisit_id", distinct=True))
        .filter(n__gte=settings.RISK_KEY_PERSON_SKIP_LEVEL)
        .values_list("petitioner_id", "n")
    )
    ids = set(by_petitions) | set(by_visits)
    if not ids:
        return {}
    # The other count of each flagged person, below its threshold or not.
    all_petitions = dict(
        PetitionPetitioner.objects.filter(
            petitioner_id__in=ids, petition__received_on__gt=since, petition__received_on__lte=today
        )
        .values("petitioner_id")
        .annotate(n=Count("petition_id", distinct=True))
        .values_list("petitioner_id", "n")
    )
    all_visits = dict(
        SkipLevelVisit.petitioners.through.objects.filter(
            petitioner_id__in=ids,
            skiplevelvisit__visited_on__gt=since,
            skiplevelvisit__visited_on__lte=today,
        )
        .values("petitioner_id")
        .annotate(n=Count("skiplevelvisit_id", distinct=True))
        .values_list("petitioner_id", "n")
    )
    return {pk: (all_petitions.get(pk, 0), all_visits.get(pk, 0)) for pk in ids}


def key_persons_evaluate(*, petitioner_ids=None, today: date | None = None) -> list[KeyPerson]:
    """Flag the people who reached a threshold within 12 months (idempotent: a person is
    flagged once, on a unique row; a later run only refreshes the counts and the unit).
    Returns the people flagged by this run; the office is told of each."""
    today = today or timezone.localdate()
    flagged = []
    for petitioner_id, (petitions, visits) in sorted(
        key_person_counts(petitioner_ids=petitioner_ids, today=today).items()
    ):
        with transaction.atomic():
            existing = KeyPerson.objects.select_for_update().filter(petitioner_id=petitioner_id)
            person = existing.first()
            if person is not None:
                person.petition_count, person.skip_level_count = petitions, visits
                fields = ["petition_count", "skip_level_count"]
                if not person.unit_set_by_office:
                    person.unit = _latest_unit(petitioner_id)
                    fields.append("unit")
                person.save(update_fields=fields)
                continue
            with override(settings.LANGUAGE_CODE):
                reason = _(
                    "%(petitions)s petitions and %(visits)s skip-level visits in 12 months"
                ) % {"petitions": petitions, "visits": visits}
            try:
                with transaction.atomic():
                    person = KeyPerson.objects.create(
                        petitioner_id=petitioner_id,
                        unit=_latest_unit(petitioner_id),
                        source=KeyPerson.Source.AUTOMATIC,
                        reason=reason,
                        petition_count=petitions,
                        skip_level_count=visits,
                        flagged_on=today,
                    )
            except IntegrityError:  # flagged concurrently by another run
                continue
            _event("keyperson", person, "flag_auto", None, petitions=petitions, visits=visits)
            with override(settings.LANGUAGE_CODE):
                notify(
                    users_with_role(Role.OFFICE),
                    kind=KIND_KEY_PERSON,
                    text=_("A petitioner became a key person: %(reason)s") % {"reason": reason},
                    url=person.get_absolute_url(),
                    subject=_("Key petitioner"),
                )
            flagged.append(person)
    return flagged


@transaction.atomic
def key_person_flag(*, petitioner: Petitioner, reason: str, unit=None, by) -> KeyPerson:
    """The office flags a person by hand, with its reason."""
    if not by.has_perm("risk.add_keyperson"):
        raise ActionNotAllowed(_("Only the petition office flags key petitioners."))
    if KeyPerson.objects.filter(petitioner=petitioner).exists():
        raise ActionNotAllowed(_("This person is already a key petitioner."))
    person = KeyPerson.objects.create(
        petitioner=petitioner,
        unit=unit or _latest_unit(petitioner.pk),
        unit_set_by_office=unit is not None,
        source=KeyPerson.Source.MANUAL,
        reason=reason,
    )
    _event("keyperson", person, "flag_manual", by, reason=reason)
    return person


@transaction.atomic
def key_person_update(*, person: KeyPerson, by, **fields) -> KeyPerson:
    """Owning leader, 稳控 people, status; the unit only by the office."""
    person = KeyPerson.objects.select_for_update().get(pk=person.pk)
    if not person.may_change(by):
        raise ActionNotAllowed(_("You may not change this key petitioner."))
    if "unit" in fields:
        unit = fields.pop("unit")
        if unit != person.unit:
            if not by.has_perm("risk.change_keyperson"):
                raise ActionNotAllowed(_("Only the petition office sets a key person's unit."))
            person.unit, person.unit_set_by_office = unit, True
    for name, value in fields.items():
        setattr(person, name, value)
    person.save()
    _event("keyperson", person, "update", by, **{k: _payload(v) for k, v in fields.items()})
    return person


@transaction.atomic
def key_person_note_add(*, person: KeyPerson, kind: str, on: date, text: str, by) -> KeyPersonNote:
    person = KeyPerson.objects.select_for_update().get(pk=person.pk)
    if not person.may_change(by):
        raise ActionNotAllowed(_("You may not add notes to this key petitioner."))
    note = KeyPersonNote.objects.create(person=person, kind=kind, on=on, text=text, by=by)
    _event("keyperson", person, "note", by, note_kind=kind)
    return note


def key_person_file_viewed(*, person: KeyPerson, by, purpose: str) -> None:
    """Log a view of the key person's file (who they are), like an identity view."""
    if not person.is_visible_to(by):
        raise ActionNotAllowed(_("You may not see this key petitioner."))
    KeyPersonAccessLog.objects.create(user=by, person=person, purpose=purpose)


def key_person_lookup_logged(*, person_ids, by, purpose: str) -> None:
    at = timezone.now()
    KeyPersonAccessLog.objects.bulk_create(
        KeyPersonAccessLog(user=by, person_id=pk, at=at, purpose=purpose)
        for pk in sorted(set(person_ids))
    )


# --- Backlog plans (积案 一案一策) ----------------------------------------------------------


def may_write_plan(petition: Petition, user) -> bool:
    """The office (which marks the case 积案 by writing its plan), or a leader of the
    responsible unit for a case already marked 积案; open cases only."""
    if not petition.is_open:
        return False
    from petitions.models import can_sign_off

    return petition.may_set_flags(user) or (petition.is_backlog and can_sign_off(petition, user))


def backlog_plan_save(
    *,
    petition: Petition,
    causes: str,
    measures: str,
    owning_leader,
    deadline: date,
    by,
) -> BacklogPlan:
    """Write the case's plan (一案一策); the office's plan marks the case 积案."""
    with transaction.atomic():
        plan = BacklogPlan.objects.select_for_update().filter(petition=petition).first()
        if plan is not None and not plan.may_edit(by):
            raise ActionNotAllowed(_("You may not change this plan."))
        if plan is None and not may_write_plan(petition, by):
            raise ActionNotAllowed(
                _("The office marks a case as backlog; its unit's leader writes its plan.")
            )
        created = plan is None
        if created:
            plan = BacklogPlan(petition=petition, created_by=by)
        plan.causes, plan.measures = causes, measures
        plan.owning_leader, plan.deadline = owning_leader, deadline
        plan.save()
        _event(
            "backlog",
            plan,
            "create" if created else "update",
            by,
            deadline=deadline.isoformat(),
            leader=owning_leader.pk,
        )
        if not petition.is_backlog:
            petition_services.petition_set_flags(
                petition=petition,
                is_key_case=petition.is_key_case,
                is_backlog=True,
                by=by,
                comment=_("Backlog plan written"),
            )
    return plan


@transaction.atomic
def backlog_progress_add(*, plan: BacklogPlan, on: date, text: str, by) -> BacklogProgress:
    plan = BacklogPlan.objects.select_for_update().select_related("petition").get(pk=plan.pk)
    if not plan.may_edit(by):
        raise ActionNotAllowed(_("You may not add progress to this plan."))
    note = BacklogProgress.objects.create(plan=plan, on=on, text=text, by=by)
    _event("backlog", plan, "progress", by)
    return note


@transaction.atomic
def backlog_close(
    *, plan: BacklogPlan, closed_on: date, basis: str, approved_by: str, by
) -> BacklogPlan:
    """销号: the office closes the backlog case out, with a date, basis and approver."""
    plan = BacklogPlan.objects.select_for_update().get(pk=plan.pk)
    if not plan.may_close(by):
        raise ActionNotAllowed(_("Only the petition office closes out backlog cases."))
    plan.closed_on, plan.close_basis, plan.approved_by, plan.closed_by = (
        closed_on,
        basis,
        approved_by,
        by,
    )
    plan.save(update_fields=["closed_on", "close_basis", "approved_by", "closed_by"])
    _event("backlog", plan, "close", by, on=closed_on.isoformat(), approved_by=approved_by)
    return plan


# --- Reverse check override -----------------------------------------------------------------


def may_override_reverse_check(user) -> bool:
    return user.has_perm("risk.add_reversecheckoverride")


@transaction.atomic
def reverse_check_override(
    *, visit: SkipLevelVisit, was_on_screening_list: bool, had_owning_leader: bool, reason: str, by
) -> ReverseCheckOverride:
    """The office corrects the derived 倒查 of a visit, with its reason."""
    if not may_override_reverse_check(by):
        raise ActionNotAllowed(_("Only the petition office corrects a reverse check."))
    if not reason.strip():
        raise ActionNotAllowed(_("Give the reason for the correction."))
    override_row, _created = ReverseCheckOverride.objects.select_for_update().update_or_create(
        visit=visit,
        defaults={
            "was_on_screening_list": was_on_screening_list,
            "had_owning_leader": had_owning_leader,
            "reason": reason,
            "by": by,
            "at": timezone.now(),
        },
    )
    _event(
        "reverse_check",
        visit,
        "override",
        by,
        screening=was_on_screening_list,
        leader=had_owning_leader,
    )
    return override_row
