from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from reports.exports import notice_pdf, notice_workbook_file
from reports.periods import Period
from reports.services import notice_build, notice_prepare_last_period


class Command(BaseCommand):
    help = (
        "Build the monthly notice's draft for a month (replacing an earlier draft, never a "
        "published notice) and optionally write its workbook and PDF."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--month",
            help="YYYY-MM; without it, the last completed month, as the monthly job does "
            "(its files kept with the draft and the office told)",
        )
        parser.add_argument("--xlsx", type=Path, help="write the workbook here")
        parser.add_argument("--pdf", type=Path, help="write the printed notice here")

    def handle(self, *args, **options):
        if options["month"] is None:
            notice, done = notice_prepare_last_period(today=timezone.localdate())
            period = notice.period
            if done == "already drafted":
                self.stdout.write(
                    f"Monthly notice {period.key} already drafted: figures and files "
                    "refreshed, nobody notified again."
                )
        else:
            try:
                period = Period.parse(options["month"])
            except ValueError as error:
                raise CommandError(
                    f"--month must look like 2026-10, not {options['month']!r}"
                ) from error
            notice = notice_build(period=period)
        state = "draft" if notice.is_draft else "published (unchanged)"
        self.stdout.write(
            f"Monthly notice {period.key} v{notice.version}: {state}, "
            f"{period.first} to {period.last}, "
            f"figures taken at {timezone.localtime(notice.built_at):%Y-%m-%d %H:%M}."
        )
        if options["xlsx"]:
            # A published month's workbook is the one kept at publication.
            with notice_workbook_file(notice) as workbook:
                options["xlsx"].write_bytes(workbook.read())
            self.stdout.write(f"Workbook: {options['xlsx']}")
        if options["pdf"]:
            options["pdf"].write_bytes(notice_pdf(notice))
            self.stdout.write(f"PDF: {options['pdf']}")
