"""Statutory clocks: add N days to a date, in calendar or working days.

Pure date arithmetic, no database: the caller passes the admin's holiday
overrides. The rules (DESIGN.md §2, domain/regulations.md §2):

- the start day is not counted (民法典 201), so N days after the 1st is the 1st + N;
- plain 日 are calendar days; `working` mode counts only working days, using the
  official PRC schedule with its make-up workdays (调休) from `chinesecalendar`;
- a year the package does not know falls back to Monday to Friday, unless the
  office has entered that year's schedule as overrides;
- optionally a due date that falls on a rest day rolls to the next working day
  (民法典 203).
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

import chinese_calendar
from chinese_calendar import constants as _schedule
from django.conf import settings

CALENDAR = "calendar"
WORKING = "working"
MODES = (CALENDAR, WORKING)

KNOWN_YEARS = frozenset(day.year for day in _schedule.holidays) | frozenset(
    day.year for day in _schedule.workdays
)


@dataclass(frozen=True)
class WorkCalendar:
    """Which days are working days: official schedule, then the office's overrides."""

    overrides: Mapping[date, bool] = field(default_factory=dict)

    def is_workday(self, day: date) -> bool:
        if day in self.overrides:
            return self.overrides[day]
        if day.year in KNOWN_YEARS:
            return chinese_calendar.is_workday(day)
        return day.weekday() < 5

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

    def add(self, start: date, days: int, *, mode: str | None = None, roll: bool | None = None):
        """The due date `days` days after `start` (which is not counted)."""
        mode = mode or settings.DEADLINE_DAYS
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


def days_until(due: date, *, today: date, calendar: WorkCalendar | None = None) -> int:
    """Days from today to the due date in the clocks' own mode (DEADLINE_DAYS): calendar
    days, or working days on the work calendar. Negative once overdue (the days, or
    working days, since the due date). The one count every badge, list, reminder and
    export shows; `calendar` is needed only in working mode."""
    if settings.DEADLINE_DAYS != WORKING:
        return (due - today).days
    if calendar is None:
        raise ValueError("counting working days needs the work calendar")
    first, last, sign = (today, due, 1) if due >= today else (due, today, -1)
    count, day = 0, first
    while day < last:
        day += timedelta(days=1)
        if calendar.is_workday(day):
            count += 1
    return sign * count


def counts_working_days() -> bool:
    """Whether days_until needs the work calendar (callers load it only then)."""
    return settings.DEADLINE_DAYS == WORKING
