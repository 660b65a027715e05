from django.core.management.base import BaseCommand

from petitions.services import pending_uploads_purge


class Command(BaseCommand):
    help = (
        "Remove the files kept for registration forms that came back with errors and were "
        "not submitted again within a day (idempotent; the beat runs it daily at 03:30)."
    )

    def handle(self, *args, **options):
        removed = pending_uploads_purge()
        self.stdout.write(f"Removed {removed} kept file(s) older than a day.")
