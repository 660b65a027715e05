"""The adversarial URL matrix: every named URL by every persona, from the URL conf.

The table below names, for each URL, how to fill its arguments from one shared
world (units A and B under a group; the office, the clerk and the inspector at
the group) and which status each persona must get. The statuses are what the
roles of DESIGN.md §1 call for (deny by default; a unit sees its subtree; the
office sees all; the inspector reads), not what the code happens to answer:
a failing entry is a finding to route, not a line to edit here.

A URL added without an entry fails `test_every_named_url_has_exactly_one_entry`,
and so does an entry whose URL is gone.
"""

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from notifications.models import Notification
from notifications.services import notify
from organization.roles import Role
from petitions import services as petition_services
from petitions.models import (
    CaseEvent,
    Channel,
    IdentityAccessLog,
    Nature,
    Petition,
    SavedSearch,
)
from reception import services as reception_services
from reception.models import CollectiveVisitAlert, ReceptionDay, SensitivePeriod, SkipLevelVisit
from reports import services as report_services
from reports.models import MonthlyNotice
from reports.periods import Period
from risk import screening_services
from risk.models import Hazard, HazardLevel, ScreeningReport
from supervision.models import SupervisionNotice
from tests.factories import UnitFactory, UserFactory
from tests.petitions.factories import advance, petitioner, register, valid_id_number
from tests.reception.factories import make_day, make_skip_level

# --- Which URLs ----------------------------------------------------------------------------

# Not the product's pages: Django's admin (staff login, tests/organization/test_admin.py)
# and the language switch (i18n machinery, tests/test_i18n.py).
EXCLUDED_PREFIXES = ("admin:",)
EXCLUDED_NAMES = {"set_language"}


