"""A day mode per clock (CLOCK_DAY_MODES), the boundaries of the clocks in each mode, the
extension letter's original due date, the assign form's default, and the statutory
holidays of a year the bundled schedule does not know (2027 in chinesecalendar 1.11).

2026 (bundled): National Day Oct 1-7, make-up Saturday Oct 10; Christmas is a Friday.
2027 (not bundled): 除夕 is Friday Feb 5, 初一 Saturday Feb 6 (lunar-python).
"""

import os
import subprocess
import sys
from datetime import date

import chinese_calendar
import pytest
from django.conf import settings as django_settings
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone
from lunar_python import Lunar

from petitions import services
from petitions.deadlines import (
    WorkCalendar,
    clock_mode,
    counts_working_days,
    days_until,
    statutory_holidays,
)
from petitions.forms import AssignForm
from petitions.letters import original_handling_due
from petitions.models import CaseEvent, Holiday, Nature, Petition

from .factories import moment, register

D = date.fromisoformat
CAL = WorkCalendar()


# --- The day mode of each clock -------------------------------------------------------------


def test_every_clock_counts_calendar_days_by_default_but_the_objection_window():
    for clock in ("route", "acceptance", "handling", "review_request", "review", "rereview"):
        assert clock_mode(clock) == "calendar", clock
    assert clock_mode("objection") == "working"
    assert not counts_working_days()
    assert counts_working_days("objection")


def test_a_clock_named_in_clock_day_modes_counts_in_its_own_mode(settings):
    settings.CLOCK_DAY_MODES = {"handling": "working"}
    assert clock_mode("handling") == "working"
    assert clock_mode("route") == "calendar"
    assert counts_working_days()  # lists load the calendar: a case may be on handling
    assert not counts_working_days("review")


def test_deadline_days_is_the_mode_of_the_clocks_not_named(settings):
    settings.DEADLINE_DAYS = "working"
    settings.CLOCK_DAY_MODES = {"review": "calendar"}
    assert clock_mode("handling") == "working"
    assert clock_mode("review") == "calendar"
    assert clock_mode(None) == "working"


def test_the_objection_window_stays_in_working_days_whatever_is_set(settings):
    settings.CLOCK_DAY_MODES = {"objection": "calendar"}  # refused at start-up, see below
    assert clock_mode("objection") == "working"


def _settings_with(value: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DEBUG": "1", "CLOCK_DAY_MODES": value}
    code = "from django.conf import settings; print(sorted(settings.CLOCK_DAY_MODES.items()))"
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        env={**env, "DJANGO_SETTINGS_MODULE": "config.settings"},
        capture_output=True,
        text=True,
        cwd=django_settings.BASE_DIR,
        check=False,
    )


def test_clock_day_modes_is_read_from_the_environment_and_checked():
    ok = _settings_with("handling=working,review=calendar")
    assert ok.returncode == 0, ok.stderr
    assert "[('handling', 'working'), ('review', 'calendar')]" in ok.stdout
    for wrong, message in (
        ("objection=calendar", "always counts working days"),
        ("handlin=working", "unknown clock 'handlin'"),
        ("handling=business", "the mode is 'calendar' or 'working'"),
    ):
        result = _settings_with(wrong)
        assert result.returncode != 0, wrong
        assert message in result.stderr, result.stderr


def test_days_until_counts_in_the_mode_of_the_clock(settings):
    settings.CLOCK_DAY_MODES = {"handling": "working"}
    today, due = D("2026-09-28"), D("2026-10-09")
    # Sep 29, 30, Oct 8, 9 are working days; the rest is National Day or a weekend.
    assert days_until(due, today=today, calendar=CAL, clock="handling") == 4
    assert days_until(due, today=today, clock="route") == 11
    assert days_until(due, today=today, calendar=CAL, clock="objection") == 4
    with pytest.raises(ValueError, match="needs the work calendar"):
        days_until(due, today=today, clock="handling")


@pytest.mark.django_db
def test_a_working_day_handling_clock_leaves_the_other_clocks_in_calendar_days(people, settings):
    settings.CLOCK_DAY_MODES = {"handling": "working"}
    petition = register(by=people["clerk"], at=moment("2026-09-28"))
    assert petition.route_due == D("2026-10-13")  # Sep 28 + 15 calendar days
    petition = services.petition_accept(
        petition=petition, by=people["office"], at=moment("2026-09-28")
    )
    assert petition.handling_due == D("2026-12-25")  # 60 working days
    assert petition.acceptance_due == D("2026-10-13")


@pytest.mark.django_db
def test_the_due_badge_counts_each_row_in_its_clocks_mode(settings, django_assert_num_queries):
    settings.CLOCK_DAY_MODES = {"handling": "working"}
    template = Template(
        "{% load petitions %}{% due_badge due today 'handling' %}|{% due_badge due today 'route' %}"
    )
    with django_assert_num_queries(1):  # the work calendar, once per rendering
        html = template.render(Context({"due": D("2026-10-09"), "today": D("2026-09-28")}))
    assert "剩 4 个工作日" in html
    assert "剩 11 天" in html


