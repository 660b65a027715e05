"""Indexes that cost without serving: every index of a table is written on every insert and
weighed by the planner on every query of it (a case page plans a dozen queries)."""

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db

# The tables every page reads, where a redundant index costs most.
HOT_TABLES = ["petitions_petition", "organization_unit"]

# btree indexes of the project's tables, with their key columns and operator classes.
INDEXES = """
    SELECT c.relname, i.relname, x.indkey::text, x.indclass::text, x.indisunique,
           x.indnatts > x.indnkeyatts
    FROM pg_index x
    JOIN pg_class c ON c.oid = x.indrelid
    JOIN pg_class i ON i.oid = x.indexrelid
    JOIN pg_am am ON am.oid = i.relam
    JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = current_schema() AND am.amname = 'btree'
      AND x.indexprs IS NULL AND x.indpred IS NULL
"""


def _indexes():
    with connection.cursor() as cursor:
        cursor.execute(INDEXES)
        return cursor.fetchall()


def test_no_table_has_the_same_index_twice():
    seen = {}
    twice = []
    for table, index, keys, classes, _unique, _covering in _indexes():
        other = seen.setdefault((table, keys, classes), index)
        if other != index:
            twice.append((table, other, index))
    assert not twice


def test_a_hot_table_has_no_index_another_of_its_indexes_already_serves():
    indexes = [row for row in _indexes() if row[0] in HOT_TABLES]
    # An index whose leading columns are another's is served by it, unless that one also
    # carries INCLUDE columns: a covering index twice the size costs a range scan twice
    # as much (the default order's petition_received_scope, beside petition_received_number).
    served = [
        (index, by)
        for table, index, keys, classes, unique, _covering in indexes
        if not unique
        for other_table, by, other_keys, other_classes, _, covering in indexes
        if other_table == table
        and not covering
        and by != index
        and f"{other_keys} ".startswith(f"{keys} ")
        and f"{other_classes} ".startswith(f"{classes} ")
    ]
    assert not served
