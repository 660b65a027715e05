"""Every transition of DESIGN.md §2: who may do it, when, and what it leaves behind.

Two tables drive most of this module. ALLOWED lists each transition by the
role that may do it, with the state reached, the event written and the duty
clock that runs afterwards. REFUSED is built from it: every other persona trying
the same step, plus the cases a condition or the state forbids. A refused step
raises ActionNotAllowed, writes no event and changes nothing.

Cases are built on Monday 12 October 2026 (after National Day, so calendar and
working days only differ by weekends) and acted on one week later.
"""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from organization.models import Unit
from petitions import services
from petitions.models import CaseEvent, Nature, Petition
from petitions.services import ActionNotAllowed, PetitionError

from .factories import advance, moment, register, serve

pytestmark = pytest.mark.django_db

D = date.fromisoformat
S = Petition.State
BUILT = "2026-10-12"  # every case reaches its start state on this day
ACTED = "2026-10-19"  # the step under test happens a week later
ASSIGNED_DUE = D("2026-12-11")  # the office's due date set by advance(): BUILT + 60

PERSONAS = ("clerk", "handler", "leader", "office", "inspector", "outsider", "leader_b")
PEOPLE_KEYS = ("clerk", "handler", "leader", "office", "unit")  # what advance() needs


@pytest.fixture
def ctx(people, inspector, outsider, leader_b, office_handler, office_leader):
    return {
        **people,
        "inspector": inspector,
        "outsider": outsider,
        "leader_b": leader_b,
        "office_handler": office_handler,
        "office_leader": office_leader,
        "system": None,
    }


def build(start: str, ctx: dict, *, nature: str = Nature.APPEAL) -> Petition:
    """A case in `start`: a state of the assigned path, optionally +ext_requested or
    +ext_approved, or "own_awaiting_signoff" for a case the office accepted itself."""
    at = moment(BUILT)
    petition = register(by=ctx["clerk"], at=at, nature=nature)
    if start == "own_awaiting_signoff":
        petition = services.petition_accept(petition=petition, by=ctx["office"], at=at)
        return services.petition_submit_report(
            petition=petition,
            report="经查属实。",
            opinion="support",
            text="予以支持。",
            basis="《信访工作条例》第三十二条",
            by=ctx["office_handler"],
            at=at,
        )
    state, _plus, extension = start.partition("+")
    people = {key: ctx[key] for key in PEOPLE_KEYS}
    if extension:
        # An extension is asked for while in progress; the case may then move on.
        petition = advance(petition, S.IN_PROGRESS, at=at, **people)
        petition = services.petition_request_extension(
            petition=petition, days=20, reason="需补充调查", by=ctx["handler"], at=at
        )
    if extension == "ext_approved":
        petition = services.petition_approve_extension(petition=petition, by=ctx["leader"], at=at)
    return advance(petition, state, at=at, **people)


REPORT = {
    "report": "经调查，反映拖欠工资情况属实。",
    "opinion": "support",
    "text": "经核实，单位确有拖欠，已责成于月底前补发。",
    "basis": "《工资支付暂行规定》第七条",
}


@dataclass
class Step:
    start: str
    action: str
    by: str | None
    to: str
    clock: tuple[str, date | None]
    kwargs: Any = field(default_factory=dict)  # or a callable of ctx
    payload: Any = field(default_factory=dict)  # or a callable of ctx
    comment: str = ""
    extension: str = Petition.Extension.NONE
    at: str = ACTED

    @property
    def id(self) -> str:
        return f"{self.action}-from-{self.start}-by-{self.by or 'system'}"


def statement_document():
    return SimpleUploadedFile("满意意见书.pdf", b"%PDF-1.4 statement", "application/pdf")


def resolve(value, ctx):
    return value(ctx) if callable(value) else value


