"""The daily deadline run: which reminders on which day, once only, in bulk."""

import re
from datetime import date, timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from notifications.models import Notification
from organization.roles import Role
from petitions import services
from petitions.models import CaseEvent, Petition
from supervision import alerts
from supervision.models import Reminder, SupervisionNotice
from tests.factories import UserFactory
from tests.petitions.factories import advance, moment, register

pytestmark = pytest.mark.django_db

# A Wednesday in 2026 far from holidays; the Labour Day holiday is 1-5 May 2026.
RECEIVED = date(2026, 3, 2)


def run(day):
    return alerts.run_deadline_checks(
        today=date.fromisoformat(day) if isinstance(day, str) else day
    )


def kinds(petition, clock=None):
    rows = Reminder.objects.filter(petition=petition)
    if clock:
        rows = rows.filter(clock=clock)
    return sorted(rows.values_list("kind", "due").order_by("due", "kind"))


def routed_case(people):
    """A registered case: route clock due 15 days after RECEIVED (2026-03-17)."""
    return register(by=people["clerk"], at=moment(RECEIVED))


def handling_case(people, due=date(2026, 4, 20)):
    petition = register(by=people["clerk"], at=moment(RECEIVED))
    petition = services.petition_assign(
        petition=petition, unit=people["unit"], due=due, by=people["clerk"], at=moment(RECEIVED)
    )
    return services.petition_receive(
        petition=petition, by=people["handler"], at=moment(RECEIVED + timedelta(days=1))
    )


# --- Schedule, calendar days ------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        ("2026-03-11", []),  # 6 days before
        ("2026-03-12", ["before_5"]),
        ("2026-03-13", ["before_5"]),  # nothing new the day after
        ("2026-03-14", ["before_3"]),
        ("2026-03-16", ["before_1"]),
        ("2026-03-17", ["before_1"]),  # due day: the 1-day reminder if missed
        ("2026-03-18", ["overdue"]),
    ],
)
def test_route_clock_reminder_on_a_single_day(people, office, today, expected):
    petition = routed_case(people)
    run(today)
    assert [kind for kind, _due in kinds(petition, "route")] == expected


def test_daily_runs_send_each_reminder_once_and_reach_clerk_and_office(people, office):
    petition = routed_case(people)
    day = date(2026, 3, 10)
    while day <= date(2026, 3, 20):
        run(day)
        day += timedelta(days=1)
    assert kinds(petition, "route") == [
        ("before_1", date(2026, 3, 17)),
        ("before_3", date(2026, 3, 17)),
        ("before_5", date(2026, 3, 17)),
        ("overdue", date(2026, 3, 17)),
    ]
    clerk_notes = Notification.objects.filter(recipient=people["clerk"], subject=petition.number)
    # The registration notice goes to the office only; the clerk gets four clock messages.
    assert clerk_notes.count() == 4
    assert clerk_notes.filter(kind="overdue").count() == 1
    assert Notification.objects.filter(recipient=office, kind="overdue").count() == 1


def test_handling_clock_goes_to_unit_handlers_and_leaders(people, office):
    petition = handling_case(people)
    run("2026-04-15")
    to = set(
        Notification.objects.filter(subject=petition.number, kind="reminder").values_list(
            "recipient__username", flat=True
        )
    )
    assert to == {"handler", "leader"}


def test_the_case_handler_in_a_section_is_reminded_too(people, office, section_a1):
    """承办人 (issue 13 item 8): the named handler hears of the case's clock wherever in
    the unit they work."""
    colleague = UserFactory(username="section_handler", unit=section_a1, roles=[Role.HANDLER])
    petition = handling_case(people)
    services.petition_set_handler(
        petition=petition, handler=colleague, by=people["leader"], at=moment(RECEIVED)
    )
    run("2026-04-15")
    to = set(
        Notification.objects.filter(subject=petition.number, kind="reminder").values_list(
            "recipient__username", flat=True
        )
    )
    assert to == {"handler", "leader", "section_handler"}


def test_the_owning_leader_replaces_the_unit_leaders(people, office, unit_a):
    owner = UserFactory(username="owner", unit=unit_a, roles=[Role.LEADER])
    petition = handling_case(people)
    services.petition_set_owning_leader(petition=petition, leader=owner, by=office)
    run("2026-04-19")
    to = set(
        Notification.objects.filter(subject=petition.number, kind="reminder").values_list(
            "recipient__username", flat=True
        )
    )
    assert to == {"handler", "owner"}


