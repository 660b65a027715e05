from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from notifications.outbox import send_pending_emails
from supervision.alerts import run_deadline_checks


class Command(BaseCommand):
    help = (
        "Send the deadline reminders and overdue notices, issue supervision notices for "
        "overdue cases and close expired review windows (idempotent; runs daily at 07:00)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--today", help="run as of this day, YYYY-MM-DD (default: today)")
        parser.add_argument(
            "--force",
            action="store_true",
            help="allow --today in the future (closes cases, issues 督办单 and sends overdue "
            "notices as of that day)",
        )

    def handle(self, *args, **options):
        today = None
        if options["today"]:
            try:
                today = date.fromisoformat(options["today"])
            except ValueError as error:
                raise CommandError("--today must be a date, YYYY-MM-DD.") from error
            if today > timezone.localdate() and not options["force"]:
                raise CommandError(
                    f"--today {today} is in the future: the run would close cases, issue "
                    "supervision notices dated that day and tell people their cases are "
                    "overdue. Add --force if that is really meant."
                )
        # As of a past day, a deadline passed since then gets no reminder before it.
        summary = run_deadline_checks(today=today, now=timezone.localdate())
        emailed = send_pending_emails()
        self.stdout.write(
            f"{summary.day}: {summary.reminders} reminders, {summary.overdue} overdue notices, "
            f"{summary.supervision_notices} supervision notices, {summary.closed} cases closed, "
            f"{summary.notifications} notifications, {emailed} e-mails sent."
        )
