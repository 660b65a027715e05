"""Many-to-one relations loaded a model at a time.

`select_related` joins each relation into the main query: a case with nine of them is a
fourteen-table query the planner takes longer to plan than to run, and a batch of a
thousand cases builds a thousand copies of the same few users. `attach` loads the
objects that several foreign keys to one model refer to in one query, each object once,
and sets them where `select_related` would have.
"""

from collections.abc import Iterable, Sequence

from django.db import connections, router
from django.db.models import prefetch_related_objects


def attach(objects: Iterable, names: Sequence[str], queryset) -> None:
    """For each of `objects` (one model), set the foreign keys `names` (all to
    `queryset`'s model) to their objects, read in one query."""
    objects = list(objects)
    if not objects:
        return
    fields = [type(objects[0])._meta.get_field(name) for name in names]
    keys = {getattr(obj, field.attname) for obj in objects for field in fields} - {None}
    found = queryset.in_bulk(keys) if keys else {}
    for obj in objects:
        for field in fields:
            key = getattr(obj, field.attname)
            field.set_cached_value(obj, None if key is None else found.get(key))


def prefetch_if_any(obj, *lookups) -> None:
    """`prefetch_related_objects([obj], *lookups)` for one object's one-to-many lists,
    reading only those that have rows: one query asks which do (an index probe each),
    and an empty list is marked loaded without its query. Most cases have no files,
    service records or review requests; each list's prefetch was ~0.5-1 ms of a page."""
    rels = [obj._meta.get_field(getattr(lookup, "prefetch_to", lookup)) for lookup in lookups]
    present = _present(obj, rels)
    cache = obj.__dict__.setdefault("_prefetched_objects_cache", {})
    for rel, has_rows in zip(rels, present, strict=True):
        if not has_rows:
            empty = rel.related_model._default_manager.none()
            empty._result_cache, empty._prefetch_done = [], True
            cache[rel.cache_name] = empty
    prefetch_related_objects(
        [obj], *[lookup for lookup, has_rows in zip(lookups, present, strict=True) if has_rows]
    )


def _present(obj, rels) -> tuple[bool, ...]:
    connection = connections[obj._state.db or router.db_for_read(type(obj))]
    quote = connection.ops.quote_name
    probes, params = [], []
    for rel in rels:
        table, column = quote(rel.related_model._meta.db_table), quote(rel.field.column)
        probes.append(f"EXISTS (SELECT 1 FROM {table} WHERE {column} = %s)")
        params.append(getattr(obj, rel.field.target_field.attname))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(probes)}", params)
        return tuple(bool(value) for value in cursor.fetchone())
