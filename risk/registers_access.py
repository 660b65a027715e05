"""Access to one register row: the same rule as the lists' `visible_to` (404 outside
scope), and the names of key persons as this user may see them."""

from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Subquery
from django.shortcuts import get_object_or_404

from petitions.models import Petition, PetitionPetitioner

from .models import BacklogPlan, KeyPerson, StabilityAssessment


def get_assessment_for_user(user, pk: int) -> StabilityAssessment:
    if not user.has_perm("risk.view_stabilityassessment"):
        raise PermissionDenied
    return get_object_or_404(
        StabilityAssessment.objects.visible_to(user).select_related(
            "unit", "signed_by", "created_by"
        ),
        pk=pk,
    )


def get_key_person_for_user(user, pk: int) -> KeyPerson:
    if not user.has_perm("risk.view_keyperson"):
        raise PermissionDenied
    return get_object_or_404(
        with_names(KeyPerson.objects.visible_to(user), user).select_related(
            "unit", "owning_leader__unit"
        ),
        pk=pk,
    )


def get_backlog_plan_for_user(user, pk: int) -> BacklogPlan:
    if not user.has_perm("risk.view_backlogplan"):
        raise PermissionDenied
    return get_object_or_404(
        BacklogPlan.objects.visible_to(user).select_related(
            "petition__responsible_unit", "owning_leader__unit", "closed_by"
        ),
        pk=pk,
    )


def with_names(queryset, user):
    """Key persons annotated with `shown_name`: the name registered on the latest case
    the user may find by person (never from a 检举控告 case they may not see), or
    empty (shown as confidential)."""
    latest = (
        PetitionPetitioner.objects.filter(
            petitioner=OuterRef("petitioner_id"),
            petition__in=Petition.objects.findable_by_person(user).values("pk"),
        )
        .order_by("-petition__received_on", "-petition_id")
        .values("name")[:1]
    )
    return queryset.annotate(shown_name=Subquery(latest))
