"""The reverse check (倒查) of a skip-level visit, derived from data.

For each visit: was the matter or the person in the unit's screening before the visit
(a hazard of a report of the unit or below, in the screening months before the visit,
linked to one of the visit's persons; else one of the same category as a linked
case), and did a linked case have an owning leader (包案). The office may correct
the derivation with a reason (ReverseCheckOverride); the override wins.

Accountability consumes `reverse_check(visit) -> ReverseCheckResult`.
"""

from dataclasses import dataclass, field
from datetime import date

from django.conf import settings

from petitions.models import PetitionPetitioner

from .models import ReverseCheckOverride


@dataclass(frozen=True)
class ReverseCheckResult:
    visit_id: int
    on_screening_list: bool  # the answer (override if any, else derived)
    had_owning_leader: bool
    derived_on_screening_list: bool
    derived_had_owning_leader: bool
    matched_by: str = ""  # "person", "category" or ""
    hazard_ids: tuple[int, ...] = ()
    leader_case_numbers: tuple[str, ...] = ()
    overridden: bool = False
    override_reason: str = ""
    notes: list[str] = field(default_factory=list)


def months_back(day: date, months: int) -> date:
    """The first day of the month `months` before `day`'s month."""
    index = day.year * 12 + day.month - 1 - months
    return date(index // 12, index % 12 + 1, 1)


def hazards_before(unit, on: date, months: int | None = None):
    """The screening hazards of `unit` and the units below it that were on record on
    `on`: reported before the visit, in reports of the `months` screening periods up to
    it, with their linked persons."""
    from .models import Hazard

    months = settings.RISK_REVERSE_CHECK_MONTHS if months is None else months
    return list(
        Hazard.objects.filter(
            report__unit__path__startswith=unit.path,
            report__period_first__gte=months_back(on, months),
            report__period_first__lte=on,
            created_at__date__lte=on,
        ).prefetch_related("persons")
    )


def _hazard_person_ids(hazard) -> set[int]:
    """The petitioners (cross-case persons) a hazard names."""
    return {person.petitioner_id for person in hazard.persons.all()}


def reverse_check(visit) -> ReverseCheckResult:
    """The derived 倒查 of one visit, and the office's override if it made one."""
    petitions = list(visit.petitions.select_related("owning_leader"))
    person_ids = {p.pk for p in visit.petitioners.all()}
    person_ids |= set(
        PetitionPetitioner.objects.filter(petition__in=[p.pk for p in petitions]).values_list(
            "petitioner_id", flat=True
        )
    )
    category_ids = {p.category_id for p in petitions if p.category_id}
    hazards = hazards_before(visit.responsible_unit, visit.visited_on)
    by_person = [h for h in hazards if _hazard_person_ids(h) & person_ids]
    by_category = [h for h in hazards if getattr(h, "category_id", None) in category_ids]
    matched, matched_by = (by_person, "person") if by_person else (by_category, "category")
    if not matched:
        matched_by = ""
    leaders = tuple(p.number for p in petitions if p.owning_leader_id)
    derived_screening, derived_leader = bool(matched), bool(leaders)
    override = ReverseCheckOverride.objects.filter(visit_id=visit.pk).first()
    return ReverseCheckResult(
        visit_id=visit.pk,
        on_screening_list=override.was_on_screening_list if override else derived_screening,
        had_owning_leader=override.had_owning_leader if override else derived_leader,
        derived_on_screening_list=derived_screening,
        derived_had_owning_leader=derived_leader,
        matched_by=matched_by,
        hazard_ids=tuple(h.pk for h in matched),
        leader_case_numbers=leaders,
        overridden=override is not None,
        override_reason=override.reason if override else "",
    )
