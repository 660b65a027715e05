"""Keyset paging for every list page.

A page is found by where it starts, not by how many rows lie before it: the
list's sort key ends in a unique column (the primary key unless the order has
one), a "next" link carries the key of the page's last row and a "previous"
link the key of its first, and the database walks the sort key's index from
there (no OFFSET, so the last page costs what the first does). A jump starts a
page at a value of the first key (a date) or at a row the view finds (a case
number). The count is capped: it never reads more than COUNT_CAP + 1 rows, and
shows "1000+" beyond (reading more rows of a scoped list costs more than the
exact number is worth). A list filtered by a condition that costs a read per row
(a keyword: each case's search vector) may first look for its page among the next
SCAN_ROWS rows of the list without it, and leave its count to be asked for after
the page is shown (`scan=`): a common term fills a page from a few hundred rows,
where counting it reads thousands.

Nulls sort as PostgreSQL sorts them by default (last going up, first going
down), so one index serves a key in both directions.

`page_of(request, rows)` is all most lists need; the order is the queryset's
(or its model's) ordering.
"""

import base64
import binascii
import contextlib
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time

from django.core.cache import cache
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import connections
from django.db.models import F, Q, QuerySet, Value
from django.db.models.expressions import OrderBy
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .grants import grants_key

PAGE_SIZE = 25
COUNT_CAP = 1_000
# How many rows of a list, without its costly condition, a page looks among first.
SCAN_ROWS = 400
# How long a count asked for after its page is kept (count_after_page).
COUNT_SECONDS = 60
# The request parameters of paging; a list's filter is everything else. COUNT asks a
# scanned list to count with its page (the link shown where the count would be).
AFTER, BEFORE, JUMP, OLD_PAGE = "after_key", "before_key", "jump", "page"
COUNT = "count"
PAGING_PARAMS = (AFTER, BEFORE, JUMP, OLD_PAGE)


@dataclass(frozen=True)
class Key:
    """One column of a sort order: its annotation alias, direction and nullability."""

    alias: str
    source: object  # a field lookup ("reception_day__date") or an expression
    descending: bool
    nullable: bool
    nulls_first: bool  # PostgreSQL's default: as `descending`

    def order(self) -> OrderBy:
        expression = F(self.alias)
        nulls = {}
        if self.nullable and self.nulls_first != self.descending:
            nulls = {"nulls_first": True} if self.nulls_first else {"nulls_last": True}
        return expression.desc(**nulls) if self.descending else expression.asc(**nulls)

    def beyond(self, value) -> Q:
        """Rows strictly after `value` in this key's direction."""
        if value is None:
            # Nulls are the largest values: first going down, last going up.
            return Q(**{f"{self.alias}__isnull": False}) if self.nulls_first else Q(pk__in=[])
        condition = Q(**{f"{self.alias}__{'lt' if self.descending else 'gt'}": value})
        if self.nullable and not self.nulls_first:
            condition |= Q(**{f"{self.alias}__isnull": True})
        return condition

    def reaches(self, value) -> Q:
        """Rows at or after `value`: the bound that lets the index start there."""
        if value is None:
            return Q() if self.nulls_first else Q(**{f"{self.alias}__isnull": True})
        condition = Q(**{f"{self.alias}__{'lte' if self.descending else 'gte'}": value})
        if self.nullable and not self.nulls_first:
            condition |= Q(**{f"{self.alias}__isnull": True})
        return condition

    def equal(self, value) -> Q:
        if value is None:
            return Q(**{f"{self.alias}__isnull": True})
        return Q(**{self.alias: value})

    def reversed(self) -> "Key":
        return Key(
            self.alias, self.source, not self.descending, self.nullable, not self.nulls_first
        )


def _nullable(model, lookup: str) -> bool:
    """Whether a field lookup (through relations) may be NULL."""
    nullable = False
    for part in lookup.split("__"):
        try:
            field = model._meta.get_field(part)
        except FieldDoesNotExist:
            return True
        nullable = nullable or field.null
        if field.is_relation and field.related_model is not None:
            model = field.related_model
    return nullable


