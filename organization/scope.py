"""The unit-scope rule: which units a user may see.

A user sees their own unit's subtree; the petition office, the discipline
inspectors (read-only) and superusers see every unit. Every list and detail view
in the product goes through this module, so a list can never show what a detail
page refuses.
"""

from django.db import connection
from django.db.models import F, Lookup, Q, QuerySet

from .models import Unit
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
    subtree = Unit.objects.filter(path__startswith=user.unit.path).order_by().values("pk")
    condition = Q()
    for field in unit_fields or ("unit",):
        condition |= in_subquery(field, subtree)
    return condition


class AnyOfArray(Lookup):
    """`column = ANY(ARRAY(subquery))`: PostgreSQL runs the subquery once (an
    InitPlan) and serves the condition from the column's index, also when it is
    OR-ed with others (a BitmapOr). A plain `IN (subquery)` inside an OR becomes a
    hashed subplan tested on every row: a scan of the table, and of every count."""

    lookup_name = "any_of_array"
    prepare_rhs = False
    can_use_none_as_rhs = False

    def get_db_prep_lookup(self, value, connection):
        return ("%s", [value])

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = compiler.compile(self.rhs)
        return f"{lhs} = ANY(ARRAY{rhs})", (*lhs_params, *rhs_params)


def in_subquery(field: str, subquery: QuerySet) -> Q:
    """`field IN (subquery)`, written so that the field's index serves it even
    inside an OR (see AnyOfArray); a plain IN elsewhere (the SQLite demo)."""
    if connection.vendor == "postgresql":
        return Q(AnyOfArray(F(field), subquery.query))
    return Q(**{f"{field}__in": subquery})