ALLOWED = [
    # registered: routing by whoever routes (clerk, office)
    *(
        Step(
            "registered",
            "assign",
            by,
            S.ASSIGNED,
            ("acceptance", D("2026-11-03")),
            kwargs=lambda ctx: {"unit": ctx["unit"], "due": D("2026-11-30")},
            payload=lambda ctx: {
                "unit": ctx["unit"].pk,
                "unit_name": ctx["unit"].name,
                "due": "2026-11-30",
            },
        )
        for by in ("clerk", "office")
    ),
    *(
        Step("registered", "accept", by, S.IN_PROGRESS, ("handling", D("2026-12-18")))
        for by in ("clerk", "office")
    ),
    Step(
        "registered",
        "transfer",
        "clerk",
        S.TRANSFERRED,
        ("", None),
        kwargs={"organ": "市人力资源和社会保障局", "note": "属人社部门职责"},
        payload={"organ": "市人力资源和社会保障局"},
        comment="属人社部门职责",
    ),
    Step(
        "registered",
        "redirect",
        "clerk",
        S.REDIRECTED,
        ("", None),
        kwargs={"route": "arbitration", "note": "属劳动争议，导入仲裁程序"},
        payload={"route": "arbitration"},
        comment="属劳动争议，导入仲裁程序",
    ),
    Step(
        "registered",
        "reject",
        "clerk",
        S.NOT_ACCEPTED,
        ("", None),
        kwargs={"reason": "being_handled", "note": "同一事项正在办理"},
        payload={"reason": "being_handled"},
        comment="同一事项正在办理",
    ),
    # assigned: the unit's handler
    Step("assigned", "receive", "handler", S.IN_PROGRESS, ("handling", ASSIGNED_DUE)),
    Step(
        "assigned",
        "object",
        "handler",
        S.REGISTERED,
        ("route", D("2026-10-27")),  # received Oct 12 + 15
        kwargs={"reason": "不属本单位职责"},
        payload=lambda ctx: {"unit": ctx["unit"].pk},
        comment="不属本单位职责",
    ),
    # handling
    Step(
        "in_progress",
        "submit_report",
        "handler",
        S.AWAITING_SIGNOFF,
        ("handling", ASSIGNED_DUE),
        kwargs=REPORT,
        payload=REPORT,
    ),
    Step("awaiting_signoff", "sign_off", "leader", S.AWAITING_REVIEW, ("handling", ASSIGNED_DUE)),
    Step("own_awaiting_signoff", "sign_off", "office_leader", S.REPLIED, ("", None)),
    Step(
        "awaiting_signoff",
        "send_back",
        "leader",
        S.IN_PROGRESS,
        ("handling", ASSIGNED_DUE),
        kwargs={"reason": "事实不清"},
        comment="事实不清",
    ),
    Step("awaiting_review", "approve", "office", S.REPLIED, ("", None)),
    Step(
        "awaiting_review",
        "send_back",
        "office",
        S.IN_PROGRESS,
        ("handling", ASSIGNED_DUE),
        kwargs={"reason": "事实不清，重新办理"},
        comment="事实不清，重新办理",
    ),
    # the extension overlay
    Step(
        "in_progress",
        "request_extension",
        "handler",
        S.IN_PROGRESS,
        ("handling", ASSIGNED_DUE),
        kwargs={"days": 20, "reason": "需补充调查"},
        payload={"days": 20},
        comment="需补充调查",
        extension=Petition.Extension.REQUESTED,
    ),
    Step(
        "in_progress+ext_requested",
        "approve_extension",
        "leader",
        S.IN_PROGRESS,
        ("handling", D("2026-12-31")),  # Dec 11 + 20
        payload={"days": 20, "due_before": "2026-12-11"},
        extension=Petition.Extension.APPROVED,
    ),
    Step(
        "awaiting_signoff+ext_requested",
        "approve_extension",
        "leader",
        S.AWAITING_SIGNOFF,
        ("handling", D("2026-12-31")),
        payload={"days": 20, "due_before": "2026-12-11"},
        extension=Petition.Extension.APPROVED,
    ),
    Step(
        "in_progress+ext_requested",
        "refuse_extension",
        "leader",
        S.IN_PROGRESS,
        ("handling", ASSIGNED_DUE),
        kwargs={"reason": "理由不充分"},
        comment="理由不充分",
    ),
    # after the reply: the level above the replying unit (A) is the group (G), the office's
    Step(
        "replied",
        "request_review",
        "office",
        S.UNDER_REVIEW,
        ("review", D("2026-11-18")),
        payload=lambda ctx: {
            "stage": "review",
            "received_on": ACTED,
            "unit": Unit.objects.get_parent(ctx["unit"]).pk,
            "organ": "",
        },
    ),
    Step(
        "under_review",
        "issue_review",
        "office",
        S.REVIEWED,
        ("", None),
        kwargs={"result": "uphold", "text": "维持原处理意见。"},
        payload={"result": "uphold", "text": "维持原处理意见。"},
    ),
    # the group is the top of the tree: the office names the outside organ above it
    Step(
        "reviewed",
        "request_rereview",
        "office",
        S.UNDER_REREVIEW,
        ("rereview", D("2026-11-18")),
        kwargs={"organ": "市信访局"},
        payload={
            "stage": "rereview",
            "received_on": ACTED,
            "unit": None,
            "organ": "市信访局",
        },
    ),
    Step(
        "under_rereview",
        "issue_rereview",
        "office",
        S.FINAL,
        ("", None),
        kwargs={"result": "uphold", "text": "维持复查意见。"},
        payload={"result": "uphold", "text": "维持复查意见。"},
    ),
    # inside the review window only on the petitioner's written statement (on file)
    *(
        Step(
            start,
            "close",
            "office",
            S.CLOSED,
            ("", None),
            kwargs=lambda ctx: {
                "reason": "satisfied",
                "statement": "satisfied",
                "statement_upload": statement_document(),
            },
            payload={"reason": "satisfied", "statement": "satisfied"},
        )
        for start in ("replied", "reviewed")
    ),
    # after the window, by the system
    *(
        Step(
            start,
            "close",
            None,
            S.CLOSED,
            ("", None),
            kwargs={"reason": "window_expired"},
            payload={"reason": "window_expired"},
            at="2026-11-12",  # built and served Oct 12: the window ended Nov 11
        )
        for start in ("replied", "reviewed")
    ),
]