def test_overdue_handling_issues_one_supervision_notice(people, office):
    petition = handling_case(people)
    run("2026-04-21")
    run("2026-04-22")
    notice = SupervisionNotice.objects.get()
    assert notice.petition == petition
    assert notice.unit == people["unit"]
    assert notice.number == "DB2026000001"
    assert notice.clock == "handling"
    assert notice.due == date(2026, 4, 20)
    assert notice.feedback_due == date(2026, 4, 26)
    notified = Notification.objects.filter(kind="supervision").values_list(
        "recipient__username", flat=True
    )
    assert set(notified) == {"handler", "leader", "office"}


def test_an_extension_rearms_the_reminders(people, office):
    petition = handling_case(people)
    run("2026-04-15")
    assert kinds(petition, "handling") == [("before_5", date(2026, 4, 20))]
    petition = services.petition_request_extension(
        petition=petition, days=10, reason="需要补充调查", by=people["handler"]
    )
    petition = services.petition_approve_extension(petition=petition, by=people["leader"])
    assert petition.handling_due == date(2026, 4, 30)
    run("2026-04-25")
    assert kinds(petition, "handling") == [
        ("before_5", date(2026, 4, 20)),
        ("before_5", date(2026, 4, 30)),
    ]


def test_listed_supervision_has_its_own_clock(people, office):
    petition = handling_case(people)
    services.petition_set_listing(
        petition=petition, is_listed=True, due=date(2026, 4, 1), reason="重点督办", by=office
    )
    run("2026-04-02")
    assert kinds(petition, "listed") == [("overdue", date(2026, 4, 1))]
    assert SupervisionNotice.objects.get().clock == "listed"


# --- Working days -------------------------------------------------------------------------


def test_working_day_mode_counts_reminders_in_working_days(people, office, settings):
    settings.DEADLINE_DAYS = "working"
    # Received Thursday 2026-04-23: 15 working days (Labour Day 1-5 May off, 9 May worked)
    # end on 2026-05-18.
    petition = register(by=people["clerk"], at=moment("2026-04-23"))
    assert petition.route_due == date(2026, 5, 18)
    run("2026-05-08")  # 7 working days before (9 May is a make-up working day)
    assert kinds(petition) == []
    run("2026-05-11")  # working days left: 12, 13, 14, 15, 18 = 5
    assert kinds(petition) == [("before_5", date(2026, 5, 18))]
    run("2026-05-14")  # left: 15, 18 = 2
    assert ("before_3", date(2026, 5, 18)) in kinds(petition)
    run("2026-05-15")  # left: 18 = 1
    run("2026-05-19")
    assert [kind for kind, _due in kinds(petition)] == [
        "before_1",
        "before_3",
        "before_5",
        "overdue",
    ]
    text = Notification.objects.filter(kind="reminder").order_by("pk").first().text
    assert "5" in text


def test_calendar_mode_same_case_reminds_by_calendar_days(people, office):
    petition = register(by=people["clerk"], at=moment("2026-04-23"))
    assert petition.route_due == date(2026, 5, 8)
    run("2026-05-03")
    assert kinds(petition) == [("before_5", date(2026, 5, 8))]


# --- Expired review windows --------------------------------------------------------------


def test_expired_review_window_closes_the_case_as_the_system(people, office):
    replied_day = date(2026, 3, 10)
    petition = register(by=people["clerk"], at=moment(replied_day))
    petition = advance(petition, "replied", at=moment(replied_day), **people)
    assert petition.review_window_end == date(2026, 4, 9)
    run("2026-04-09")
    petition.refresh_from_db()
    assert petition.state == Petition.State.REPLIED
    summary = run("2026-04-10")
    petition.refresh_from_db()
    assert summary.closed == 1
    assert petition.state == Petition.State.CLOSED
    assert petition.close_reason == "window_expired"
    assert petition.closed_on == date(2026, 4, 10)
    assert petition.current_due is None
    event = CaseEvent.objects.filter(petition=petition).last()
    assert (event.action, event.actor, event.from_state, event.to_state) == (
        "close",
        None,
        "replied",
        "closed",
    )
    assert event.actor_name in ("System", "系统")
    assert run("2026-04-11").closed == 0


def test_expired_rereview_window_closes_a_reviewed_case(people, office):
    day = date(2026, 3, 10)
    petition = register(by=people["clerk"], at=moment(day))
    petition = advance(petition, "reviewed", at=moment(day), **people)
    run(petition.rereview_window_end + timedelta(days=1))
    petition.refresh_from_db()
    assert petition.state == Petition.State.CLOSED


# --- E-mail ----------------------------------------------------------------------------------


