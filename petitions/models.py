"""The petition (信访事项), its statutory life and its people.

State changes happen only through the @transition methods below (django-fsm-2,
protected fields); services.py calls them by name, `run(case.assign, unit=...,
due=...)`, inside a locked transaction (`locked_case`) that writes the CaseEvent.
A transition sets fields of its own row and nothing else.
"""

import operator
import secrets
import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache, reduce
from pathlib import PurePath

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password, make_password
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import PermissionDenied
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import (
    RETURN_VALUE,
    ConcurrentTransitionMixin,
    FSMField,
    FSMFieldMixin,
    transition,
)
from treebeard.mp_tree import MP_Node

from organization.choices import ChoiceLabelsMixin
from organization.dates import EARLIEST_DATE, LATEST_DATE, MAX_HEADCOUNT, validate_headcount
from organization.loading import DeferredLoadingMixin
from organization.models import Leadership, Unit, tree_label
from organization.scope import can_see_unit, sees_all_units, unit_scope_conditions, unit_scope_q

from .deadlines import WorkCalendar, counts_working_days, days_until
from .identity import phone_digits
from .roles import OFFICE_STAFF_PERMISSIONS
from .validators import preview_kind

# --- Choices -------------------------------------------------------------------


class Channel(models.TextChoices):
    LETTER = "letter", _("Letter")
    VISIT = "visit", _("Visit")
    PHONE = "phone", _("Phone call")
    ONLINE = "online", _("Online")
    EMAIL = "email", _("E-mail")
    FAX = "fax", _("Fax")
    LEADER_RECEPTION = "leader_reception", _("Leader reception")
    REFERRED = "referred", _("Referred from above")


# Channels where people come in person: a large group is a collective visit (集体访).
VISIT_CHANNELS = frozenset({Channel.VISIT, Channel.LEADER_RECEPTION})


class Nature(models.TextChoices):
    SUGGESTION = "suggestion", _("Suggestion or opinion")
    ACCUSATION = "accusation", _("Report or accusation")
    APPEAL = "appeal", _("Appeal or claim")


class SkipLevel(models.TextChoices):
    CAPITAL = "capital", _("To Beijing")
    PROVINCE = "province", _("To the province")
    CITY = "city", _("To the city or group")
    DISTRICT = "district", _("To the district")


class Relation(models.TextChoices):
    EMPLOYEE = "employee", _("Employee")
    RETIRED = "retired", _("Retired")
    FAMILY = "family", _("Family member")
    PUBLIC = "public", _("Member of the public")


class Opinion(models.TextChoices):
    SUPPORT = "support", _("Supported")
    EXPLAIN = "explain", _("Explained")
    REJECT = "reject", _("Not supported")


class ReviewResult(models.TextChoices):
    UPHOLD = "uphold", _("Upheld")
    REVOKE = "revoke", _("Revoked")
    CHANGE = "change", _("Changed")


class RedirectRoute(models.TextChoices):
    LITIGATION = "litigation", _("Court proceedings")
    ARBITRATION = "arbitration", _("Labour or other arbitration")
    RECONSIDERATION = "reconsideration", _("Administrative reconsideration")
    DISCIPLINE = "discipline", _("Discipline inspection and supervision")
    PARTY_APPEAL = "party_appeal", _("Party member appeal")
    ADMINISTRATIVE = "administrative", _("Other administrative procedure")


class RejectionReason(models.TextChoices):
    BEING_HANDLED = "being_handled", _("Already accepted or being handled (XG 19 ¶3)")
    FINAL = "final", _("Already final after re-review (XG 36 ¶3)")
    OUT_OF_SCOPE = "out_of_scope", _("Not a petition matter")
    OTHER = "other", _("Other reason")


class RequestRefusal(models.TextChoices):
    """Why a request for review (复查) or re-review (复核) is not accepted."""

    LATE = "late", _("Requested after the 30-day period (XG 35, 36)")
    NOT_APPEAL = "not_appeal", _("Not an appeal or claim (only those are reviewed, XG 35)")
    ALREADY_FINAL = "already_final", _("The matter is already concluded (XG 36 ¶3)")
    NOT_PETITIONER = "not_petitioner", _("Not requested by the petitioner")


class ReviewStage(models.TextChoices):
    REVIEW = "review", _("Review")
    REREVIEW = "rereview", _("Re-review")


class ServiceKind(models.TextChoices):
    """Which letter reached the petitioner (送达)."""

    REPLY = "reply", _("Handling opinion")
    REVIEW = "review", _("Review opinion")
    REREVIEW = "rereview", _("Re-review opinion")
    OTHER = "other", _("Other letter")


class ServiceMethod(models.TextChoices):
    DIRECT = "direct", _("Handed over in person")
    POST = "post", _("By post")
    ELECTRONIC = "electronic", _("Electronically")
    NOTICE = "notice", _("By public notice")


class Statement(models.TextChoices):
    """The petitioner's written statement that ends the review right early."""

    SATISFIED = "satisfied", _("Written statement of satisfaction")
    WITHDRAWN = "withdrawn", _("Written withdrawal")
    MEDIATION = "mediation", _("Mediation or settlement agreement")


class CloseReason(models.TextChoices):
    WINDOW_EXPIRED = "window_expired", _("No review requested in time")
    SATISFIED = "satisfied", _("Petitioner satisfied")
    MEDIATION = "mediation", _("Mediation or settlement agreement")


class Rating(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied")
    BASICALLY = "basically", _("Basically satisfied")
    DISSATISFIED = "dissatisfied", _("Dissatisfied")


# --- Reference data ---------------------------------------------------------------


class Category(MP_Node):
    """The matter a petition concerns (内容分类), an admin-editable tree."""

    name = models.CharField(_("name"), max_length=50)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self):
        return self.name

    @property
    def tree_label(self) -> str:
        return tree_label(self.depth, self.name)


class HolidayQuerySet(models.QuerySet):
    def work_calendar(self) -> WorkCalendar:
        return WorkCalendar(dict(self.values_list("date", "is_workday")))


class Holiday(models.Model):
    """An override of the official holiday schedule, e.g. a year not yet published."""

    date = models.DateField(_("date"), unique=True)
    is_workday = models.BooleanField(
        _("working day"), help_text=_("Ticked: a make-up working day. Unticked: a holiday.")
    )
    note = models.CharField(_("note"), max_length=50, blank=True)

    objects = HolidayQuerySet.as_manager()

    class Meta:
        verbose_name = _("holiday override")
        verbose_name_plural = _("holiday overrides")
        ordering = ["date"]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.note}"


# --- People -------------------------------------------------------------------------


