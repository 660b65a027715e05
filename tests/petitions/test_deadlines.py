"""Statutory clocks: WorkCalendar arithmetic, then every due date a petition carries.

2026 is in the bundled schedule: Spring Festival Feb 15-23 with make-up working
Saturdays Feb 14 and Feb 28; National Day Oct 1-7 with a make-up Saturday Oct 10.
2027 is not, so it falls back to Monday to Friday unless the office enters it.
"""

from datetime import date

import pytest

from petitions import services
from petitions.deadlines import WorkCalendar, unknown_years
from petitions.models import Holiday, Nature, Petition

from .factories import OUTSIDE_ORGAN, moment, register, serve

D = date.fromisoformat
CAL = WorkCalendar()


# --- WorkCalendar: calendar mode ------------------------------------------------------


def test_calendar_mode_does_not_count_the_start_day():
    assert CAL.add(D("2026-01-05"), 1, mode="calendar", roll=False) == D("2026-01-06")
    assert CAL.add(D("2026-01-05"), 15, mode="calendar", roll=False) == D("2026-01-20")
    assert CAL.add(D("2026-01-05"), 0, mode="calendar", roll=False) == D("2026-01-05")


def test_calendar_mode_counts_holidays_and_weekends_as_days():
    # Sep 28 + 5 lands inside National Day; without rolling it stays there.
    assert CAL.add(D("2026-09-28"), 5, mode="calendar", roll=False) == D("2026-10-03")
    assert CAL.add(D("2026-09-28"), 60, mode="calendar", roll=False) == D("2026-11-27")


def test_calendar_mode_crosses_month_and_year_ends():
    assert CAL.add(D("2026-12-20"), 15, mode="calendar", roll=False) == D("2027-01-04")
    assert CAL.add(D("2028-02-14"), 15, mode="calendar", roll=False) == D("2028-02-29")


def test_calendar_mode_reads_the_settings(settings):
    settings.DEADLINE_DAYS = "calendar"
    settings.DEADLINE_ROLL_TO_WORKDAY = False
    assert CAL.add(D("2026-09-28"), 5) == D("2026-10-03")
    settings.DEADLINE_ROLL_TO_WORKDAY = True
    assert CAL.add(D("2026-09-28"), 5) == D("2026-10-08")
    settings.DEADLINE_DAYS = "working"
    assert CAL.add(D("2026-09-28"), 5) == D("2026-10-10")


def test_unknown_mode_is_refused():
    with pytest.raises(ValueError, match="unknown deadline mode"):
        CAL.add(D("2026-01-05"), 1, mode="business")


# --- Rolling to the next working day (民法典 203) --------------------------------------


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        ("2026-09-28", 5, "2026-10-08"),  # Oct 3, inside National Day, rolls past Oct 7
        ("2026-10-05", 5, "2026-10-10"),  # Oct 10 is a make-up Saturday: a working day
        ("2026-10-07", 4, "2026-10-12"),  # Sunday Oct 11 rolls to Monday
        ("2026-02-09", 5, "2026-02-14"),  # Feb 14 is a make-up Saturday: stays
        ("2026-02-09", 6, "2026-02-24"),  # Feb 15, first day of Spring Festival, rolls
        ("2026-01-05", 10, "2026-01-15"),  # a working day: unchanged
        ("2027-01-01", 1, "2027-01-04"),  # unknown year: Saturday rolls to Monday
    ],
)
def test_a_due_date_on_a_rest_day_rolls_to_the_next_working_day(start, days, due):
    assert CAL.add(D(start), days, mode="calendar", roll=True) == D(due)


def test_next_workday_of_a_working_day_is_that_day():
    assert CAL.next_workday(D("2026-10-10")) == D("2026-10-10")
    assert CAL.next_workday(D("2026-10-01")) == D("2026-10-08")


# --- WorkCalendar: working mode, official 2026 schedule ---------------------------------