def test_users_who_chose_email_get_the_reminder_by_email(people, office):
    people["clerk"].email = "clerk@example.cn"
    people["clerk"].email_notifications = True
    people["clerk"].save()
    office.email = "office@example.cn"  # has an address but did not choose e-mail
    office.save()
    routed_case(people)
    mail.outbox.clear()
    with pytest.MonkeyPatch.context():
        run("2026-03-12")
    from notifications.outbox import send_pending_emails

    assert send_pending_emails() == 1
    assert [message.to for message in mail.outbox] == [["clerk@example.cn"]]
    assert "XF2026000001" in mail.outbox[0].body
    assert "/petitions/XF2026000001/" in mail.outbox[0].body
    assert not Notification.objects.email_pending().exists()
    assert send_pending_emails() == 0


# --- Bulk ---------------------------------------------------------------------------------------


def _open_cases(count, people):
    from organization.models import Unit

    unit = Unit.objects.get(pk=people["unit"].pk)
    rows = []
    for index in range(count):
        rows.append(
            Petition(
                number=f"XF2026{index + 1:06d}",
                query_code=f"Q{index:08d}",
                channel="letter",
                received_on=date(2026, 1, 5),
                nature="appeal",
                category_id=1,
                summary="反映拖欠工资问题",
                content="内容",
                registered_unit=unit,
                registered_by=people["clerk"],
                responsible_unit=unit,
                state=Petition.State.IN_PROGRESS,
                accepted_on=date(2026, 1, 6),
                handling_due=date(2026, 3, 7) if index % 2 else date(2026, 3, 12),
                current_clock="handling",
                current_due=date(2026, 3, 7) if index % 2 else date(2026, 3, 12),
            )
        )
    from petitions.models import Category

    category_id = Category.objects.first().pk
    for row in rows:
        row.category_id = category_id
    Petition.objects.bulk_create(rows)


def _count_queries(today):
    with CaptureQueriesContext(connection) as captured:
        run(today)
    return len(captured)


def test_the_daily_run_uses_the_same_queries_for_10_and_1000_open_cases(people, office):
    _open_cases(10, people)
    few = _count_queries("2026-03-08")
    assert Reminder.objects.count() == 10
    Petition.objects.all().delete()
    Reminder.objects.all().delete()
    _open_cases(1000, people)
    many = _count_queries("2026-03-08")
    assert Reminder.objects.count() == 1000
    assert SupervisionNotice.objects.filter(issued_on=date(2026, 3, 8)).count() == 500
    assert many == few
    assert few <= 25