class Petitioner(models.Model):
    """One person across petitions (repeat detection): matched by identity number, or
    linked by an explicit, permission-checked choice of the registering user.

    Its name and contacts are those first recorded and are never displayed: every
    case shows the identity registered on it (PetitionPetitioner). A registration
    never changes this row, except to record the identity number of a person the
    user chose explicitly and who had none.
    """

    name = models.CharField(_("name"), max_length=50)
    id_number = models.CharField(_("identity number"), max_length=18, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    employer = models.CharField(_("employer"), max_length=100, blank=True)
    relation = models.CharField(
        _("relation"), max_length=10, choices=Relation.choices, default=Relation.EMPLOYEE
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("petitioner")
        verbose_name_plural = _("petitioners")
        constraints = [
            models.UniqueConstraint(
                fields=["id_number"], condition=~Q(id_number=""), name="petitioner_unique_id"
            )
        ]
        indexes = [models.Index(fields=["phone", "name"], name="petitioner_phone_name")]

    def __str__(self):
        return self.name


class PetitionPetitioner(models.Model):
    """One person on one case, with their identity as registered on that case.

    The snapshot (name … relation) is what the case page, letters, search, exports
    and the public query use: a later registration of the same person never
    changes or shows it. `petitioner` is the cross-case identity (repeat
    detection) and is never displayed.
    """

    petition = models.ForeignKey("Petition", on_delete=models.CASCADE, related_name="links")
    petitioner = models.ForeignKey(Petitioner, on_delete=models.PROTECT, related_name="links")
    is_representative = models.BooleanField(_("representative"), default=False)
    position = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(_("name"), max_length=50, blank=True)
    id_number = models.CharField(_("identity number"), max_length=18, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    employer = models.CharField(_("employer"), max_length=100, blank=True)
    relation = models.CharField(
        _("relation"), max_length=10, choices=Relation.choices, default=Relation.EMPLOYEE
    )

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["petition", "petitioner"], name="petition_person_once")
        ]
        indexes = [
            # Earlier petitions of a person are found by the numbers registered on them.
            models.Index(
                fields=["id_number"], name="petitionperson_id_number", condition=~Q(id_number="")
            ),
            models.Index(fields=["phone"], name="petitionperson_phone", condition=~Q(phone="")),
        ]

    def __str__(self):
        return f"{self.petition_id}/{self.petitioner_id}"


# --- The petition -------------------------------------------------------------------------


LIST_DEFERRED = (
    "content",
    "handling_report",
    "reply_text",
    "reply_basis",
    "review_text",
    "rereview_text",
    "decision_note",
    "extension_reason",
    "listed_reason",
    "instruction_text",
)


# The due date as a sort key: cases with no clock running sort after every date.
DUE_KEY = Coalesce(F("current_due"), Value(date.max))

# The petition list's orders (its "sort" choices), each ending in the unique number and
# served by an index in Petition.Meta: a page starts where the last one ended.
LIST_ORDERS = {
    "": (F("received_on").desc(), F("number").desc()),
    "-received_on": (F("received_on").desc(), F("number").desc()),
    "received_on": (F("received_on").asc(), F("number").asc()),
    "current_due": (DUE_KEY.asc(), F("number").asc()),
    "-current_due": (DUE_KEY.desc(), F("number").desc()),
    "number": (F("number").asc(),),
    "-number": (F("number").desc(),),
}


class PetitionQuerySet(models.QuerySet):
    def visible_to(self, user) -> "PetitionQuerySet":
        """The unit-scope rule for petitions: every list and detail page uses it."""
        if sees_all_units(user):
            return self
        if not user.is_authenticated:
            return self.none()
        return self.filter(reduce(operator.or_, scope_conditions(user)))

    def visible_parts(self, user) -> list["PetitionQuerySet"]:
        """visible_to as the querysets it unites, one per condition of the scope rule (the
        whole of visible_to for those who see every unit). Each is counted from its own
        index; their OR the planner counts by reading the table (50-68 ms for a
        handler's list at 10^6 petitions)."""
        if sees_all_units(user) or not user.is_authenticated:
            return [self.visible_to(user)]
        return [self.filter(condition) for condition in scope_conditions(user)]

    def findable_by_person(self, user) -> "PetitionQuerySet":
        """Cases the user may find by a person (name, identity number, phone).

        Every lookup by person goes through here: the list's person search and its
        export, the registration form's earlier-petitions panel, the choice of an
        earlier person. The unit scope, and the identity rule of
        Petition.identity_visible_to: a 检举控告 case is found by its accuser only
        by those who may see who the accuser is.
        """
        return self.visible_to(user).filter(identity_visible_q(user))

    def for_lists(self) -> "PetitionQuerySet":
        """Rows for lists: without the long text and search columns they never show."""
        return self.defer(*LIST_DEFERRED)

    def open(self) -> "PetitionQuerySet":
        # A positive list, so the state index serves it.
        return self.filter(state__in=Petition.OPEN_STATES)

    def overdue(self, today: date) -> "PetitionQuerySet":
        # current_due is empty on every closed case: no state condition needed.
        return self.filter(current_due__lt=today)

    def due_within(self, today: date, days: int) -> "PetitionQuerySet":
        return self.filter(current_due__gte=today, current_due__lte=today + timedelta(days=days))

    def held_by(self, user) -> "PetitionQuerySet":
        """Cases waiting for `user` to act now: the one "who holds it" rule
        (Petition.is_held_by and Petition.holders ask it too)."""
        return self.filter(held_by_q(user))

    def held_by_parts(self, user) -> list["PetitionQuerySet"]:
        """held_by, one queryset per state (held_by_states): each served by its state's
        indexes, where the union of a dozen conditions defeats the planner's estimates."""
        return [
            self.filter(Q(state=state) & condition)
            for state, condition in held_by_states(user).items()
        ]

    def count_by_unit(self) -> list[dict]:
        """Cases per responsible unit, most first (one grouped query): dicts of
        responsible_unit, responsible_unit__name and count."""
        # Grouped by the unit's id alone and counted with COUNT(*), the running-clock
        # index answers it (index-only); the units' names in a second, small query.
        counts = list(
            self.order_by()
            .values("responsible_unit")
            .annotate(n=models.Count("*"))
            .values_list("responsible_unit", "n")
        )
        names = dict(
            Unit.objects.filter(pk__in=[unit for unit, _ in counts]).values_list("pk", "name")
        )
        rows = [
            {"responsible_unit": unit, "responsible_unit__name": names.get(unit), "count": count}
            for unit, count in counts
        ]
        return sorted(rows, key=lambda row: (-row["count"], row["responsible_unit__name"] or ""))


def held_by_q(user) -> Q:
    """Who holds a case, by state: registered → who routes it (in their scope); assigned →
    the responsible unit's handlers; in progress → its 承办人, else the unit's handlers (and
    the unit's leaders while an extension waits); awaiting sign-off → the unit's leaders
    (its main leader for an instructed case); awaiting review → the office."""
    held = Q(pk__in=[])
    for state, condition in held_by_states(user).items():
        held |= Q(state=state) & condition
    return held


def held_by_states(user) -> dict[str, Q]:
    """The held_by rule per state: {state: the condition a case in it must meet} (an empty
    Q: every case in that state). Asked one state at a time, a queue reads the state's own
    index in due order (the dashboard's first rows), not every held case to sort them."""
    branches: dict[str, list[Q]] = {}

    def hold(state, condition=None):
        branches.setdefault(state, []).append(condition or Q())

    if not (user.is_authenticated and user.is_active):
        return {}
    State = Petition.State
    hold(State.IN_PROGRESS, Q(handler=user))
    if user.has_perm("petitions.route_petition"):
        if sees_all_units(user):
            hold(State.REGISTERED)
        else:
            hold(State.REGISTERED, unit_scope_q(user, "registered_unit") | Q(registered_by=user))
    if user.has_perm("petitions.supervise_petition"):
        hold(State.AWAITING_REVIEW)
    # The office's own staff: the cases waiting for the office that their role acts on.
    for state in office_staff_states(user):
        hold(state)
    for state, condition in _reviewing_organ_conditions(user):
        hold(state, condition)
    if user.unit_id:
        own = Q(responsible_unit=user.unit_id)
        if user.has_perm("petitions.handle_petition"):
            hold(State.ASSIGNED, own)
            hold(State.IN_PROGRESS, own & Q(handler__isnull=True))
        if user.has_perm("petitions.sign_off_petition"):
            signoff = own
            if user.leadership != Leadership.MAIN:
                # needs_main_leader(): an assigned case with an instruction.
                signoff &= Q(assigned_on__isnull=True) | Q(instruction_text="")
            hold(State.AWAITING_SIGNOFF, signoff)
            for state in Petition.HANDLING_STATES:
                hold(state, own & Q(extension=Petition.Extension.REQUESTED))
    return {state: _any_of(conditions) for state, conditions in branches.items()}


def _any_of(conditions: list[Q]) -> Q:
    """The OR of `conditions`; an empty Q among them means every row (where OR-ing an empty
    Q would narrow to the others)."""
    if any(not condition for condition in conditions):
        return Q()
    combined = conditions[0]
    for condition in conditions[1:]:
        combined |= condition
    return combined


def _organ_contains_q(field: str, unit: Unit) -> Q:
    """Rows whose `field` (a unit) has an organ (organ_of) containing `unit`: the unit is
    one of `unit`'s ancestors (or itself), or a department right under one of them.

    Those units are found first (a small table), and the rows tested by their ids: the
    same test written over the joined unit's kind, depth and path took the planner 12 ms
    for each query that asked it (the dashboard asks it four times)."""
    ancestors = [unit.path[: depth * Unit.steplen] for depth in range(1, unit.depth + 1)]
    department = Q(kind=Unit.Kind.DEPARTMENT)
    inside = ~department & Q(path__in=ancestors)
    inside |= department & Q(depth=1, path__in=ancestors)
    for depth, path in enumerate(ancestors, start=1):
        inside |= department & Q(depth=depth + 1, path__startswith=path)
    return Q(**{f"{field}__in": list(Unit.objects.filter(inside).values_list("pk", flat=True))})


def _reviewing_organ_conditions(user) -> list[tuple[str, Q]]:
    """Under 复查/复核: the cases this user decides for the reviewing organ, the rule of
    acts_as_organ (can_issue_review, can_issue_rereview) as (state, condition) pairs."""
    State = Petition.State
    held = []
    if not user.has_perm("petitions.review_petition"):
        return held
    if user.unit_id:
        organ = organ_of(user.unit)
        # By the units' ids, not a join (see _organ_contains_q).
        under_organ = list(
            Unit.objects.filter(path__startswith=organ.path).values_list("pk", flat=True)
        )
        for state, unit, previous in (
            (State.UNDER_REVIEW, "review_unit", "replying_unit"),
            (State.UNDER_REREVIEW, "rereview_unit", "review_unit"),
        ):
            held.append(
                (
                    state,
                    Q(**{f"{unit}__in": under_organ}) & ~_organ_contains_q(previous, user.unit),
                )
            )
    if user.has_perm("petitions.supervise_petition"):
        # An organ outside the system, named: the office records its opinion.
        held.append((State.UNDER_REVIEW, Q(review_unit__isnull=True) & ~Q(review_organ="")))
        held.append((State.UNDER_REREVIEW, Q(rereview_unit__isnull=True) & ~Q(rereview_organ="")))
    return held


def identity_visible_q(user) -> Q:
    """The rule of Petition.identity_visible_to as a filter."""
    if user.has_perm("petitions.view_identity"):
        return Q()
    if not user.is_authenticated:
        return Q(pk__in=[])
    return ~Q(nature=Nature.ACCUSATION) | Q(registered_by=user)


# --- The unit a case is counted under --------------------------------------------------

UNASSIGNED_UNIT = _("Not yet assigned")


def case_unit_label(unit_name: str | None) -> str:
    """How every panel, list and chart of the dashboard names the unit of a case: its
    responsible unit; "Not yet assigned" while no unit is responsible (never the unit
    that registered it). Takes the name from a row (responsible_unit__name) or a case."""
    return unit_name or str(UNASSIGNED_UNIT)


# --- Clocks as people read them -----------------------------------------------------------

# name, label, due-date field, field of the date the clock was met
CLOCKS = [
    ("route", _("Routing (assign, accept, transfer)"), "route_due", "routed_on"),
    ("acceptance", _("Acceptance notice"), "acceptance_due", "accepted_on"),
    ("objection", _("Objection to the assignment"), "objection_due", None),
    ("handling", _("Handling and reply"), "handling_due", "replied_on"),
    ("review_request", _("Request for review"), "review_window_end", "review_requested_on"),
    ("review", _("Review opinion"), "review_due", "reviewed_on"),
    (
        "rereview_request",
        _("Request for re-review"),
        "rereview_window_end",
        "rereview_requested_on",
    ),
    ("rereview", _("Re-review opinion"), "rereview_due", "rereviewed_on"),
]
# Periods someone may use rather than duties to meet: past their end they lapse (已届满),
# they are never overdue.
WINDOW_CLOCKS = frozenset({"objection", "review_request", "rereview_request"})


@dataclass(frozen=True)
class Clock:
    name: str
    label: str
    due: date
    done_on: date | None
    running: bool
    today: date

    calendar: WorkCalendar | None = None
    # Whether the case can still meet it: its act is still owed, or its window still
    # usable (CLOCK_OPEN_STATES); `running` marks only the case's current duty clock.
    open: bool = False

    @property
    def days_left(self) -> int:
        return days_until(self.due, today=self.today, calendar=self.calendar, clock=self.name)

    @property
    def is_window(self) -> bool:
        """A period someone may use (object, request a review), not a duty to meet."""
        return self.name in WINDOW_CLOCKS

    @property
    def status(self) -> str:
        """met or late (done); running (open, the due day included); overdue (a duty
        still owed after its due day); lapsed (已届满: the period is over and it was not
        used, only from the day after the due day); ended (the case moved on before the
        period was over, e.g. received inside the objection window)."""
        if self.done_on is not None:
            return "met" if self.done_on <= self.due else "late"
        still_owed = self.running or self.open
        if self.today > self.due:
            return "overdue" if still_owed and not self.is_window else "lapsed"
        return "running" if still_owed else "ended"


# --- The petition office's own staff -----------------------------------------------------

# The cases waiting for the office, by the right that acts on them: new cases to route,
# the units' signed reports to approve or send back.
OFFICE_WAITING_STATES = {
    "petitions.route_petition": ("registered",),
    "petitions.supervise_petition": ("awaiting_review",),
}


def office_staff_rights(user) -> frozenset[str]:
    """The office's rights a handler or leader of the office's unit holds, by role
    (roles.OFFICE_STAFF_PERMISSIONS); none for anyone else."""
    if not (user.is_authenticated and user.is_active):
        return frozenset()
    roles = getattr(user, "office_staff_roles", frozenset())
    return frozenset(code for role in roles for code in OFFICE_STAFF_PERMISSIONS.get(role, ()))


def scope_conditions(user) -> list[Q]:
    """The unit-scope rule of PetitionQuerySet.visible_to for a user bound to a subtree,
    as the conditions any one of which shows a case: the case's responsible or
    registering unit in the user's subtree, the user as its owning leader or its
    registrar, or, for the office's own staff, a case waiting for the office. The
    responsible unit first: it usually holds the most."""
    conditions = []
    if user.unit_id is not None:
        conditions += unit_scope_conditions(user, "responsible_unit", "registered_unit")
    conditions += [Q(owning_leader=user), Q(registered_by=user)]
    states = office_staff_states(user)
    if states:
        conditions.append(Q(state__in=states))
    return conditions


def office_staff_states(user) -> list[str]:
    """The states of the cases waiting for the office that this user, as its staff, may
    open and act on (empty for everyone but the office's own handlers and leaders)."""
    rights = office_staff_rights(user)
    return sorted({state for code in rights for state in OFFICE_WAITING_STATES.get(code, ())})


def has_case_right(user, perm: str, petition) -> bool:
    """The one "may" of the office's rights: held by role (the office, clerks), or by the
    office's own staff on a case waiting for the office (office_staff_states)."""
    if user.has_perm(perm):
        return True
    return perm in office_staff_rights(user) and petition.state in OFFICE_WAITING_STATES[perm]


# --- Who may act on a case (django-fsm calls these as permission(petition, user)) ------


def acts_for_unit(user, unit: Unit | None) -> bool:
    """Whether the user works in `unit` or a unit above it."""
    return bool(
        unit is not None and user.is_authenticated and user.unit_id and user.unit.contains(unit)
    )


def may_route(user) -> bool:
    """Whether the user routes (交办, 受理, 转送…) cases at all: asked by pages that offer
    routing before any one case is chosen (the list's batch toolbar)."""
    return user.has_perm("petitions.route_petition") or (
        "petitions.route_petition" in office_staff_rights(user)
    )


def can_route(petition, user) -> bool:
    return has_case_right(user, "petitions.route_petition", petition) and petition.is_visible_to(
        user
    )


def can_decide_report(petition, user) -> bool:
    """Approve or send back a unit's signed report: the office, or its leaders."""
    return has_case_right(user, "petitions.supervise_petition", petition)


def can_handle(petition, user) -> bool:
    return user.has_perm("petitions.handle_petition") and acts_for_unit(
        user, petition.responsible_unit
    )


def can_sign_off(petition, user) -> bool:
    return user.has_perm("petitions.sign_off_petition") and acts_for_unit(
        user, petition.responsible_unit
    )


def can_sign_off_reply(petition, user) -> bool:
    """签发: a leader of the unit; a case assigned with a superior's instruction (批示件,
    交办件) only by the unit's main leader (第一责任人, seed 000 §四(二))."""
    if not can_sign_off(petition, user):
        return False
    return not petition.needs_main_leader() or user.leadership == Leadership.MAIN


def may_supervise(user) -> bool:
    """Whether the user supervises cases at all (督办, flags, listing)."""
    return user.has_perm("petitions.supervise_petition")


def can_supervise(petition, user) -> bool:
    return may_supervise(user)


def can_close(petition, user) -> bool:
    return user.has_perm("petitions.supervise_petition")


# --- Who reviews: the level above (XG 35, 36) --------------------------------------------


def organ_of(unit: Unit) -> Unit:
    """The organ a unit decides for: a functional department of an organ (信访办,
    人力资源部 …) acts for the organ it belongs to; every other unit for itself."""
    if unit.kind == Unit.Kind.DEPARTMENT:
        return Unit.objects.get_parent(unit) or unit
    return unit


def level_above(unit: Unit | None) -> Unit | None:
    """The organ one level above `unit`'s organ in the tree; None at the top (then the
    level above is outside the system and the office names it)."""
    if unit is None:
        return None
    return Unit.objects.get_parent(organ_of(unit))


def acts_as_organ(user, unit: Unit | None, organ: str, previous: Unit | None) -> bool:
    """Whether `user` may act for the reviewing organ: a user with the review right in the
    reviewing unit's organ or above it, never one inside the organ whose opinion is
    reviewed (a unit never reviews itself); for an organ outside the system (named),
    the office, which records that organ's opinion."""
    if not user.has_perm("petitions.review_petition"):
        return False
    if unit is not None:
        if not (user.is_authenticated and user.unit_id):
            return False
        inside_previous = previous is not None and organ_of(previous).contains(user.unit)
        return organ_of(user.unit).contains(unit) and not inside_previous
    return bool(organ) and user.has_perm("petitions.supervise_petition")


def can_take_review(petition, user) -> bool:
    """Accept a request for 复查: the level above the replying unit."""
    above = level_above(petition.replying_unit)
    return acts_as_organ(user, above, "" if above else "-", petition.replying_unit)


def can_issue_review(petition, user) -> bool:
    return acts_as_organ(user, petition.review_unit, petition.review_organ, petition.replying_unit)


def can_take_rereview(petition, user) -> bool:
    """Accept a request for 复核: the level above the reviewing unit."""
    above = level_above(petition.review_unit)
    return acts_as_organ(user, above, "" if above else "-", petition.review_unit)


def can_issue_rereview(petition, user) -> bool:
    return acts_as_organ(
        user, petition.rereview_unit, petition.rereview_organ, petition.review_unit
    )


@cache
def _fsm_fields(model) -> tuple:
    return tuple(field for field in model._meta.fields if isinstance(field, FSMFieldMixin))


class Petition(DeferredLoadingMixin, ChoiceLabelsMixin, ConcurrentTransitionMixin, models.Model):
    class State(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        ASSIGNED = "assigned", _("Assigned")
        IN_PROGRESS = "in_progress", _("In progress")
        AWAITING_SIGNOFF = "awaiting_signoff", _("Awaiting sign-off")
        AWAITING_REVIEW = "awaiting_review", _("Awaiting office review")
        REPLIED = "replied", _("Replied")
        UNDER_REVIEW = "under_review", _("Under review")
        REVIEWED = "reviewed", _("Reviewed")
        UNDER_REREVIEW = "under_rereview", _("Under re-review")
        FINAL = "final", _("Final")
        CLOSED = "closed", _("Closed")
        TRANSFERRED = "transferred", _("Transferred")
        REDIRECTED = "redirected", _("Redirected to a legal procedure")
        NOT_ACCEPTED = "not_accepted", _("Not accepted")

    class Extension(models.TextChoices):
        NONE = "none", _("None")
        REQUESTED = "requested", _("Requested")
        APPROVED = "approved", _("Approved")

    END_STATES = (
        State.FINAL,
        State.CLOSED,
        State.TRANSFERRED,
        State.REDIRECTED,
        State.NOT_ACCEPTED,
    )
    HANDLING_STATES = (State.IN_PROGRESS, State.AWAITING_SIGNOFF, State.AWAITING_REVIEW)
    OPEN_STATES = (
        State.REGISTERED,
        State.ASSIGNED,
        *HANDLING_STATES,
        State.REPLIED,
        State.UNDER_REVIEW,
        State.REVIEWED,
        State.UNDER_REREVIEW,
    )
    # The states in which each clock can still be met or used (Clock.open): the notice
    # of acceptance is owed from receipt until the case is accepted; a review may be
    # requested while the reply (the review opinion) stands.
    CLOCK_OPEN_STATES = {
        "route": (State.REGISTERED,),
        "acceptance": (State.REGISTERED, State.ASSIGNED),
        "objection": (State.ASSIGNED,),
        "handling": HANDLING_STATES,
        "review_request": (State.REPLIED,),
        "review": (State.UNDER_REVIEW,),
        "rereview_request": (State.REVIEWED,),
        "rereview": (State.UNDER_REREVIEW,),
    }

    # Identity
    number = models.CharField(_("number"), max_length=16, unique=True, editable=False)
    query_code = models.CharField(_("query code"), max_length=9, unique=True, editable=False)
    # The registration form's one-time token: a second submission finds this case.
    submission_token = models.UUIDField(
        _("submission token"), unique=True, null=True, blank=True, editable=False
    )

    # What came in
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    # Indexed with the number: the list's sort key (LIST_ORDERS).
    received_on = models.DateField(_("received on"))
    nature = models.CharField(_("nature"), max_length=12, choices=Nature.choices)
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="petitions"
    )
    summary = models.CharField(_("summary"), max_length=200)
    content = models.TextField(_("content"))
    headcount = models.PositiveIntegerField(
        _("number of people"), default=1, validators=[MinValueValidator(1), validate_headcount]
    )
    is_collective = models.BooleanField(_("collective visit"), default=False, editable=False)
    skip_level = models.CharField(
        _("skip-level target"), max_length=10, choices=SkipLevel.choices, blank=True
    )
    petitioners = models.ManyToManyField(
        Petitioner, through=PetitionPetitioner, related_name="petitions"
    )

    # Who
    registered_unit = models.ForeignKey(
        Unit, verbose_name=_("registering unit"), on_delete=models.PROTECT, related_name="+"
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        on_delete=models.PROTECT,
        related_name="registered_petitions",
    )
    registered_at = models.DateTimeField(_("registered at"), default=timezone.now)
    # 走访: when the petitioner came in person and who received them.
    visit_at = models.DateTimeField(_("visit time"), null=True, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("receiving officer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # 查询密码: the public query's second factor when no petitioner gave a phone. Only its
    # hash is kept; the code itself is shown once, on the registration receipt.
    check_code_hash = models.CharField(max_length=128, blank=True, editable=False)
    responsible_unit = models.ForeignKey(
        Unit,
        verbose_name=_("responsible unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="petitions",
    )
    owning_leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owning leader"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_petitions",
        db_index=False,  # petition_owner_state serves it
    )
    repeat_of = models.ForeignKey(
        "self",
        verbose_name=_("repeat of"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="repeats",
    )
    is_key_case = models.BooleanField(_("key case"), default=False)
    is_backlog = models.BooleanField(_("backlog case"), default=False)
    # 挂牌督办: the office lists the case with its own due date.
    is_listed = models.BooleanField(_("listed supervision"), default=False)
    listed_due = models.DateField(_("listed supervision due"), null=True, blank=True)
    listed_reason = models.TextField(_("listed supervision reason"), blank=True)
    # 承办人: the person in the responsible unit who handles the case (seed 000 §三(四)).
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("case handler"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="handled_petitions",
    )
    # 批示件 / 交办件: a superior's instruction on the case; its reply is signed off by
    # the unit's main leader (seed 000 §四(二)).
    instruction_by = models.CharField(_("instruction by"), max_length=100, blank=True)
    instruction_on = models.DateField(_("instruction date"), null=True, blank=True)
    instruction_text = models.TextField(_("instruction"), blank=True)

    # Who decided each stage (XG 35, 36): the unit that replied, the unit one level
    # above it that reviews (复查), the unit above that which re-reviews (复核); an
    # organ outside the system is recorded by name instead of a unit.
    replying_unit = models.ForeignKey(
        Unit,
        verbose_name=_("replying unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    review_unit = models.ForeignKey(
        Unit,
        verbose_name=_("reviewing unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    review_organ = models.CharField(_("reviewing organ (outside)"), max_length=100, blank=True)
    rereview_unit = models.ForeignKey(
        Unit,
        verbose_name=_("re-reviewing unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    rereview_organ = models.CharField(_("re-reviewing organ (outside)"), max_length=100, blank=True)

    # Where it stands
    # No index of its own: (state, current_due) and (state, route_due) lead with it.
    state = FSMField(_("state"), default=State.REGISTERED, choices=State.choices, protected=True)
    extension = FSMField(
        _("extension"), default=Extension.NONE, choices=Extension.choices, protected=True
    )
    # Bumped by every change; a form carries it to detect a stale page.
    version = models.PositiveIntegerField(default=0, editable=False)

    # When things happened (the clocks are computed from these)
    routed_on = models.DateField(_("routed on"), null=True, blank=True)
    assigned_on = models.DateField(_("assigned on"), null=True, blank=True)
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True)
    replied_on = models.DateField(_("replied on"), null=True, blank=True)
    review_requested_on = models.DateField(_("review requested on"), null=True, blank=True)
    reviewed_on = models.DateField(_("reviewed on"), null=True, blank=True)
    rereview_requested_on = models.DateField(_("re-review requested on"), null=True, blank=True)
    rereviewed_on = models.DateField(_("re-reviewed on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    # 送达: when each opinion reached the petitioner (the first ServiceRecord of its
    # kind); the review windows run from these (XG 35, 36).
    reply_served_on = models.DateField(_("reply served on"), null=True, blank=True)
    review_served_on = models.DateField(_("review opinion served on"), null=True, blank=True)
    rereview_served_on = models.DateField(_("re-review opinion served on"), null=True, blank=True)
    # 听证 (XG 36 ¶2): its days are not counted in the re-review clock.
    hearing_started_on = models.DateField(_("hearing started on"), null=True, blank=True)
    hearing_ended_on = models.DateField(_("hearing ended on"), null=True, blank=True)

    # Decisions
    assigned_due = models.DateField(_("due date set by the office"), null=True, blank=True)
    transfer_organ = models.CharField(_("transferred to"), max_length=100, blank=True)
    redirect_route = models.CharField(
        _("legal procedure"), max_length=20, choices=RedirectRoute.choices, blank=True
    )
    rejection_reason = models.CharField(
        _("reason not accepted"), max_length=20, choices=RejectionReason.choices, blank=True
    )
    decision_note = models.TextField(_("reasons"), blank=True)
    handling_report = models.TextField(_("handling report"), blank=True)
    reply_opinion = models.CharField(
        _("opinion"), max_length=10, choices=Opinion.choices, blank=True
    )
    reply_text = models.TextField(_("facts and reasons"), blank=True)
    reply_basis = models.TextField(_("basis in law and policy"), blank=True)
    extension_days = models.PositiveSmallIntegerField(_("extension days"), null=True, blank=True)
    extension_reason = models.TextField(_("extension reason"), blank=True)
    review_result = models.CharField(
        _("review result"), max_length=10, choices=ReviewResult.choices, blank=True
    )
    review_text = models.TextField(_("review opinion"), blank=True)
    rereview_result = models.CharField(
        _("re-review result"), max_length=10, choices=ReviewResult.choices, blank=True
    )
    rereview_text = models.TextField(_("re-review opinion"), blank=True)
    close_reason = models.CharField(
        _("close reason"), max_length=20, choices=CloseReason.choices, blank=True
    )
    # Closing inside a review window needs the petitioner's written statement, on file.
    close_statement = models.CharField(
        _("petitioner's statement"), max_length=12, choices=Statement.choices, blank=True
    )
    close_statement_file = models.ForeignKey(
        "Attachment",
        verbose_name=_("statement document"),
        # The case and its files go together; a file alone is kept by the constraint.
        # (PROTECT/SET_NULL would make deleting a case load the cases a file points
        # back to, which recurses in django-fsm's deferred state.)
        on_delete=models.DO_NOTHING,
        null=True,
        blank=True,
        related_name="+",
    )
    office_rating = models.CharField(
        _("rating of the petition office"), max_length=12, choices=Rating.choices, blank=True
    )
    unit_rating = models.CharField(
        _("rating of the responsible unit"), max_length=12, choices=Rating.choices, blank=True
    )
    rated_on = models.DateField(_("rated on"), null=True, blank=True)

    # Due dates, recomputed on every change (see recompute_due_dates)
    route_due = models.DateField(_("routing due"), null=True, blank=True)
    acceptance_due = models.DateField(_("acceptance notice due"), null=True, blank=True)
    objection_due = models.DateField(_("objection deadline"), null=True, blank=True)
    handling_due = models.DateField(_("handling due"), null=True, blank=True)
    review_window_end = models.DateField(_("review request deadline"), null=True, blank=True)
    review_due = models.DateField(_("review due"), null=True, blank=True)
    rereview_window_end = models.DateField(_("re-review request deadline"), null=True, blank=True)
    rereview_due = models.DateField(_("re-review due"), null=True, blank=True)
    # The duty clock running now: "overdue" is current_due < today, read from the
    # partial covering index petition_running_clock (empty on every finished case).
    current_due = models.DateField(_("due"), null=True, blank=True)
    current_clock = models.CharField(max_length=20, blank=True, editable=False)

    # The search documents live beside the case, in PetitionSearchText.

    objects = PetitionQuerySet.as_manager()

    class Meta:
        verbose_name = _("petition")
        verbose_name_plural = _("petitions")
        ordering = ["-received_on", "-number"]
        indexes = [
            # The list's sort keys (LIST_ORDERS), each walked in both directions.
            models.Index(fields=["received_on", "number"], name="petition_received_number"),
            # The default order again, with the unit scope's columns (scope_conditions): a
            # scoped walk tests them in the index (a search's next rows, PetitionFilter.
            # keyword_scan: a handler's 400 at 10^6 read 19,000 rows, 13 ms; now 3.5 ms).
            # Beside the narrow one, not instead: a range of received dates (the monthly
            # statistics) costs twice as much in this one, and the planner read the table.
            models.Index(
                fields=["received_on", "number"],
                include=[
                    "id",
                    "responsible_unit",
                    "registered_unit",
                    "owning_leader",
                    "registered_by",
                    "state",
                ],
                name="petition_received_scope",
            ),
            models.Index(DUE_KEY, F("number"), name="petition_due_key_number"),
            models.Index(fields=["state", "current_due"], name="petition_state_due"),
            # A prefix search on the case number (LIKE 'XF2026%') reads the pattern index
            # Django gives a unique text column (petitions_petition_number_…_like).
            models.Index(fields=["channel", "received_on"], name="petition_channel_received"),
            models.Index(fields=["nature", "received_on"], name="petition_nature_received"),
            models.Index(fields=["review_window_end"], name="petition_review_window"),
            models.Index(fields=["rereview_window_end"], name="petition_rereview_window"),
            models.Index(
                fields=["listed_due"], name="petition_listed_due", condition=Q(is_listed=True)
            ),
            # The list's flag filters (重点案件, 积案), walked in the list's default order.
            models.Index(
                fields=["received_on", "number"],
                name="petition_key_case_received",
                condition=Q(is_key_case=True),
            ),
            models.Index(
                fields=["received_on", "number"],
                name="petition_backlog_received",
                condition=Q(is_backlog=True),
            ),
            # A leader's 包案 cases that are still open (the dashboard's queue): read by
            # both conditions at once, not the owner's rows AND-ed with every open case.
            models.Index(fields=["owning_leader", "state"], name="petition_owner_state"),
            # Extension requests waiting for a leader (the dashboard's queue, held_by):
            # a handful of rows, where the unit's own cases are tens of thousands.
            models.Index(
                fields=["responsible_unit", "current_due"],
                condition=Q(extension="requested"),
                name="petition_extension_requested",
            ),
            # The "to route" queue: registered cases by their routing due date.
            models.Index(fields=["state", "route_due"], name="petition_state_route_due"),
            # Running clocks only (current_due is empty on every finished case): overdue and
            # due-soon counts, per unit too, read this small index alone (index-only).
            models.Index(
                fields=["current_due"],
                include=["state", "responsible_unit"],
                condition=Q(current_due__isnull=False),
                name="petition_running_clock",
            ),
            # The running clocks in the list's order, with the columns of the overdue,
            # due-soon and "my cases" filters and of the unit scope: their page is found index-only
            # (PetitionFilter.reads_ids_first), past the recent running cases it skips.
            models.Index(
                fields=["received_on", "number"],
                include=[
                    "id",
                    "current_due",
                    "state",
                    "responsible_unit",
                    "registered_unit",
                    "owning_leader",
                    "registered_by",
                    "handler",
                ],
                condition=Q(current_due__isnull=False),
                name="petition_running_received",
            ),
            # The monthly statistics read the cases of a period by each of these dates
            # (reports.statistics._relevant): one range scan each, OR-ed in a bitmap.
            *(
                models.Index(
                    fields=[name],
                    condition=Q(**{f"{name}__isnull": False}),
                    name=f"petition_{name}",
                )
                for name in ("accepted_on", "acceptance_due", "handling_due", "replied_on")
            ),
            models.Index(
                fields=["rated_on"], condition=Q(rated_on__isnull=False), name="petition_rated_on"
            ),
        ]
        # No stored date or number a page cannot compute with (see organization.dates).
        constraints = [
            models.CheckConstraint(
                condition=Q(received_on__gte=EARLIEST_DATE), name="petition_received_plausible"
            ),
            models.CheckConstraint(
                condition=Q(headcount__lte=MAX_HEADCOUNT), name="petition_headcount_plausible"
            ),
            models.CheckConstraint(
                condition=Q(assigned_due__isnull=True) | Q(assigned_due__lte=LATEST_DATE),
                name="petition_assigned_due_plausible",
            ),
            models.CheckConstraint(
                condition=Q(listed_due__isnull=True) | Q(listed_due__lte=LATEST_DATE),
                name="petition_listed_due_plausible",
            ),
        ]
        permissions = [
            ("register_petition", _("Can register petitions")),
            ("route_petition", _("Can route petitions (assign, accept, transfer, reject)")),
            ("handle_petition", _("Can handle petitions of their unit")),
            ("sign_off_petition", _("Can sign off replies of their unit")),
            ("supervise_petition", _("Can supervise petitions and review reports")),
            ("review_petition", _("Can record and decide reviews and re-reviews")),
            ("view_identity", _("Can see petitioners' full identity")),
        ]

    def __str__(self):
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("petitions:detail", args=[self.number])

    def _update_initial_state(self):
        # django-fsm notes the state as it builds an instance, for ConcurrentTransitionMixin.
        # Reading a deferred column, Django builds an instance with that column alone: its
        # state, deferred, would be read by building another, without end. That instance
        # only lends its column; it notes nothing.
        if "state" in self.__dict__:  # loaded (Model.get_deferred_fields' own test)
            super()._update_initial_state()

    @property
    def state_fields(self):
        """The FSM fields (django-fsm's ConcurrentTransitionMixin asks on every instance's
        init, and filters all ninety fields each time: a tenth of the daily job's time)."""
        return _fsm_fields(type(self))

    @property
    def unit_label(self) -> str:
        """The responsible unit as the dashboard names it (case_unit_label)."""
        return case_unit_label(self.responsible_unit.name if self.responsible_unit_id else None)

    # --- Reading ---------------------------------------------------------------------

    @property
    def is_open(self) -> bool:
        return self.state not in self.END_STATES

    @property
    def is_confidential(self) -> bool:
        """检举控告类: the petitioner's identity is kept from the unit concerned (XG 30)."""
        return self.nature == Nature.ACCUSATION

    def is_visible_to(self, user) -> bool:
        """The same rule as PetitionQuerySet.visible_to, for one loaded case."""
        if sees_all_units(user):
            return True
        if not user.is_authenticated:
            return False
        if user.pk in (self.owning_leader_id, self.registered_by_id):
            return True
        if self.state in office_staff_states(user):
            return True
        return can_see_unit(user, self.registered_unit) or can_see_unit(user, self.responsible_unit)

    def identity_visible_to(self, user) -> bool:
        """Whether the user may see who the petitioners are (names, full numbers).

        The same rule as identity_visible_q (PetitionQuerySet.findable_by_person)."""
        if user.has_perm("petitions.view_identity"):
            return True
        if not user.is_authenticated:
            return False
        return self.registered_by_id == user.pk or not self.is_confidential

    @property
    def has_query_phone(self) -> bool:
        """Whether a phone registered on the case can open the public query (its last 4
        digits); else the query needs the check code (查询密码)."""
        return any(len(phone_digits(link.phone)) >= 4 for link in self.links.all())

    def may_print_receipt(self, user) -> bool:
        """登记回执: anyone who may see the case; the names on it follow
        identity_visible_to."""
        return self.is_visible_to(user)

    def may_issue_check_code(self, user) -> bool:
        """A new 查询密码 is handed to the petitioner: by who registers petitions and may
        see who the petitioners are, on a case no phone opens."""
        return (
            user.has_perm("petitions.register_petition")
            and self.is_visible_to(user)
            and self.identity_visible_to(user)
            and not self.has_query_phone
        )

    def check_code_matches(self, code: str) -> bool:
        return bool(self.check_code_hash) and check_password(code, self.check_code_hash)

    def may_reveal_contact(self, user) -> bool:
        """Whether the user may see full identity numbers and phones (logged)."""
        if user.has_perm("petitions.view_identity") or self.registered_by_id == user.pk:
            return True
        return not self.is_confidential and acts_for_unit(user, self.responsible_unit)

    # --- Who may change what is not a transition --------------------------------------
    # One rule each: the detail page offers the action, the endpoint refuses it and the
    # service raises ActionNotAllowed, all by asking these.

    def may_set_flags(self, user) -> bool:
        """重点案件 / 积案: the office, on an open case."""
        return self.is_open and can_supervise(self, user)

    def may_set_owning_leader(self, user) -> bool:
        """包案: the office, or a leader of the responsible unit, on an open case."""
        return self.is_open and (can_supervise(self, user) or can_sign_off(self, user))

    def may_list(self, user) -> bool:
        """挂牌督办 (or lifting it): the office, on an open case."""
        return self.is_open and can_supervise(self, user)

    def may_record_rating(self, user) -> bool:
        """The petitioner's rating: recorded by the office once the case was replied."""
        return self.replied_on is not None and (
            user.has_perm("petitions.route_petition")
            or user.has_perm("petitions.supervise_petition")
        )

    # --- Review stages, service, hearing (XG 35, 36) ----------------------------------

    def is_held_by(self, user) -> bool:
        """Whether the case waits for `user` (PetitionQuerySet.held_by, for this case)."""
        return Petition.objects.filter(pk=self.pk).held_by(user).exists()

    def holders(self):
        """The users who must act on the case now (the held_by rule), by pk."""
        User = get_user_model()
        who = (
            Q(pk=self.handler_id)
            | Q(unit=self.responsible_unit_id)
            | Q(
                groups__permissions__codename__in=["route_petition", "supervise_petition"],
                groups__permissions__content_type__app_label="petitions",
            )
        )
        if any(self.state in states for states in OFFICE_WAITING_STATES.values()):
            # Waiting for the office: its own handlers and leaders too.
            who |= Q(pk__in=User.objects.petition_office_staff().values("pk"))
        # Under 复查/复核: who works in the reviewing unit's organ or above it.
        reviewing = {
            self.State.UNDER_REVIEW: self.review_unit,
            self.State.UNDER_REREVIEW: self.rereview_unit,
        }.get(self.state)
        if reviewing is not None:
            ancestors = [
                reviewing.path[: depth * Unit.steplen] for depth in range(1, reviewing.depth + 1)
            ]
            who |= Q(unit__path__in=ancestors)
            for depth, path in enumerate(ancestors, start=1):
                who |= Q(
                    unit__kind=Unit.Kind.DEPARTMENT,
                    unit__depth=depth + 1,
                    unit__path__startswith=path,
                )
        candidates = User.objects.filter(is_active=True).filter(who)
        return [
            user
            for user in candidates.distinct().select_related("unit").order_by("pk")
            if self.is_held_by(user)
        ]

    def needs_main_leader(self) -> bool:
        """批示件/交办件: an assigned case with a superior's instruction."""
        return self.was_assigned() and bool(self.instruction_text)

    def hearing_days(self) -> int:
        """Days of a finished hearing, both ends counted (excluded from the 复核 clock)."""
        if self.hearing_started_on and self.hearing_ended_on:
            return (self.hearing_ended_on - self.hearing_started_on).days + 1
        return 0

    def is_hearing_ongoing(self) -> bool:
        return self.hearing_started_on is not None and self.hearing_ended_on is None

    @property
    def review_organ_name(self) -> str:
        """The organ that reviewed (复查): a unit of the tree or a named outside organ."""
        return self.review_unit.name if self.review_unit_id else self.review_organ

    @property
    def rereview_organ_name(self) -> str:
        return self.rereview_unit.name if self.rereview_unit_id else self.rereview_organ

    def next_review_unit(self) -> Unit | None:
        """The unit that would decide the next request (复查 or 复核), if in the tree."""
        if self.state == self.State.REPLIED:
            return level_above(self.replying_unit)
        if self.state == self.State.REVIEWED:
            return level_above(self.review_unit)
        return None

    @property
    def next_review_stage(self) -> str:
        """Which request a petitioner would make now: 复查 after the reply, 复核 after the
        review ("" when no reply was issued)."""
        if self.replied_on is None:
            return ""
        if self.state == self.State.REPLIED:
            return ReviewStage.REVIEW
        if self.state in (self.State.REVIEWED, self.State.FINAL):
            return ReviewStage.REREVIEW
        if self.state == self.State.CLOSED:
            return ReviewStage.REREVIEW if self.reviewed_on else ReviewStage.REVIEW
        return ""

    def review_request_refusal(self, received_on: date) -> str:
        """The reason (RequestRefusal) a request received on that day must be refused,
        or "" when it may be accepted (the petitioner's own request, in time)."""
        stage = self.next_review_stage
        if not stage:
            return ""
        if self.state == self.State.FINAL:
            return RequestRefusal.ALREADY_FINAL
        if self.nature != Nature.APPEAL:
            return RequestRefusal.NOT_APPEAL
        if self.state == self.State.CLOSED:
            if self.close_reason == CloseReason.WINDOW_EXPIRED:
                return RequestRefusal.LATE
            return RequestRefusal.ALREADY_FINAL
        window_end = (
            self.review_window_end if stage == ReviewStage.REVIEW else self.rereview_window_end
        )
        if window_end is not None and received_on > window_end:
            return RequestRefusal.LATE
        return ""

    def may_refuse_review_request(self, user) -> bool:
        """Refusing a 复查/复核 request: the organ that would decide it, or the office."""
        if not self.next_review_stage:
            return False
        if can_supervise(self, user) and user.has_perm("petitions.review_petition"):
            return True
        previous = self.replying_unit if self.state == self.State.REPLIED else self.review_unit
        above = self.next_review_unit()
        return above is not None and acts_as_organ(user, above, "", previous)

    @property
    def awaiting_service(self) -> list[str]:
        """The opinions issued but not yet served (待送达): their windows have not started."""
        pending = []
        if self.replied_on and not self.reply_served_on:
            pending.append(ServiceKind.REPLY)
        if self.reviewed_on and not self.review_served_on:
            pending.append(ServiceKind.REVIEW)
        if self.rereviewed_on and not self.rereview_served_on:
            pending.append(ServiceKind.REREVIEW)
        return pending

    def awaiting_service_labels(self) -> list[str]:
        return [ServiceKind(kind).label for kind in self.awaiting_service]

    def may_record_service(self, user) -> bool:
        """送达: the office, the unit that handled the case, or the reviewing organs."""
        if not self.replied_on and not self.is_open:
            return False
        return (
            can_supervise(self, user)
            or can_handle(self, user)
            or can_sign_off(self, user)
            or can_issue_review(self, user)
            or can_issue_rereview(self, user)
        )

    def may_record_hearing(self, user) -> bool:
        """听证: the re-reviewing organ, while the re-review runs."""
        return self.state == self.State.UNDER_REREVIEW and can_issue_rereview(self, user)

    def may_set_handler(self, user) -> bool:
        """承办人: named by the unit's leader (or the office), on an open, routed case."""
        return (
            self.is_open
            and self.responsible_unit_id is not None
            and (can_sign_off(self, user) or can_supervise(self, user))
        )

    @property
    def repeats_a_final_matter(self) -> bool:
        """The same matter again after 终结 (XG 36 ¶3): propose 不再受理."""
        return self.repeat_of_id is not None and self.repeat_of.state == self.State.FINAL

    @property
    def proposed_rejection_reason(self) -> str:
        return RejectionReason.FINAL if self.repeats_a_final_matter else ""

    @property
    def today(self) -> date:
        # Services set _as_of so that a back-dated action (system jobs, demo data)
        # checks its conditions against the day it happened.
        return getattr(self, "_as_of", None) or timezone.localdate()

    def days_left(self, today: date | None = None, calendar: WorkCalendar | None = None):
        """Days to the current due date, in its clock's mode (deadlines.days_until)."""
        if self.current_due is None:
            return None
        if calendar is None and counts_working_days(self.current_clock):
            calendar = Holiday.objects.work_calendar()
        return days_until(
            self.current_due,
            today=today or timezone.localdate(),
            calendar=calendar,
            clock=self.current_clock,
        )

    # --- Clocks --------------------------------------------------------------------

    def recompute_due_dates(self, calendar: WorkCalendar) -> None:
        """Derive every due date from the event dates (DESIGN.md §2, Clocks)."""
        days = settings.PETITION_CLOCK_DAYS
        add = calendar.add

        # Each clock counts in its own day mode (deadlines.clock_mode).
        self.route_due = add(self.received_on, days["route"], clock="route")
        if self.assigned_on:
            # The unit that receives an assigned case tells the petitioner (XG 23 ¶3).
            self.acceptance_due = add(self.assigned_on, days["acceptance"], clock="acceptance")
            self.objection_due = add(self.assigned_on, days["objection"], clock="objection")
        else:
            self.acceptance_due = add(self.received_on, days["acceptance"], clock="acceptance")
            self.objection_due = None
        base_due = self.handling_due_before_extension(calendar)
        if base_due and self.extension == self.Extension.APPROVED:
            # Counted like the handling clock: in its mode, rolled if set.
            base_due = add(base_due, self.extension_days or 0, clock="handling")
        self.handling_due = base_due
        # --- review stages (h-review): windows run from service (送达), XG 35, 36 ---
        self.review_window_end = (
            add(self.reply_served_on, days["review_request"], clock="review_request")
            if self.reply_served_on
            else None
        )
        self.review_due = (
            add(self.review_requested_on, days["review"], clock="review")
            if self.review_requested_on
            else None
        )
        self.rereview_window_end = (
            add(self.review_served_on, days["rereview_request"], clock="rereview_request")
            if self.review_served_on
            else None
        )
        if self.rereview_requested_on and not self.is_hearing_ongoing():
            # The hearing's days are not counted (XG 36 ¶2); while it runs, no due date.
            self.rereview_due = add(
                self.rereview_requested_on, days["rereview"] + self.hearing_days(), clock="rereview"
            )
        else:
            self.rereview_due = None
        # --- end review stages ---
        self.current_clock, self.current_due = self.duty_clock()

    def handling_due_before_extension(self, calendar: WorkCalendar) -> date | None:
        """The handling due date without the extension: the office's date for an
        assigned case, else 60 days (the handling clock's mode) from acceptance."""
        if self.assigned_due:
            return self.assigned_due
        if self.accepted_on:
            days = settings.PETITION_CLOCK_DAYS["handling"]
            return calendar.add(self.accepted_on, days, clock="handling")
        return None

    def duty_clock(self) -> tuple[str, date | None]:
        """The clock someone must meet in the current state."""
        state = self.state
        if state == self.State.REGISTERED:
            return "route", self.route_due
        if state == self.State.ASSIGNED:
            return "acceptance", self.acceptance_due
        if state in self.HANDLING_STATES:
            return "handling", self.handling_due
        if state == self.State.UNDER_REVIEW:
            return "review", self.review_due
        if state == self.State.UNDER_REREVIEW:
            return "rereview", self.rereview_due
        return "", None

    def clocks(self, today: date | None = None) -> list["Clock"]:
        """Every clock that has started, with whether and when it was met."""
        today = today or timezone.localdate()
        started = [row for row in CLOCKS if getattr(self, row[2]) is not None]
        working = any(counts_working_days(name) for name, *_rest in started)
        calendar = Holiday.objects.work_calendar() if working else None
        rows = []
        for name, label, due_field, done_field in started:
            due = getattr(self, due_field)
            done = getattr(self, done_field) if done_field else None
            running = self.current_clock == name
            if name == "objection":
                running = self.state == self.State.ASSIGNED
            is_open = self.state in self.CLOCK_OPEN_STATES.get(name, ())
            rows.append(Clock(name, label, due, done, running, today, calendar, open=is_open))
        return rows

    # --- Conditions (named predicates) ------------------------------------------------

    def is_within_objection_window(self) -> bool:
        return self.objection_due is not None and self.today <= self.objection_due

    def is_appeal(self) -> bool:
        return self.nature == Nature.APPEAL

    def is_reply_served(self) -> bool:
        """The review window has started: the reply reached the petitioner."""
        return self.reply_served_on is not None

    def is_review_served(self) -> bool:
        return self.review_served_on is not None

    def is_within_review_window(self) -> bool:
        return self.review_window_end is not None and self.today <= self.review_window_end

    def is_within_rereview_window(self) -> bool:
        return self.rereview_window_end is not None and self.today <= self.rereview_window_end

    def was_assigned(self) -> bool:
        return self.assigned_on is not None

    def is_handling(self) -> bool:
        return self.state in self.HANDLING_STATES

    def is_in_progress(self) -> bool:
        return self.state == self.State.IN_PROGRESS

    # --- Transitions: the case ------------------------------------------------------

    @transition(field=state, source=State.REGISTERED, target=State.ASSIGNED, permission=can_route)
    def assign(self, *, unit: Unit, due: date, instruction: dict | None = None) -> None:
        self.responsible_unit = unit
        self.assigned_on = self.routed_on = self.today
        self.assigned_due = due
        if instruction:
            # 批示件/交办件: who instructed, when, what (instruction_by/_on/_text).
            for name, value in instruction.items():
                setattr(self, f"instruction_{name}", value)

    @transition(
        field=state, source=State.REGISTERED, target=State.IN_PROGRESS, permission=can_route
    )
    def accept(self, *, unit: Unit) -> None:
        """The office accepts and handles the case itself (受理)."""
        self.responsible_unit = unit
        self.accepted_on = self.routed_on = self.today

    @transition(
        field=state, source=State.REGISTERED, target=State.TRANSFERRED, permission=can_route
    )
    def transfer(self, *, organ: str, note: str) -> None:
        self.transfer_organ = organ
        self.decision_note = note
        self.routed_on = self.closed_on = self.today

    @transition(field=state, source=State.REGISTERED, target=State.REDIRECTED, permission=can_route)
    def redirect(self, *, route: str, note: str) -> None:
        self.redirect_route = route
        self.decision_note = note
        self.routed_on = self.closed_on = self.today

    @transition(
        field=state, source=State.REGISTERED, target=State.NOT_ACCEPTED, permission=can_route
    )
    def reject(self, *, reason: str, note: str) -> None:
        self.rejection_reason = reason
        self.decision_note = note
        self.routed_on = self.closed_on = self.today

    @transition(field=state, source=State.ASSIGNED, target=State.IN_PROGRESS, permission=can_handle)
    def receive(self, *, handler) -> None:
        self.accepted_on = self.today
        self.handler = handler

    @transition(
        field=state,
        source=State.ASSIGNED,
        target=State.REGISTERED,
        permission=can_handle,
        conditions=[is_within_objection_window],
    )
    def object(self, *, reason: str) -> None:
        """Return a wrongly assigned case within 5 working days (XG 23 ¶3)."""
        self.decision_note = reason
        self.responsible_unit = None
        self.assigned_on = self.assigned_due = self.routed_on = None

    @transition(
        field=state,
        source=State.IN_PROGRESS,
        target=State.AWAITING_SIGNOFF,
        permission=can_handle,
    )
    def submit_report(self, *, report: str, opinion: str, text: str, basis: str) -> None:
        self.handling_report = report
        self.reply_opinion = opinion
        self.reply_text = text
        self.reply_basis = basis

    @transition(
        field=state,
        source=State.AWAITING_SIGNOFF,
        target=RETURN_VALUE(State.AWAITING_REVIEW, State.REPLIED),
        permission=can_sign_off_reply,
    )
    def sign_off(self) -> "Petition.State":
        """签发: an assigned case goes to the office for review; the office's own is replied."""
        if self.was_assigned():
            return self.State.AWAITING_REVIEW
        self.replied_on = self.today
        self.replying_unit = self.responsible_unit
        return self.State.REPLIED

    @transition(
        field=state,
        source=State.AWAITING_SIGNOFF,
        target=State.IN_PROGRESS,
        permission=can_sign_off,
    )
    @transition(
        field=state,
        source=State.AWAITING_REVIEW,
        target=State.IN_PROGRESS,
        permission=can_decide_report,
    )
    def send_back(self, *, reason: str) -> None:
        """重新办理: facts unclear or the opinion unsound."""
        self.decision_note = reason

    @transition(
        field=state,
        source=State.AWAITING_REVIEW,
        target=State.REPLIED,
        permission=can_decide_report,
    )
    def approve(self) -> None:
        self.replied_on = self.today
        self.replying_unit = self.responsible_unit

    @transition(
        field=state,
        source=State.REPLIED,
        target=State.UNDER_REVIEW,
        permission=can_take_review,
        conditions=[is_appeal, is_reply_served],
    )
    def request_review(self, *, received_on: date, unit: Unit | None, organ: str) -> None:
        """An accepted request for 复查; its clock runs from the request's receipt (XG 35).
        Lateness is checked by the service on `received_on` (review_request_refusal)."""
        self.review_requested_on = received_on
        self.review_unit, self.review_organ = unit, organ

    @transition(
        field=state, source=State.UNDER_REVIEW, target=State.REVIEWED, permission=can_issue_review
    )
    def issue_review(self, *, result: str, text: str) -> None:
        self.review_result = result
        self.review_text = text
        self.reviewed_on = self.today

    @transition(
        field=state,
        source=State.REVIEWED,
        target=State.UNDER_REREVIEW,
        permission=can_take_rereview,
        conditions=[is_review_served],
    )
    def request_rereview(self, *, received_on: date, unit: Unit | None, organ: str) -> None:
        self.rereview_requested_on = received_on
        self.rereview_unit, self.rereview_organ = unit, organ

    @transition(
        field=state,
        source=State.UNDER_REREVIEW,
        target=State.FINAL,
        permission=can_issue_rereview,
    )
    def issue_rereview(self, *, result: str, text: str) -> None:
        self.rereview_result = result
        self.rereview_text = text
        self.rereviewed_on = self.closed_on = self.today

    @transition(
        field=state,
        source=[State.REPLIED, State.REVIEWED],
        target=State.CLOSED,
        permission=can_close,
    )
    def close(self, *, reason: str, statement: str = "") -> None:
        self.close_reason = reason
        self.close_statement = statement
        self.closed_on = self.today

    # --- Transitions: the one extension (an overlay on the handling states) ------------

    @transition(
        field=extension,
        source=Extension.NONE,
        target=Extension.REQUESTED,
        permission=can_handle,
        conditions=[is_in_progress],
    )
    def request_extension(self, *, days: int, reason: str) -> None:
        self.extension_days = days
        self.extension_reason = reason

    @transition(
        field=extension,
        source=Extension.REQUESTED,
        target=Extension.APPROVED,
        permission=can_sign_off,
        conditions=[is_handling],
    )
    def approve_extension(self) -> None:
        """Approved by the unit's leader; handling_due moves when recomputed."""

    @transition(
        field=extension,
        source=Extension.REQUESTED,
        target=Extension.NONE,
        permission=can_sign_off,
    )
    def refuse_extension(self, *, reason: str) -> None:
        self.extension_days = None
        self.decision_note = reason


# --- Events, files, access log -------------------------------------------


def new_query_code() -> str:
    # No 0/O, 1/I/L: the code is read aloud and typed from paper.
    alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
    raw = "".join(secrets.choice(alphabet) for _ in range(8))
    return f"{raw[:4]}-{raw[4:]}"


def new_check_code() -> str:
    """查询密码: 6 digits, typed on a phone's keypad; the query code stays the key."""
    return f"{secrets.randbelow(10**6):06d}"


def hash_check_code(code: str) -> str:
    return make_password(code)


class PetitionSearchText(models.Model):
    """A case's search documents and their stored tsvectors, in a table of their own.

    A change of state rewrites the case's row and an entry in each of its indexes; with
    the documents on that row, their n-gram GIN entries (hundreds per case) were written
    again too: closing 2 000 expired cases took 1.8 s instead of 0.36 s. Apart, they are
    written once, at registration, and the case's row is half as wide for every page and
    figure that reads it.
    """

    petition = models.OneToOneField(
        Petition, on_delete=models.CASCADE, primary_key=True, related_name="search_text"
    )
    # Space-separated character n-grams of the searchable text (see search.py);
    # the petitioners' names and numbers apart, because who may search by them
    # depends on confidentiality.
    search_document = models.TextField(blank=True, editable=False)
    people_document = models.TextField(blank=True, editable=False)
    # Their tsvectors, stored so a search never recomputes them (PostgreSQL only;
    # filled by search.store_documents, GIN-indexed in migration 0025).
    search_vector = SearchVectorField(null=True, editable=False)
    people_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        verbose_name = _("search text")
        verbose_name_plural = _("search texts")

    def __str__(self):
        return str(self.petition_id)


class CaseEvent(models.Model):
    """An immutable line of a petition's history: who did what, when, and why."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=30)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(_("time"), default=timezone.now)
    from_state = models.CharField(max_length=20, blank=True)
    to_state = models.CharField(max_length=20, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    payload = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("case event")
        verbose_name_plural = _("case events")
        ordering = ["at", "pk"]
        indexes = [
            models.Index(fields=["petition", "at"], name="event_petition_at"),
            # The statistics count a few actions in a period (reports.statistics).
            models.Index(fields=["action", "at"], name="event_action_at"),
        ]

    def __str__(self):
        return f"{self.petition_id} {self.action} {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionDenied("Case events are immutable.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied("Case events are immutable.")

    @property
    def actor_name(self) -> str:
        return self.actor.get_full_name() if self.actor else str(_("System"))


def attachment_path(instance, filename: str) -> str:
    # Unguessable, and nothing of the original name (which may identify someone).
    suffix = PurePath(filename).suffix.lower()
    return f"attachments/{timezone.now():%Y/%m}/{secrets.token_hex(16)}{suffix}"


class Attachment(models.Model):
    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=attachment_path)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("size"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.original_name

    @property
    def preview(self) -> str:
        """How the browser may show the file itself: "image", "pdf", or "" (download only)."""
        return preview_kind(self.file.name)

    def is_visible_to(self, user) -> bool:
        """An accusation's files from those who know the accuser (the letter, the scans
        made at registration) may name them: only users who may see the identity open
        them. Files the responsible unit itself added are the unit's own work."""
        petition = self.petition
        if not petition.is_confidential or petition.identity_visible_to(user):
            return True
        unit, uploader_unit = petition.responsible_unit, self.uploaded_by.unit
        return bool(unit and uploader_unit and unit.contains(uploader_unit))


class PendingUploadQuerySet(models.QuerySet):
    def of_form(self, user, token):
        """The files kept for this user's form with this one-time token, oldest first."""
        if token is None or not getattr(user, "pk", None):
            return self.none()
        return self.filter(user=user, form_token=token).order_by("uploaded_at", "pk")


class PendingUpload(models.Model):
    """A checked file chosen on a form that came back with errors, kept for the next
    submission of that form (its one-time token) by the same user, who alone sees it.

    It is stored where attachments are: when the form succeeds, the attachment takes
    over the stored file in the same transaction that makes the case; files left over
    are removed by the daily `purge_pending_uploads` after a day."""

    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    form_token = models.UUIDField()
    file = models.FileField(_("file"), upload_to=attachment_path)
    original_name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(_("size"))
    uploaded_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = PendingUploadQuerySet.as_manager()

    class Meta:
        verbose_name = _("kept upload")
        verbose_name_plural = _("kept uploads")
        indexes = [models.Index(fields=["user", "form_token"], name="pending_upload_form")]

    def __str__(self):
        return self.original_name

    @property
    def preview(self) -> str:
        return preview_kind(self.file.name)


class ServiceRecord(models.Model):
    """送达: how and when one letter reached the petitioner (a 送达回证's content).

    The first record of an opinion (reply, review, re-review) sets the case's served
    date, from which the next review window runs (XG 35, 36)."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="service_records")
    kind = models.CharField(_("letter"), max_length=10, choices=ServiceKind.choices)
    letter = models.CharField(_("letter title"), max_length=100, blank=True)
    method = models.CharField(_("method of service"), max_length=12, choices=ServiceMethod.choices)
    posted_on = models.DateField(_("posted on"), null=True, blank=True)
    served_on = models.DateField(
        _("served on"), help_text=_("For post: the date of receipt on the return receipt.")
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("service record")
        verbose_name_plural = _("service records")
        ordering = ["served_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(served_on__gte=EARLIEST_DATE) & Q(served_on__lte=LATEST_DATE),
                name="service_served_plausible",
            )
        ]

    def __str__(self):
        return f"{self.petition_id} {self.kind} {self.served_on}"


class ReviewRequest(models.Model):
    """A request for 复查 or 复核 and its decision: accepted (the stage's clock starts)
    or refused with a reason (a 不予受理 letter)."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="review_requests")
    stage = models.CharField(_("stage"), max_length=10, choices=ReviewStage.choices)
    received_on = models.DateField(_("request received on"))
    accepted = models.BooleanField(_("accepted"))
    refusal_reason = models.CharField(
        _("reason refused"), max_length=20, choices=RequestRefusal.choices, blank=True
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("deciding unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    organ = models.CharField(_("deciding organ (outside)"), max_length=100, blank=True)
    note = models.TextField(_("note"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    decided_on = models.DateField(_("decided on"))

    class Meta:
        verbose_name = _("review request")
        verbose_name_plural = _("review requests")
        ordering = ["received_on", "pk"]

    def __str__(self):
        return f"{self.petition_id} {self.stage} {self.received_on}"

    @property
    def organ_name(self) -> str:
        return self.unit.name if self.unit_id else self.organ


class IdentityAccessLog(models.Model):
    """Each time someone saw a petitioner's full identity number or phone."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField(default=timezone.now, db_index=True)
    purpose = models.CharField(_("where"), max_length=30)

    class Meta:
        verbose_name = _("identity access")
        verbose_name_plural = _("identity access log")
        ordering = ["-at"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.user_id} {self.petition_id}"


CLOCK_LABELS = {name: label for name, label, _due, _done in CLOCKS} | {
    "listed": _("Listed supervision")
}


class QueryAttemptCounter(models.Model):
    """Public progress query attempts per client address in the current hour, counted
    here only while the cache (Redis) is down, so that guessing stays throttled."""

    key = models.CharField(max_length=100, unique=True)
    window_started_at = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("query attempt counter")
        verbose_name_plural = _("query attempt counters")
        indexes = [models.Index(fields=["window_started_at"], name="query_attempt_window")]

    def __str__(self):
        return f"{self.key}: {self.count}"


class SavedSearch(models.Model):
    """A user's named filter of the petition list (its query string); only its owner
    ever sees, applies, renames or deletes it."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="saved_petition_searches",
        verbose_name=_("owner"),
    )
    name = models.CharField(_("name"), max_length=60)
    query = models.CharField(_("filter"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("saved search")
        verbose_name_plural = _("saved searches")
        ordering = ["owner", "name"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "name"], name="saved_search_owner_name")
        ]

    def __str__(self):
        return self.name