def named_urls(patterns=None, namespace=""):
    """Every named URL pattern as "namespace:name", through every include."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from named_urls(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}"


def product_urls() -> set[str]:
    return {
        name
        for name in named_urls()
        if name not in EXCLUDED_NAMES and not name.startswith(EXCLUDED_PREFIXES)
    }


# --- Personas and expectations ---------------------------------------------------------------

ANON, CLERK, HANDLER, LEADER, OFFICE, INSPECTOR, ADMIN, OUTSIDER, OUTSIDER_LEADER = PERSONAS = (
    "anonymous",
    "clerk",
    "handler",
    "leader",
    "office",
    "inspector",
    "admin",
    "outsider",  # a handler of unit B
    "outsider_leader",  # a leader of unit B
)
SIGNED_IN = PERSONAS[1:]
LOGIN = 302  # anonymous: to the login page (checked by its Location)
# A persona who may see an object but not act on it is refused with 403. Nothing
# must change either way (test_a_refused_post_changes_nothing).
REFUSED = 403


def everyone(status: int) -> dict[str, int]:
    return dict.fromkeys(PERSONAS, status)


def signed_in(status: int, **overrides: int) -> dict[str, int]:
    """Anonymous to login; every signed-in persona `status` unless overridden."""
    return {ANON: LOGIN, **dict.fromkeys(SIGNED_IN, status), **overrides}


def only(*allowed: str, ok: int = 200, others: int = 403, **overrides: int) -> dict[str, int]:
    """`ok` for the allowed personas, `others` for the rest signed in; anonymous to login."""
    expected = signed_in(others, **dict.fromkeys(allowed, ok))
    expected.update(overrides)
    return expected


def unit_a_object(ok: int = 200, **overrides: int) -> dict[str, int]:
    """An object of unit A: its people and those above see it, unit B gets 404."""
    return signed_in(ok, **{OUTSIDER: 404, OUTSIDER_LEADER: 404, **overrides})


# --- The world ---------------------------------------------------------------------------


@dataclass
class World:
    users: dict[str, object]
    petition: Petition  # an appeal, assigned to unit A, not yet received
    accusation: Petition  # 检举控告, assigned to unit A and received: identity confidential
    attachment_pk: int
    accusation_attachment_pk: int
    pending_upload_key: str  # a file kept for the clerk's registration form: theirs alone
    day: ReceptionDay  # unit A, ahead, not published
    skip_level: SkipLevelVisit
    alert: CollectiveVisitAlert
    period: SensitivePeriod
    month: str  # a "YYYY-MM" with a draft monthly notice
    notice: SupervisionNotice
    notifications: dict[str, int] = field(default_factory=dict)  # persona -> own pk
    screening: ScreeningReport | None = None  # unit A's report of this month, signed
    hazard: Hazard | None = None
    risk: dict[str, int] = field(default_factory=dict)  # risk register rows of unit A
    accountability: dict = field(default_factory=dict)  # unit A's score, consequence, ...
    saved_search: int = 0  # the office's saved search of the petition list


def _scan(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n% scan\n", content_type="application/pdf")


def build_world() -> World:
    today = timezone.localdate()
    group = UnitFactory(code="G", name="测试集团", kind="group")
    unit_a = UnitFactory(code="A", name="甲煤矿", parent=group)
    unit_b = UnitFactory(code="B", name="乙煤矿", parent=group)
    users = {
        CLERK: UserFactory(username="clerk", unit=group, roles=[Role.CLERK]),
        HANDLER: UserFactory(username="handler", unit=unit_a, roles=[Role.HANDLER]),
        LEADER: UserFactory(username="leader", unit=unit_a, roles=[Role.LEADER]),
        OFFICE: UserFactory(username="office", unit=group, roles=[Role.OFFICE]),
        INSPECTOR: UserFactory(username="inspector", unit=group, roles=[Role.INSPECTOR]),
        ADMIN: UserFactory(username="admin", unit=group, roles=[Role.ADMIN], is_staff=True),
        OUTSIDER: UserFactory(username="outsider", unit=unit_b, roles=[Role.HANDLER]),
        OUTSIDER_LEADER: UserFactory(username="outsider_leader", unit=unit_b, roles=[Role.LEADER]),
    }
    people = {
        "clerk": users[CLERK],
        "handler": users[HANDLER],
        "leader": users[LEADER],
        "office": users[OFFICE],
        "unit": unit_a,
    }
    petition = register(by=users[CLERK])
    petition_services.attachment_add(petition=petition, upload=_scan("letter.pdf"), by=users[CLERK])
    petition = advance(petition, "assigned", **people)
    accusation = register(
        by=users[CLERK],
        nature=Nature.ACCUSATION,
        summary="举报矿领导违规发放补贴",
        petitioners=[petitioner(name="李四", id_number=valid_id_number(44))],
    )
    petition_services.attachment_add(
        petition=accusation, upload=_scan("accusation.pdf"), by=users[CLERK]
    )
    accusation = advance(accusation, "in_progress", **people)
    collective = register(
        by=users[CLERK],
        channel=Channel.VISIT,
        headcount=25,
        responsible_unit=unit_a,
        petitioners=[
            petitioner(name=f"职工{i}", id_number=valid_id_number(70 + i), is_representative=True)
            for i in range(2)
        ],
    )
    alert = reception_services.collective_alert_raise(petition=collective, unit=unit_a)
    assert alert is not None
    day = make_day(
        leader=users[LEADER], unit=unit_a, on=today + timedelta(days=10), by=users[OFFICE]
    )
    skip_level = make_skip_level(by=users[OFFICE], unit=unit_a, on=today)
    period = reception_services.sensitive_period_save(
        period=SensitivePeriod(
            name="两会",
            kind=SensitivePeriod.Kind.MEETING,
            starts_on=today + timedelta(days=30),
            ends_on=today + timedelta(days=40),
        ),
        by=users[OFFICE],
    )
    month = Period.last_completed(today)
    report_services.notice_build(period=month, by=users[OFFICE])
    notice = SupervisionNotice.objects.create(
        number=f"DB{today.year}900001",
        petition=petition,
        unit=unit_a,
        clock="handling",
        due=today - timedelta(days=1),
        reason="办理期限已过",
        issued_on=today,
        feedback_due=today + timedelta(days=5),
    )
    accountability = accountability_objects(users, unit_a, today)
    world = World(
        accountability=accountability,
        users=users,
        petition=petition,
        accusation=accusation,
        attachment_pk=petition.attachments.get().pk,
        accusation_attachment_pk=accusation.attachments.get().pk,
        pending_upload_key=str(
            petition_services.pending_uploads_update(
                user=users[CLERK], token=uuid.uuid4(), add=[_scan("kept.pdf")]
            )[0].key
        ),
        day=day,
        skip_level=skip_level,
        alert=alert,
        period=period,
        month=month.key,
        notice=notice,
    )
    world.screening = screening_services.screening_report_start(
        unit=unit_a, period=Period.containing(today), by=users[LEADER]
    )
    world.hazard = screening_services.hazard_add(
        report=world.screening,
        data=screening_services.HazardData(
            kind=Hazard.Kind.DISPUTE,
            summary="职工讨要欠薪",
            category=petition.category,
            level=HazardLevel.SERIOUS,
        ),
        by=users[LEADER],
    )
    screening_services.screening_report_sign(report=world.screening, by=users[LEADER])
    build_risk_registers(world, users, people, unit_a)
    world.saved_search = SavedSearch.objects.create(
        owner=users[OFFICE], name="信访办的查询", query="state=open"
    ).pk
    for persona, user in users.items():
        (row,) = notify(
            [user],
            kind="other",
            text=f"致{persona}",
            subject=petition.number,
            url=petition.get_absolute_url(),
        )
        world.notifications[persona] = row.pk
    return world


def build_risk_registers(world, users, people, unit_a) -> None:
    """Unit A's rows of the risk registers (assessment, key person, backlog plan)."""
    from risk.models import BacklogPlan, KeyPerson, StabilityAssessment

    assessment = StabilityAssessment.objects.create(
        unit=unit_a, kind="other", title="搬迁方案", created_by=users[OFFICE]
    )
    person = KeyPerson.objects.create(
        petitioner=world.petition.links.get().petitioner, unit=unit_a, source="manual", reason="x"
    )
    backlog_case = advance(register(by=users[CLERK], summary="积案"), "assigned", **people)
    plan = BacklogPlan.objects.create(
        petition=backlog_case,
        causes="历史遗留",
        measures="专班",
        owning_leader=users[LEADER],
        deadline=timezone.localdate() + timedelta(days=30),
        created_by=users[OFFICE],
    )
    world.risk = {"assessment": assessment.pk, "key_person": person.pk, "plan": plan.pk}