# --- Boundaries: the due day and the day after ----------------------------------------------


def _assigned(people, on):
    petition = register(by=people["clerk"], at=moment(on), nature=Nature.APPEAL)
    return services.petition_assign(
        petition=petition,
        unit=people["unit"],
        due=D("2026-12-31"),
        by=people["clerk"],
        at=moment(on),
    )


@pytest.mark.django_db
@pytest.mark.parametrize("mode", ["calendar", "working"])
def test_objection_window_on_its_last_day_and_the_day_after(people, settings, mode):
    settings.DEADLINE_DAYS = mode
    # Mon Nov 2 + 5 working days: Mon Nov 9, in either mode.
    petition = _assigned(people, "2026-11-02")
    assert petition.objection_due == D("2026-11-09")
    calendar = Holiday.objects.work_calendar()
    assert (
        days_until(
            petition.objection_due, today=D("2026-11-09"), calendar=calendar, clock="objection"
        )
        == 0
    )
    assert (
        days_until(
            petition.objection_due, today=D("2026-11-10"), calendar=calendar, clock="objection"
        )
        == -1
    )

    on_due_day = services.petition_object(
        petition=petition, reason="不属本单位职责", by=people["handler"], at=moment("2026-11-09")
    )
    assert on_due_day.state == Petition.State.REGISTERED

    late = _assigned(people, "2026-11-02")
    with pytest.raises(services.ActionNotAllowed):
        services.petition_object(
            petition=late, reason="不属本单位职责", by=people["handler"], at=moment("2026-11-10")
        )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("mode", "due", "day_after", "late_text"),
    [
        # Sep 28 + 60 calendar days: Fri Nov 27; the day after is a Saturday.
        ("calendar", "2026-11-27", "2026-11-28", "超期 1 天"),
        # Sep 28 + 60 working days: Fri Dec 25; the Saturday after is overdue too.
        ("working", "2026-12-25", "2026-12-26", "超期 1 个工作日"),
    ],
)
def test_handling_clock_on_its_due_day_and_the_day_after(
    people, settings, mode, due, day_after, late_text
):
    settings.CLOCK_DAY_MODES = {"handling": mode}
    petition = register(by=people["clerk"], at=moment("2026-09-28"))
    petition = services.petition_accept(
        petition=petition, by=people["office"], at=moment("2026-09-28")
    )
    assert (petition.current_clock, petition.current_due) == ("handling", D(due))

    assert petition.days_left(D(due)) == 0
    assert not Petition.objects.overdue(D(due)).filter(pk=petition.pk).exists()
    assert petition.days_left(D(day_after)) == -1
    assert Petition.objects.overdue(D(day_after)).filter(pk=petition.pk).exists()

    clock = {c.name: c for c in petition.clocks(D(due))}["handling"]
    assert (clock.status, clock.days_left) == ("running", 0)
    late = {c.name: c for c in petition.clocks(D(day_after))}["handling"]
    assert (late.status, late.days_left) == ("overdue", -1)
    badge = Template("{% load petitions %}{% clock_badge clock %}").render(Context({"clock": late}))
    assert late_text in badge


# --- The extension letter's original due date -----------------------------------------------


def _extended_by_20_working_days(people):
    petition = register(by=people["clerk"], at=moment("2026-03-30"), nature=Nature.APPEAL)
    petition = services.petition_assign(
        petition=petition,
        unit=people["unit"],
        due=D("2026-05-27"),
        by=people["clerk"],
        at=moment("2026-03-30"),
    )
    petition = services.petition_receive(
        petition=petition, by=people["handler"], at=moment("2026-03-31")
    )
    petition = services.petition_request_extension(
        petition=petition,
        days=20,
        reason="需补充调查",
        by=people["handler"],
        at=moment("2026-05-20"),
    )
    return services.petition_approve_extension(
        petition=petition, by=people["leader"], at=moment("2026-05-21")
    )


@pytest.mark.django_db
def test_the_extension_letter_states_the_due_date_before_a_working_day_extension(
    client, people, settings
):
    settings.CLOCK_DAY_MODES = {"handling": "working"}
    petition = _extended_by_20_working_days(people)
    # 20 working days after May 27, across the Dragon Boat Festival (Jun 19).
    assert petition.handling_due == D("2026-06-25")
    # Not Jun 25 less 20 calendar days (Jun 5).
    assert original_handling_due(petition) == D("2026-05-27")

    client.force_login(people["handler"])
    url = reverse("petitions:letter", args=[petition.number, "extension"])
    html = client.get(url).content.decode()
    assert "原定于2026年5月27日前办结" in html
    assert "2026年6月5日" not in html