# The roles that may take each step (by the tables above); everyone else is refused.
MAY = {
    "assign": {"clerk", "office"},
    "accept": {"clerk", "office"},
    "transfer": {"clerk", "office"},
    "redirect": {"clerk", "office"},
    "reject": {"clerk", "office"},
    "receive": {"handler"},
    "object": {"handler"},
    "submit_report": {"handler"},
    "request_extension": {"handler"},
    "sign_off": {"leader"},
    "approve_extension": {"leader"},
    "refuse_extension": {"leader"},
    "approve": {"office"},
    "request_review": {"office"},
    "issue_review": {"office"},
    "request_rereview": {"office"},
    "issue_rereview": {"office"},
    "close": {"office"},
}
# send_back is the leader's before sign-off and the office's after it.
MAY_SEND_BACK = {"awaiting_signoff": {"leader"}, "awaiting_review": {"office"}}


def allowed_roles(step: Step) -> set[str]:
    if step.action == "send_back":
        return MAY_SEND_BACK[step.start]
    return MAY[step.action]


def act(step_or_action, petition, ctx, *, by, at=ACTED, **kwargs):
    action = getattr(step_or_action, "action", step_or_action)
    service = getattr(services, f"petition_{action}")
    return service(petition=petition, by=ctx[by] if by else None, at=moment(at), **kwargs)


def reload(petition: Petition) -> Petition:
    return Petition.objects.get(pk=petition.pk)


# --- Allowed ------------------------------------------------------------------------------


@pytest.mark.parametrize("step", ALLOWED, ids=lambda step: step.id)
def test_allowed_transition_moves_the_case_and_writes_its_event(step, ctx):
    petition = build(step.start, ctx)
    from_state = petition.state
    version = petition.version
    events = petition.events.count()

    result = act(step, petition, ctx, by=step.by, at=step.at, **resolve(step.kwargs, ctx))

    stored = reload(petition)
    assert result.state == stored.state == step.to
    assert stored.extension == step.extension
    assert stored.version == version + 1
    assert (stored.current_clock, stored.current_due) == step.clock
    assert stored.events.count() == events + 1
    event = stored.events.order_by("-pk").first()
    assert event.action == step.action
    assert event.actor == (ctx[step.by] if step.by else None)
    assert event.at == moment(step.at)
    assert (event.from_state, event.to_state) == (from_state, step.to)
    assert event.payload == resolve(step.payload, ctx)
    assert event.comment == step.comment


