from datetime import date

from django.core.management.base import BaseCommand

from risk.screening_services import run_daily


class Command(BaseCommand):
    help = "Screening due-day reminders and sensitive-period daily reminders (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--today", type=date.fromisoformat, default=None)

    def handle(self, *args, **options):
        summary = run_daily(today=options["today"])
        self.stdout.write(", ".join(f"{key}: {value}" for key, value in summary.items()))