def _expression_nullable(expression) -> bool:
    """An expression may be NULL unless it is a COALESCE ending in a constant."""
    if isinstance(expression, Coalesce):
        last = expression.get_source_expressions()[-1]
        return not (isinstance(last, Value) and last.value is not None)
    return True


def keys_of(rows: QuerySet, order=None) -> list[Key]:
    """The sort keys of `order` (default: the queryset's or its model's ordering),
    made total by the primary key."""
    model = rows.model
    order = list(order or rows.query.order_by or model._meta.ordering)
    keys: list[Key] = []
    unique = False
    for index, item in enumerate(order):
        alias = f"_key{index}"
        if isinstance(item, OrderBy):
            source, descending = item.expression, item.descending
            name = getattr(source, "name", None)
            nullable = _expression_nullable(source) if name is None else _nullable(model, name)
            nulls_first = descending
            if item.nulls_first:
                nulls_first = True
            elif item.nulls_last:
                nulls_first = False
        else:
            descending = item.startswith("-")
            name = item.lstrip("-")
            source = name
            nullable = _nullable(model, name)
            nulls_first = descending
        if name in ("pk", "id", model._meta.pk.name):
            unique = True
        elif name and "__" not in name:
            with contextlib.suppress(FieldDoesNotExist):
                unique = unique or model._meta.get_field(name).unique
        keys.append(Key(alias, source, descending, nullable, nulls_first))
        if unique:
            break
    if not unique:
        last_descending = keys[-1].descending if keys else True
        keys.append(Key(f"_key{len(keys)}", "pk", last_descending, False, last_descending))
    return keys


def _encode(values) -> str:
    plain = [v.isoformat() if isinstance(v, date | datetime | time) else v for v in values]
    text = json.dumps(plain, separators=(",", ":"), ensure_ascii=False)
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def _decode(text: str, rows: QuerySet, keys: list[Key]) -> list | None:
    """The key values a link carried, or None when they are not this list's."""
    try:
        padded = text + "=" * (-len(text) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()).decode())
    except (ValueError, binascii.Error, UnicodeDecodeError):
        return None
    if not isinstance(values, list) or len(values) != len(keys):
        return None
    annotations = rows.query.annotations
    decoded = []
    for key, value in zip(keys, values, strict=True):
        if value is None:
            decoded.append(None)
            continue
        field = annotations[key.alias].output_field
        try:
            value = field.to_python(value)
            field.run_validators(value)  # e.g. an integer the column can hold
        except (ValidationError, TypeError, ValueError, OverflowError):
            return None
        decoded.append(value)
    return decoded


def _after(keys: list[Key], values, *, inclusive: bool = False) -> Q:
    """Rows after `values` (a prefix of the keys' values) in the keys' order."""
    condition = Q(pk__in=[])
    equal = Q()
    for key, value in zip(keys, values, strict=False):
        condition |= equal & key.beyond(value)
        equal &= key.equal(value)
    if inclusive:
        condition |= equal
    # A redundant bound on the first key, so the index scan starts at the cursor.
    return keys[0].reaches(values[0]) & condition


def _jump_value(text: str, rows: QuerySet, key: Key):
    """A jump to a value of the first key: a date for a date or a time column."""
    field = rows.query.annotations[key.alias].output_field
    internal = field.get_internal_type()
    try:
        if internal == "DateTimeField":
            day = date.fromisoformat(text)
            moment = datetime.combine(day, time.max if key.descending else time.min)
            return timezone.make_aware(moment) if timezone.is_naive(moment) else moment
        if internal == "DateField":
            return date.fromisoformat(text)
    except (ValueError, OverflowError):
        return None
    return None


def _count(rows: QuerySet, cap: int, in_order: bool) -> tuple[int, list | None]:
    """At most cap + 1: the count never reads more rows than that. In no order by
    default: the planner counts from the filter's own index (overdue from the running
    clocks, a keyword from its GIN index), where sorting first would read every match;
    then the matches' ids come with the count. `in_order` for an unfiltered list, which
    the sort key's index serves as the page."""
    if in_order:
        return rows.values("pk")[: cap + 1].count(), None
    ids = list(rows.order_by().values_list("pk", flat=True)[: cap + 1])
    return len(ids), ids