def accountability_objects(users, unit_a, today) -> dict:
    """Unit A's score of last month, a proposed consequence, a referral, and the leader's
    withheld pay line of last year."""
    from decimal import Decimal

    from accountability import services as acc
    from accountability.models import AssessmentYear, Consequence, LedgerEntry, UnitScore

    last_month = today.replace(day=1) - timedelta(days=1)
    acc.scoring_month_run(year=last_month.year, month=last_month.month, by=users[OFFICE])
    consequence = Consequence.objects.create(
        unit=unit_a, kind="criticism", year=last_month.year, month=last_month.month, reason="末位"
    )
    referral = acc.referral_raise(
        unit=unit_a, misconduct="shirking", summary="推诿", by=users[OFFICE]
    )
    AssessmentYear.objects.create(year=today.year - 1, pass_mark=Decimal("1000"))
    acc.chain_member_add(
        unit=unit_a,
        role="main",
        user=users[LEADER],
        name="",
        since=today.replace(year=today.year - 2),
        by=users[OFFICE],
    )
    acc.annual_assess(year=today.year - 1, by=users[OFFICE])
    return {
        "year": last_month.year,
        "month": last_month.month,
        "score": UnitScore.objects.get(unit=unit_a).pk,
        "consequence": consequence.pk,
        "referral": referral.pk,
        "ledger": LedgerEntry.objects.get(leader=users[LEADER]).pk,
        "unit": unit_a.pk,
        "chain_entry": acc.ChainMember.objects.get(unit=unit_a).pk,
    }


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """Built once for the module inside a transaction that is rolled back at the end;
    every test runs in its own savepoint within it."""
    media = override_settings(
        MEDIA_ROOT=tmp_path_factory.mktemp("media"),
        DEADLINE_DAYS="calendar",
        DEADLINE_ROLL_TO_WORKDAY=False,
        COLLECTIVE_ALERT_HEADCOUNT=20,
    )
    media.enable()
    outer = transaction.atomic()
    with django_db_blocker.unblock():
        outer.__enter__()
        try:
            built = build_world()
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            media.disable()
            raise
    yield built
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)
    media.disable()


# --- The table ---------------------------------------------------------------------------

Kwargs = Callable[[World], dict]


def no_args(w: World) -> dict:
    return {}


def of_petition(w: World) -> dict:
    return {"number": w.petition.number}


def of_accusation(w: World) -> dict:
    return {"number": w.accusation.number}


def of_saved_search(w: World) -> dict:
    return {"pk": w.saved_search}


def of_day(w: World) -> dict:
    return {"pk": w.day.pk}


def of_month(w: World) -> dict:
    return {"key": w.month}


def of_notice(w: World) -> dict:
    return {"number": w.notice.number}


def of_assessment(w: World) -> dict:
    return {"pk": w.risk["assessment"]}


def of_key_person(w: World) -> dict:
    return {"pk": w.risk["key_person"]}


def of_plan(w: World) -> dict:
    return {"pk": w.risk["plan"]}


@dataclass(frozen=True)
class Entry:
    """GET `url` with `kwargs`: each persona's expected status."""

    url: str
    expect: dict[str, int]
    kwargs: Kwargs = no_args
    label: str = ""

    @property
    def id(self) -> str:
        return f"{self.url}[{self.label}]" if self.label else self.url


# Views that only take POST answer GET with 405 once signed in, before any lookup:
# the 405 tells an outsider nothing about the object.
POST_ONLY = signed_in(405)