def test_every_transition_of_the_model_is_in_the_allowed_table():
    names = {
        transition.name
        for field_name in ("state", "extension")
        for transition in Petition._meta.get_field(field_name).get_all_transitions(Petition)
    }
    assert names == {step.action for step in ALLOWED}


def test_sign_off_of_an_assigned_case_goes_to_the_office_and_of_its_own_case_to_the_petitioner(
    ctx,
):
    assigned = act("sign_off", build("awaiting_signoff", ctx), ctx, by="leader")
    own = act("sign_off", build("own_awaiting_signoff", ctx), ctx, by="office_leader")

    assert assigned.state == S.AWAITING_REVIEW
    assert assigned.replied_on is None
    assert own.state == S.REPLIED
    assert own.replied_on == D(ACTED)
    assert own.replying_unit == ctx["office"].unit
    # The window starts when the reply is served (XG 35), not at sign-off.
    assert own.review_window_end is None
    assert own.awaiting_service == ["reply"]
    own = serve(own, "reply", by=ctx["office"], at=moment(ACTED))
    assert own.review_window_end == D("2026-11-18")
    assert own.awaiting_service == []


def test_routing_records_the_decision_on_the_case(ctx):
    transferred = act(
        "transfer", build("registered", ctx), ctx, by="clerk", organ="市人社局", note="职责"
    )
    assert (transferred.transfer_organ, transferred.decision_note) == ("市人社局", "职责")
    assert transferred.routed_on == transferred.closed_on == D(ACTED)

    assigned = act(
        "assign", build("registered", ctx), ctx, by="clerk", unit=ctx["unit"], due=D("2026-11-30")
    )
    assert assigned.responsible_unit == ctx["unit"]
    assert (assigned.assigned_on, assigned.assigned_due) == (D(ACTED), D("2026-11-30"))

    accepted = act("accept", build("registered", ctx), ctx, by="office")
    # The office handles the case itself, as its own unit.
    assert accepted.responsible_unit == ctx["office"].unit
    assert accepted.accepted_on == D(ACTED)


def test_an_objection_hands_the_case_back_unassigned_and_it_can_be_assigned_again(ctx, unit_b):
    petition = act("object", build("assigned", ctx), ctx, by="handler", reason="不属本单位")
    assert petition.responsible_unit is None
    assert petition.assigned_on is None
    assert petition.assigned_due is None
    assert petition.decision_note == "不属本单位"

    petition = act(
        "assign", petition, ctx, by="clerk", at="2026-10-20", unit=unit_b, due=D("2026-12-01")
    )
    assert petition.state == S.ASSIGNED
    assert petition.responsible_unit == unit_b


def test_an_objection_on_the_last_day_of_the_window_is_allowed(ctx):
    petition = build("assigned", ctx)
    assert petition.objection_due == D("2026-10-19")  # Oct 12 + 5 working days
    petition = act("object", petition, ctx, by="handler", at="2026-10-19", reason="不属本单位")
    assert petition.state == S.REGISTERED


def test_a_review_request_on_the_last_day_of_the_window_is_allowed(ctx):
    petition = build("replied", ctx)
    assert petition.review_window_end == D("2026-11-11")
    petition = act("request_review", petition, ctx, by="office", at="2026-11-11")
    assert petition.state == S.UNDER_REVIEW


def test_a_refused_extension_may_be_asked_for_again(ctx):
    petition = build("in_progress+ext_requested", ctx)
    petition = act("refuse_extension", petition, ctx, by="leader", reason="理由不充分")
    petition = act("request_extension", petition, ctx, by="handler", days=10, reason="补充材料")
    assert petition.extension == Petition.Extension.REQUESTED
    assert petition.extension_days == 10


