"""Work handed on reaches who now holds it (issue 17): one "who holds a case" rule,
a notice to the new holders on every handoff, "Waiting for me" first on the dashboard."""

import pytest
from django.urls import reverse
from django.utils import timezone

from notifications.models import Notification
from organization.models import Leadership, User
from organization.roles import Role
from petitions import services
from petitions.models import Petition
from tests.factories import UserFactory
from tests.petitions.factories import advance, register, serve

pytestmark = pytest.mark.django_db
State = Petition.State


@pytest.fixture
def colleagues(unit_a, unit_b):
    """A second handler of unit A and staff of unit B, who never hold A's cases."""
    return {
        "handler2": UserFactory(username="handler2", unit=unit_a, roles=[Role.HANDLER]),
        "b_leader": UserFactory(username="b_leader", unit=unit_b, roles=[Role.LEADER]),
    }


def handoffs(case):
    """Recipients of the case's handoff notices, by username."""
    return sorted(
        Notification.objects.filter(kind="handoff", subject=case.number).values_list(
            "recipient__username", flat=True
        )
    )


def at(case, state, people):
    """A new case moved to `state` along the assigned path."""
    return advance(register(by=people["clerk"]), state, **people)


def test_submit_report_notifies_the_leader_not_the_handler(people, colleagues):
    case = at(None, State.IN_PROGRESS, people)
    Notification.objects.all().delete()
    case = advance(case, State.AWAITING_SIGNOFF, **people)
    assert handoffs(case) == ["leader"]
    notice = Notification.objects.get(kind="handoff")
    assert notice.url == case.get_absolute_url()
    assert case.number in notice.text


def test_instructed_case_waits_for_the_main_leader_only(people, unit_a):
    chief = UserFactory(
        username="chief", unit=unit_a, roles=[Role.LEADER], leadership=Leadership.MAIN
    )
    case = register(by=people["clerk"])
    services.petition_assign(
        petition=case,
        unit=unit_a,
        due=timezone.localdate() + timezone.timedelta(days=60),
        by=people["clerk"],
        instruction_by="市长",
        instruction_on=timezone.localdate(),
        instruction_text="请认真核查。",
    )
    case = advance(Petition.objects.get(pk=case.pk), State.AWAITING_SIGNOFF, **people)
    assert handoffs(case) == ["chief"]
    assert case.holders() == [chief]


def test_send_back_by_the_leader_reaches_the_handler(people):
    case = at(None, State.AWAITING_SIGNOFF, people)
    Notification.objects.all().delete()
    services.petition_send_back(petition=case, reason="事实不清。", by=people["leader"])
    assert handoffs(case) == ["handler"]


def test_sign_off_hands_to_the_office_and_its_send_back_to_the_handler(people):
    case = at(None, State.AWAITING_SIGNOFF, people)
    Notification.objects.all().delete()
    case = services.petition_sign_off(petition=case, by=people["leader"])
    assert handoffs(case) == ["office"]
    Notification.objects.all().delete()
    services.petition_send_back(petition=case, reason="意见不当。", by=people["office"])
    assert handoffs(case) == ["handler"]


def test_extension_request_and_decisions(people):
    case = at(None, State.IN_PROGRESS, people)
    Notification.objects.all().delete()
    case = services.petition_request_extension(
        petition=case, days=30, reason="需补充调查。", by=people["handler"]
    )
    assert handoffs(case) == ["leader"]
    Notification.objects.all().delete()
    services.petition_approve_extension(petition=case, by=people["leader"])
    assert handoffs(case) == ["handler"]

    other = at(None, State.IN_PROGRESS, people)
    other = services.petition_request_extension(
        petition=other, days=10, reason="需补充调查。", by=people["handler"]
    )
    Notification.objects.all().delete()
    services.petition_refuse_extension(petition=other, reason="无需延期。", by=people["leader"])
    assert handoffs(other) == ["handler"]


def test_object_hands_the_case_back_to_the_office_and_clerks(people, colleagues):
    case = at(None, State.ASSIGNED, people)
    Notification.objects.all().delete()
    services.petition_object(petition=case, reason="不属本单位职责。", by=people["handler"])
    assert handoffs(case) == ["clerk", "office"]


def test_unassigned_in_progress_case_is_held_by_the_units_handlers(people, colleagues):
    case = at(None, State.IN_PROGRESS, people)
    assert case.holders() == [people["handler"]]
    Petition.objects.filter(pk=case.pk).update(handler=None)
    case.refresh_from_db()
    assert case.holders() == [people["handler"], colleagues["handler2"]]


@pytest.mark.parametrize(
    ("state", "holders"),
    [
        (State.REGISTERED, {"clerk", "office"}),
        (State.ASSIGNED, {"handler", "handler2"}),
        (State.IN_PROGRESS, {"handler"}),
        (State.AWAITING_SIGNOFF, {"leader"}),
        (State.AWAITING_REVIEW, {"office"}),
        (State.REPLIED, set()),
        # 复查 by the level above unit A (the group): the office there; 复核 by an outside
        # organ the office names: the office records it.
        (State.UNDER_REVIEW, {"office"}),
        (State.REVIEWED, set()),
        (State.UNDER_REREVIEW, {"office"}),
        (State.FINAL, set()),
    ],
)
def test_queryset_and_per_case_rule_agree(people, colleagues, state, holders):
    case = register(by=people["clerk"])
    if state != State.REGISTERED:
        case = advance(case, state, **people)
    everyone = [*people.values(), *colleagues.values()]
    everyone = [user for user in everyone if hasattr(user, "username")]
    held = {user.username for user in everyone if case.is_held_by(user)}
    listed = {
        user.username for user in everyone if Petition.objects.held_by(user).filter(pk=case.pk)
    }
    assert held == listed == holders
    assert {user.username for user in case.holders()} == holders


