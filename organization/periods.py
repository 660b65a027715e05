"""Reporting periods: the calendar month, or the 业务月 from the 21st to the 20th.

Many petition offices count a "business month" that runs from the 21st of the
previous month to the 20th, so that the monthly notice can go out at the start
of the month. Which one applies is the REPORT_MONTH setting; every report names
its exact date range either way.
"""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.utils.translation import gettext as _

from organization.dates import EARLIEST_DATE, LATEST_DATE

# The months a report can be about: the year before a period is compared too.
FIRST_YEAR = EARLIEST_DATE.year + 1
LAST_YEAR = LATEST_DATE.year

CALENDAR = "calendar"
BUSINESS = "business"


@dataclass(frozen=True, order=True)
class Period:
    year: int
    month: int
    first: date
    last: date

    @classmethod
    def of(cls, year: int, month: int, mode: str | None = None) -> "Period":
        mode = mode or settings.REPORT_MONTH
        if mode == BUSINESS:
            previous_year, previous_month = (year - 1, 12) if month == 1 else (year, month - 1)
            return cls(year, month, date(previous_year, previous_month, 21), date(year, month, 20))
        if mode != CALENDAR:
            raise ValueError(f"REPORT_MONTH must be {CALENDAR!r} or {BUSINESS!r}, not {mode!r}")
        last_day = calendar.monthrange(year, month)[1]
        return cls(year, month, date(year, month, 1), date(year, month, last_day))

    @classmethod
    def parse(cls, text: str, mode: str | None = None) -> "Period":
        """From "YYYY-MM" between FIRST_YEAR and LAST_YEAR; ValueError on anything else."""
        year, month = text.split("-")
        digits = year + month
        if len(year) != 4 or len(month) != 2 or not (digits.isascii() and digits.isdigit()):
            raise ValueError(text)
        if not FIRST_YEAR <= int(year) <= LAST_YEAR or not 1 <= int(month) <= 12:
            raise ValueError(text)
        return cls.of(int(year), int(month), mode)

    @classmethod
    def containing(cls, day: date, mode: str | None = None) -> "Period":
        mode = mode or settings.REPORT_MONTH
        if mode == BUSINESS and day.day >= 21:
            following = day.replace(day=1) + timedelta(days=32)
            return cls.of(following.year, following.month, mode)
        return cls.of(day.year, day.month, mode)

    @classmethod
    def last_completed(cls, today: date, mode: str | None = None) -> "Period":
        """The most recent period that has ended before `today`."""
        return cls.containing(today, mode).previous(mode)

    def previous(self, mode: str | None = None) -> "Period":
        year, month = (self.year - 1, 12) if self.month == 1 else (self.year, self.month - 1)
        return Period.of(year, month, mode or self._mode)

    def a_year_earlier(self) -> "Period":
        return Period.of(self.year - 1, self.month, self._mode)

    def months_back(self, count: int) -> list["Period"]:
        """This period and the `count - 1` before it, oldest first."""
        periods = [self]
        while len(periods) < count:
            periods.append(periods[-1].previous())
        return periods[::-1]

    @property
    def _mode(self) -> str:
        return BUSINESS if self.first.day == 21 else CALENDAR

    @property
    def key(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def label(self) -> str:
        return _("%(year)d-%(month)02d") % {"year": self.year, "month": self.month}

    @property
    def range_label(self) -> str:
        return _("%(first)s to %(last)s") % {
            "first": self.first.isoformat(),
            "last": self.last.isoformat(),
        }

    def __contains__(self, day: date) -> bool:
        return self.first <= day <= self.last
