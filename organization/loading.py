"""Rows of a wide model loaded with some of its columns deferred, built without
Django's per-row search for them.

Model.from_db tests each of the model's fields against the list of the loaded
columns' names for every row it builds: for a petition's hundred columns, about
25 µs a row (0.6 ms of a list page's rows; seconds of a daily job that closes or
reminds a hundred thousand cases). The mixin works out each set of loaded names'
positions once.
"""

from functools import lru_cache

from django.db.models import DEFERRED


class DeferredLoadingMixin:
    @classmethod
    def from_db(cls, db, field_names, values):
        if len(values) != len(cls._meta.concrete_fields):
            positions = _positions(cls, tuple(field_names))
            values = [DEFERRED if position is None else values[position] for position in positions]
        return super().from_db(db, field_names, values)


@lru_cache(maxsize=256)
def _positions(model, field_names: tuple[str, ...]) -> tuple[int | None, ...]:
    """For each of the model's columns, its position among the loaded ones (None: deferred)."""
    loaded = {name: position for position, name in enumerate(field_names)}
    return tuple(loaded.get(field.attname) for field in model._meta.concrete_fields)