TABLE: list[Entry] = [
    # Site and accounts.
    Entry("dashboard", signed_in(200)),
    Entry("healthz", everyone(200)),
    Entry("query", everyone(200)),
    Entry("login", everyone(200)),
    Entry("logout", POST_ONLY),
    Entry("profile", signed_in(200)),
    Entry("password_change", signed_in(200)),
    Entry("password_change_done", signed_in(200)),
    # Petitions: lists are scoped, so everyone signed in gets one.
    Entry("petitions:list", signed_in(200)),
    Entry("petitions:export", signed_in(200)),
    Entry("petitions:count", signed_in(200)),
    Entry("petitions:create", only(CLERK, OFFICE)),
    Entry("petitions:earlier", only(CLERK, OFFICE)),
    # A file kept for a registration form that came back: its uploader's alone.
    Entry(
        "petitions:pending_upload",
        only(CLERK, others=404),
        lambda w: {"key": w.pending_upload_key},
    ),
    Entry("petitions:detail", unit_a_object(), of_petition),
    Entry("petitions:detail", unit_a_object(), of_accusation, "accusation"),
    # The list's batch toolbar: POST only; the result page (without a batch of one's own
    # in the session) says there is none. Saved searches: one's own only.
    Entry("petitions:batch", POST_ONLY),
    Entry("petitions:batch_result", signed_in(200)),
    Entry("petitions:batch_export", POST_ONLY),
    Entry("petitions:saved_searches", signed_in(200)),
    Entry("petitions:saved_search_save", POST_ONLY),
    Entry("petitions:saved_search_rename", POST_ONLY, of_saved_search),
    Entry("petitions:saved_search_delete", POST_ONLY, of_saved_search),
    Entry(
        "petitions:act",
        POST_ONLY,
        lambda w: {"number": w.petition.number, "action": "receive"},
    ),
    Entry("petitions:reveal_identity", POST_ONLY, of_petition),
    Entry(
        "petitions:attachment",
        unit_a_object(),
        lambda w: {"number": w.petition.number, "pk": w.attachment_pk},
    ),
    # The original letter of an accusation names the accuser: only the office and the
    # clerk who registered it see who that is (DESIGN.md §2, confidentiality).
    Entry(
        "petitions:attachment",
        unit_a_object(403, **{CLERK: 200, OFFICE: 200}),
        lambda w: {"number": w.accusation.number, "pk": w.accusation_attachment_pk},
        "accusation",
    ),
    # Shown in the browser (images, PDFs) under the download's rule.
    Entry(
        "petitions:attachment_preview",
        unit_a_object(),
        lambda w: {"number": w.petition.number, "pk": w.attachment_pk},
    ),
    Entry(
        "petitions:attachment_preview",
        unit_a_object(403, **{CLERK: 200, OFFICE: 200}),
        lambda w: {"number": w.accusation.number, "pk": w.accusation_attachment_pk},
        "accusation",
    ),
    Entry(
        "petitions:letter",
        unit_a_object(),
        lambda w: {"number": w.petition.number, "kind": "assignment"},
        "assignment",
    ),
    Entry(
        "petitions:letter",
        unit_a_object(403, **{CLERK: 200, OFFICE: 200}),
        lambda w: {"number": w.accusation.number, "kind": "acceptance"},
        "accusation-acceptance",
    ),
    # The same letters as PDF, under the same rule; the case file for whoever sees the
    # case (masked inside for those who may not see the accuser).
    Entry(
        "petitions:letter_pdf",
        unit_a_object(),
        lambda w: {"number": w.petition.number, "kind": "assignment"},
        "assignment",
    ),
    Entry(
        "petitions:letter_pdf",
        unit_a_object(403, **{CLERK: 200, OFFICE: 200}),
        lambda w: {"number": w.accusation.number, "kind": "acceptance"},
        "accusation-acceptance",
    ),
    Entry("petitions:case_file", unit_a_object(), of_petition),
    Entry("petitions:case_file", unit_a_object(), of_accusation, "accusation"),
    # The registration receipt: for whoever sees the case; an accuser's name is masked
    # on it for those who may not see it (tests/petitions/test_receipt.py).
    Entry("petitions:receipt", unit_a_object(), of_petition),
    Entry("petitions:receipt", unit_a_object(), of_accusation, "accusation"),
    Entry("petitions:receipt_pdf", unit_a_object(), of_petition),
    Entry("petitions:receipt_pdf", unit_a_object(), of_accusation, "accusation"),
    Entry("petitions:issue_check_code", POST_ONLY, of_petition),
    # Reception: public pages.
    Entry("reception:public", everyone(200)),
    Entry("reception:public_notice", everyone(200)),
    # Reception days: every role reads them (scoped); clerk, handler, office manage them.
    Entry("reception:day_list", signed_in(200)),
    Entry("reception:day_export", signed_in(200)),
    Entry("reception:day_create", only(CLERK, HANDLER, OFFICE, OUTSIDER)),
    Entry("reception:day_detail", unit_a_object(), of_day),
    Entry(
        "reception:day_edit",
        unit_a_object(403, **{CLERK: 200, HANDLER: 200, OFFICE: 200}),
        of_day,
    ),
    Entry("reception:day_publish", POST_ONLY, of_day),
    Entry("reception:day_cancel", POST_ONLY, of_day),
    Entry("reception:visit_create", unit_a_object(403, **{CLERK: 200, OFFICE: 200}), of_day),
    Entry("reception:received", signed_in(200)),
    Entry("reception:received_export", signed_in(200)),
    # Collective visit alerts: the office and the inspectors (and the admin reads).
    Entry("reception:alert_list", only(OFFICE, INSPECTOR, ADMIN)),
    Entry("reception:alert_export", only(OFFICE, INSPECTOR, ADMIN)),
    Entry("reception:alert_detail", only(OFFICE, INSPECTOR, ADMIN), lambda w: {"pk": w.alert.pk}),
    # Skip-level visits.
    Entry("reception:skip_level_list", signed_in(200)),
    Entry("reception:skip_level_export", signed_in(200)),
    Entry("reception:skip_level_create", only(CLERK, HANDLER, OFFICE, OUTSIDER)),
    Entry("reception:skip_level_detail", unit_a_object(), lambda w: {"pk": w.skip_level.pk}),
    Entry(
        "reception:skip_level_edit",
        unit_a_object(403, **{CLERK: 200, HANDLER: 200, OFFICE: 200}),
        lambda w: {"pk": w.skip_level.pk},
    ),
    # The duty check: leaders (their units) and the office.
    Entry("reception:duty", only(LEADER, OFFICE, OUTSIDER_LEADER)),
    Entry("reception:duty_export", only(LEADER, OFFICE, OUTSIDER_LEADER)),
    # Sensitive periods: the office's.
    Entry("reception:period_list", only(OFFICE)),
    Entry("reception:period_create", only(OFFICE)),
    Entry("reception:period_edit", only(OFFICE), lambda w: {"pk": w.period.pk}),
    Entry("reception:period_delete", POST_ONLY, lambda w: {"pk": w.period.pk}),
    # Monthly notices: the office builds and publishes; others see their units' figures.
    Entry("accountability:index", signed_in(200, admin=403)),
    Entry(
        "accountability:month",
        signed_in(200, admin=403),
        lambda w: {"year": w.accountability["year"], "month": w.accountability["month"]},
    ),
    Entry(
        "accountability:month_action",
        POST_ONLY,
        lambda w: {
            "year": w.accountability["year"],
            "month": w.accountability["month"],
            "action": "run",
        },
    ),
    Entry(
        "accountability:score",
        unit_a_object(admin=403),
        lambda w: {"pk": w.accountability["score"]},
    ),
    Entry("accountability:chain", only(LEADER, OFFICE, INSPECTOR, OUTSIDER_LEADER)),
    Entry(
        "accountability:chain_unit",
        only(LEADER, OFFICE, INSPECTOR, **{OUTSIDER_LEADER: 404}),
        lambda w: {"unit_id": w.accountability["unit"]},
    ),
    Entry("accountability:chain_add", POST_ONLY, lambda w: {"unit_id": w.accountability["unit"]}),
    Entry("accountability:chain_end", POST_ONLY, lambda w: {"pk": w.accountability["chain_entry"]}),
    Entry("accountability:consequences", signed_in(200, admin=403)),
    Entry(
        "accountability:consequence",
        unit_a_object(admin=403),
        lambda w: {"pk": w.accountability["consequence"]},
    ),
    Entry(
        "accountability:consequence_action",
        POST_ONLY,
        lambda w: {"pk": w.accountability["consequence"], "action": "confirm"},
    ),
    Entry("accountability:referrals", only(OFFICE, INSPECTOR)),
    Entry("accountability:referral_new", only(OFFICE, INSPECTOR)),
    Entry(
        "accountability:referral",
        only(OFFICE, INSPECTOR, others=404),
        lambda w: {"pk": w.accountability["referral"]},
    ),
    Entry("accountability:annual", only(OFFICE), lambda w: {"year": w.accountability["year"]}),
    Entry("accountability:annual_run", POST_ONLY, lambda w: {"year": w.accountability["year"]}),
    Entry(
        "accountability:payroll_xlsx", only(OFFICE), lambda w: {"year": w.accountability["year"]}
    ),
    Entry("accountability:ledger", signed_in(200)),
    Entry(
        "accountability:decision",
        only(LEADER, OFFICE, INSPECTOR, others=404),
        lambda w: {"pk": w.accountability["ledger"]},
    ),
    Entry("reports:list", signed_in(200)),
    Entry("reports:monthly", signed_in(200), of_month),
    Entry("reports:action", POST_ONLY, lambda w: {"key": w.month, "action": "publish"}),
    Entry("reports:xlsx", signed_in(200), of_month),
    Entry("reports:pdf", only(OFFICE), of_month),
    # The inbox: one's own.
    Entry("notifications:list", signed_in(200)),
    Entry("notifications:read_all", POST_ONLY),
    Entry("notifications:read", POST_ONLY, lambda w: {"pk": w.notifications[HANDLER]}),
    # Supervision: lists for the office and the leaders; notices scoped to the unit.
    Entry("supervision:overview", only(LEADER, OFFICE, OUTSIDER_LEADER)),
    Entry("supervision:export", only(LEADER, OFFICE, OUTSIDER_LEADER)),
    Entry("supervision:run", POST_ONLY),
    Entry("supervision:notices", signed_in(200)),
    Entry("supervision:notices_export", signed_in(200)),
    Entry("supervision:notice", unit_a_object(), of_notice),
    Entry("supervision:notice_print", unit_a_object(), of_notice),
    Entry("supervision:notice_pdf", unit_a_object(), of_notice),
    Entry("supervision:issue", POST_ONLY, of_petition),
    # Risk: screening for the units' staff and the office; the roll-up for the office.
    Entry(
        "risk:screening_list", only(HANDLER, LEADER, OFFICE, INSPECTOR, OUTSIDER, OUTSIDER_LEADER)
    ),
    Entry("risk:screening_start", POST_ONLY),
    Entry(
        "risk:screening_detail",
        unit_a_object(**{CLERK: 403, ADMIN: 403}),
        lambda w: {"pk": w.screening.pk},
    ),
    Entry("risk:hazard_add", POST_ONLY, lambda w: {"pk": w.screening.pk}),
    Entry("risk:screening_zero", POST_ONLY, lambda w: {"pk": w.screening.pk}),
    Entry("risk:screening_sign", POST_ONLY, lambda w: {"pk": w.screening.pk}),
    Entry("risk:hazard_status", POST_ONLY, lambda w: {"pk": w.hazard.pk}),
    Entry("risk:hazard_dispatch", POST_ONLY, lambda w: {"pk": w.hazard.pk}),
    Entry("risk:screening_month_current", only(OFFICE)),
    Entry("risk:screening_month", only(OFFICE), of_month),
    Entry("risk:screening_notice", only(OFFICE), of_month),
    Entry("risk:screening_notice_pdf", only(OFFICE), of_month),
    Entry("risk:screening_notice_xlsx", only(OFFICE), of_month),
    Entry("risk:daily", only(HANDLER, LEADER, OFFICE, INSPECTOR, OUTSIDER, OUTSIDER_LEADER)),
    Entry("risk:daily_file", POST_ONLY),
    # Risk registers: assessments (unit-scoped; the clerk and the admin have no part),
    # key persons (the office and the person's unit leaders only), backlog plans.
    Entry(
        "risk:assessment_list",
        only(HANDLER, LEADER, OFFICE, INSPECTOR, OUTSIDER, OUTSIDER_LEADER),
    ),
    Entry("risk:assessment_create", only(HANDLER, LEADER, OFFICE, OUTSIDER, OUTSIDER_LEADER)),
    Entry("risk:assessment_detail", unit_a_object(clerk=403, admin=403), of_assessment),
    Entry(
        "risk:assessment_edit",
        unit_a_object(clerk=403, admin=403, inspector=403),
        of_assessment,
    ),
    Entry("risk:assessment_sign", POST_ONLY, of_assessment),
    Entry("risk:assessment_implemented", POST_ONLY, of_assessment),
    Entry("risk:assessment_print", unit_a_object(clerk=403, admin=403), of_assessment),
    Entry("risk:assessment_pdf", unit_a_object(clerk=403, admin=403), of_assessment),
    Entry("risk:keyperson_list", only(LEADER, OFFICE, OUTSIDER_LEADER)),
    Entry("risk:keyperson_flag", POST_ONLY),
    Entry("risk:keyperson_detail", only(LEADER, OFFICE, outsider_leader=404), of_key_person),
    Entry("risk:keyperson_note", POST_ONLY, of_key_person),
    Entry("risk:backlog_list", signed_in(200, admin=403)),
    Entry("risk:backlog_export", signed_in(200, admin=403)),
    Entry("risk:backlog_detail", unit_a_object(admin=403), of_plan),
    Entry("risk:backlog_progress", POST_ONLY, of_plan),
    Entry("risk:backlog_close", POST_ONLY, of_plan),
    Entry("risk:backlog_plan_save", POST_ONLY, of_petition),
    Entry("risk:reverse_check_override", POST_ONLY, lambda w: {"pk": w.skip_level.pk}),
]


