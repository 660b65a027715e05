"""Two deadline runs at once, on PostgreSQL with real threads: nothing is sent twice."""

from datetime import date, timedelta

import pytest

from notifications.models import Notification
from petitions import services
from supervision import alerts
from supervision.models import Reminder, SupervisionNotice
from tests.petitions.factories import moment, register
from tests.petitions.test_concurrency import run_at_once

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_runs_at_once_insert_and_notify_once(people):
    received = date(2026, 3, 2)
    for index in range(6):
        petition = register(by=people["clerk"], at=moment(received))
        if index % 2:
            petition = services.petition_assign(
                petition=petition,
                unit=people["unit"],
                due=date(2026, 3, 20),
                by=people["clerk"],
                at=moment(received),
            )
            services.petition_receive(
                petition=petition, by=people["handler"], at=moment(received + timedelta(days=1))
            )
    day = date(2026, 3, 21)
    results = run_at_once(
        lambda: alerts.run_deadline_checks(today=day),
        lambda: alerts.run_deadline_checks(today=day),
    )
    assert not any(isinstance(result, Exception) for result in results), results
    # 6 overdue clocks: 3 routing clocks, 3 handling clocks.
    assert Reminder.objects.count() == 6
    assert sorted(result.overdue for result in results) == [0, 6]
    numbers = sorted(SupervisionNotice.objects.values_list("number", flat=True))
    assert numbers == ["DB2026000001", "DB2026000002", "DB2026000003"]
    per_person = Notification.objects.filter(kind__in=["overdue", "supervision"]).values_list(
        "recipient", "subject", "kind"
    )
    assert len(per_person) == len(set(per_person))
