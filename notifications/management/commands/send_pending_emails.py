from django.core.management.base import BaseCommand

from notifications.outbox import send_pending_emails


class Command(BaseCommand):
    help = (
        "Send the e-mails of notifications still waiting in the outbox (idempotent; "
        "run it every few minutes from cron when REDIS_URL is unset)."
    )

    def handle(self, *args, **options):
        sent = send_pending_emails()
        self.stdout.write(f"{sent} e-mails sent.")