@dataclass(frozen=True)
class PostProbe:
    """POST to a state-changing `url` as personas who must not act."""

    url: str
    expect: dict[str, int]  # only the personas probed
    kwargs: Kwargs = no_args
    data: Kwargs = no_args
    label: str = ""

    @property
    def id(self) -> str:
        return f"{self.url}[{self.label}]" if self.label else self.url


def _version(prefix: str):
    return lambda w: {f"{prefix}-version": w.petition.version, f"{prefix}-comment": "x"}


# Outsiders cannot see unit A's objects (404); those who see them but may not act get
# REFUSED; anonymous goes to login.
NOT_UNIT_A = {ANON: LOGIN, OUTSIDER: 404, OUTSIDER_LEADER: 404}

POST_PROBES: list[PostProbe] = [
    PostProbe(
        "petitions:act",
        {**NOT_UNIT_A, CLERK: REFUSED, LEADER: REFUSED, INSPECTOR: REFUSED, ADMIN: REFUSED},
        lambda w: {"number": w.petition.number, "action": "receive"},
        _version("receive"),
        "receive",
    ),
    PostProbe(
        "petitions:act",
        {**NOT_UNIT_A, HANDLER: REFUSED, LEADER: REFUSED, INSPECTOR: REFUSED, ADMIN: REFUSED},
        lambda w: {"number": w.petition.number, "action": "set_flags"},
        lambda w: {"set_flags-version": w.petition.version, "set_flags-is_key_case": "on"},
        "set_flags",
    ),
    # Batch actions: only those who route (交办) or supervise (flags) at all; the rest
    # are refused before any case is looked at.
    PostProbe(
        "petitions:batch",
        {ANON: LOGIN, **dict.fromkeys([HANDLER, LEADER, INSPECTOR, ADMIN, OUTSIDER], REFUSED)},
        data=lambda w: {
            "operation": "assign",
            "selected": [w.petition.number],
            "batch-unit": str(w.petition.responsible_unit_id),
            "batch-due": (timezone.localdate() + timedelta(days=30)).isoformat(),
        },
        label="assign",
    ),
    PostProbe(
        "petitions:batch",
        {ANON: LOGIN, **dict.fromkeys([CLERK, HANDLER, LEADER, INSPECTOR, ADMIN], REFUSED)},
        data=lambda w: {
            "operation": "flag",
            "batch-flag": "key_case_on",
            "selected": [w.petition.number, w.accusation.number],
        },
        label="flag",
    ),
    # Someone else's saved search: not theirs to see, rename or delete.
    PostProbe(
        "petitions:saved_search_rename",
        {ANON: LOGIN, **dict.fromkeys([CLERK, HANDLER, INSPECTOR, OUTSIDER], 404)},
        of_saved_search,
        lambda w: {"name": "被改名"},
    ),
    PostProbe(
        "petitions:saved_search_delete",
        {ANON: LOGIN, **dict.fromkeys([CLERK, LEADER, ADMIN, OUTSIDER_LEADER], 404)},
        of_saved_search,
    ),
    PostProbe(
        "petitions:reveal_identity",
        {**NOT_UNIT_A, HANDLER: 403, LEADER: 403, INSPECTOR: 403, ADMIN: 403},
        of_accusation,
        label="accusation",
    ),
    PostProbe("petitions:reveal_identity", NOT_UNIT_A, of_petition),
    PostProbe(
        "reception:day_publish",
        {**NOT_UNIT_A, LEADER: REFUSED, INSPECTOR: REFUSED, ADMIN: REFUSED},
        of_day,
    ),
    PostProbe(
        "reception:day_cancel",
        {**NOT_UNIT_A, LEADER: REFUSED, INSPECTOR: REFUSED, ADMIN: REFUSED},
        of_day,
        lambda w: {"reason": "领导临时外出"},
    ),
    PostProbe(
        "reception:day_edit",
        {**NOT_UNIT_A, LEADER: 403, INSPECTOR: 403, ADMIN: 403},
        of_day,
        lambda w: {"place": "被改动的地点"},
    ),
    PostProbe(
        "reception:skip_level_edit",
        {**NOT_UNIT_A, LEADER: 403, INSPECTOR: 403, ADMIN: 403},
        lambda w: {"pk": w.skip_level.pk},
        lambda w: {"place": "被改动的地点"},
    ),
    PostProbe(
        "reception:alert_detail",
        {ANON: LOGIN, CLERK: 403, HANDLER: 403, ADMIN: 403, OUTSIDER: 403},
        lambda w: {"pk": w.alert.pk},
        lambda w: {"cause": "x", "outcome": "y", "close": "on"},
    ),
    PostProbe(
        "reception:period_delete",
        {ANON: LOGIN, CLERK: 403, HANDLER: 403, LEADER: 403, INSPECTOR: 403, ADMIN: 403},
        lambda w: {"pk": w.period.pk},
    ),
    PostProbe(
        "reception:period_edit",
        {ANON: LOGIN, CLERK: 403, INSPECTOR: 403, ADMIN: 403, OUTSIDER: 403},
        lambda w: {"pk": w.period.pk},
        lambda w: {
            "name": "改",
            "kind": "other",
            "starts_on": "2030-01-01",
            "ends_on": "2030-01-02",
        },
    ),
    PostProbe(
        "reports:action",
        {ANON: LOGIN, CLERK: 403, LEADER: 403, INSPECTOR: 403, ADMIN: 403, OUTSIDER: 403},
        lambda w: {"key": w.month, "action": "publish"},
        label="publish",
    ),
    PostProbe(
        "reports:action",
        {ANON: LOGIN, INSPECTOR: 403, ADMIN: 403},
        lambda w: {"key": w.month, "action": "build"},
        label="build",
    ),
    PostProbe(
        "supervision:run", {ANON: LOGIN, CLERK: 403, LEADER: 403, INSPECTOR: 403, ADMIN: 403}
    ),
    PostProbe(
        "supervision:notice",
        {**NOT_UNIT_A, CLERK: 403, OFFICE: 403, INSPECTOR: 403, ADMIN: 403},
        of_notice,
        lambda w: {"feedback": "已整改"},
    ),
    PostProbe(
        "supervision:issue",
        {**NOT_UNIT_A, CLERK: 403, HANDLER: 403, LEADER: 403, INSPECTOR: 403, ADMIN: 403},
        of_petition,
        lambda w: {"supervise-cause": "shirking", "supervise-facts": "推诿"},
    ),
    # Someone else's notification: not theirs to see or to mark read.
    PostProbe(
        "notifications:read",
        {ANON: LOGIN, CLERK: 404, LEADER: 404, INSPECTOR: 404, OUTSIDER: 404},
        lambda w: {"pk": w.notifications[HANDLER]},
    ),
    PostProbe("notifications:read_all", {ANON: LOGIN}),
    PostProbe(
        "petitions:create",
        {ANON: LOGIN, HANDLER: 403, LEADER: 403, INSPECTOR: 403, ADMIN: 403},
    ),
]


