"""The reception part of `seed_demo`."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from petitions.models import Channel, Petition
from reception import services
from reception.models import CollectiveVisitAlert, ReceptionDay, SkipLevelVisit, Visit

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        out = StringIO()
        with override_settings(DEBUG=True):
            call_command("seed_demo", "--petitions", "80", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


def test_the_demo_has_a_year_of_reception_days_and_some_ahead(demo):
    today = timezone.localdate()
    days = ReceptionDay.objects.all()
    assert days.filter(date__lt=today - timedelta(days=300)).exists()
    assert days.published().upcoming(today).exists()
    assert "Reception:" in demo


def test_every_leader_reception_petition_is_a_visit_on_its_leaders_day(demo):
    received = Petition.objects.filter(channel=Channel.LEADER_RECEPTION)
    assert received.exists()
    assert Visit.objects.count() == received.count()
    for visit in Visit.objects.select_related("reception_day", "petition"):
        assert visit.reception_day.leader_id == visit.petition.owning_leader_id
        assert visit.reception_day.date == visit.petition.received_on


def test_the_demo_has_skip_level_visits_of_every_level_and_alerts(demo):
    levels = set(SkipLevelVisit.objects.values_list("level", flat=True))
    assert levels == {"capital", "province", "city", "district"}
    assert SkipLevelVisit.objects.filter(during_sensitive_period=True).exists()
    large = Petition.objects.filter(is_collective=True, headcount__gt=20).count()
    assert CollectiveVisitAlert.objects.count() == large


def test_the_duty_check_finds_both_kept_and_missed_duties(demo):
    from organization.models import Unit

    today = timezone.localdate()
    last_month = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    rows = services.duty_check(
        month=last_month, unit_ids=Unit.objects.values_list("pk", flat=True), today=today
    )
    assert rows
    assert any(row.held for row in rows)