def test_a_second_run_the_same_day_reads_no_case_and_inserts_nothing(people, office):
    _open_cases(300, people)
    run("2026-03-08")
    reminders, notes = Reminder.objects.count(), Notification.objects.count()
    assert reminders == 300
    with CaptureQueriesContext(connection) as captured:
        summary = run("2026-03-08")
    assert (summary.reminders, summary.overdue, summary.notifications) == (0, 0, 0)
    assert (Reminder.objects.count(), Notification.objects.count()) == (reminders, notes)
    # The work calendar, the expired windows, and one NOT EXISTS select that finds nothing:
    # no case is loaded, no reminder insert is tried.
    queries = [
        query["sql"]
        for query in captured.captured_queries
        if not query["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))
    ]
    assert len(queries) <= 4, queries
    sql = " ".join(queries)
    assert re.search(r"NOT \(*EXISTS", sql)
    assert "INSERT" not in sql


def test_the_next_day_selects_only_the_cases_with_a_new_reminder(people, office):
    _open_cases(20, people)  # half overdue since 03-07, half due 03-12
    run("2026-03-08")
    assert sorted(set(Reminder.objects.values_list("kind", flat=True))) == ["before_5", "overdue"]
    calendar = alerts.Holiday.objects.work_calendar()
    today = date(2026, 3, 9)  # 3 days left: before_3 is new; the overdue ones were told
    pending = alerts.pending(
        today, now=today, last=alerts.horizon(calendar, today), calendar=calendar
    )
    assert sorted(pending) == sorted(
        Petition.objects.filter(current_due=date(2026, 3, 12)).values_list("pk", flat=True)
    )
    summary = run(today)
    assert (summary.reminders, summary.overdue) == (10, 0)
    assert Reminder.objects.filter(kind="before_3", sent_on=today).count() == 10


def test_cases_are_reminded_in_batches_each_once(people, office, monkeypatch):
    monkeypatch.setattr(alerts, "BATCH", 7)
    _open_cases(20, people)
    summary = run("2026-03-08")
    assert (summary.reminders, summary.overdue, summary.supervision_notices) == (10, 10, 10)
    assert Reminder.objects.count() == 20
    assert run("2026-03-08").reminders == 0


def test_the_listed_clock_is_selected_though_the_case_clock_was_told(people, office):
    petition = handling_case(people, due=date(2026, 4, 20))
    run("2026-04-16")  # before_5 of the handling clock
    Petition.objects.filter(pk=petition.pk).update(is_listed=True, listed_due=date(2026, 4, 18))
    today = date(2026, 4, 16)
    calendar = alerts.Holiday.objects.work_calendar()
    last = alerts.horizon(calendar, today)
    assert alerts.pending(today, now=today, last=last, calendar=calendar) == [petition.pk]
    run(today)
    assert kinds(petition, "listed") == [("before_3", date(2026, 4, 18))]
    assert alerts.pending(today, now=today, last=last, calendar=calendar) == []


# --- The other clocks, and the command ------------------------------------------------------


def test_acceptance_clock_of_an_assigned_case_reaches_clerk_office_and_unit(people, office):
    petition = register(by=people["clerk"], at=moment(RECEIVED))
    petition = services.petition_assign(
        petition=petition,
        unit=people["unit"],
        due=date(2026, 5, 1),
        by=people["clerk"],
        at=moment(RECEIVED),
    )
    assert (petition.current_clock, petition.current_due) == ("acceptance", date(2026, 3, 17))
    run("2026-03-16")
    assert kinds(petition, "acceptance") == [("before_1", date(2026, 3, 17))]
    run("2026-03-18")
    to = set(
        Notification.objects.filter(subject=petition.number, kind="overdue").values_list(
            "recipient__username", flat=True
        )
    )
    assert to == {"clerk", "office", "handler"}
    assert not SupervisionNotice.objects.exists()  # only handling clocks are supervised


def test_review_clock_reminds_the_office(people, office):
    day = date(2026, 3, 10)
    petition = register(by=people["clerk"], at=moment(day))
    petition = advance(petition, "under_review", at=moment(day), **people)
    assert petition.review_due == date(2026, 4, 9)
    run("2026-04-06")
    assert kinds(petition, "review") == [("before_3", date(2026, 4, 9))]
    to = Notification.objects.filter(subject=petition.number, kind="reminder").values_list(
        "recipient__username", flat=True
    )
    assert list(to) == ["office"]


def test_the_command_runs_as_of_a_day(people, office):
    from io import StringIO

    from django.core.management import call_command

    petition = routed_case(people)
    out = StringIO()
    call_command("run_deadline_checks", "--today", "2026-03-18", stdout=out)
    assert "2026-03-18: 0 reminders, 1 overdue notices" in out.getvalue()
    assert kinds(petition) == [("overdue", date(2026, 3, 17))]


def test_the_command_refuses_a_future_day_without_force(people, office):
    from io import StringIO
    from unittest import mock

    from django.core.management import call_command
    from django.core.management.base import CommandError

    petition = routed_case(people)  # route clock due 2026-03-17
    real_today = "supervision.management.commands.run_deadline_checks.timezone.localdate"
    with mock.patch(real_today, return_value=date(2026, 3, 10)):
        with pytest.raises(CommandError, match="future"):
            call_command("run_deadline_checks", "--today", "2026-03-18", stdout=StringIO())
        assert not Reminder.objects.exists()
        assert not SupervisionNotice.objects.exists()
        assert not Notification.objects.filter(kind="overdue").exists()
        out = StringIO()
        call_command("run_deadline_checks", "--today", "2026-03-18", "--force", stdout=out)
    assert kinds(petition) == [("overdue", date(2026, 3, 17))]


def test_the_command_as_of_a_past_day_reminds_of_no_deadline_already_passed(people, office):
    from io import StringIO
    from unittest import mock

    from django.core.management import call_command

    petition = routed_case(people)  # route clock due 2026-03-17
    real_today = "supervision.management.commands.run_deadline_checks.timezone.localdate"
    # Caught up on 03-20 as of 03-12: "due in 5 days" would be about a day gone by.
    with mock.patch(real_today, return_value=date(2026, 3, 20)):
        out = StringIO()
        call_command("run_deadline_checks", "--today", "2026-03-12", stdout=out)
    assert "0 reminders" in out.getvalue()
    assert kinds(petition) == []
    # Caught up on the due day itself: the deadline has not passed, the reminder goes.
    with mock.patch(real_today, return_value=date(2026, 3, 17)):
        call_command("run_deadline_checks", "--today", "2026-03-12", stdout=StringIO())
    assert kinds(petition) == [("before_5", date(2026, 3, 17))]
