"""Flag the people who reached a key-person threshold in the last 12 months (daily;
idempotent: running it twice flags nobody twice)."""

from datetime import date

from django.core.management.base import BaseCommand

from risk.registers_services import key_persons_evaluate


class Command(BaseCommand):
    help = "Flag key petitioners (重点人员) by their petitions and skip-level visits in 12 months."

    def add_arguments(self, parser):
        parser.add_argument("--today", type=date.fromisoformat, default=None)

    def handle(self, *args, today=None, **options):
        flagged = key_persons_evaluate(today=today)
        self.stdout.write(f"{len(flagged)} key petitioner(s) flagged")