def _any_exceeds(parts: Sequence[QuerySet], cap: int) -> bool:
    """Whether any of `parts` holds more than `cap` rows. One query: PostgreSQL asks the
    parts in turn and stops at the first with a row past the cap. A constant is
    selected, not the id, so an index on a part's columns answers alone (an index-only
    scan of cap + 1 entries)."""
    beyond = [part.order_by().values(one=Value(1))[cap : cap + 1] for part in parts]
    if not beyond:
        return False
    if (
        len(beyond) == 1
        or not connections[beyond[0].db].features.supports_slicing_ordering_in_compound
    ):
        return any(rows.exists() for rows in beyond)
    return beyond[0].union(*beyond[1:], all=True).exists()


def filter_query(request, drop=PAGING_PARAMS) -> str:
    query = request.GET.copy()
    for name in drop:
        query.pop(name, None)
    return query.urlencode()


def query_without_page(request) -> str:
    """The current filter, for exports and the page links."""
    return filter_query(request)


class KeysetPage:
    """One page of a list, with its neighbours' links and a capped count."""

    def __init__(
        self,
        *,
        rows,
        has_next,
        has_previous,
        keys,
        base_query,
        count,
        cap,
        jumped,
        count_deferred=False,
        filter_items=(),
        jump_hint="",
        jump_text="",
    ):
        self.object_list = rows
        self.has_next = has_next
        self.has_previous = has_previous
        self.keys = keys
        self.base_query = base_query
        self.cap = cap
        self.count = None if count is None else min(count, cap)
        self.count_capped = count is not None and count > cap
        # Not counted with the page: the list shows a link (or fetches) to count.
        self.count_deferred = count_deferred
        self.jumped = jumped
        self.filter_items = filter_items
        self.jump_hint = jump_hint
        self.jump_text = jump_text

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)

    def __bool__(self):
        return bool(self.object_list)

    def __getitem__(self, index):
        return self.object_list[index]

    @property
    def has_other_pages(self) -> bool:
        return self.has_next or self.has_previous

    @property
    def show_navigation(self) -> bool:
        """Whether the list needs its page links (more than one page, or a jump)."""
        return self.has_next or self.has_previous or self.jumped

    def _values(self, row) -> list:
        return [getattr(row, key.alias) for key in self.keys]

    def _link(self, name: str, row) -> str:
        query = f"{name}={_encode(self._values(row))}"
        return f"{self.base_query}&{query}" if self.base_query else query

    @property
    def first_query(self) -> str:
        return self.base_query

    @property
    def next_query(self) -> str:
        return self._link(AFTER, self.object_list[-1]) if self.has_next else ""

    @property
    def previous_query(self) -> str:
        return self._link(BEFORE, self.object_list[0]) if self.has_previous else ""

    @property
    def count_label(self) -> str:
        """The count as shown: exact up to the cap, "10 000+" beyond."""
        return "" if self.count is None else count_label(self.count, self.count_capped)


def count_label(count: int, capped: bool) -> str:
    """A count as lists and panels show it: "10 000+" when `capped` (more than `count`)."""
    shown = f"{count:,}".replace(",", " ") if count >= 10_000 else str(count)
    return f"{shown}+" if capped else shown


def count_after_page(request, rows: QuerySet, cap: int | None = None) -> tuple[int, bool]:
    """The capped count of a list whose page left it for later (`count_deferred`), asked
    for once the page is shown. Kept a minute per user's grants and filter: paging
    through a search asks again on every page, and a common term's count reads thousands
    of rows; a changed role or unit is counted anew at once."""
    query = filter_query(request, drop=(*PAGING_PARAMS, COUNT))
    seen_as = ":".join(str(part) for part in grants_key(request.user))
    digest = hashlib.sha256(f"{seen_as}|{request.path}?{query}".encode()).hexdigest()
    key = f"paging:count:{digest}"
    counted = cache.get(key)
    if counted is None:
        counted = capped_count(rows, cap)
        cache.set(key, counted, COUNT_SECONDS)
    return tuple(counted)


