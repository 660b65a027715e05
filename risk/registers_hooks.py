"""What the registers plug into the apps below (connected in RiskConfig.ready()): the
key-person warning on registration, the backlog plan on the case page, the reverse
check on the skip-level visit page, overdue plans on the supervision lists, and the
key-person evaluation when a petition is registered."""

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from organization.related import has_rows

from . import registers_services as services
from .models import BacklogPlan, KeyPerson
from .registers_access import with_names
from .registers_forms import BacklogPlanForm, OverrideForm
from .reverse_check import reverse_check


def key_person_notes(petitioner_ids, user) -> list[dict]:
    """petitions.person_notes: 'a key petitioner' for those allowed to know (logged)."""
    if not user.has_perm("risk.view_keyperson"):
        return []
    people = list(
        with_names(KeyPerson.objects.visible_to(user), user).filter(
            petitioner_id__in=petitioner_ids
        )
    )
    services.key_person_lookup_logged(
        person_ids=[p.pk for p in people], by=user, purpose="registration"
    )
    return [
        {
            "text": _("%(name)s is a key petitioner (%(status)s): %(reason)s")
            % {
                "name": person.shown_name or _("(confidential)"),
                "status": person.get_status_display(),
                "reason": person.reason,
            },
            "url": person.get_absolute_url(),
        }
        for person in people
    ]


# The plan's case (no reverse name on Petition): petitions.detail asks it with the page.
PLAN_OF_CASE = BacklogPlan._meta.get_field("petition")


def backlog_section(petition, user) -> dict | None:
    """petitions.detail: the case's plan (一案一策), or the form to write it."""
    plan = None
    if has_rows(petition, PLAN_OF_CASE):
        plan = BacklogPlan.objects.select_related("owning_leader").filter(petition=petition).first()
    may_write = plan.may_edit(user) if plan else services.may_write_plan(petition, user)
    if plan is None and not may_write:
        return None
    return {
        "template": "risk/backlog_panel.html",
        "context": {
            "plan": plan,
            "petition": petition,
            "form": BacklogPlanForm(instance=plan, user=user) if may_write else None,
            "action": reverse("risk:backlog_plan_save", args=[petition.number]),
        },
    }


def reverse_check_section(visit, user) -> dict | None:
    """reception.sections: the derived 倒查 and the office's override."""
    result = reverse_check(visit)
    may_override = services.may_override_reverse_check(user)
    return {
        "template": "risk/reverse_check_panel.html",
        "context": {
            "result": result,
            "visit": visit,
            "form": OverrideForm(
                initial={
                    "was_on_screening_list": result.on_screening_list,
                    "had_owning_leader": result.had_owning_leader,
                    "reason": result.override_reason,
                }
            )
            if may_override
            else None,
        },
    }


def overdue_backlog_section(user, today) -> dict | None:
    """supervision.extra: backlog plans past their deadline, in the user's scope."""
    if not user.has_perm("risk.view_backlogplan"):
        return None
    plans = list(
        BacklogPlan.objects.visible_to(user)
        .past_deadline(today)
        .select_related("petition__responsible_unit", "owning_leader")
        .order_by("deadline")[:50]
    )
    if not plans:
        return None
    return {
        "template": "risk/backlog_overdue_panel.html",
        "context": {"plans": plans, "today": today},
    }


def evaluate_on_registration(sender, petition, **kwargs):
    """petitions.signals.petition_registered: flag the case's people if they now
    reach a threshold (after commit: the registration never waits on it)."""
    ids = list(petition.links.values_list("petitioner_id", flat=True))
    transaction.on_commit(lambda: services.key_persons_evaluate(petitioner_ids=ids))
