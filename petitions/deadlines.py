"""Statutory clocks: add N days to a date, in calendar or working days.

Pure date arithmetic, no database: the caller passes the admin's holiday
overrides. The rules (DESIGN.md §2, domain/regulations.md §2):

- the start day is not counted (民法典 201), so N days after the 1st is the 1st + N;
- plain 日 are calendar days; each clock has its own mode (settings.CLOCK_DAY_MODES,
  else DEADLINE_DAYS); the objection window (XG 23 ¶3) always counts 工作日. Working
  days follow the official PRC schedule with its make-up workdays (调休) from
  `chinesecalendar`;
- a year the package does not know falls back to Monday to Friday less the fixed
  statutory holidays of 《全国年节及纪念日放假办法》 (2024 revision, in force 2025),
  computed from the lunar calendar; that year's 调休 make-up days are unknown, so the
  office's overrides (Holiday rows) come first and the dashboard warns until it enters
  them;
- optionally a due date that falls on a rest day rolls to the next working day
  (民法典 203).
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

import chinese_calendar
from chinese_calendar import constants as _schedule
from django.conf import settings
from lunar_python import Lunar, Solar

CALENDAR = "calendar"
WORKING = "working"
MODES = (CALENDAR, WORKING)

KNOWN_YEARS = frozenset(day.year for day in _schedule.holidays) | frozenset(
    day.year for day in _schedule.workdays
)

# The clocks someone must meet (a case's current clock, or a listed supervision): what
# lists, exports and reminders count. The objection window is shown on the case only.
DUTY_CLOCKS = ("route", "acceptance", "handling", "review", "rereview", "listed")
# The objection to an assignment is 5 工作日 by the statute (XG 23 ¶3), whatever is set.
ALWAYS_WORKING = frozenset({"objection"})


def clock_mode(clock: str | None = None) -> str:
    """The day mode of a clock: the objection window always working days; a clock named
    in CLOCK_DAY_MODES its own; any other DEADLINE_DAYS (calendar by default)."""
    if clock in ALWAYS_WORKING:
        return WORKING
    return settings.CLOCK_DAY_MODES.get(clock, settings.DEADLINE_DAYS)


@lru_cache(maxsize=64)
def statutory_holidays(year: int) -> frozenset[date]:
    """The fixed public holidays of 《全国年节及纪念日放假办法》 (2024 revision, from
    2025) in a year: 元旦 1 day, 春节 4 (除夕 to 初三), 清明 1 (the solar term), 劳动节
    2 (May 1-2), 端午 1 (lunar 5/5), 中秋 1 (lunar 8/15), 国庆 3 (Oct 1-3). Without the
    调休 the State Council publishes each year (weekends swapped into longer breaks)."""
    new_year = _solar(Lunar.fromYmd(year, 1, 1).getSolar())
    days = {
        date(year, 1, 1),
        *(new_year + timedelta(days=offset) for offset in range(-1, 3)),
        _qingming(year),
        date(year, 5, 1),
        date(year, 5, 2),
        _solar(Lunar.fromYmd(year, 5, 5).getSolar()),
        _solar(Lunar.fromYmd(year, 8, 15).getSolar()),
        date(year, 10, 1),
        date(year, 10, 2),
        date(year, 10, 3),
    }
    return frozenset(days)


def _solar(solar) -> date:
    return date(solar.getYear(), solar.getMonth(), solar.getDay())


def _qingming(year: int) -> date:
    """清明, the solar term, between April 3 and 6."""
    for day in range(3, 7):
        if Solar.fromYmd(year, 4, day).getLunar().getJieQi() == "清明":
            return date(year, 4, day)
    raise ValueError(f"no 清明 found in April {year}")


@dataclass(frozen=True)
class WorkCalendar:
    """Which days are working days: official schedule, then the office's overrides."""

    overrides: Mapping[date, bool] = field(default_factory=dict)
    # What is_workday answered, by day: the daily job asks it about a million times for a
    # few hundred days (chinese_calendar validates every call).
    _answers: dict = field(default_factory=dict, compare=False, repr=False)

    def is_workday(self, day: date) -> bool:
        answer = self._answers.get(day)
        if answer is None:
            answer = self._answers[day] = self._is_workday(day)
        return answer

    def _is_workday(self, day: date) -> bool:
        if day in self.overrides:
            return self.overrides[day]
        if day.year in KNOWN_YEARS:
            return chinese_calendar.is_workday(day)
        return day.weekday() < 5 and day not in statutory_holidays(day.year)

    def knows_year(self, year: int) -> bool:
        """Whether the year's holidays are known, from the package or the overrides."""
        return year in KNOWN_YEARS or any(day.year == year for day in self.overrides)

    def next_workday(self, day: date) -> date:
        while not self.is_workday(day):
            day += timedelta(days=1)
        return day

    def add_working_days(self, start: date, days: int) -> date:
        day = start
        counted = 0
        while counted < days:
            day += timedelta(days=1)
            if self.is_workday(day):
                counted += 1
        return day

    def add(
        self,
        start: date,
        days: int,
        *,
        clock: str | None = None,
        mode: str | None = None,
        roll: bool | None = None,
    ):
        """The due date `days` days after `start` (which is not counted), in the mode
        given, else the clock's (clock_mode)."""
        mode = mode or clock_mode(clock)
        if mode not in MODES:
            raise ValueError(f"unknown deadline mode {mode!r}; use one of {MODES}")
        if roll is None:
            roll = settings.DEADLINE_ROLL_TO_WORKDAY
        if mode == WORKING:
            return self.add_working_days(start, days)
        due = start + timedelta(days=days)
        return self.next_workday(due) if roll else due


def unknown_years(calendar: WorkCalendar, first: date, last: date) -> list[int]:
    """Years between two dates whose holiday schedule nobody has entered."""
    return [year for year in range(first.year, last.year + 1) if not calendar.knows_year(year)]


def days_until(
    due: date, *, today: date, calendar: WorkCalendar | None = None, clock: str | None = None
) -> int:
    """Days from today to the due date in the mode of the clock in question (clock_mode):
    calendar days, or working days on the work calendar. Negative once overdue (the
    days, or working days, since the due date). The one count every badge, list,
    reminder and export shows; `calendar` is needed only for a working-day clock."""
    if clock_mode(clock) != WORKING:
        return (due - today).days
    if calendar is None:
        raise ValueError("counting working days needs the work calendar")
    first, last, sign = (today, due, 1) if due >= today else (due, today, -1)
    count, day = 0, first
    while day < last:
        day += timedelta(days=1)
        if calendar.is_workday(day):
            count += 1
    if sign < 0:
        # The day after the due date is overdue even when it is a rest day.
        count = max(count, 1)
    return sign * count


def counts_working_days(clock: str | None = None) -> bool:
    """Whether days_until needs the work calendar (callers load it only then): for this
    clock, or without one, for any clock a case may be waiting on (DUTY_CLOCKS)."""
    if clock is not None:
        return clock_mode(clock) == WORKING
    return any(clock_mode(name) == WORKING for name in DUTY_CLOCKS)