def capped_count(rows: QuerySet, cap: int | None = None) -> tuple[int, bool]:
    """(count, capped): the number of `rows` up to `cap` (COUNT_CAP), and whether there
    are more. It reads at most cap + 1 rows, in no order (from the filter's own index)."""
    cap = cap or COUNT_CAP
    counted = rows.order_by().values("pk")[: cap + 1].count()
    return min(counted, cap), counted > cap


class _TooFew(Exception):
    """The rows a page was looked for among held fewer than a page of the list's."""


def page_of(
    request,
    rows: QuerySet,
    per_page: int | None = None,
    *,
    order=None,
    start=None,
    jump_to=None,
    jump_hint=None,
    count: bool = True,
    count_in_order: bool = False,
    cap: int | None = None,
    rows_by_id: QuerySet | None = None,
    count_parts: Sequence[QuerySet] = (),
    ids_first: bool = False,
    scan: tuple[QuerySet, Q] | None = None,
) -> KeysetPage:
    """The page of `rows` the request asks for (after=, before= or jump=).

    `order` defaults to the queryset's ordering. A jump to a date starts at that
    date of the first key (a date or time column); `jump_to(text)` may offer a
    condition for other jumps (a case number): the page starts at the first row,
    in the list's order, that meets it. `start` is a key position (a prefix of
    the keys' values) to start at.

    `rows_by_id`: the same rows unfiltered (their joins and deferrals), for a
    filter the count found few matches of: the page is then read from the matches'
    ids without testing the filter again (a keyword tested per row read each
    case's search vector a second time: 13 ms of a handler's search at 10^5).

    `count_parts`: parts of `rows` (querysets whose rows are all in it), each served by
    an index of its own. When one holds more than the cap, so does the list, and the
    count stops there: a unit scope's OR of conditions the planner counts by reading
    the table (a handler's list at 10^6: 50-68 ms), each of its parts an index counts.

    `ids_first` (with `rows_by_id`): a page the database walks for is found as ids, then
    read by them. For a filter whose columns an index holds beside the sort key (the
    running clocks in received order), the walk is then index-only: the rows it passes
    are tested in the index, not read (overdue cases are old: at 10^6 the walk passes
    tens of thousands of recent running ones).

    `scan`: (the list without one of its conditions, that condition), for a condition
    that costs a read per row (a keyword: each case's search vector). The page is first
    looked for among the next SCAN_ROWS rows of the list without it, found as ids by
    their own indexes, the condition tested on those alone; its count is then left to
    be asked for after the page is shown (`count_deferred`), unless the request asks
    for it (COUNT). When those rows hold less than a page (a rare term), the list
    counts and reads as without `scan`: its count's ids are then the page's.
    """
    per_page = per_page or PAGE_SIZE
    cap = cap or COUNT_CAP
    keys = keys_of(rows, order)
    annotations = {key.alias: _source(key) for key in keys}
    rows = rows.annotate(**annotations)
    by_id = rows_by_id.annotate(**annotations) if rows_by_id is not None else None

    def locate(listed: QuerySet, read, counted, *, deferred=False) -> KeysetPage:
        return _locate(
            request,
            keys,
            listed,
            read,
            counted=counted,
            count_deferred=deferred,
            per_page=per_page,
            cap=cap,
            start=start,
            jump_to=jump_to,
            jump_hint=jump_hint,
        )

    if scan is not None and count and not request.GET.get(COUNT):
        without, condition = scan
        without = without.annotate(**annotations)
        # The window's ids are the list's but for the condition: its scope and filters.
        meeting = (by_id if by_id is not None else rows).filter(condition)

        def scanned(direction: list[Key], position: Q, limit: int) -> list:
            ordering = [key.order() for key in direction]
            window = list(
                without.order_by(*ordering)
                .filter(position)
                .values_list("pk", flat=True)[:SCAN_ROWS]
            )
            found = list(meeting.filter(pk__in=window).order_by(*ordering)[:limit])
            # A full window short of the page says nothing of the rows beyond it.
            if len(found) < limit and len(window) == SCAN_ROWS:
                raise _TooFew
            return found

        with contextlib.suppress(_TooFew):
            return locate(rows, scanned, None, deferred=True)

    if not count:
        counted, ids = None, None
    elif _any_exceeds(count_parts, cap):
        counted, ids = cap + 1, None
    else:
        counted, ids = _count(rows.order_by(*[key.order() for key in keys]), cap, count_in_order)
    if ids is not None and counted <= cap:
        # Few matches: the page is sorted from their ids. Left to itself the planner may
        # walk the sort key's index testing every row (a rare name: 50 000 rows read).
        rows = (by_id if by_id is not None else rows).filter(pk__in=ids)
        ids_first = False

    def read(direction: list[Key], position: Q, limit: int) -> list:
        query = rows.order_by(*[key.order() for key in direction]).filter(position)
        if not ids_first or by_id is None:
            return list(query[:limit])
        found = list(query.prefetch_related(None).values_list("pk", flat=True)[:limit])
        by_pk = {row.pk: row for row in by_id.filter(pk__in=found)}
        # A row deleted between the two reads is left out.
        return [by_pk[pk] for pk in found if pk in by_pk]

    return locate(rows, read, counted)