@pytest.mark.parametrize("days", [1, 30])
def test_an_extension_within_the_limit_is_accepted(ctx, days):
    petition = act(
        "request_extension", build("in_progress", ctx), ctx, by="handler", days=days, reason="r"
    )
    assert petition.extension_days == days


def test_the_system_closes_a_case_whose_review_window_expired(ctx):
    petition = build("replied", ctx)
    petition = services.petition_close(
        petition=petition, reason="window_expired", by=None, at=moment("2026-11-12")
    )
    assert petition.state == S.CLOSED
    assert petition.closed_on == D("2026-11-12")
    event = petition.events.order_by("-pk").first()
    assert event.actor is None
    assert event.actor_name  # shown as "System"


def test_the_whole_office_path_from_acceptance_to_closure(ctx):
    at = moment(BUILT)
    petition = register(by=ctx["clerk"], at=at)
    petition = services.petition_accept(petition=petition, by=ctx["clerk"], at=at)
    petition = services.petition_submit_report(
        petition=petition, by=ctx["office_handler"], at=at, **REPORT
    )
    petition = services.petition_sign_off(petition=petition, by=ctx["office_leader"], at=at)
    petition = services.petition_close(
        petition=petition,
        reason="satisfied",
        statement="satisfied",
        statement_upload=statement_document(),
        by=ctx["office"],
        at=at,
    )
    assert petition.state == S.CLOSED
    assert petition.close_statement_file.original_name == "满意意见书.pdf"
    assert [e.action for e in petition.events.all()] == [
        "register",
        "accept",
        "submit_report",
        "sign_off",
        "close",
    ]


# --- Refused ------------------------------------------------------------------------------


@dataclass
class Refusal:
    start: str
    action: str
    by: str | None
    kwargs: Any = field(default_factory=dict)
    at: str = ACTED
    nature: str = Nature.APPEAL
    why: str = "wrong-role"

    @property
    def id(self) -> str:
        return f"{self.action}-from-{self.start}-by-{self.by or 'system'}-{self.why}"


WRONG_ROLE = [
    Refusal(step.start, step.action, persona, step.kwargs)
    for step in ALLOWED
    if step.by is not None and step.start != "own_awaiting_signoff"
    for persona in PERSONAS
    if persona not in allowed_roles(step)
]
# Deduplicate (assign and accept appear once per allowed role).
WRONG_ROLE = list({(r.start, r.action, r.by): r for r in WRONG_ROLE}.values())

WRONG_CONDITION = [
    Refusal(
        "assigned",
        "object",
        "handler",
        {"reason": "不属本单位"},
        at="2026-10-20",  # the window ended on Oct 19
        why="after-5-working-days",
    ),
    Refusal("replied", "request_review", "office", at="2026-11-12", why="after-30-day-window"),
    Refusal("replied", "request_review", "office", nature=Nature.SUGGESTION, why="suggestion"),
    Refusal("replied", "request_review", "office", nature=Nature.ACCUSATION, why="accusation"),
    Refusal("reviewed", "request_rereview", "office", at="2026-11-12", why="after-30-day-window"),
    Refusal(
        "in_progress+ext_approved",
        "request_extension",
        "handler",
        {"days": 5, "reason": "再延一次"},
        why="second-extension",
    ),
    Refusal(
        "in_progress+ext_requested",
        "request_extension",
        "handler",
        {"days": 5, "reason": "再延一次"},
        why="already-requested",
    ),
    Refusal(
        "awaiting_signoff",
        "request_extension",
        "handler",
        {"days": 5, "reason": "r"},
        why="not-in-progress",
    ),
    Refusal("replied+ext_requested", "approve_extension", "leader", why="no-longer-handling"),
    Refusal("in_progress+ext_approved", "approve_extension", "leader", why="already-approved"),
    Refusal("in_progress", "approve_extension", "leader", why="nothing-requested"),
    # The office's own case is signed off by the office's leader, not a unit's.
    Refusal("own_awaiting_signoff", "sign_off", "leader", why="other-unit"),
    Refusal("own_awaiting_signoff", "send_back", "leader", {"reason": "r"}, why="other-unit"),
]

