"""Many new rows of a model in one statement per batch, for the jobs that write hundreds
of thousands (the daily deadline run's events, reminders, notices and notifications).

`bulk_create` prepares every value of every row through its field and writes a
VALUES list: for the daily run's first pass at 10^6 cases (~450,000 rows) that was
~15 s of Python. Here each column is one array parameter, written as PostgreSQL's
array literal (one string, not a value adapted at a time), and PostgreSQL unpacks the
arrays:

    INSERT INTO t (a, b) SELECT * FROM unnest(%s::bigint[], %s::text[]) RETURNING id

The rows are model instances, as for bulk_create: their defaults are already set,
and they get their primary keys back. Elsewhere than PostgreSQL, bulk_create.
"""

import json
from collections.abc import Sequence

from django.db import connections, models, router
from django.utils import timezone

BATCH = 5_000
# Columns whose values PostgreSQL reads from their str(): numbers, dates, True/False,
# UUIDs, text (a lazily translated message too), and foreign keys.
AS_TEXT = (
    models.IntegerField,  # every integer field and auto field
    models.DateField,
    models.BooleanField,
    models.UUIDField,
    models.ForeignKey,
    models.CharField,
    models.TextField,
)


def insert_all(objs: Sequence[models.Model], *, ignore_conflicts: bool = False) -> None:
    """Insert `objs` (instances of one model, none saved yet). Their primary keys are
    set, unless `ignore_conflicts` (rows that would conflict are left out, as bulk_create
    leaves them, and which ones were written is not known)."""
    if not objs:
        return
    model = type(objs[0])
    using = router.db_for_write(model)
    connection = connections[using]
    if connection.vendor != "postgresql":
        model._default_manager.using(using).bulk_create(objs, ignore_conflicts=ignore_conflicts)
        return
    meta = model._meta
    pk = meta.pk
    # The columns the database fills itself (an auto-incremented key) are left to it.
    fields = [field for field in meta.concrete_fields if not field.db_returning]
    convert = [(field, _column(field, connection)) for field in fields]
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    arrays = ", ".join(f"%s::{field.db_type(connection)}[]" for field in fields)
    conflict = " ON CONFLICT DO NOTHING" if ignore_conflicts else ""
    returning = "" if ignore_conflicts else f" RETURNING {connection.ops.quote_name(pk.column)}"
    sql = (
        f"INSERT INTO {connection.ops.quote_name(meta.db_table)} ({columns}) "
        f"SELECT * FROM unnest({arrays}){conflict}{returning}"
    )
    for start in range(0, len(objs), BATCH):
        batch = objs[start : start + BATCH]
        params = [
            to_db([field.pre_save(obj, add=True) for obj in batch]) for field, to_db in convert
        ]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            if not ignore_conflicts:
                for obj, (key,) in zip(batch, cursor.fetchall(), strict=True):
                    setattr(obj, pk.attname, key)
        for obj in batch:  # as bulk_create leaves them
            obj._state.adding = False
            obj._state.db = using


def _column(field, connection):
    """How a column's values become its array parameter."""
    if isinstance(field, models.DateTimeField):
        # A naive time is taken in the default time zone, as Django's field takes it.
        return lambda values: _literal(
            None if value is None else str(_aware(value)) for value in values
        )
    if isinstance(field, models.JSONField):
        encoder = field.encoder
        return lambda values: _literal(
            None if value is None else json.dumps(value, cls=encoder) for value in values
        )
    if isinstance(field, AS_TEXT):
        return lambda values: _literal(None if value is None else str(value) for value in values)
    # Anything else as its field prepares it, adapted by psycopg2 a value at a time.
    return lambda values: [field.get_db_prep_save(value, connection) for value in values]


def _aware(moment):
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


def _literal(texts) -> str:
    """PostgreSQL's array literal of `texts`: each element quoted (backslash and double
    quote escaped), None as NULL."""
    return (
        "{"
        + ",".join(
            "NULL" if text is None else '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
            for text in texts
        )
        + "}"
    )