def _locate(
    request,
    keys: list[Key],
    rows: QuerySet,
    read,
    *,
    counted,
    count_deferred,
    per_page,
    cap,
    start,
    jump_to,
    jump_hint,
) -> KeysetPage:
    """The page the request asks for, its rows found by `read(keys in the direction
    walked, the position's condition, how many)`."""
    reversed_keys = [key.reversed() for key in keys]
    params = request.GET
    base_query = filter_query(request)
    if jump_hint is None:
        first = rows.query.annotations[keys[0].alias].output_field.get_internal_type()
        dated = first in ("DateField", "DateTimeField")
        jump_hint = _("a date (YYYY-MM-DD)") if dated else ""

    def page(found, *, has_next, has_previous, jumped=False) -> KeysetPage:
        return KeysetPage(
            rows=found,
            has_next=has_next,
            has_previous=has_previous,
            keys=keys,
            base_query=base_query,
            count=counted,
            count_deferred=count_deferred,
            cap=cap,
            jumped=jumped,
            filter_items=[
                (name, value)
                for name, values in params.lists()
                if name not in PAGING_PARAMS
                for value in values
            ],
            jump_hint=jump_hint,
            jump_text=params.get(JUMP, ""),
        )

    if start is None and params.get(JUMP):
        text = params[JUMP].strip()
        value = _jump_value(text, rows, keys[0])
        start = None if value is None else [value]
        condition = jump_to(text) if start is None and jump_to is not None else None
        if condition is not None:
            ordering = [key.order() for key in keys]
            target = rows.order_by(*ordering).filter(condition).first()
            if target is None:
                # Nowhere to jump to: an empty page that says so (and links back).
                return page([], has_next=False, has_previous=False, jumped=True)
            start = _values(target, keys)
    if start is not None:
        found = read(keys, _after(keys, start, inclusive=True), per_page + 1)
        # In the list's order (not .exists(), which drops it): the sort key's index.
        has_previous = bool(found) and bool(
            rows.order_by(*[key.order() for key in reversed_keys])
            .filter(_after(reversed_keys, _values(found[0], keys)))
            .values("pk")[:1]
        )
        return page(
            found[:per_page],
            has_next=len(found) > per_page,
            has_previous=has_previous,
            jumped=True,
        )
    after = _decode(params[AFTER], rows, keys) if params.get(AFTER) else None
    before = None
    if after is None and params.get(BEFORE):
        before = _decode(params[BEFORE], rows, keys)
    if before is not None:
        found = read(reversed_keys, _after(reversed_keys, before), per_page + 1)
        return page(found[:per_page][::-1], has_next=True, has_previous=len(found) > per_page)
    found = read(keys, _after(keys, after) if after is not None else Q(), per_page + 1)
    return page(found[:per_page], has_next=len(found) > per_page, has_previous=after is not None)


def _source(key: Key):
    return F(key.source) if isinstance(key.source, str) else key.source


def _values(row, keys: list[Key]) -> list:
    return [getattr(row, key.alias) for key in keys]