WRONG_STATE = [
    Refusal("registered", "receive", "handler", why="wrong-state"),
    Refusal(
        "in_progress",
        "assign",
        "clerk",
        lambda ctx: {"unit": ctx["unit"], "due": D("2026-11-30")},
        why="wrong-state",
    ),
    Refusal("in_progress", "sign_off", "leader", why="wrong-state"),
    Refusal("in_progress", "close", "office", {"reason": "satisfied"}, why="wrong-state"),
    Refusal("in_progress", "close", None, {"reason": "window_expired"}, why="wrong-state"),
    Refusal("awaiting_signoff", "approve", "office", why="wrong-state"),
    Refusal("replied", "request_rereview", "office", why="wrong-state"),
    Refusal(
        "replied", "issue_review", "office", {"result": "uphold", "text": "t"}, why="wrong-state"
    ),
    Refusal("final", "close", "office", {"reason": "satisfied"}, why="wrong-state"),
    Refusal("awaiting_review", "sign_off", "leader", why="wrong-state"),
]

REFUSED = WRONG_ROLE + WRONG_CONDITION + WRONG_STATE


def test_the_wrong_role_table_covers_every_persona_for_every_step():
    # 7 personas; each step is open to one role (two for routing) and refused to the rest.
    assert len(WRONG_ROLE) >= 5 * len({(s.start, s.action) for s in ALLOWED if s.by})


@pytest.mark.parametrize("refusal", REFUSED, ids=lambda refusal: refusal.id)
def test_refused_transition_changes_nothing_and_writes_no_event(refusal, ctx):
    petition = build(refusal.start, ctx, nature=refusal.nature)
    before = reload(petition)
    events = CaseEvent.objects.count()

    with pytest.raises(ActionNotAllowed):
        act(
            refusal.action,
            petition,
            ctx,
            by=refusal.by,
            at=refusal.at,
            **resolve(refusal.kwargs, ctx),
        )

    after = reload(petition)
    assert CaseEvent.objects.count() == events
    assert (after.state, after.extension, after.version) == (
        before.state,
        before.extension,
        before.version,
    )
    assert (after.current_clock, after.current_due) == (before.current_clock, before.current_due)


@pytest.mark.parametrize("days", [0, 31, 60, -5])
def test_an_extension_outside_1_to_30_days_is_refused(ctx, days):
    petition = build("in_progress", ctx)
    events = CaseEvent.objects.count()
    with pytest.raises(PetitionError, match="30") as caught:
        act("request_extension", petition, ctx, by="handler", days=days, reason="r")
    assert not isinstance(caught.value, ActionNotAllowed)
    stored = reload(petition)
    assert (stored.extension, stored.version) == (Petition.Extension.NONE, petition.version)
    assert CaseEvent.objects.count() == events


def test_the_extension_limit_is_a_setting(ctx, settings):
    settings.PETITION_CLOCK_DAYS = {**settings.PETITION_CLOCK_DAYS, "extension_max": 15}
    petition = build("in_progress", ctx)
    with pytest.raises(PetitionError, match="15"):
        act("request_extension", petition, ctx, by="handler", days=20, reason="r")


def test_a_case_cannot_be_assigned_to_an_inactive_unit(ctx):
    unit = ctx["unit"]
    unit.is_active = False
    unit.save()
    petition = build("registered", ctx)
    with pytest.raises(PetitionError):
        act("assign", petition, ctx, by="clerk", unit=unit, due=D("2026-11-30"))
    assert reload(petition).state == S.REGISTERED
    assert reload(petition).events.count() == 1


def test_a_clerk_cannot_route_a_case_outside_their_scope(ctx, clerk_b):
    # A clerk of unit B does not see a case registered at the group.
    petition = build("registered", ctx)
    with pytest.raises(ActionNotAllowed):
        services.petition_reject(
            petition=petition, reason="other", note="n", by=clerk_b, at=moment(ACTED)
        )


def test_an_inactive_user_may_do_nothing(ctx):
    handler = ctx["handler"]
    handler.is_active = False
    handler.save()
    petition = build("assigned", ctx)
    with pytest.raises(ActionNotAllowed):
        services.petition_receive(petition=petition, by=handler, at=moment(ACTED))