def test_official_schedule_of_2026():
    for day in ("2026-02-14", "2026-02-28", "2026-10-10", "2026-10-08"):
        assert CAL.is_workday(D(day)), day
    for day in ("2026-02-15", "2026-02-16", "2026-02-23", "2026-10-01", "2026-10-07"):
        assert not CAL.is_workday(D(day)), day
    # An ordinary weekend.
    assert not CAL.is_workday(D("2026-10-11"))
    assert not CAL.is_workday(D("2026-03-07"))


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        # National Day: Sep 29, 30, [Oct 1-7 off], Oct 8, 9, Sat Oct 10 (make-up).
        ("2026-09-28", 1, "2026-09-29"),
        ("2026-09-28", 3, "2026-10-08"),
        ("2026-09-28", 5, "2026-10-10"),
        ("2026-09-28", 6, "2026-10-12"),
        ("2026-09-30", 1, "2026-10-08"),
        # Spring Festival: Fri Feb 13, Sat Feb 14 (make-up), [Feb 15-23 off], Feb 24 ...
        ("2026-02-12", 1, "2026-02-13"),
        ("2026-02-12", 2, "2026-02-14"),
        ("2026-02-12", 3, "2026-02-24"),
        ("2026-02-12", 5, "2026-02-26"),
        ("2026-02-12", 7, "2026-02-28"),  # Sat Feb 28, the second make-up day
        ("2026-02-12", 8, "2026-03-02"),
        # A start on a holiday counts from the next working day.
        ("2026-10-03", 1, "2026-10-08"),
        # An ordinary week: Monday + 5 working days is the next Monday.
        ("2026-11-02", 5, "2026-11-09"),
        ("2026-10-12", 30, "2026-11-23"),
    ],
)
def test_working_mode_follows_the_official_schedule(start, days, due):
    assert CAL.add(D(start), days, mode="working") == D(due)
    assert CAL.add_working_days(D(start), days) == D(due)


def test_working_mode_ignores_the_roll_setting():
    # A working-day count always ends on a working day.
    assert CAL.add(D("2026-09-28"), 5, mode="working", roll=True) == D("2026-10-10")
    assert CAL.add(D("2026-09-28"), 5, mode="working", roll=False) == D("2026-10-10")


# --- A year without bundled data, and the office's overrides --------------------------------


def test_a_year_without_bundled_data_falls_back_to_the_statutory_holidays():
    # Monday to Friday less the fixed holidays (test_clock_modes.py has them all).
    assert not CAL.knows_year(2027)
    # New Year's Day 2027 is a Friday: a statutory holiday even without the schedule.
    assert not CAL.is_workday(D("2027-01-01"))
    assert not CAL.is_workday(D("2027-01-02"))
    assert not CAL.is_workday(D("2027-01-03"))
    assert CAL.is_workday(D("2027-01-04"))
    assert CAL.add(D("2026-12-31"), 1, mode="working") == D("2027-01-04")
    assert CAL.add(D("2027-01-01"), 5, mode="working") == D("2027-01-08")


@pytest.mark.django_db
def test_holiday_overrides_take_precedence_over_the_fallback():
    Holiday.objects.create(date=D("2027-01-01"), is_workday=False, note="元旦")
    Holiday.objects.create(date=D("2027-02-06"), is_workday=True, note="春节调休")
    calendar = Holiday.objects.work_calendar()

    assert calendar.knows_year(2027)
    assert not calendar.is_workday(D("2027-01-01"))
    assert calendar.is_workday(D("2027-02-06"))  # a Saturday worked
    assert calendar.add(D("2026-12-31"), 1, mode="working") == D("2027-01-04")
    assert calendar.add(D("2027-02-05"), 1, mode="working") == D("2027-02-06")
    assert calendar.add(D("2026-12-31"), 1, mode="calendar", roll=True) == D("2027-01-04")


@pytest.mark.django_db
def test_holiday_overrides_take_precedence_over_the_official_schedule():
    Holiday.objects.create(date=D("2026-10-10"), is_workday=False, note="调休取消")
    Holiday.objects.create(date=D("2026-10-03"), is_workday=True, note="值班")
    calendar = Holiday.objects.work_calendar()

    assert not calendar.is_workday(D("2026-10-10"))
    assert calendar.is_workday(D("2026-10-03"))
    assert calendar.add(D("2026-09-28"), 3, mode="working") == D("2026-10-03")
    assert calendar.add(D("2026-09-28"), 6, mode="working") == D("2026-10-12")


