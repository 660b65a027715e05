"""Background jobs of the petitions app. Each is safe to run twice."""

from celery import shared_task

from . import services


@shared_task
def purge_pending_uploads() -> int:
    """Daily: remove files kept for forms left unfinished for more than a day."""
    return services.pending_uploads_purge()
