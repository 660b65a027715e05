"""Many-to-one relations loaded a model at a time.

`select_related` joins each relation into the main query: a case with nine of them is a
fourteen-table query the planner takes longer to plan than to run, and a batch of a
thousand cases builds a thousand copies of the same few users. `attach` loads the
objects that several foreign keys to one model refer to in one query, each object once,
and sets them where `select_related` would have. `probe` asks, for one object, which of
its one-to-many lists have rows at all, so a page reads only those.
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


def probe(obj, *relations) -> None:
    """Ask in one query which of `relations` of `obj` have rows (an index probe each);
    has_rows then answers without a query. A relation is the name of a reverse
    one-to-many or one-to-one relation of obj's model, or a foreign key to it (where the
    other side has no reverse name)."""
    known = obj.__dict__.setdefault("_has_rows", {})
    asked: dict = {}  # foreign key -> the relations naming it
    for relation in relations:
        if relation not in known:
            asked.setdefault(_foreign_key(obj, relation), []).append(relation)
    if not asked:
        return
    connection = connections[obj._state.db or router.db_for_read(type(obj))]
    quote = connection.ops.quote_name
    probes, params = [], []
    for field in asked:
        table, column = quote(field.model._meta.db_table), quote(field.column)
        probes.append(f"EXISTS (SELECT 1 FROM {table} WHERE {column} = %s)")
        params.append(getattr(obj, field.target_field.attname))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(probes)}", params)
        answers = cursor.fetchone()
    for names, answer in zip(asked.values(), answers, strict=True):
        known.update(dict.fromkeys(names, bool(answer)))


def has_rows(obj, relation) -> bool:
    """Whether `relation` of `obj` has rows (see probe): asked once per object."""
    if relation not in obj.__dict__.get("_has_rows", {}):
        probe(obj, relation)
    return obj._has_rows[relation]


def _foreign_key(obj, relation):
    if isinstance(relation, str):
        return obj._meta.get_field(relation).remote_field
    return relation


def prefetch_if_any(obj, *lookups, also=()) -> None:
    """`prefetch_related_objects([obj], *lookups)` for one object's one-to-many lists,
    reading only those that have rows (probe, in the same query as the relations
    `also`): an empty list is marked loaded without its query. Most cases have no
    files, service records or review requests; each list's prefetch was ~0.5-1 ms of a
    page."""
    names = [getattr(lookup, "prefetch_to", lookup) for lookup in lookups]
    probe(obj, *names, *also)
    cache = obj.__dict__.setdefault("_prefetched_objects_cache", {})
    for name in names:
        if not has_rows(obj, name):
            rel = obj._meta.get_field(name)
            empty = rel.related_model._default_manager.none()
            empty._result_cache, empty._prefetch_done = [], True
            cache[rel.cache_name] = empty
    prefetch_related_objects(
        [obj], *[lookup for lookup, name in zip(lookups, names, strict=True) if has_rows(obj, name)]
    )