def test_unknown_years_lists_the_years_nobody_has_entered():
    assert unknown_years(CAL, D("2026-01-01"), D("2026-12-31")) == []
    assert unknown_years(CAL, D("2026-12-01"), D("2027-03-01")) == [2027]
    assert unknown_years(CAL, D("2026-12-01"), D("2028-03-01")) == [2027, 2028]
    with_2027 = WorkCalendar({D("2027-01-01"): False})
    assert unknown_years(with_2027, D("2026-12-01"), D("2028-03-01")) == [2028]


# --- Petition.recompute_due_dates: every clock, both modes ----------------------------------

# received and assigned Mon Sep 28 2026; received Oct 9; replied Oct 12; review
# requested Oct 19; review issued Nov 2; re-review requested Nov 9.
EXPECTED = {
    "calendar": {
        "route": "2026-10-13",  # Sep 28 + 15
        "acceptance": "2026-10-13",
        "objection": "2026-10-10",  # 5 working days, whatever the mode
        "handling_own": "2026-11-27",  # Sep 28 + 60
        "review_window": "2026-11-11",  # Oct 12 + 30
        "review": "2026-11-18",  # Oct 19 + 30
        "rereview_window": "2026-12-02",  # Nov 2 + 30
        "rereview": "2026-12-09",  # Nov 9 + 30
    },
    "working": {
        "route": "2026-10-23",  # 15 working days across National Day
        "acceptance": "2026-10-23",
        "objection": "2026-10-10",
        "handling_own": "2026-12-25",  # 60 working days
        "review_window": "2026-11-23",  # six plain weeks
        "review": "2026-11-30",
        "rereview_window": "2026-12-14",
        "rereview": "2026-12-21",
    },
}


def expect(mode, clock):
    return D(EXPECTED[mode][clock])


@pytest.fixture(params=["calendar", "working"])
def mode(request, settings):
    settings.DEADLINE_DAYS = request.param
    return request.param


@pytest.mark.django_db
def test_a_new_case_runs_the_routing_clock(people, mode):
    petition = register(by=people["clerk"], at=moment("2026-09-28"))
    assert petition.route_due == expect(mode, "route")
    assert petition.acceptance_due == expect(mode, "acceptance")
    assert petition.objection_due is None
    assert petition.handling_due is None
    assert (petition.current_clock, petition.current_due) == ("route", expect(mode, "route"))


@pytest.mark.django_db
def test_routing_due_date_rolls_off_a_holiday_when_set(people, settings):
    settings.DEADLINE_ROLL_TO_WORKDAY = True
    petition = register(by=people["clerk"], at=moment("2026-09-22"))
    assert petition.route_due == D("2026-10-08")  # Oct 7 is National Day
    settings.DEADLINE_ROLL_TO_WORKDAY = False
    petition = register(by=people["clerk"], at=moment("2026-09-22"))
    assert petition.route_due == D("2026-10-07")


@pytest.mark.django_db
def test_clock_lengths_are_settings(people, settings):
    settings.PETITION_CLOCK_DAYS = {**settings.PETITION_CLOCK_DAYS, "route": 5, "handling": 30}
    petition = register(by=people["clerk"], at=moment("2026-11-02"))
    assert petition.route_due == D("2026-11-07")
    petition = services.petition_accept(
        petition=petition, by=people["office"], at=moment("2026-11-02")
    )
    assert petition.handling_due == D("2026-12-02")


@pytest.mark.django_db
def test_assigned_case_clocks(people, mode):
    petition = register(by=people["clerk"], at=moment("2026-09-28"))
    petition = services.petition_assign(
        petition=petition,
        unit=people["unit"],
        due=D("2026-11-30"),
        by=people["clerk"],
        at=moment("2026-09-28"),
    )
    assert petition.acceptance_due == expect(mode, "acceptance")
    assert petition.objection_due == expect(mode, "objection")
    # The office's due date is the handling clock of an assigned case.
    assert petition.handling_due == D("2026-11-30")
    assert (petition.current_clock, petition.current_due) == (
        "acceptance",
        expect(mode, "acceptance"),
    )

    petition = services.petition_receive(
        petition=petition, by=people["handler"], at=moment("2026-10-09")
    )
    assert petition.handling_due == D("2026-11-30")
    assert (petition.current_clock, petition.current_due) == ("handling", D("2026-11-30"))


