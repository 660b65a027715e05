"""The unit-scope rule: which units a user may see.

A user sees their own unit's subtree; the petition office, the discipline
inspectors (read-only) and superusers see every unit. Every list and detail view
in the product goes through this module, so a list can never show what a detail
page refuses.
"""

import operator
from functools import reduce

from django.db.models import Q, QuerySet

from .models import Unit, subtree_pks
from .roles import Role


def sees_all_units(user) -> bool:
    return user.is_authenticated and (
        user.is_superuser or user.has_role(Role.OFFICE, Role.INSPECTOR)
    )


def visible_units(user) -> QuerySet[Unit]:
    if sees_all_units(user):
        return Unit.objects.all()
    if not user.is_authenticated or user.unit_id is None:
        return Unit.objects.none()
    return Unit.objects.filter(path__startswith=user.unit.path)


def can_see_unit(user, unit: Unit | None) -> bool:
    if unit is None:
        return False
    if sees_all_units(user):
        return True
    return user.is_authenticated and user.unit_id is not None and user.unit.contains(unit)


def unit_scope_q(user, *unit_fields: str) -> Q:
    """A filter matching rows whose unit (any of `unit_fields`) the user may see.

    `unit_fields` are lookups to a Unit foreign key, e.g. "unit" or
    "assigned_unit"; a row matches when any of them lies in the user's subtree.
    """
    if sees_all_units(user):
        return Q()
    if not user.is_authenticated or user.unit_id is None:
        return Q(pk__in=[])
    return reduce(operator.or_, unit_scope_conditions(user, *unit_fields))


def unit_scope_conditions(user, *unit_fields: str) -> list[Q]:
    """unit_scope_q for a user bound to the subtree, as the conditions it joins by OR:
    one per unit field. Each is served by its column's index, so a caller may ask
    them one at a time (a capped count), where the planner cannot count an OR from
    the indexes."""
    # The subtree's ids as constants: the planner then knows how many rows each
    # unit column matches and serves the OR from the columns' indexes (a BitmapOr);
    # an `IN (subquery)` inside an OR is tested row by row, a scan of the table.
    ids = subtree_ids(user)
    return [Q(**{f"{field}__in": ids}) for field in unit_fields or ("unit",)]


def subtree_ids(user) -> list[int]:
    """The ids of the user's unit and the units below it (one query, kept on the
    user object for the rest of the request)."""
    cached = getattr(user, "_subtree_ids", None)
    if cached is not None and cached[0] == (user.unit_id, user.unit.path):
        return cached[1]
    ids = subtree_pks(user.unit)
    keep_subtree_ids(user, ids)
    return ids


def keep_subtree_ids(user, ids: list[int]) -> None:
    """Give `user` the ids subtree_ids would read (organization.grants keeps them)."""
    user._subtree_ids = ((user.unit_id, user.unit.path), ids)
