"""Plausible dates: one rule for every date a user types, and the bounds the
database enforces, so that no stored date can break a page.

A petition office records what happened from 2000 on, and plans at most a few
years ahead. Forms attach `PlausibleDate` to their date fields (directly or by
`bound_date_fields(form)`); models use EARLIEST_DATE / LATEST_DATE in check
constraints.
"""

from datetime import date, datetime, timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

EARLIEST_DATE = date(2000, 1, 1)
# The last date any stored due date may have (database check constraints).
LATEST_DATE = date(2100, 12, 31)
# How far ahead a user may plan (due dates, reception days, sensitive periods).
YEARS_AHEAD = 5

# Clocks differ a little: a time this far ahead of now still counts as now.
FUTURE_TOLERANCE = timedelta(hours=1)

# Headcounts (人数): above this, the number is a typing error.
MAX_HEADCOUNT = 100_000
validate_headcount = MaxValueValidator(
    MAX_HEADCOUNT, _("Enter the real number of people (at most %(limit_value)s).")
)


def years_after(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def latest_plannable(today: date | None = None) -> date:
    return years_after(today or timezone.localdate(), YEARS_AHEAD)


@deconstructible
class PlausibleDate:
    """Not before 2000-01-01; not after today (`past=True`) or more than
    YEARS_AHEAD years ahead. Accepts dates and datetimes (judged by local date)."""

    def __init__(self, *, past: bool = False):
        self.past = past

    def __call__(self, value):
        if value in (None, ""):
            return
        day = timezone.localtime(value).date() if isinstance(value, datetime) else value
        if isinstance(value, datetime) and timezone.is_naive(value):
            day = value.date()
        if day < EARLIEST_DATE:
            raise ValidationError(
                _("Enter a date from %(first)s on; check the year.")
                % {"first": EARLIEST_DATE.isoformat()},
                code="too_early",
            )
        today = timezone.localdate()
        if self.past and isinstance(value, datetime):
            if value > timezone.now() + FUTURE_TOLERANCE:
                raise ValidationError(_("The time cannot be in the future."), code="future")
        elif self.past and day > today:
            raise ValidationError(_("The date cannot be in the future."), code="future")
        if not self.past and day > latest_plannable(today):
            raise ValidationError(
                _("Enter a date at most %(years)d years ahead; check the year.")
                % {"years": YEARS_AHEAD},
                code="too_late",
            )

    def __eq__(self, other):
        return isinstance(other, PlausibleDate) and other.past == self.past


def bound_date_fields(form, *, past=()) -> None:
    """Give every date and date-time field of `form` the plausible-date rule; the
    fields named in `past` must also not be in the future."""
    for name, field in form.fields.items():
        if not isinstance(field, forms.DateField | forms.DateTimeField):
            continue
        if any(isinstance(v, PlausibleDate) for v in field.validators):
            continue
        field.validators.append(PlausibleDate(past=name in past))