@pytest.mark.django_db
def test_objection_window_is_five_working_days_in_either_mode(people, settings):
    for mode in ("calendar", "working"):
        settings.DEADLINE_DAYS = mode
        petition = register(by=people["clerk"], at=moment("2026-09-28"))
        petition = services.petition_assign(
            petition=petition,
            unit=people["unit"],
            due=D("2026-11-30"),
            by=people["clerk"],
            at=moment("2026-09-28"),
        )
        assert petition.objection_due == D("2026-10-10"), mode


@pytest.mark.django_db
def test_services_count_with_the_offices_holiday_overrides(people):
    Holiday.objects.create(date=D("2026-10-09"), is_workday=False, note="停工")
    petition = register(by=people["clerk"], at=moment("2026-09-28"))
    petition = services.petition_assign(
        petition=petition,
        unit=people["unit"],
        due=D("2026-11-30"),
        by=people["clerk"],
        at=moment("2026-09-28"),
    )
    # Sep 29, 30, Oct 8, Oct 10, Oct 12.
    assert petition.objection_due == D("2026-10-12")


@pytest.mark.django_db
def test_office_accepted_case_gets_the_statutory_handling_clock(people, mode):
    petition = register(by=people["clerk"], at=moment("2026-09-28"))
    petition = services.petition_accept(
        petition=petition, by=people["office"], at=moment("2026-09-28")
    )
    assert petition.handling_due == expect(mode, "handling_own")
    # The office tells the petitioner itself: counted from receipt.
    assert petition.acceptance_due == expect(mode, "acceptance")
    assert petition.objection_due is None
    assert (petition.current_clock, petition.current_due) == (
        "handling",
        expect(mode, "handling_own"),
    )


@pytest.mark.django_db
def test_review_and_rereview_clocks(people, mode):
    petition = register(by=people["clerk"], at=moment("2026-09-28"))
    petition = services.petition_assign(
        petition=petition,
        unit=people["unit"],
        due=D("2026-11-30"),
        by=people["clerk"],
        at=moment("2026-09-28"),
    )
    for step, by in (
        (services.petition_receive, "handler"),
        (
            lambda **kw: services.petition_submit_report(
                report="报告", opinion="support", text="答复", basis="依据", **kw
            ),
            "handler",
        ),
        (services.petition_sign_off, "leader"),
    ):
        petition = step(petition=petition, by=people[by], at=moment("2026-10-09"))

    petition = services.petition_approve(
        petition=petition, by=people["office"], at=moment("2026-10-12")
    )
    # The window runs from service (XG 35): served the day it was approved.
    petition = serve(petition, "reply", by=people["office"], at=moment("2026-10-12"))
    assert petition.state == Petition.State.REPLIED
    assert petition.review_window_end == expect(mode, "review_window")
    assert (petition.current_clock, petition.current_due) == ("", None)

    petition = services.petition_request_review(
        petition=petition, by=people["office"], at=moment("2026-10-19")
    )
    assert petition.review_due == expect(mode, "review")
    assert (petition.current_clock, petition.current_due) == ("review", expect(mode, "review"))

    petition = services.petition_issue_review(
        petition=petition,
        result="uphold",
        text="维持",
        by=people["office"],
        at=moment("2026-11-02"),
    )
    petition = serve(petition, "review", by=people["office"], at=moment("2026-11-02"))
    assert petition.rereview_window_end == expect(mode, "rereview_window")
    assert (petition.current_clock, petition.current_due) == ("", None)

    petition = services.petition_request_rereview(
        petition=petition, organ=OUTSIDE_ORGAN, by=people["office"], at=moment("2026-11-09")
    )
    assert petition.rereview_due == expect(mode, "rereview")
    assert (petition.current_clock, petition.current_due) == (
        "rereview",
        expect(mode, "rereview"),
    )

    petition = services.petition_issue_rereview(
        petition=petition,
        result="uphold",
        text="维持",
        by=people["office"],
        at=moment("2026-11-20"),
    )
    assert petition.state == Petition.State.FINAL
    assert (petition.current_clock, petition.current_due) == ("", None)
    # The history of due dates stays on the row.
    assert petition.review_due == expect(mode, "review")


