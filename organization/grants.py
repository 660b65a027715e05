"""A signed-in user's roles, permissions, unit subtree and office-staff roles, kept in
the process from one request to the next.

Every signed-in page asks them, and each was a query (four, ~3 ms of a page). They
change rarely, and only through the tables PostgreSQL triggers watch (migration
0008): each change moves the access generation in the same transaction, and the
session's user is read with the generation committed at that moment
(UserBackend.get_user). Facts are kept under (user, unit, generation), so a page never
uses facts older than the data it reads, in any process, and a revoked role or a moved
unit holds from the next request on, as without the cache. Where the database keeps
no generation (SQLite, or a test database just flushed) nothing is kept.
"""

import threading
from collections import OrderedDict
from dataclasses import dataclass

from django.db.models import Subquery

from .models import AccessGeneration
from .scope import keep_subtree_ids, subtree_ids

# Users kept per process: a few hundred sign in on a busy day; a few KB each.
KEPT_USERS = 4096


@dataclass(frozen=True)
class Grants:
    roles: frozenset[str]
    permissions: frozenset[str]
    subtree: tuple[int, ...] | None  # the user's unit and those below it
    office_staff_roles: frozenset[str]


_kept: OrderedDict[tuple, Grants] = OrderedDict()
_lock = threading.Lock()


def generation() -> Subquery:
    """The access generation, as a subquery of the query that reads the user."""
    return Subquery(AccessGeneration.objects.filter(pk=1).values("value"))


def _grants_of(user) -> Grants:
    # Each read as the page would read it; they leave their answers on `user`.
    return Grants(
        roles=user.roles,
        permissions=frozenset(user.get_all_permissions()),
        subtree=tuple(subtree_ids(user)) if user.unit_id else None,
        office_staff_roles=user.office_staff_roles,
    )


def _attach(user, grants: Grants) -> None:
    user.__dict__["roles"] = grants.roles
    user.__dict__["office_staff_roles"] = grants.office_staff_roles
    user._perm_cache = set(grants.permissions)
    if grants.subtree is not None:
        keep_subtree_ids(user, list(grants.subtree))


def grants_key(user) -> tuple:
    """What a user may see, as a key: the user, their unit and the access generation
    they were read with (None without one). Anything kept per user's view is kept under
    it, so that a changed role, unit or tree is seen on the next request."""
    return (user.pk, user.unit_id, getattr(user, "access_generation", None))


def attach_grants(user) -> None:
    """Give `user` (read with its `access_generation`) its roles, permissions, subtree
    and office-staff roles: those kept under its generation, or read now and kept."""
    key = grants_key(user)
    # A superuser's permissions are every permission, read by Django's own rules.
    if key[2] is None or not user.is_active or user.is_superuser:
        return
    with _lock:
        grants = _kept.get(key)
        if grants is not None:
            _kept.move_to_end(key)
    if grants is None:
        grants = _grants_of(user)
        with _lock:
            _kept[key] = grants
            while len(_kept) > KEPT_USERS:
                _kept.popitem(last=False)
    _attach(user, grants)


def forget_all() -> None:
    """Drop what this process keeps (tests; nothing else needs it)."""
    with _lock:
        _kept.clear()
