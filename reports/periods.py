"""Reporting periods now live in organization.periods (risk needs them too, and sits
below reports); re-exported here so reports' imports keep working."""

from organization.periods import BUSINESS, CALENDAR, FIRST_YEAR, LAST_YEAR, Period

__all__ = ["BUSINESS", "CALENDAR", "FIRST_YEAR", "LAST_YEAR", "Period"]
