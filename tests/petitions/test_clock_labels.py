"""Honest clock labels (issue 17): 已届满 only once a window is over, from the day after
its last day; a duty still owed after its due day is overdue; a clock the case moved past
before its end "ended early". Each kind of clock at its due day and the day after."""

from datetime import date, timedelta

import pytest
from django.template import Context, Template
from django.utils import translation

from petitions.models import Petition
from tests.petitions.factories import advance, moment, register

pytestmark = pytest.mark.django_db
State = Petition.State
LAPSED = "已届满"
D = date.fromisoformat


def clock_on(petition, name, day):
    return {clock.name: clock for clock in petition.clocks(day)}[name]


def badge(clock) -> str:
    with translation.override("zh-hans"):
        return Template("{% load petitions %}{% clock_badge clock %}").render(
            Context({"clock": clock})
        )


def assert_boundary(petition, name, *, after: str, after_text: str):
    """On the due day the clock is open (今日到期, not 已届满); the day after it reads
    `after` (overdue for a duty, lapsed for a window)."""
    due = clock_on(petition, name, date.today()).due
    on_due = clock_on(petition, name, due)
    assert (on_due.status, on_due.days_left) == ("running", 0)
    assert LAPSED not in badge(on_due)
    assert "今日到期" in badge(on_due)
    day_after = clock_on(petition, name, due + timedelta(days=1))
    assert day_after.status == after
    assert after_text in badge(day_after)


def test_a_new_cases_route_and_acceptance_notice_clocks_run_to_their_due_day(people):
    case = register(by=people["clerk"], at=moment("2026-09-01"))
    # The day after registration: neither clock has closed.
    for name in ("route", "acceptance"):
        clock = clock_on(case, name, D("2026-09-02"))
        assert clock.status == "running"
        assert LAPSED not in badge(clock)
    assert_boundary(case, "route", after="overdue", after_text="超期 1 天")
    # The notice of acceptance is still owed after its due day: overdue, not lapsed.
    assert_boundary(case, "acceptance", after="overdue", after_text="超期 1 天")


def test_objection_window_of_an_assigned_case(people):
    case = advance(
        register(by=people["clerk"], at=moment("2026-09-01")),
        State.ASSIGNED,
        at=moment("2026-09-01"),
        **people,
    )
    # 5 working days from Tuesday 1 September: Tuesday 8 September.
    assert clock_on(case, "objection", D("2026-09-01")).due == D("2026-09-08")
    assert_boundary(case, "objection", after="lapsed", after_text=LAPSED)
    assert_boundary(case, "acceptance", after="overdue", after_text="超期 1 天")


def test_objection_window_of_a_case_received_early_ended_early_not_lapsed(people):
    case = advance(
        register(by=people["clerk"], at=moment("2026-09-01")),
        State.IN_PROGRESS,
        at=moment("2026-09-02"),
        **people,
    )
    # Assigned and received on Wednesday 2 September: the window ran to 9 September.
    inside = clock_on(case, "objection", D("2026-09-09"))
    assert inside.status == "ended"
    assert LAPSED not in badge(inside)
    assert "提前结束" in badge(inside)
    # Once its last day is past, the window has closed unused.
    assert clock_on(case, "objection", D("2026-09-10")).status == "lapsed"


def test_handling_and_review_opinion_clocks(people):
    case = advance(
        register(by=people["clerk"], at=moment("2026-09-01")),
        State.IN_PROGRESS,
        at=moment("2026-09-01"),
        **people,
    )
    assert_boundary(case, "handling", after="overdue", after_text="超期 1 天")
    case = advance(case, State.UNDER_REVIEW, at=moment("2026-09-10"), **people)
    assert_boundary(case, "review", after="overdue", after_text="超期 1 天")
    case = advance(case, State.UNDER_REREVIEW, at=moment("2026-09-20"), **people)
    assert_boundary(case, "rereview", after="overdue", after_text="超期 1 天")


def test_an_open_review_window_is_not_lapsed_until_the_day_after_its_end(people):
    case = advance(
        register(by=people["clerk"], at=moment("2026-09-01")),
        State.REPLIED,
        at=moment("2026-09-01"),
        **people,
    )
    assert case.review_window_end == D("2026-10-01")
    assert clock_on(case, "review_request", D("2026-09-15")).status == "running"
    assert_boundary(case, "review_request", after="lapsed", after_text=LAPSED)


def test_an_open_rereview_window_is_not_lapsed_until_the_day_after_its_end(people):
    case = advance(
        register(by=people["clerk"], at=moment("2026-09-01")),
        State.REVIEWED,
        at=moment("2026-09-01"),
        **people,
    )
    assert case.rereview_window_end == D("2026-10-01")
    assert clock_on(case, "rereview_request", D("2026-09-15")).status == "running"
    assert_boundary(case, "rereview_request", after="lapsed", after_text=LAPSED)


def test_a_window_used_in_time_is_met(people):
    case = advance(
        register(by=people["clerk"], at=moment("2026-09-01")),
        State.UNDER_REVIEW,
        at=moment("2026-09-01"),
        **people,
    )
    clock = clock_on(case, "review_request", D("2026-12-01"))
    assert clock.status == "met"
    assert LAPSED not in badge(clock)


def test_a_case_closed_inside_its_window_ends_the_window_early(people):
    case = advance(
        register(by=people["clerk"], at=moment("2026-09-01")),
        State.REPLIED,
        at=moment("2026-09-01"),
        **people,
    )
    # Closed on the petitioner's statement of satisfaction inside the window.
    Petition.objects.filter(pk=case.pk).update(state=State.CLOSED, closed_on=D("2026-09-05"))
    case.refresh_from_db()
    assert clock_on(case, "review_request", D("2026-09-06")).status == "ended"
    assert clock_on(case, "review_request", D("2026-10-02")).status == "lapsed"


def test_the_case_page_shows_the_open_review_window_with_its_days(client, people):
    case = advance(register(by=people["clerk"]), State.REPLIED, **people)
    client.force_login(people["office"])
    html = client.get(case.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert LAPSED not in html
    assert "剩 30 天" in html
