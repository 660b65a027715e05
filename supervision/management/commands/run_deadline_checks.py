from datetime import date

from django.core.management.base import BaseCommand, CommandError

from notifications.outbox import send_pending_emails
from supervision.alerts import run_deadline_checks


class Command(BaseCommand):
    help = (
        "Send the deadline reminders and overdue notices, issue supervision notices for "
        "overdue cases and close expired review windows (idempotent; runs daily at 07:00)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--today", help="run as of this day, YYYY-MM-DD (default: today)")

    def handle(self, *args, **options):
        today = None
        if options["today"]:
            try:
                today = date.fromisoformat(options["today"])
            except ValueError as error:
                raise CommandError("--today must be a date, YYYY-MM-DD.") from error
        summary = run_deadline_checks(today=today)
        emailed = send_pending_emails()
        self.stdout.write(
            f"{summary.day}: {summary.reminders} reminders, {summary.overdue} overdue notices, "
            f"{summary.supervision_notices} supervision notices, {summary.closed} cases closed, "
            f"{summary.notifications} notifications, {emailed} e-mails sent."
        )
