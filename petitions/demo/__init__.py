"""Demo petitions for `seed_demo`: N cases received over the last twelve months.

Every case is driven through the services with back-dated `at=` timestamps, in
chronological order, so its events, due dates and clocks are the ones the
application computes. The work happens in three passes:

1. plan: for each case a target state, a route (assigned to a unit, accepted by the
   office, transferred, redirected, not accepted), a matter, a channel and the
   steps of its life with their dates, worked back from today so that open
   cases are overdue, due soon or on time as intended;
2. link: in order of receipt, repeat petitions point to the earlier case of the same
   person (信访老户 come back several times) and take its people and unit;
3. run: register and act, one service call per step.

Everything random comes from `context.rng` (names and telephone numbers from a
second generator seeded from it); "today" is the only outside input. Query codes
stay random: they are secrets. The words — matters, comments, places, names — are
JSON files in this package, read by data.py.
"""

import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from organization.demo import MAIN_LEADER_TITLES, UNITS
from organization.models import Unit
from organization.roles import Role

from .. import services
from ..identity import check_character
from ..models import (
    VISIT_CHANNELS,
    Category,
    Channel,
    Nature,
    Opinion,
    Petition,
    RejectionReason,
)
from .data import (
    ASSIGN_COMMENTS,
    BIRTH_REGIONS,
    CLOSE_COMMENTS,
    DISTRICT_BUREAUS,
    DISTRICTS,
    EXTENSION_REASONS,
    FEMALE_GIVEN_NAMES,
    LEADER_SEND_BACK_REASONS,
    LIVING_AREAS,
    MALE_GIVEN_NAMES,
    MATTERS,
    MOBILE_PREFIXES,
    OBJECTION_REASONS,
    OFFICE_SEND_BACK_REASONS,
    OWNER_COMMENTS,
    REFERRING_ORGANS,
    REPEAT_REJECTIONS,
    REREVIEW_TEXTS,
    REVIEW_TEXTS,
    SURNAME_WEIGHTS,
    SURNAMES,
    VILLAGES,
    Matter,
    Outcome,
)

S = Petition.State

# Shares of the target states, in per cent of N: most of a year's cases are done.
STATE_SHARES = {
    S.REGISTERED: 5,
    S.ASSIGNED: 5,
    S.IN_PROGRESS: 12,
    S.AWAITING_SIGNOFF: 4,
    S.AWAITING_REVIEW: 4,
    S.REPLIED: 7,
    S.UNDER_REVIEW: 3,
    S.REVIEWED: 2,
    S.UNDER_REREVIEW: 2,
    S.FINAL: 3,
    S.CLOSED: 34,
    S.TRANSFERRED: 8,
    S.REDIRECTED: 6,
    S.NOT_ACCEPTED: 5,
}
NATURE_SHARES = {Nature.APPEAL: 74, Nature.ACCUSATION: 14, Nature.SUGGESTION: 12}
CHANNEL_WEIGHTS = {
    Channel.LETTER: 18,
    Channel.VISIT: 22,
    Channel.PHONE: 14,
    Channel.ONLINE: 16,
    Channel.EMAIL: 5,
    Channel.FAX: 3,
    Channel.LEADER_RECEPTION: 9,
    Channel.REFERRED: 13,
}
REVIEW_STATES = (S.UNDER_REVIEW, S.REVIEWED, S.UNDER_REREVIEW, S.FINAL)
CLOCKED_STATES = (
    S.REGISTERED,
    S.ASSIGNED,
    *Petition.HANDLING_STATES,
    S.UNDER_REVIEW,
    S.UNDER_REREVIEW,
)
ROUTE_OF_STATE = {S.TRANSFERRED: "transfer", S.REDIRECTED: "redirect", S.NOT_ACCEPTED: "reject"}
# The state a step leaves the case in. Steps not listed (owner, rate, the extension
# overlay) leave it as it is; sign_off depends on the route (see DemoBuilder.cut).
STEP_STATES = {
    "register": S.REGISTERED,
    "assign": S.ASSIGNED,
    "object": S.REGISTERED,
    "accept": S.IN_PROGRESS,
    "receive": S.IN_PROGRESS,
    "submit_report": S.AWAITING_SIGNOFF,
    "send_back": S.IN_PROGRESS,
    "approve": S.REPLIED,
    "request_review": S.UNDER_REVIEW,
    "issue_review": S.REVIEWED,
    "request_rereview": S.UNDER_REREVIEW,
    "issue_rereview": S.FINAL,
    "close": S.CLOSED,
    "transfer": S.TRANSFERRED,
    "redirect": S.REDIRECTED,
    "reject": S.NOT_ACCEPTED,
}
EARLIEST = 364  # days back from today: the oldest case was received about a year ago


@dataclass
class Step:
    action: str
    gap: tuple[int, int] = (0, 0)  # days after the previous step: (min, max)
    options: dict = field(default_factory=dict)
    state: str = ""
    day: date | None = None
    at: datetime | None = None


@dataclass
class Plan:
    index: int
    target: str
    route: str  # "none" | "assign" | "office" | "transfer" | "redirect" | "reject"
    matter: Matter | None = None
    channel: str = ""
    unit_code: str = ""
    headcount: int = 1
    collective: bool = False
    skip_level: str = ""
    days_left: int | None = None  # how the current clock should stand today
    due_mode: str = ""
    wants_repeat: bool = False
    after_review: bool = False
    steps: list[Step] = field(default_factory=list)
    repeat_of: "Plan | None" = None
    veteran: bool = False
    words: dict = field(default_factory=dict)
    people: list[dict] = field(default_factory=list)
    outcome: Outcome | None = None
    wrong_unit: Unit | None = None
    petition: Petition | None = None

    @property
    def received(self) -> date:
        return self.steps[0].day

    @property
    def end_day(self) -> date | None:
        """The day the case ended, if it has."""
        return self.steps[-1].day if self.target in Petition.END_STATES else None

    def has(self, action: str) -> bool:
        return any(step.action == action for step in self.steps)


