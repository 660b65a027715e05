"""Who may do what in accountability, each rule written once: pages show the button,
endpoints refuse (403/404) and services raise by asking these."""

from django.shortcuts import get_object_or_404

from organization.scope import visible_units
from petitions.models import acts_for_unit

from .models import Consequence, LedgerEntry, Referral, UnitScore


def may_see_scores(user) -> bool:
    return user.has_perm("accountability.view_unitscore")


def may_run_scoring(user) -> bool:
    return user.has_perm("accountability.run_scoring")


def may_manage_chain(user) -> bool:
    return user.has_perm("accountability.manage_chain")


def may_decide(user, consequence: Consequence) -> bool:
    return (
        user.has_perm("accountability.decide_consequence")
        and consequence.state == Consequence.State.PROPOSED
    )


def may_add_measure(user, consequence: Consequence) -> bool:
    return (
        user.has_perm("accountability.decide_consequence")
        and consequence.state == Consequence.State.CONFIRMED
        and consequence.kind == "key_management"
    )


def may_submit_report(user, consequence: Consequence) -> bool:
    """The unit's own leaders and handlers file its 整改 report or 书面检查, once."""
    return (
        consequence.owes_report
        and consequence.report_received_on is None
        and (
            user.has_perm("petitions.sign_off_petition")
            or user.has_perm("petitions.handle_petition")
        )
        and acts_for_unit(user, consequence.unit)
    )


def may_see_referrals(user) -> bool:
    return user.has_perm("accountability.view_referral")


def may_raise_referral(user) -> bool:
    return user.has_perm("accountability.raise_referral")


def may_work_referral(user, referral: Referral) -> bool:
    return user.has_perm("accountability.work_referral") and referral.is_open


def may_assess(user) -> bool:
    return user.has_perm("accountability.assess_year")


def get_score_for_user(user, pk: int) -> UnitScore:
    queryset = UnitScore.objects.visible_to(user).select_related("unit", "scoring_month")
    return get_object_or_404(queryset, pk=pk)


def get_consequence_for_user(user, pk: int) -> Consequence:
    return get_object_or_404(Consequence.objects.visible_to(user).select_related("unit"), pk=pk)


def get_referral_for_user(user, pk: int) -> Referral:
    if not may_see_referrals(user):
        # Units do not see what was referred about them.
        raise_404()
    queryset = Referral.objects.visible_to(user).select_related(
        "unit", "petition", "skip_level_visit", "raised_by", "handled_by"
    )
    return get_object_or_404(queryset, pk=pk)


def get_ledger_for_user(user, pk: int) -> LedgerEntry:
    queryset = LedgerEntry.objects.visible_to(user).select_related("leader", "unit", "assessment")
    return get_object_or_404(queryset, pk=pk)


def get_unit_for_user(user, pk: int):
    return get_object_or_404(visible_units(user), pk=pk)


def raise_404():
    from django.http import Http404

    raise Http404
