"""Batch actions on the petition list: one action on several chosen cases.

A batch adds no rule of its own. Whether the toolbar offers an action at all asks
the role-wide half of the model's rule (models.may_route, models.may_supervise);
each chosen case then goes through the very Action of the detail page
(actions.ACTIONS_BY_NAME) and so through its service: its own lock, version check,
permission and state check, transition or change, and event row, in its own
transaction. One case refused does not stop the others; the result says, case by
case, what was done and why not.

Cases are looked up through PetitionQuerySet.visible_to: a number posted from
outside the user's scope is refused as "not found", nothing more is said of it.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import can_proceed

from . import services
from .actions import ACTIONS_BY_NAME
from .forms import AssignForm, DateInput, UnitChoiceField, selectable_units
from .models import Petition, may_route, may_supervise

# The most cases one batch may act on or export (a list page shows 25).
BATCH_LIMIT = 50


class Outcome(models.TextChoices):
    DONE = "done", _("Done")
    UNCHANGED = "unchanged", _("Unchanged")
    REFUSED = "refused", _("Refused")


@dataclass(frozen=True)
class CaseResult:
    number: str
    outcome: str
    reason: str = ""

    def as_dict(self) -> dict:
        return {"number": self.number, "outcome": self.outcome, "reason": self.reason}


@dataclass(frozen=True)
class BatchAction:
    """One choice of the toolbar.

    `offered(user)`: whether the user may do this at all (the toolbar shows it, the
    endpoint accepts it). `action`: the detail page's Action each case goes through.
    `fields(petition, data)`: that action's form data for one case from the batch
    form's cleaned `data`, or None when the case is already so (nothing to change).
    """

    name: str
    label: str
    offered: Callable[[object], bool]
    action: str
    fields: Callable[[Petition, dict], dict | None]


def _assign_fields(petition: Petition, data: dict) -> dict:
    return {"unit": data["unit"], "due": data["due"], "comment": data["comment"]}


def _flag(name: str, value: bool) -> Callable[[Petition, dict], dict | None]:
    """set_flags for one of 重点案件 / 积案, the other kept as the case has it (the
    case's version guards that it was read from the row the service changes)."""

    def fields(petition: Petition, data: dict) -> dict | None:
        if getattr(petition, name) == value:
            return None
        flags = {"is_key_case": petition.is_key_case, "is_backlog": petition.is_backlog}
        return {**flags, name: value}

    return fields


def _listing_fields(petition: Petition, data: dict) -> dict:
    return {"is_listed": True, "due": data["listed_due"], "reason": data["listed_reason"]}


def _unlisting_fields(petition: Petition, data: dict) -> dict | None:
    if not petition.is_listed:
        return None
    return {"is_listed": False, "due": None, "reason": ""}


ASSIGN = BatchAction("assign", _("Assign to a unit"), may_route, "assign", _assign_fields)
FLAG_ACTIONS = [
    BatchAction(
        "key_case_on", _("Mark as key case"), may_supervise, "set_flags", _flag("is_key_case", True)
    ),
    BatchAction(
        "key_case_off",
        _("Remove the key case mark"),
        may_supervise,
        "set_flags",
        _flag("is_key_case", False),
    ),
    BatchAction(
        "backlog_on",
        _("Mark as backlog case"),
        may_supervise,
        "set_flags",
        _flag("is_backlog", True),
    ),
    BatchAction(
        "backlog_off",
        _("Remove the backlog mark"),
        may_supervise,
        "set_flags",
        _flag("is_backlog", False),
    ),
    BatchAction(
        "listed_on", _("List for supervision"), may_supervise, "set_listing", _listing_fields
    ),
    BatchAction(
        "listed_off", _("Lift the listing"), may_supervise, "set_listing", _unlisting_fields
    ),
]
BATCH_ACTIONS = {action.name: action for action in [ASSIGN, *FLAG_ACTIONS]}
# The toolbar posts operation=assign, or operation=flag with the chosen flag action.
FLAG = "flag"


def offered_actions(user) -> list[BatchAction]:
    return [action for action in BATCH_ACTIONS.values() if action.offered(user)]


def may_select(user) -> bool:
    """Whether the list offers selection: everyone who sees the list may export what
    they see (the list's own export asks no more)."""
    return user.is_authenticated


# --- The toolbar's forms ---------------------------------------------------------------------


class BatchAssignForm(forms.Form):
    """交办 of every chosen case to one unit with one due date."""

    # One form with the flag panel and the export button: no browser-side required.
    use_required_attribute = False

    unit = UnitChoiceField(label=_("Assign to"), queryset=None)
    due = forms.DateField(label=_("Report due"), widget=DateInput())
    comment = forms.CharField(label=_("Requirements"), required=False, max_length=2000)
    # The single-case form's rule, not a copy: the due date lies after today.
    clean_due = AssignForm.clean_due

    def __init__(self, *args, user, **kwargs):
        kwargs.setdefault("prefix", "batch")
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = selectable_units(user)
        self.fields["unit"].widget.attrs["class"] = "form-select form-select-sm"
        self.fields["due"].widget.attrs["class"] = "form-control form-control-sm"
        self.fields["comment"].widget.attrs["class"] = "form-control form-control-sm"


class BatchFlagForm(forms.Form):
    """重点案件 / 积案 / 挂牌督办 set or lifted on every chosen case."""

    use_required_attribute = False

    flag = forms.ChoiceField(label=_("Flag"))
    listed_due = forms.DateField(
        label=_("Listed supervision due"), widget=DateInput(), required=False
    )
    listed_reason = forms.CharField(
        label=_("Reason and requirements"), required=False, max_length=2000
    )

    def __init__(self, *args, user, **kwargs):
        kwargs.setdefault("prefix", "batch")
        super().__init__(*args, **kwargs)
        self.fields["flag"].choices = [
            (action.name, action.label) for action in FLAG_ACTIONS if action.offered(user)
        ]
        self.fields["flag"].widget.attrs["class"] = "form-select form-select-sm"
        for name in ("listed_due", "listed_reason"):
            self.fields[name].widget.attrs["class"] = "form-control form-control-sm"

    def clean(self):
        data = super().clean()
        if data.get("flag") == "listed_on" and not data.get("listed_due"):
            self.add_error("listed_due", _("A listed case needs its own due date."))
        return data


def form_for(action: BatchAction, *args, user, **kwargs) -> forms.Form:
    form_class = BatchAssignForm if action is ASSIGN else BatchFlagForm
    return form_class(*args, user=user, **kwargs)


# --- Choosing and running ------------------------------------------------------------------


class BatchError(Exception):
    """The batch as a whole cannot run (nothing chosen, too many); the message is for the user."""


def chosen_numbers(values: Iterable[str]) -> list[str]:
    """The posted case numbers, each once, in the order posted; at most BATCH_LIMIT."""
    numbers = list(dict.fromkeys(value.strip().upper() for value in values if value.strip()))
    if not numbers:
        raise BatchError(_("Select at least one case."))
    if len(numbers) > BATCH_LIMIT:
        raise BatchError(
            _(
                "%(count)d cases were selected; one batch takes at most %(limit)d. "
                "Select fewer cases and repeat."
            )
            % {"count": len(numbers), "limit": BATCH_LIMIT}
        )
    return numbers


def chosen_versions(post, numbers: list[str]) -> dict[str, int]:
    """The version of each chosen case as the list showed it (v-<number>): a case
    changed since then is refused as a concurrent change, not acted on blindly."""
    versions = {}
    for number in numbers:
        value = post.get(f"v-{number}", "")
        if value.isdigit():
            versions[number] = int(value)
    return versions


def visible_cases(user, numbers: list[str]):
    """The chosen cases the user may see (the unit-scope rule of every list)."""
    return Petition.objects.visible_to(user).filter(number__in=numbers)


def selection_for_export(user, numbers: list[str]):
    """The chosen cases the user may see, as the list's export reads them."""
    return (
        visible_cases(user, numbers)
        .for_lists()
        .select_related("category", "responsible_unit")
        .prefetch_related("links")
        .order_by("number")
    )


def _refusal(petition: Petition, single, error: Exception) -> str:
    """Why the service refused: a transition the case's state does not have is named as
    such (the service's permission check answers first, and says only "may not")."""
    if single.available is None and not can_proceed(
        getattr(petition, single.name), check_conditions=False
    ):
        return str(
            _("Not possible in its current state (%(state)s).")
            % {"state": petition.get_state_display()}
        )
    return str(error)


def run_batch(
    *, action: BatchAction, numbers: list[str], versions: dict[str, int], data: dict, by
) -> list[CaseResult]:
    """Do `action` on each chosen case through its single-case Action and service."""
    if not action.offered(by):
        raise services.ActionNotAllowed(_("You may not do this."))
    single = ACTIONS_BY_NAME[action.action]
    found = {
        petition.number: petition
        for petition in visible_cases(by, numbers).select_related(
            "responsible_unit", "registered_unit"
        )
    }
    results = []
    for number in numbers:
        petition = found.get(number)
        if petition is None:
            results.append(
                CaseResult(number, Outcome.REFUSED, str(_("Not found or outside your scope.")))
            )
            continue
        fields = action.fields(petition, data)
        if fields is None:
            results.append(
                CaseResult(number, Outcome.UNCHANGED, str(_("Already so; nothing to change.")))
            )
            continue
        version = versions.get(number, petition.version)
        try:
            single.run(petition, by, {"version": version, **fields})
        except services.StalePetition as error:
            reason = _("Changed by someone else meanwhile: %(detail)s") % {"detail": error}
            results.append(CaseResult(number, Outcome.REFUSED, str(reason)))
        except services.ActionNotAllowed as error:
            results.append(CaseResult(number, Outcome.REFUSED, _refusal(petition, single, error)))
        except services.PetitionError as error:
            results.append(CaseResult(number, Outcome.REFUSED, str(error)))
        else:
            results.append(CaseResult(number, Outcome.DONE))
    return results
