"""organization.related: which of an object's lists have rows, asked in one query."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from organization.related import has_rows, prefetch_if_any, probe
from petitions.models import Petition
from tests.factories import UnitFactory, UserFactory


def test_probe_asks_every_relation_in_one_query_and_has_rows_answers_from_it(
    group_root, django_assert_num_queries
):
    staffed, empty = UnitFactory(parent=group_root), UnitFactory(parent=group_root)
    UserFactory(unit=staffed)
    # A foreign key to Unit with no rows for either unit, as a section names one.
    responsible = Petition._meta.get_field("responsible_unit")
    for unit in (staffed, empty):
        with django_assert_num_queries(1):
            probe(unit, "members", responsible)
            probe(unit, "members")  # known: no query
        with django_assert_num_queries(0):
            assert has_rows(unit, "members") is (unit == staffed)
            assert has_rows(unit, responsible) is False


def test_has_rows_without_a_probe_asks_once(group_root, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert not has_rows(group_root, "members")
        assert not has_rows(group_root, "members")
    UserFactory(unit=group_root)
    assert has_rows(group_root.__class__.objects.get(pk=group_root.pk), "members")


def test_an_empty_list_is_loaded_without_its_query(group_root, django_assert_num_queries):
    staffed, empty = UnitFactory(parent=group_root), UnitFactory(parent=group_root)
    member = UserFactory(unit=staffed)
    for unit, expected in ((staffed, [member]), (empty, [])):
        with CaptureQueriesContext(connection) as captured:
            prefetch_if_any(unit, "members")
        assert len(captured) == (2 if expected else 1)  # the probe, and the list if any
        with django_assert_num_queries(0):
            assert list(unit.members.all()) == expected
            assert unit.members.count() == len(expected)
