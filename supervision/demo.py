"""The demo's deadline run: this morning's reminders, overdue notices and 督办单."""

from django.utils import timezone

from .alerts import run_deadline_checks


def seed(context):
    checks = run_deadline_checks(today=timezone.localdate())
    context.notes.append(
        f"Deadline checks: {checks.reminders} reminders, {checks.overdue} overdue notices, "
        f"{checks.supervision_notices} supervision notices, {checks.closed} cases closed."
    )
