"""Who may do what with supervision, each rule written once: the pages offer, the
endpoints refuse (403/404) and the services raise by asking these."""

from django.shortcuts import get_object_or_404

from .models import SupervisionNotice


def may_see_lists(user) -> bool:
    """The overdue and due-soon lists: the office, and the leaders for their units."""
    return user.has_perm("petitions.supervise_petition") or user.has_perm(
        "petitions.sign_off_petition"
    )


def may_run_checks(user) -> bool:
    """Running the daily deadline checks now: the office."""
    return user.has_perm("petitions.supervise_petition")


def may_issue_notice(user, petition) -> bool:
    """A manual 督办单 (XG 40: 推诿, 敷衍, 弄虚作假): the office, on an open case that has a
    responsible unit to supervise."""
    return (
        user.has_perm("petitions.supervise_petition")
        and petition.is_open
        and petition.responsible_unit_id is not None
    )


def get_notice_for_user(user, number: str) -> SupervisionNotice:
    """The notice, if the unit-scope rule lets the user see it; 404 otherwise."""
    queryset = SupervisionNotice.objects.visible_to(user).select_related(
        "petition", "petition__responsible_unit", "unit", "feedback_by", "issued_by"
    )
    return get_object_or_404(queryset, number=number)