def snapshot() -> dict:
    """Everything a refused POST could have changed."""
    return {
        "petitions": sorted(
            Petition.objects.values_list("number", "state", "version", "is_key_case")
        ),
        "saved_searches": sorted(SavedSearch.objects.values_list("pk", "owner", "name")),
        "events": CaseEvent.objects.count(),
        "identity_views": IdentityAccessLog.objects.count(),
        "days": sorted(
            ReceptionDay.objects.values_list("pk", "place", "published_at", "cancelled_at")
        ),
        "skip_level": sorted(SkipLevelVisit.objects.values_list("pk", "place")),
        "alerts": sorted(
            CollectiveVisitAlert.objects.values_list("pk", "cause", "outcome", "closed_at")
        ),
        "periods": sorted(SensitivePeriod.objects.values_list("pk", "name", "starts_on")),
        "notices": sorted(MonthlyNotice.objects.values_list("pk", "state")),
        "supervision": sorted(SupervisionNotice.objects.values_list("pk", "feedback_at")),
        "unread": sorted(Notification.objects.filter(read_at=None).values_list("pk", flat=True)),
    }


# --- The tests ---------------------------------------------------------------------------


def _sign_in(client, world: World, persona: str):
    if persona != ANON:
        client.force_login(world.users[persona])