# The organs above the group (outside the system), named when they decide a stage.
OUTSIDE_REVIEW_ORGAN = "淮北市人民政府信访局"
OUTSIDE_REREVIEW_ORGAN = "安徽省人民政府信访局"


def seed(context):
    count = context.options.get("petitions", 200)
    if count <= 0:
        context.notes.append("Petitions: none (--petitions 0).")
        return
    today = timezone.localdate()
    builder = DemoBuilder(context.rng, today)
    plans = builder.plan(count)
    builder.link(plans)
    builder.run(plans)
    context.notes.append(summary_note(today))


def summary_note(today: date) -> str:
    petitions = Petition.objects.all()
    states = Counter(petitions.values_list("state", flat=True))
    by_state = ", ".join(f"{state} {states[state]}" for state in S.values if states[state])
    open_cases = petitions.open()
    repeaters = (
        petitions.exclude(repeat_of=None).values_list("links__petitioner", flat=True).distinct()
    )
    return (
        f"Petitions: {petitions.count()} ({by_state}); "
        f"overdue {open_cases.overdue(today).count()}, "
        f"due within 5 days {open_cases.due_within(today, 5).count()}; "
        f"collective visits {petitions.filter(is_collective=True).count()}; "
        f"repeats {petitions.exclude(repeat_of=None).count()} "
        f"(from {len(set(repeaters))} people)."
    )


def quotas(count: int) -> list[str]:
    """Target states in their shares, every state at least once when N allows."""
    shares = STATE_SHARES
    total = sum(shares.values())
    exact = {state: count * share / total for state, share in shares.items()}
    counts = {state: int(value) for state, value in exact.items()}
    if count >= len(shares):
        for state in counts:
            counts[state] = max(counts[state], 1)
    by_remainder = sorted(shares, key=lambda s: (exact[s] - int(exact[s]), shares[s]), reverse=True)
    while sum(counts.values()) < count:
        for state in by_remainder:
            if sum(counts.values()) == count:
                break
            counts[state] += 1
    while sum(counts.values()) > count:
        largest = max(counts, key=lambda s: counts[s])
        counts[largest] -= 1
    return [state for state in shares for _ in range(counts[state])]