def test_dashboard_lists_the_case_first_for_the_leader(client, people):
    case = at(None, State.AWAITING_SIGNOFF, people)
    client.force_login(people["leader"])
    response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    body = response.content.decode()
    waiting = body.index("待我办理") if "待我办理" in body else body.index("Waiting for me")
    sign_off = body.index("待我签发") if "待我签发" in body else body.index("Awaiting my sign-off")
    assert waiting < body.index(case.number) < sign_off


def test_dashboard_queue_counts_are_capped_like_the_lists(client, people, monkeypatch):
    """Up to the cap a queue's count is exact; beyond it "N+", never counted row by row."""
    monkeypatch.setattr("organization.paging.COUNT_CAP", 2)
    client.force_login(people["leader"])
    cases = [at(None, State.AWAITING_SIGNOFF, people) for _ in range(2)]
    body = client.get(reverse("dashboard")).content.decode()
    assert ">2</a>" in body
    assert ">2+</a>" not in body
    cases.append(at(None, State.AWAITING_SIGNOFF, people))
    body = client.get(reverse("dashboard")).content.decode()
    assert ">2+</a>" in body
    assert all(case.number in body for case in cases)  # the first rows are all there


def test_waiting_for_me_merges_its_states_by_due_date(people):
    """The office holds registered cases and reports to review: read a state at a time,
    the queue still lists them all by due date, then id (nulls last)."""
    from datetime import timedelta

    from petitions.dashboard import _queues

    today = timezone.localdate()
    registered = [register(by=people["clerk"]) for _ in range(2)]
    to_review = at(None, State.AWAITING_REVIEW, people)
    dues = {registered[0]: 9, to_review: 3, registered[1]: 5}
    for case, days in dues.items():
        Petition.objects.filter(pk=case.pk).update(current_due=today + timedelta(days=days))
    waiting = _queues(people["office"], today)[0]
    assert len(waiting.parts) > 1  # one query per state, merged
    items, count, capped = waiting.read(6)
    assert [case.number for case in items] == [
        to_review.number,
        registered[1].number,
        registered[0].number,
    ]
    assert (count, capped) == (3, False)
    held = Petition.objects.held_by(people["office"]).values_list("pk", flat=True)
    assert set(held) == {case.pk for case in dues}


def test_a_review_waits_for_the_organ_above_and_is_handed_to_it(people, colleagues, section_a1):
    """A case of a section: its 复查 is unit A's (the level above), its 复核 the group's."""
    g_leader = UserFactory(username="g_leader", unit=people["clerk"].unit, roles=[Role.LEADER])
    case = advance(register(by=people["clerk"]), State.REPLIED, **{**people, "unit": section_a1})
    Notification.objects.all().delete()
    case = services.petition_request_review(petition=case, by=people["office"])
    assert case.review_unit == people["unit"]
    # Unit A's leader, and those above it, decide; not the section's own staff.
    deciders = {"leader", "g_leader", "office"}
    assert {user.username for user in case.holders()} == deciders
    assert {u.username for u in User.objects.all() if case.is_held_by(u)} == deciders
    assert set(Petition.objects.held_by(people["leader"]).values_list("pk", flat=True)) == {case.pk}
    assert not Petition.objects.held_by(colleagues["b_leader"]).filter(pk=case.pk).exists()
    assert handoffs(case) == ["g_leader", "leader"]

    case = services.petition_issue_review(
        petition=case, result="uphold", text="维持原处理意见。", by=people["leader"]
    )
    case = serve(case, "review", by=people["office"])
    Notification.objects.all().delete()
    case = services.petition_request_rereview(petition=case, by=people["office"])
    assert case.rereview_unit == people["clerk"].unit
    # The group decides the 复核; unit A, whose opinion it reviews, never does.
    assert {user.username for user in case.holders()} == {"g_leader", "office"}
    assert not case.is_held_by(people["leader"])
    assert Petition.objects.held_by(g_leader).filter(pk=case.pk).exists()
    assert handoffs(case) == ["g_leader"]


def test_naming_a_handler_tells_the_named_handler(people, colleagues):
    case = at(None, State.IN_PROGRESS, people)
    Notification.objects.all().delete()
    services.petition_set_handler(
        petition=case, handler=colleagues["handler2"], by=people["leader"]
    )
    assert handoffs(case) == ["handler2"]
    notice = Notification.objects.get(kind="handoff")
    assert notice.url == case.get_absolute_url()
    assert "承办人" in notice.text


def test_my_unit_s_queue_holds_the_sections_cases_not_another_unit_s(people, section_a1, unit_b):
    """ "Assigned to my unit" is the user's whole subtree (the ids the unit scope read)."""
    from petitions.dashboard import _queues

    in_unit = advance(register(by=people["clerk"]), "assigned", **people)
    in_section = advance(register(by=people["clerk"]), "assigned", **{**people, "unit": section_a1})
    advance(register(by=people["clerk"]), "assigned", **{**people, "unit": unit_b})
    handler = User.objects.get(pk=people["handler"].pk)
    assigned = next(
        queue
        for queue in _queues(handler, timezone.localdate())
        if queue.filters.get("state") == State.ASSIGNED and "unit" in queue.filters
    )
    items, count, capped = assigned.read(6)
    assert {case.number for case in items} == {in_unit.number, in_section.number}
    assert (count, capped) == (2, False)