def _check_status(response, expected: int, path: str):
    assert response.status_code == expected, (
        f"{path}: {response.status_code}, expected {expected}"
        + (f" (to {response.get('Location')})" if response.status_code == 302 else "")
    )
    if expected == LOGIN and response.status_code == 302:
        assert response["Location"].startswith("/accounts/login/"), response["Location"]


def test_every_named_url_has_exactly_one_entry():
    in_table = {entry.url for entry in TABLE}
    assert product_urls() - in_table == set(), "URLs without an entry in TABLE"
    assert in_table - product_urls() == set(), "entries for URLs that no longer exist"
    assert {probe.url for probe in POST_PROBES} <= product_urls()


@pytest.mark.parametrize("entry", TABLE, ids=lambda entry: entry.id)
def test_every_entry_names_every_persona(entry):
    assert set(entry.expect) == set(PERSONAS)


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("entry", TABLE, ids=lambda entry: entry.id)
def test_get_answers_each_persona_as_the_roles_allow(client, world, entry, persona):
    path = reverse(entry.url, kwargs=entry.kwargs(world))
    _sign_in(client, world, persona)
    _check_status(client.get(path), entry.expect[persona], path)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("probe", "persona"),
    [(probe, persona) for probe in POST_PROBES for persona in probe.expect],
    ids=[f"{probe.id}-{persona}" for probe in POST_PROBES for persona in probe.expect],
)
def test_a_refused_post_changes_nothing(client, world, probe, persona):
    path = reverse(probe.url, kwargs=probe.kwargs(world))
    _sign_in(client, world, persona)
    before = snapshot()
    response = client.post(path, probe.data(world))
    assert snapshot() == before, f"{path}: a refused POST by {persona} changed the data"
    _check_status(response, probe.expect[persona], path)
