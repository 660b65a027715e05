"""The screening part of `seed_demo` (risk/demo/screening.py)."""

from collections import Counter
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from organization.periods import Period
from reception.models import SensitivePeriod
from risk import screening_services as services
from risk.models import DailyReport, Hazard, HazardDispatch, HazardLevel, ScreeningReport

pytestmark = pytest.mark.django_db


def _seed(seed: int) -> str:
    out = StringIO()
    with override_settings(DEBUG=True):
        call_command("seed_demo", "--petitions", "20", "--seed", str(seed), stdout=out)
    return out.getvalue()


def _fingerprint():
    reports = [
        (
            report.unit.code,
            report.key,
            report.filed_on,
            report.is_zero_report,
            tuple((h.summary, h.level, h.status) for h in report.hazards.order_by("pk")),
        )
        for report in ScreeningReport.objects.select_related("unit").order_by(
            "unit__code", "year", "month"
        )
    ]
    daily = list(DailyReport.objects.order_by("unit__code", "day").values_list("unit__code", "day"))
    return reports, daily


def _seed_and_fingerprint(seed: int):
    with transaction.atomic():
        _seed(seed)
        fingerprint = _fingerprint()
        transaction.set_rollback(True)
    return fingerprint


def test_same_seed_same_screening():
    # First in the module: the module's demo fixture below is not loaded yet.
    first = _seed_and_fingerprint(7)
    assert first[0]
    assert _seed_and_fingerprint(7) == first


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        output = _seed(2026)
        yield output, _fingerprint()
        transaction.set_rollback(True)


def test_a_year_of_reports_mostly_on_time_some_late_a_couple_missing(demo):
    output, _ = demo
    today = timezone.localdate()
    units = list(services.filing_units().values_list("pk", flat=True))
    facts = Counter()
    for period in Period.containing(today).months_back(13)[:-1]:
        facts.update(services.filing_facts(period, today=today).values())
    assert sum(facts.values()) == 12 * len(units)
    assert facts["missing"] == 2
    assert 0 < facts["late"] < facts["on_time"]
    assert facts["on_time"] > 0.7 * 12 * len(units)
    assert ScreeningReport.objects.filed().filter(is_zero_report=True).exists()
    assert ScreeningReport.objects.filter(signed_at__isnull=True).exists()  # drafts
    assert "Screening:" in output


def test_major_hazards_are_dispatched_and_some_resolved(demo):
    majors = Hazard.objects.filter(level=HazardLevel.MAJOR)
    assert majors.count() == 4
    assert HazardDispatch.objects.filter(hazard__in=majors).count() == 3
    assert majors.filter(status=Hazard.Status.RESOLVED).count() == 2
    assert majors.exclude(skip_level="").count() == 4
    resolved = Hazard.objects.filter(status=Hazard.Status.RESOLVED)
    assert resolved.exists()
    assert Hazard.objects.open().exists()
    # Resolution dates are back-dated, never in the future, never before filing.
    for hazard in resolved.select_related("report"):
        assert hazard.report.filed_on <= hazard.resolved_on <= timezone.localdate()


def test_daily_reports_in_sensitive_periods_with_missed_days(demo):
    today = timezone.localdate()
    periods = SensitivePeriod.objects.filter(starts_on__lte=today)
    assert periods.exists()
    units = services.filing_units().count()
    per_day = Counter(DailyReport.objects.values_list("day", flat=True))
    for period in periods:
        day = period.starts_on
        while day <= min(period.ends_on, today):
            assert 0 < per_day[day] <= units
            day += timedelta(days=1)
    assert any(count < units for count in per_day.values())  # some units missed days
    assert DailyReport.objects.filter(is_zero_report=True).exists()
    assert DailyReport.objects.filter(is_zero_report=False).exclude(content="").exists()
