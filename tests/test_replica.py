"""Reports and exports read from the replica when one is configured; writes never do.

The test settings declare the `replica` alias as a mirror of the test database
(Django's TEST MIRROR), so the router's choice of alias can be watched per connection.
The mirror is a connection of its own: the tests commit (transaction=True) so that it
sees their rows, as a replica sees the primary's once replicated.
"""

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from organization.replica import replica_alias, replica_reads
from petitions.models import Petition
from reports.periods import Period
from tests.petitions.factories import register

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica"])


@pytest.fixture
def replica(settings):
    settings.READ_REPLICA = "replica"
    yield
    connections["replica"].close()


def _sql(captured) -> str:
    return " ".join(query["sql"] for query in captured.captured_queries)


def test_without_a_replica_everything_reads_the_primary(settings):
    assert settings.READ_REPLICA is None
    with replica_reads():
        assert replica_alias() is None
        assert Petition.objects.all().db == "default"


def test_only_reads_inside_replica_reads_go_to_the_replica(replica, clerk):
    assert Petition.objects.all().db == "default"
    with replica_reads():
        assert Petition.objects.all().db == "replica"
        petition = register(by=clerk)  # a write inside the block still goes to the primary
    assert Petition.objects.filter(pk=petition.pk).exists()


def test_the_petition_export_reads_its_rows_from_the_replica(replica, client, clerk, office):
    register(by=clerk)
    client.force_login(office)
    with (
        CaptureQueriesContext(connections["replica"]) as on_replica,
        CaptureQueriesContext(connections["default"]) as on_primary,
    ):
        response = client.get("/petitions/export.xlsx")
        content = b"".join(response.streaming_content)
    assert response.status_code == 200
    assert content[:2] == b"PK"
    assert 'FROM "petitions_petition"' in _sql(on_replica)
    assert 'FROM "petitions_petitionpetitioner"' in _sql(on_replica)
    # The session, the user and the identity-lookup log stay on the primary.
    assert "INSERT" not in _sql(on_replica)
    assert 'FROM "django_session"' in _sql(on_primary)


def test_a_units_monthly_figures_are_read_from_the_replica(replica, client, handler):
    client.force_login(handler)
    key = Period.containing(timezone.localdate()).key
    with CaptureQueriesContext(connections["replica"]) as on_replica:
        response = client.get(f"/reports/monthly/{key}/")
    assert response.status_code == 200
    assert 'FROM "petitions_petition"' in _sql(on_replica)


def test_the_monthly_workbook_is_read_from_the_replica(replica, client, office):
    client.force_login(office)
    key = Period.containing(timezone.localdate()).key
    with CaptureQueriesContext(connections["replica"]) as on_replica:
        response = client.get(f"/reports/monthly/{key}.xlsx")
        content = b"".join(response.streaming_content)
    assert response.status_code == 200
    assert content[:2] == b"PK"
    assert 'FROM "petitions_petition"' in _sql(on_replica)


@pytest.mark.django_db
def test_the_app_s_postgresql_connections_run_without_jit():
    # JIT compiled the monthly statistics' aggregate on every call (50-180 ms at 10^6).
    with connections["default"].cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone() == ("off",)
