"""Liveness of the services the application depends on."""

import redis
from django.conf import settings
from django.db import DatabaseError, connection
from django.db.models import Count, Min
from django.utils import timezone


def database_status() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return "down"
    return "ok"


def broker_status() -> str:
    """ "disabled" without a broker (tasks run in-process), else "ok" or "down"."""
    if not settings.REDIS_URL:
        return "disabled"
    client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1)
    try:
        client.ping()
    except (redis.RedisError, OSError):
        return "down"
    finally:
        client.close()
    return "ok"


def email_status() -> dict:
    """The e-mail outbox: how many messages wait to be sent and how long the oldest has
    waited (seconds; None when none waits). A growing age means delivery has stopped."""
    from notifications.models import Notification

    try:
        pending = Notification.objects.email_pending().aggregate(
            count=Count("pk"), oldest=Min("created_at")
        )
    except DatabaseError:
        return {"status": "unknown", "pending": None, "oldest_pending_seconds": None}
    oldest = pending["oldest"]
    age = int((timezone.now() - oldest).total_seconds()) if oldest else None
    return {"status": "ok", "pending": pending["count"], "oldest_pending_seconds": age}