class DemoBuilder:
    def __init__(self, rng, today: date):
        self.rng = rng
        self.today = today
        self.last = today - timedelta(days=1)  # the latest day anything happened
        self.earliest = today - timedelta(days=EARLIEST)
        self.clock = settings.PETITION_CLOCK_DAYS
        # Names and telephone numbers draw from their own generator, seeded from the
        # main one, so that they never shift the plan of the cases.
        self.names = random.Random(rng.getrandbits(32))
        self.id_numbers: set[str] = set()
        self.showcase_extensions = ["requested", "approved"]
        self.backlog_shown = False
        self.key_cases = 0

    # --- 1. Plan -----------------------------------------------------------------------

    def plan(self, count: int) -> list[Plan]:
        rng = self.rng
        targets = quotas(count)
        rng.shuffle(targets)
        channels = list(CHANNEL_WEIGHTS)
        rng.shuffle(channels)
        wanted_natures = [Nature.ACCUSATION, Nature.SUGGESTION, Nature.APPEAL]
        clocked = 0
        plans = []
        for index, target in enumerate(targets):
            plan = Plan(index=index, target=target, route=self.route_for(target))
            plan.after_review = target in REVIEW_STATES or (
                target == S.CLOSED and rng.random() < 0.15
            )
            self.choose_matter(plan, wanted_natures)
            plan.channel = channels[index] if index < len(channels) else self.channel_for(plan)
            self.people_count(plan)
            if target in CLOCKED_STATES:
                plan.due_mode, plan.days_left = self.due_for(plan, clocked)
                clocked += 1
            plan.steps = self.steps_for(plan)
            self.schedule(plan)
            self.keep_in_season(plan)
            plans.append(plan)
        return plans

    def keep_in_season(self, plan: Plan) -> None:
        """No heating complaints in July: swap a seasonal matter for one of its nature."""
        month = plan.received.month
        if not plan.matter.months or month in plan.matter.months:
            return
        candidates = [
            m
            for m in MATTERS
            if self.fits(m, plan) and (not m.months or month in m.months) and m.handle
        ]
        same_nature = [m for m in candidates if m.nature == plan.matter.nature]
        candidates = same_nature or candidates
        plan.matter = self.rng.choices(candidates, [m.weight for m in candidates])[0]
        plan.unit_code = self.rng.choice(plan.matter.units)

    def route_for(self, target: str) -> str:
        if target in ROUTE_OF_STATE:
            return ROUTE_OF_STATE[target]
        if target == S.REGISTERED:
            return "none"
        if target in (S.ASSIGNED, S.AWAITING_REVIEW):
            return "assign"
        return "office" if self.rng.random() < 0.1 else "assign"

    def choose_matter(self, plan: Plan, wanted_natures: list[str]) -> None:
        rng = self.rng
        if plan.route == "reject":
            plan.wants_repeat = rng.random() < 0.6
        candidates = [m for m in MATTERS if self.fits(m, plan)]
        natures = [n for n in NATURE_SHARES if any(m.nature == n for m in candidates)]
        wanted = [n for n in wanted_natures if n in natures]
        if wanted and plan.route in ("assign", "none"):
            nature = wanted[0]  # every nature early on, whatever N
            wanted_natures.remove(nature)
        else:
            shares = dict(NATURE_SHARES)
            if plan.route == "redirect":
                shares[Nature.ACCUSATION] = 40  # 检举控告 of cadres go to 纪检监察
            nature = rng.choices(natures, [shares[n] for n in natures])[0]
        candidates = [m for m in candidates if m.nature == nature]
        weights = [m.weight * (2 if m.recurring and plan.wants_repeat else 1) for m in candidates]
        plan.matter = rng.choices(candidates, weights)[0]
        plan.unit_code = rng.choice(plan.matter.units)

    @staticmethod
    def fits(matter: Matter, plan: Plan) -> bool:
        if plan.after_review and not (matter.nature == Nature.APPEAL and disputed(matter)):
            return False
        route = plan.route
        if route == "transfer":
            return matter.transfer is not None
        if route == "redirect":
            return matter.redirect is not None
        if route == "reject":
            return matter.handle if plan.wants_repeat else matter.reject is not None
        if route == "office":
            return matter.office and matter.handle
        return matter.handle

    def channel_for(self, plan: Plan) -> str:
        weights = dict(CHANNEL_WEIGHTS)
        if plan.matter.collective:
            weights[Channel.VISIT] = 32  # people come in groups about these
        if plan.matter.nature == Nature.ACCUSATION:
            weights[Channel.VISIT] = 5
            weights[Channel.LEADER_RECEPTION] = 2
        return self.rng.choices(list(weights), list(weights.values()))[0]

    def people_count(self, plan: Plan) -> None:
        """Head count, collective visit (集体访) and skip-level target (越级)."""
        rng = self.rng
        if plan.channel in VISIT_CHANNELS and plan.matter.collective and rng.random() < 0.55:
            plan.collective = True
            plan.headcount = rng.randint(21, 80) if rng.random() < 0.25 else rng.randint(5, 20)
        elif plan.channel == Channel.LETTER and plan.matter.collective and rng.random() < 0.2:
            plan.headcount = rng.randint(2, 12)  # 联名信
        if plan.channel == Channel.REFERRED:
            plan.skip_level = rng.choices(
                ["capital", "province", "city", "district", ""], [1, 4, 4, 2, 2]
            )[0]
        elif plan.channel == Channel.VISIT and rng.random() < (0.4 if plan.collective else 0.12):
            plan.skip_level = "city"  # 来集团: bypassed the unit

    def due_for(self, plan: Plan, clocked: int) -> tuple[str, int]:
        """How the case's current clock stands today: overdue, due soon or on time."""
        rng = self.rng
        if clocked < 2:
            mode = ("overdue", "soon")[clocked]
        else:
            mode = rng.choices(["overdue", "soon", "normal"], [3, 2, 5])[0]
        if plan.target == S.IN_PROGRESS and (
            not self.backlog_shown or (mode == "overdue" and rng.random() < 0.6)
        ):
            mode = "backlog"  # 积案: long overdue
            self.backlog_shown = True
        cap = 12 if plan.target in (S.REGISTERED, S.ASSIGNED) else 25
        days = {
            "overdue": lambda: -rng.randint(1, 30),
            "backlog": lambda: -rng.randint(35, 150),
            "soon": lambda: rng.randint(0, 5),
            "normal": lambda: rng.randint(6, cap),
        }[mode]()
        return mode, days

    def steps_for(self, plan: Plan) -> list[Step]:
        """The whole path of the case, cut where it reaches its target state."""
        rng = self.rng
        target = plan.target
        steps = [Step("register")]
        if plan.route in ("transfer", "redirect", "reject"):
            steps.append(Step(plan.route, (1, 12)))
            return self.cut(steps, plan)
        objected = rng.random() < (0.25 if target == S.REGISTERED else 0.05)
        if plan.route == "none" and not objected:
            return self.cut(steps, plan)
        wants_owner = (
            plan.collective
            or plan.skip_level in ("capital", "province")
            or plan.due_mode == "backlog"
            or rng.random() < 0.12
        ) and plan.channel != Channel.LEADER_RECEPTION
        if plan.route == "office":
            steps.append(Step("accept", (1, 5)))
        else:
            if objected:
                steps.append(Step("assign", (1, 6), {"wrong": True}))
                steps.append(Step("object", (1, 4)))
                steps.append(Step("assign", (1, 3)))
            else:
                steps.append(Step("assign", (1, 7)))
            if target in (S.REGISTERED, S.ASSIGNED):
                if wants_owner and target == S.ASSIGNED:
                    steps.append(Step("owner", (0, 3)))
                return self.cut(steps, plan)
            steps.append(Step("receive", (0, 4)))
        if wants_owner:
            steps.append(Step("owner", (0, 5)))
        extension = ""
        if target == S.IN_PROGRESS and self.showcase_extensions:
            extension = self.showcase_extensions.pop(0)  # one pending, one approved
        elif rng.random() < (0.3 if plan.due_mode == "backlog" else 0.1):
            extension = rng.choices(["approved", "requested", "refused"], [6, 2, 1])[0]
            if extension == "requested" and target != S.IN_PROGRESS:
                extension = "approved"
        if extension:
            days = rng.choice([15, 20, 30])
            steps.append(Step("request_extension", (10, 30), {"days": days}))
            if extension != "requested":
                steps.append(Step(f"{extension[:-1]}_extension", (1, 3)))
        steps.append(Step("submit_report", (5, 25) if extension else (8, 35)))
        if rng.random() < 0.12:
            steps.append(Step("send_back", (1, 3), {"by": "leader"}))
            steps.append(Step("submit_report", (3, 10)))
        steps.append(Step("sign_off", (1, 4)))
        reply_index = len(steps) - 1
        if plan.route == "assign":
            if rng.random() < 0.12:
                steps.append(Step("send_back", (1, 4), {"by": "office"}))
                steps.append(Step("submit_report", (4, 12)))
                steps.append(Step("sign_off", (1, 3)))
            steps.append(Step("approve", (1, 5)))
            reply_index = len(steps) - 1
        if plan.after_review:
            if rng.random() < 0.5:
                steps.append(Step("rate", (1, 5), {"mood": "dissatisfied"}))
            steps.append(Step("request_review", (3, 20)))
            steps.append(Step("issue_review", (15, 29)))
            if target in (S.UNDER_REREVIEW, S.FINAL):
                steps.append(Step("request_rereview", (5, 25)))
                steps.append(Step("issue_rereview", (15, 29)))
            elif target == S.CLOSED:
                steps.append(self.close_step(len(steps) - 1, self.clock["rereview_request"]))
        else:
            if rng.random() < 0.6:
                steps.append(Step("rate", (1, 6), {"mood": "fine"}))
            steps.append(self.close_step(reply_index, self.clock["review_request"]))
        return self.cut(steps, plan)

    def close_step(self, anchor: int, window: int) -> Step:
        reason = self.rng.choices(["satisfied", "window_expired", "mediation"], [5, 4, 1])[0]
        if reason == "window_expired":
            # The nightly job closes the case the day after the window ends.
            return Step("close", (1, 1), {"reason": reason, "window": (anchor, window)})
        return Step("close", (3, 25), {"reason": reason})

    @staticmethod
    def cut(steps: list[Step], plan: Plan) -> list[Step]:
        """Keep the path up to the last step that leaves the case in its target state."""
        state = ""
        last = None
        for index, step in enumerate(steps):
            if step.action == "sign_off":
                # An assigned case goes to the office; the office's own is replied.
                state = S.REPLIED if plan.route == "office" else S.AWAITING_REVIEW
            else:
                state = STEP_STATES.get(step.action, state)
            step.state = state
            if state == plan.target:
                last = index
        if last is None:
            raise AssertionError(f"no step reaches {plan.target}: {[s.action for s in steps]}")
        return steps[: last + 1]

    # --- Dates ------------------------------------------------------------------

    def schedule(self, plan: Plan) -> None:
        """Give every step a day (and a time), ending on or before yesterday."""
        rng = self.rng
        steps = plan.steps
        gaps = [0] + [rng.randint(*step.gap) for step in steps[1:]]
        for index, step in enumerate(steps):
            if "window" in step.options:
                anchor, window = step.options["window"]
                gaps[index] = max(1, window + 1 - sum(gaps[anchor + 1 : index]))
        anchor, anchor_day = self.clock_anchor(plan, gaps)
        if anchor is None:
            # No clock runs: the last step happened some days ago.
            room = (self.last - self.earliest).days - sum(gaps)
            if plan.target in (S.REPLIED, S.REVIEWED):
                # Still inside the window for asking a (re-)review.
                reply = min(i for i, step in enumerate(steps) if step.state == plan.target)
                age = rng.randint(0, max(0, min(room, 28 - sum(gaps[reply + 1 :]))))
            else:
                # Open cases crowd the last weeks; finished ones lean to the older months
                # so that each month receives about as many cases.
                age = round(max(0, room) * rng.random() ** 0.6)
            anchor = len(steps) - 1
            anchor_day = self.last - timedelta(days=age)
        else:
            gaps[anchor + 1 :] = fit(gaps[anchor + 1 :], (self.last - anchor_day).days)
            if anchor_day - timedelta(days=sum(gaps[1 : anchor + 1])) < self.earliest:
                room = max(0, (anchor_day - self.earliest).days)
                gaps[1 : anchor + 1] = fit(gaps[1 : anchor + 1], room)
        days = [None] * len(steps)
        days[anchor] = anchor_day
        for index in range(anchor + 1, len(steps)):
            days[index] = days[index - 1] + timedelta(days=gaps[index])
        for index in range(anchor - 1, -1, -1):
            days[index] = days[index + 1] - timedelta(days=gaps[index + 1])
        previous = None
        for step, day in zip(steps, days, strict=True):
            step.day = day
            if step.options.get("reason") == "window_expired":
                moment = time(1, rng.randint(0, 30))  # the nightly job
            else:
                # Office hours: 8:00-11:30 and 14:00-17:30.
                minute = rng.randint(0, 419)
                start = 8 * 60 if minute < 210 else 14 * 60 - 210
                moment = time(*divmod(start + minute, 60))
            stamp = datetime.combine(day, moment)
            if previous is not None and stamp <= previous:
                stamp = previous + timedelta(minutes=rng.randint(5, 60))
            step.at = timezone.make_aware(stamp)
            previous = stamp

    def clock_anchor(self, plan: Plan, gaps: list[int]) -> tuple[int | None, date | None]:
        """The step that started the clock running now, and the day it must fall on."""
        if plan.days_left is None:
            return None, None
        steps = plan.steps
        target = plan.target
        clock = self.clock
        due = self.today + timedelta(days=plan.days_left)

        def last_index(action):
            return max(i for i, step in enumerate(steps) if step.action == action)

        extension = 0
        if plan.has("approve_extension"):
            extension = next(s.options["days"] for s in steps if s.action == "request_extension")
        if target == S.REGISTERED:
            index, length = 0, clock["route"]
        elif target == S.ASSIGNED:
            index, length = last_index("assign"), clock["acceptance"]
        elif target == S.UNDER_REVIEW:
            index, length = last_index("request_review"), clock["review"]
        elif target == S.UNDER_REREVIEW:
            index, length = last_index("request_rereview"), clock["rereview"]
        elif plan.route == "office":
            index, length = last_index("accept"), clock["handling"] + extension
        else:
            # The office sets the due date when it assigns: choose it, then the period.
            index = last_index("assign")
            office_due = due - timedelta(days=extension)
            steps[index].options["due"] = office_due
            needed = (office_due - self.last).days + sum(gaps[index + 1 :])
            length = min(90, max(self.rng.choice([30, 45, 60]), needed)) + extension
        anchor_day = min(due - timedelta(days=length), self.last)
        return index, anchor_day

    # --- 2. Link repeats ---------------------------------------------------------------

    def link(self, plans: list[Plan]) -> None:
        """Repeat petitions take the people and unit of the earlier case they repeat."""
        rng = self.rng
        plans.sort(key=lambda plan: (plan.steps[0].at, plan.index))
        per_matter = Counter(plan.matter.key for plan in plans)
        recurring = sorted(
            {p.matter.key for p in plans if p.matter.recurring and per_matter[p.matter.key] >= 3}
        )
        veterans = rng.sample(recurring, min(len(recurring), max(1, len(plans) // 50)))
        chains: dict[str, list[Plan]] = {key: [] for key in veterans}
        earlier: dict[str, list[Plan]] = defaultdict(list)
        gap = timedelta(days=7)
        for plan in plans:
            key = plan.matter.key
            previous = [p for p in earlier[key] if p.received <= plan.received - gap]
            chain = chains.get(key)
            if chain and len(chain) < 5 and chain[-1].received <= plan.received - gap:
                # A 信访老户 comes back with the same matter.
                plan.repeat_of = chain[-1]
                plan.veteran = True
                chain.append(plan)
            elif chain == [] and not plan.wants_repeat:
                plan.veteran = True
                chain.append(plan)
            elif previous and (plan.wants_repeat or rng.random() < 0.05):
                plan.repeat_of = previous[-1]
            if plan.wants_repeat and plan.repeat_of is None:
                # Nothing earlier to repeat: a matter the office does not accept.
                plan.matter = rng.choice([m for m in MATTERS if m.reject])
                key = plan.matter.key
                plan.unit_code = rng.choice(plan.matter.units)
            if plan.repeat_of is not None:
                plan.unit_code = plan.repeat_of.unit_code
            earlier[key].append(plan)

    # --- 3. Run ------------------------------------------------------------------------

    def run(self, plans: list[Plan]) -> None:
        self.load_people()
        for plan in plans:
            self.run_plan(plan)

    def load_people(self) -> None:
        User = get_user_model()
        users = {
            user.username: user
            for user in User.objects.select_related("unit").prefetch_related("groups")
        }
        self.clerk = users["clerk"]
        self.office = users["office"]
        self.units = {unit.code: unit for unit in Unit.objects.all()}
        self.staff = {}
        for code in [*(code for code, _name, _sections in UNITS), "JH-XFB"]:
            members = sorted(
                (u for u in users.values() if u.unit and u.unit.code == code),
                key=lambda u: u.username,
            )
            handlers = [u for u in members if u.has_role(Role.HANDLER)]
            leaders = [u for u in members if u.has_role(Role.LEADER)]
            chiefs = [u for u in leaders if u.title in MAIN_LEADER_TITLES]
            deputies = [u for u in leaders if u not in chiefs]
            self.staff[code] = {
                "handlers": handlers,
                "deputy": deputies[0] if deputies else leaders[0],
                "chief": chiefs[0] if chiefs else leaders[0],
            }
        self.sections = {code: sections for code, _name, sections in UNITS}
        self.categories = {category.name: category for category in Category.objects.all()}

    def run_plan(self, plan: Plan) -> None:
        rng = self.rng
        unit_code = "JH-XFB" if plan.route == "office" else plan.unit_code
        staff = self.staff[unit_code]
        registrar = self.clerk
        if (plan.channel == Channel.REFERRED and rng.random() < 0.7) or (
            plan.channel == Channel.ONLINE and rng.random() < 0.3
        ):
            registrar = self.office
        cast = {
            "registrar": registrar,
            "router": self.office if plan.route == "office" else registrar,
            "handler": rng.choice(staff["handlers"]),
            "signer": staff["chief"] if rng.random() < 0.25 else staff["deputy"],
            "owner": staff["chief"]
            if plan.collective or plan.skip_level or plan.due_mode == "backlog"
            else staff["deputy"],
        }
        words = self.words(plan)
        petition = self.register(plan, cast, words)
        for step in plan.steps[1:]:
            petition = self.act(plan, step, petition, cast, words)
        self.flag(plan, petition)
        plan.petition = petition

    def words(self, plan: Plan) -> dict:
        """The values a matter's texts are filled with."""
        rng = self.rng
        received = plan.steps[0].day
        unit = self.units[plan.unit_code]
        if plan.repeat_of is not None:
            return dict(plan.repeat_of.words)
        words = {
            "unit": unit.name,
            "section": rng.choice(self.sections[plan.unit_code]),
            "month": (received - timedelta(days=rng.randint(30, 150))).month,
            "months": rng.randint(2, 5),
            "amount": rng.randrange(1500, 12000, 100),
            "village": rng.choice(VILLAGES[plan.unit_code]),
            "building": f"{rng.randint(1, 86)}栋",
        }
        return words

    # --- People ---------------------------------------------------------------------

    def make_people(self, plan: Plan, words: dict) -> list[dict]:
        """Who came: one person, the signers of a joint letter, or a group's representatives."""
        if plan.collective:
            number = self.rng.randint(2, settings.MAX_REPRESENTATIVES)
        elif plan.headcount > 1:
            number = min(plan.headcount, 3)
        else:
            number = 1
        if plan.repeat_of is not None:
            # The same people again, joined by others when they come as a group this time.
            people = [dict(person) for person in plan.repeat_of.people][:number]
            relation = people[0]["relation"]
        else:
            people = []
            relation = self.rng.choice(plan.matter.relations)
        while len(people) < number:
            people.append(self.make_person(plan, relation, words))
        for person in people:
            person["is_representative"] = plan.collective
        return people

    def make_person(self, plan: Plan, relation: str, words: dict) -> dict:
        rng = self.rng
        share_of_men = {"employee": 0.92, "retired": 0.7, "family": 0.25}.get(relation, 0.6)
        male = {"male": True, "female": False}.get(plan.matter.sex, rng.random() < share_of_men)
        name = self.person_name(male)
        first, last_year = plan.matter.born or {
            "employee": (1968, 2000),
            "retired": (1945, 1965),
            "family": (1950, 1995),
        }.get(relation, (1950, 1998))
        while True:
            birth = date(rng.randint(first, last_year), 1, 1) + timedelta(days=rng.randint(0, 364))
            region = rng.choices(BIRTH_REGIONS, [8, 8, 6, 8, 5, 3, 2, 2, 1, 1])[0]
            # The 17th digit is odd for men, even for women.
            sex_digit = rng.choice((1, 3, 5, 7, 9) if male else (0, 2, 4, 6, 8))
            serial = rng.randint(0, 99) * 10 + sex_digit
            first17 = f"{region}{birth:%Y%m%d}{serial:03d}"
            id_number = first17 + check_character(first17)
            if id_number not in self.id_numbers:
                self.id_numbers.add(id_number)
                break
        code = plan.unit_code
        unit_name = words["unit"]
        if relation == "public":
            address = f"{DISTRICTS[code]}{words['village']}{rng.randint(1, 120)}号"
            employer = ""
        else:
            address = LIVING_AREAS[code].format(
                n=rng.randint(1, 86),
                u=rng.randint(1, 4),
                r=f"{rng.randint(1, 6)}0{rng.randint(1, 4)}",
            )
            employer = {
                "employee": f"{unit_name}{words['section']}",
                "retired": f"{unit_name}（退休）",
            }.get(relation, "")
        return {
            "name": name,
            "id_number": id_number,
            "phone": self.phone_number(),
            "address": address,
            "employer": employer,
            "relation": relation,
        }

    def person_name(self, male: bool) -> str:
        names = self.names
        surname = names.choices(SURNAMES, SURNAME_WEIGHTS)[0]
        return surname + names.choice(MALE_GIVEN_NAMES if male else FEMALE_GIVEN_NAMES)

    def phone_number(self) -> str:
        """A mobile number: an operator's prefix and eight digits."""
        names = self.names
        return names.choice(MOBILE_PREFIXES) + f"{names.randrange(10**8):08d}"

    # --- Registration ----------------------------------------------------------------

    def register(self, plan: Plan, cast: dict, words: dict) -> Petition:
        matter = plan.matter
        plan.words = words
        plan.people = self.make_people(plan, words)
        owner = None
        if plan.channel == Channel.LEADER_RECEPTION:
            owner = cast["owner"]  # 接访领导负责到底
        summary = matter.summary.format(**words)
        if plan.repeat_of is not None and summary.startswith(("反映", "要求", "申请", "举报")):
            summary = "再次" + summary
        data = services.RegistrationData(
            channel=plan.channel,
            received_on=plan.received,
            nature=matter.nature,
            category=self.categories[matter.category],
            summary=summary,
            content=self.content(plan, words, owner),
            headcount=plan.headcount,
            skip_level=plan.skip_level,
            repeat_of=plan.repeat_of.petition if plan.repeat_of else None,
            petitioners=[services.PetitionerData(**person) for person in plan.people],
            owning_leader=owner,
        )
        return services.petition_register(data=data, by=cast["registrar"], at=plan.steps[0].at)

    def content(self, plan: Plan, words: dict, owner) -> str:
        matter = plan.matter
        people = plan.people
        lead_person = people[0]
        if matter.nature == Nature.ACCUSATION:
            subject = "举报人"
        elif plan.collective:
            group = {
                "employee": f"{words['unit']}职工",
                "retired": f"{words['unit']}退休职工",
                "family": f"{words['unit']}职工家属",
            }.get(lead_person["relation"], f"{words['village']}村民")
            names = "、".join(person["name"] for person in people)
            subject = f"{group}{plan.headcount}人（代表{names}）"
        else:
            who = {
                "employee": lead_person["employer"] + "职工",
                "retired": f"{words['unit']}退休职工",
                "family": f"{words['unit']}职工家属",
            }.get(lead_person["relation"], f"{words['village']}村民")
            subject = f"信访人{lead_person['name']}（{who}）"
            if plan.headcount > 1:
                subject += f"等{plan.headcount}人联名"
        lead = {
            Channel.LETTER: f"{subject}来信反映：",
            Channel.VISIT: f"{subject}{'集体' if plan.collective else ''}来访反映：",
            Channel.PHONE: f"{subject}来电反映：",
            Channel.ONLINE: f"{subject}通过网上信访平台反映：",
            Channel.EMAIL: f"{subject}发来电子邮件反映：",
            Channel.FAX: f"{subject}来传真反映：",
            Channel.LEADER_RECEPTION: (
                f"领导接待日，{subject}向{owner.full_name}{owner.title}当面反映："
                if owner
                else f"领导接待日，{subject}当面反映："
            ),
            Channel.REFERRED: f"{self.referred_by(plan)}转来{subject}信访事项，反映：",
        }[plan.channel]
        if plan.repeat_of is not None:
            earlier = plan.repeat_of.petition
            day = earlier.received_on
            who = "举报人" if matter.nature == Nature.ACCUSATION else "信访人"
            lead += (
                f"{who}曾于{day.year}年{day.month}月{day.day}日就此问题信访"
                f"（{earlier.number}），对处理情况不满意，再次提出。"
            )
        return lead + matter.content.format(**words)

    def serve(self, petition: Petition, kind: str, at) -> Petition:
        """送达 of an opinion on the day it was issued: handed over, or (one in four) by
        registered post, received the same day in town."""
        method = "post" if self.rng.random() < 0.25 else "direct"
        day = timezone.localtime(at).date()
        services.petition_record_service(
            petition=petition,
            kind=kind,
            method=method,
            posted_on=day if method == "post" else None,
            served_on=day,
            note="信访人签收送达回证。" if method == "direct" else "挂号信，回执已归档。",
            by=self.office,
            at=at,
        )
        return Petition.objects.get(pk=petition.pk)

    def statement(self, reason: str) -> tuple[str, SimpleUploadedFile]:
        """The petitioner's signed statement that ends the review window early."""
        if reason == "mediation":
            return "mediation", SimpleUploadedFile(
                "调解协议书.pdf", b"%PDF-1.4\n% demo mediation agreement\n", "application/pdf"
            )
        return "satisfied", SimpleUploadedFile(
            "信访人满意意见书.pdf", b"%PDF-1.4\n% demo statement\n", "application/pdf"
        )

    @staticmethod
    def referred_by(plan: Plan) -> str:
        if plan.skip_level == "district":
            return DISTRICT_BUREAUS[plan.unit_code]
        return REFERRING_ORGANS[plan.skip_level]

    # --- The steps -------------------------------------------------------------------

    def act(self, plan: Plan, step: Step, petition: Petition, cast: dict, words: dict):
        rng = self.rng
        action = step.action
        at = step.at
        matter = plan.matter
        if action == "assign":
            if step.options.get("wrong"):
                others = [code for code in self.sections if code != plan.unit_code]
                unit = self.units[rng.choice(others)]
                plan.wrong_unit = unit
            else:
                unit = self.units[plan.unit_code]
            due = step.options.get("due") or step.day + timedelta(days=rng.choice([30, 45, 60]))
            instruction = {}
            if plan.channel == Channel.REFERRED:
                # 交办件: the referring organ's instruction; the mine's head signs off.
                instruction = {
                    "instruction_by": self.referred_by(plan),
                    "instruction_on": plan.received,
                    "instruction_text": "请依法依规妥善处理，按期报送办理结果。",
                }
                cast["signer"] = self.staff[plan.unit_code]["chief"]
            return services.petition_assign(
                petition=petition,
                unit=unit,
                due=due,
                by=cast["router"],
                comment=rng.choice(ASSIGN_COMMENTS[self.urgency(plan)]),
                at=at,
                **instruction,
            )
        if action == "object":
            handler = rng.choice(self.staff[plan.wrong_unit.code]["handlers"])
            reason = rng.choice(OBJECTION_REASONS).format(unit=self.units[plan.unit_code].name)
            return services.petition_object(petition=petition, reason=reason, by=handler, at=at)
        if action == "accept":
            return services.petition_accept(
                petition=petition,
                by=cast["router"],
                comment="属集团公司层面政策问题，信访办直接受理办理。",
                at=at,
            )
        if action == "transfer":
            organ, note = matter.transfer
            return services.petition_transfer(
                petition=petition, organ=organ, note=note, by=cast["router"], at=at
            )
        if action == "redirect":
            route, note = matter.redirect
            return services.petition_redirect(
                petition=petition, route=route, note=note, by=cast["router"], at=at
            )
        if action == "reject":
            reason, note = self.rejection(plan)
            return services.petition_reject(
                petition=petition, reason=reason, note=note, by=cast["router"], at=at
            )
        if action == "receive":
            return services.petition_receive(petition=petition, by=cast["handler"], at=at)
        if action == "owner":
            leader = cast["owner"]
            comment = rng.choice(OWNER_COMMENTS).format(leader=f"{leader.full_name}{leader.title}")
            return services.petition_set_owning_leader(
                petition=petition, leader=leader, by=self.office, comment=comment, at=at
            )
        if action == "request_extension":
            return services.petition_request_extension(
                petition=petition,
                days=step.options["days"],
                reason=rng.choice(EXTENSION_REASONS),
                by=cast["handler"],
                at=at,
            )
        if action == "approve_extension":
            return services.petition_approve_extension(
                petition=petition, by=cast["signer"], comment="同意延期。", at=at
            )
        if action == "refuse_extension":
            return services.petition_refuse_extension(
                petition=petition,
                reason="事实已基本查清，不同意延期，请按期办结。",
                by=cast["signer"],
                at=at,
            )
        if action == "submit_report":
            if plan.outcome is None:
                outcomes = matter.outcomes
                if plan.after_review:
                    # People ask for a review of a refusal, not of a yes.
                    outcomes = disputed(matter) or outcomes
                plan.outcome = rng.choice(outcomes)
            outcome = plan.outcome
            return services.petition_submit_report(
                petition=petition,
                report=outcome.report.format(**words),
                opinion=outcome.opinion,
                text=outcome.text.format(**words),
                basis=outcome.basis.format(**words),
                by=cast["handler"],
                at=at,
            )
        if action == "send_back":
            if step.options["by"] == "leader":
                reason, by = rng.choice(LEADER_SEND_BACK_REASONS), cast["signer"]
            else:
                reason, by = rng.choice(OFFICE_SEND_BACK_REASONS), self.office
            return services.petition_send_back(petition=petition, reason=reason, by=by, at=at)
        if action == "sign_off":
            petition = services.petition_sign_off(petition=petition, by=cast["signer"], at=at)
            if petition.state == Petition.State.REPLIED:
                petition = self.serve(petition, "reply", at)
            return petition
        if action == "approve":
            petition = services.petition_approve(petition=petition, by=self.office, at=at)
            return self.serve(petition, "reply", at)
        if action == "rate":
            if step.options["mood"] == "dissatisfied":
                office_rating = rng.choice(["basically", "dissatisfied"])
                unit_rating = "dissatisfied"
            else:
                ratings = ["satisfied", "basically", "dissatisfied"]
                office_rating = rng.choices(ratings, [6, 3, 1])[0]
                unit_rating = rng.choices(ratings, [5, 3, 2])[0]
            return services.petition_record_rating(
                petition=petition,
                office_rating=office_rating,
                unit_rating=unit_rating,
                by=rng.choice([self.office, self.clerk]),
                at=at,
            )
        if action == "request_review":
            # 复查 by the level above the replying unit: the group for a mine's reply; for
            # the group's own reply, the city's petition bureau (outside, named).
            organ = "" if petition.next_review_unit() else OUTSIDE_REVIEW_ORGAN
            return services.petition_request_review(
                petition=petition,
                organ=organ,
                by=self.office,
                comment="信访人对处理意见不服，申请复查。",
                at=at,
            )
        if action == "issue_review":
            result = rng.choices(["uphold", "change", "revoke"], [14, 5, 1])[0]
            petition = services.petition_issue_review(
                petition=petition, result=result, text=REVIEW_TEXTS[result], by=self.office, at=at
            )
            return self.serve(petition, "review", at)
        if action == "request_rereview":
            # 复核 by the level above the reviewing organ: outside the group, named.
            organ = ""
            if petition.next_review_unit() is None:
                organ = OUTSIDE_REREVIEW_ORGAN if petition.review_organ else OUTSIDE_REVIEW_ORGAN
            return services.petition_request_rereview(
                petition=petition,
                organ=organ,
                by=self.office,
                comment="信访人对复查意见不服，请求复核。",
                at=at,
            )
        if action == "issue_rereview":
            result = rng.choices(["uphold", "change"], [4, 1])[0]
            petition = services.petition_issue_rereview(
                petition=petition, result=result, text=REREVIEW_TEXTS[result], by=self.office, at=at
            )
            return self.serve(petition, "rereview", at)
        if action == "close":
            reason = step.options["reason"]
            by = self.office
            window_end = petition.rereview_window_end or petition.review_window_end
            window_open = window_end is None or window_end >= step.day
            if reason == "window_expired":
                by = None  # the nightly job
                if window_open:
                    # Working-day clocks make windows longer than planned.
                    reason, by = "satisfied", self.office
            statement, document = ("", None)
            if by is not None and window_open:
                # Inside the window only on the petitioner's signed statement, on file.
                statement, document = self.statement(reason)
            return services.petition_close(
                petition=petition,
                reason=reason,
                by=by,
                comment=CLOSE_COMMENTS[reason],
                at=at,
                statement=statement,
                statement_upload=document,
            )
        raise ValueError(f"unknown demo step {action!r}")

    @staticmethod
    def urgency(plan: Plan) -> str:
        if plan.collective or plan.skip_level or plan.repeat_of is not None:
            return "pressing"
        return "suggestion" if plan.matter.nature == Nature.SUGGESTION else "plain"

    def rejection(self, plan: Plan) -> tuple[str, str]:
        original = plan.repeat_of
        if original is None:
            return plan.matter.reject
        number = original.petition.number
        ended = original.end_day
        if original.target == S.FINAL and ended < plan.received:
            reason = RejectionReason.FINAL
        elif ended is None or ended >= plan.received:
            reason = RejectionReason.BEING_HANDLED
        else:
            return (
                RejectionReason.OTHER,
                f"原信访事项（{number}）已出具处理意见并办结，信访人以同一事实和理由再次提出，"
                "未提供新的情况，不予受理，已告知其享有的救济途径。",
            )
        return reason, REPEAT_REJECTIONS[reason].format(number=number)

    def flag(self, plan: Plan, petition: Petition) -> None:
        """重点案件 and 积案 on open cases.

        petition_set_flags takes no `at=`, so its event is stamped now; it runs last,
        after every back-dated step, to keep each case's history in order.
        """
        if plan.target in Petition.END_STATES:
            return
        key_case = (
            plan.headcount > 20
            or plan.skip_level in ("capital", "province")
            or plan.matter.key == "unsafe_command"
            or (plan.veteran and plan.repeat_of is not None)
            or (not self.key_cases and plan.target == S.IN_PROGRESS)  # show at least one
        )
        self.key_cases += key_case
        backlog = plan.due_mode == "backlog" or (
            plan.target in Petition.HANDLING_STATES and (self.today - plan.received).days > 120
        )
        if key_case or backlog:
            services.petition_set_flags(
                petition=petition,
                is_key_case=key_case,
                is_backlog=backlog,
                by=self.office,
                comment="列为积案，一案一策，挂牌督办。" if backlog else "列为重点案件。",
            )


def disputed(matter: Matter) -> list[Outcome]:
    """The outcomes a petitioner may contest: anything but full support."""
    return [outcome for outcome in matter.outcomes if outcome.opinion != Opinion.SUPPORT]


def fit(gaps: list[int], room: int) -> list[int]:
    """Shrink the gaps in proportion so that they add up to at most `room` days."""
    total = sum(gaps)
    if total <= room:
        return gaps
    if room <= 0:
        return [0] * len(gaps)
    return [gap * room // total for gap in gaps]
