"""Reads that may be served by a read replica: reports and exports.

A deployment with a PostgreSQL streaming replica sets DATABASE_REPLICA_URL; the
settings then add the `replica` database alias and config.routers.ReplicaRouter.
Code that only reads for a report or an export runs inside `replica_reads()` (or
under the decorator): the router sends its queries to the replica. Everything
else, every write, and every read outside these blocks stays on the primary, so a
page never reads its own write from a replica that has not caught up yet.

Without a replica (the default, one machine) this changes nothing.
"""

from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps

from django.conf import settings

_reading_replica: ContextVar[bool] = ContextVar("reading_replica", default=False)


def replica_alias() -> str | None:
    """The database alias report and export reads go to now, if any."""
    alias = getattr(settings, "READ_REPLICA", None)
    if alias and _reading_replica.get() and alias in settings.DATABASES:
        return alias
    return None


@contextmanager
def replica_reads():
    token = _reading_replica.set(True)
    try:
        yield
    finally:
        _reading_replica.reset(token)


def reads_from_replica(view):
    """A read-only view (GET) whose queries the replica may serve."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        with replica_reads():
            return view(*args, **kwargs)

    return wrapper


def streamed_from_replica(chunks):
    """A response's chunks produced with the replica serving their reads (a streamed
    export reads its rows after the view has returned)."""
    with replica_reads():
        yield from chunks