def _assigned_in_progress(people, due):
    petition = register(by=people["clerk"], at=moment("2026-09-28"), nature=Nature.APPEAL)
    petition = services.petition_assign(
        petition=petition, unit=people["unit"], due=due, by=people["clerk"], at=moment("2026-09-28")
    )
    return services.petition_receive(
        petition=petition, by=people["handler"], at=moment("2026-09-29")
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("mode", "roll", "extended_due"),
    [
        ("calendar", False, "2026-10-05"),  # Sep 30 + 5 calendar days
        ("calendar", True, "2026-10-08"),  # Oct 5 is National Day: rolls
        ("working", False, "2026-10-13"),  # Oct 8, 9, 10 (make-up), 12, 13
    ],
)
def test_an_approved_extension_adds_its_days_in_the_configured_mode(
    people, settings, mode, roll, extended_due
):
    settings.DEADLINE_DAYS = mode
    settings.DEADLINE_ROLL_TO_WORKDAY = roll
    petition = _assigned_in_progress(people, due=D("2026-09-30"))
    assert petition.handling_due == D("2026-09-30")

    petition = services.petition_request_extension(
        petition=petition,
        days=5,
        reason="需补充调查",
        by=people["handler"],
        at=moment("2026-09-29"),
    )
    # Asking moves nothing.
    assert petition.handling_due == D("2026-09-30")

    petition = services.petition_approve_extension(
        petition=petition, by=people["leader"], at=moment("2026-09-30")
    )
    assert petition.extension == Petition.Extension.APPROVED
    assert petition.handling_due == D(extended_due)
    assert (petition.current_clock, petition.current_due) == ("handling", D(extended_due))


@pytest.mark.django_db
def test_an_extension_of_the_offices_own_case_extends_the_60_days(
    people, office_handler, office_leader
):
    petition = register(by=people["clerk"], at=moment("2026-09-28"))
    petition = services.petition_accept(
        petition=petition, by=people["office"], at=moment("2026-09-28")
    )
    assert petition.handling_due == D("2026-11-27")
    petition = services.petition_request_extension(
        petition=petition, days=20, reason="情况复杂", by=office_handler, at=moment("2026-11-20")
    )
    petition = services.petition_approve_extension(
        petition=petition, by=office_leader, at=moment("2026-11-21")
    )
    assert petition.handling_due == D("2026-12-17")
    assert petition.current_due == D("2026-12-17")


@pytest.mark.django_db
def test_a_refused_extension_leaves_the_due_date(people):
    petition = _assigned_in_progress(people, due=D("2026-11-30"))
    petition = services.petition_request_extension(
        petition=petition,
        days=10,
        reason="需补充调查",
        by=people["handler"],
        at=moment("2026-11-20"),
    )
    petition = services.petition_refuse_extension(
        petition=petition, reason="理由不足", by=people["leader"], at=moment("2026-11-21")
    )
    assert petition.extension == Petition.Extension.NONE
    assert petition.extension_days is None
    assert petition.handling_due == D("2026-11-30")


@pytest.mark.django_db
def test_an_objection_returns_the_case_to_the_routing_clock(people):
    petition = register(by=people["clerk"], at=moment("2026-09-28"))
    petition = services.petition_assign(
        petition=petition,
        unit=people["unit"],
        due=D("2026-11-30"),
        by=people["clerk"],
        at=moment("2026-09-28"),
    )
    petition = services.petition_object(
        petition=petition, reason="不属本单位职责", by=people["handler"], at=moment("2026-10-08")
    )
    assert petition.objection_due is None
    assert petition.handling_due is None
    assert petition.acceptance_due == D("2026-10-13")  # from receipt again
    assert (petition.current_clock, petition.current_due) == ("route", D("2026-10-13"))


@pytest.mark.django_db
def test_end_states_run_no_clock(people):
    petition = register(by=people["clerk"], at=moment("2026-09-28"))
    petition = services.petition_transfer(
        petition=petition, organ="市人社局", note="属人社部门职责", by=people["clerk"]
    )
    assert (petition.current_clock, petition.current_due) == ("", None)