@pytest.mark.django_db
def test_the_original_due_date_is_derived_from_the_case_when_not_recorded(
    people, settings, office_handler, office_leader
):
    settings.CLOCK_DAY_MODES = {"handling": "working"}
    petition = _extended_by_20_working_days(people)
    # An extension approved before the event recorded the date.
    CaseEvent.objects.filter(petition=petition, action="approve_extension").update(
        payload={"days": 20}
    )
    assert original_handling_due(petition) == D("2026-05-27")

    own = register(by=people["clerk"], at=moment("2026-09-28"))
    own = services.petition_accept(petition=own, by=people["office"], at=moment("2026-09-28"))
    own = services.petition_request_extension(
        petition=own, days=5, reason="情况复杂", by=office_handler, at=moment("2026-12-01")
    )
    own = services.petition_approve_extension(
        petition=own, by=office_leader, at=moment("2026-12-02")
    )
    CaseEvent.objects.filter(petition=own, action="approve_extension").update(payload={"days": 5})
    assert own.handling_due == D("2027-01-04")  # Dec 25 + 5 working days, past 元旦
    assert original_handling_due(own) == D("2026-12-25")


# --- The assign form's default due date -----------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("mode", ["calendar", "working"])
def test_the_assign_forms_default_due_date_follows_the_handling_clock(people, settings, mode):
    settings.CLOCK_DAY_MODES = {"handling": mode}
    petition = register(by=people["clerk"])
    form = AssignForm(petition=petition, user=people["office"])
    expected = CAL.add(timezone.localdate(), 60, mode=mode, roll=False)
    assert form.fields["due"].initial == expected


# --- A year the bundled schedule does not know ----------------------------------------------


def test_the_lunar_library_places_2027s_spring_festival():
    new_year = Lunar.fromYmd(2027, 1, 1).getSolar()
    assert (new_year.getYear(), new_year.getMonth(), new_year.getDay()) == (2027, 2, 6)


def test_the_statutory_holidays_of_2027():
    assert statutory_holidays(2027) == {
        D("2027-01-01"),  # 元旦
        D("2027-02-05"),  # 除夕
        D("2027-02-06"),  # 春节 初一
        D("2027-02-07"),
        D("2027-02-08"),  # 初三
        D("2027-04-05"),  # 清明
        D("2027-05-01"),  # 劳动节
        D("2027-05-02"),
        D("2027-06-09"),  # 端午
        D("2027-09-15"),  # 中秋
        D("2027-10-01"),  # 国庆
        D("2027-10-02"),
        D("2027-10-03"),
    }


@pytest.mark.parametrize("year", [2025, 2026])
def test_every_statutory_holiday_is_a_holiday_in_the_published_schedule(year):
    """The same rule as the State Council's schedules of the years the package knows."""
    for day in statutory_holidays(year):
        assert chinese_calendar.is_holiday(day), day


def test_working_days_across_the_spring_festival_of_2027():
    assert not CAL.knows_year(2027)
    for day in ("2027-02-05", "2027-02-08"):  # a Friday and a Monday of the festival
        assert not CAL.is_workday(D(day)), day
    assert CAL.is_workday(D("2027-02-04"))
    assert CAL.is_workday(D("2027-02-09"))
    # Thu Feb 4 + 1 working day: Tue Feb 9 (not Fri Feb 5).
    assert CAL.add(D("2027-02-04"), 1, mode="working") == D("2027-02-09")
    # Wed Feb 3 + 5 working days: Feb 4, 9, 10, 11, 12.
    assert CAL.add(D("2027-02-03"), 5, mode="working") == D("2027-02-12")
    assert days_until(D("2027-02-12"), today=D("2027-02-03"), calendar=CAL, clock="objection") == 5
    # A calendar-day due date on the festival rolls past it when set.
    assert CAL.add(D("2027-01-29"), 7, mode="calendar", roll=True) == D("2027-02-09")


@pytest.mark.django_db
def test_an_office_override_wins_over_the_statutory_fallback(people):
    Holiday.objects.create(date=D("2027-02-08"), is_workday=True, note="春节调休上班")
    Holiday.objects.create(date=D("2027-02-10"), is_workday=False, note="春节调休")
    calendar = Holiday.objects.work_calendar()
    assert calendar.is_workday(D("2027-02-08"))
    assert not calendar.is_workday(D("2027-02-10"))
    assert calendar.add(D("2027-02-04"), 1, mode="working") == D("2027-02-08")
    assert calendar.add(D("2027-02-04"), 3, mode="working") == D("2027-02-11")

    # A case assigned on Wed Feb 3 2027: its objection window uses the overrides.
    petition = register(by=people["clerk"], at=moment("2027-02-03"))
    petition = services.petition_assign(
        petition=petition,
        unit=people["unit"],
        due=D("2027-04-30"),
        by=people["clerk"],
        at=moment("2027-02-03"),
    )
    # Feb 4, 8 (override), 9, 11, 12.
    assert petition.objection_due == D("2027-02-12")


@pytest.mark.django_db
def test_the_dashboard_warns_that_the_make_up_days_are_unknown(client, people, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args: D("2026-11-20"))
    client.force_login(people["office"])
    html = client.get("/").content.decode()
    assert "2027" in html
    assert "扣除法定节假日" in html
    assert "调休上班日和连休安排尚不掌握" in html
