"""Many-to-one relations loaded a model at a time.

`select_related` joins each relation into the main query: a case with nine of them is a
fourteen-table query the planner takes longer to plan than to run, and a batch of a
thousand cases builds a thousand copies of the same few users. `attach` loads the
objects that several foreign keys to one model refer to in one query, each object once,
and sets them where `select_related` would have.
"""

from collections.abc import Iterable, Sequence


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
