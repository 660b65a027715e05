from datetime import date, datetime, time, timedelta

import pytest
from django.utils import timezone

from accountability import services
from accountability.models import Referral, ReferralSource
from petitions.models import Channel
from tests.petitions.factories import register


@pytest.mark.django_db(transaction=True)
def test_a_skip_level_record_of_21_people_is_referred(office, unit_a, skip):
    visit = skip(unit_a, date(2025, 3, 10), headcount=21)
    referral = Referral.objects.get()
    assert (referral.source, referral.skip_level_visit_id, referral.unit_id) == (
        ReferralSource.COLLECTIVE_SKIP_LEVEL,
        visit.pk,
        unit_a.pk,
    )


@pytest.mark.django_db(transaction=True)
def test_a_skip_level_record_of_20_people_is_not(office, unit_a, skip):
    skip(unit_a, date(2025, 3, 10), headcount=20)
    assert not Referral.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_saving_the_record_again_refers_it_once(office, unit_a, skip):
    visit = skip(unit_a, date(2025, 3, 10), headcount=30)
    visit.save()
    assert Referral.objects.count() == 1


def test_a_registered_collective_petition_of_21_is_referred(
    office, clerk, unit_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        petition = register(by=clerk, headcount=21, channel=Channel.VISIT)
    assert Referral.objects.get().petition == petition


def test_a_registered_collective_petition_of_20_is_not(
    clerk, unit_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        register(by=clerk, headcount=20, channel=Channel.VISIT)
    assert not Referral.objects.exists()


def test_misconduct_is_referred_by_hand_and_the_inspector_records_the_outcome(
    office, inspector, handler, unit_a
):
    with pytest.raises(services.AccountabilityError):
        services.referral_raise(unit=unit_a, misconduct="shirking", summary="推诿", by=handler)
    referral = services.referral_raise(
        unit=unit_a, misconduct="shirking", summary="推诿不办", by=office
    )
    with pytest.raises(services.AccountabilityError):
        services.referral_record(
            referral=referral, findings="x", people="", outcome="", close=False, by=office
        )
    with pytest.raises(services.AccountabilityError):
        services.referral_record(
            referral=referral, findings="x", people="", outcome="", close=True, by=inspector
        )
    referral = services.referral_record(
        referral=referral,
        findings="属实",
        people="张三",
        outcome="admonition",
        close=True,
        by=inspector,
    )
    assert not referral.is_open
    assert referral.age_days() >= 0


def test_a_skip_level_visit_never_screened_nor_owned_is_referred(office, unit_a, skip):
    visit = skip(unit_a, date(2025, 3, 10))
    from accountability.scoring import Month

    (referral,) = services.referrals_from_reverse_check(m=Month.of(2025, 3))
    assert (referral.source, referral.skip_level_visit_id) == (
        ReferralSource.REVERSE_CHECK,
        visit.pk,
    )


def test_a_visit_whose_matter_was_screened_and_owned_is_not_referred(office, unit_a, skip):
    from accountability.scoring import Month
    from risk.models import ReverseCheckOverride

    visit = skip(unit_a, date(2025, 3, 10))
    # The office's corrected 倒查 (screened, owned) is what the referral reads.
    ReverseCheckOverride.objects.create(
        visit=visit,
        was_on_screening_list=True,
        had_owning_leader=True,
        reason="排查台账第3项",
        by=office,
    )
    assert services.referrals_from_reverse_check(m=Month.of(2025, 3)) == []


def test_a_screening_report_filed_late_costs_its_points(office, unit_a, unit_b, leader):
    from decimal import Decimal

    from accountability.models import Metric, Rule, UnitScore
    from organization.periods import Period
    from risk import screening_services

    Rule.objects.create(
        name="排查报告逾期",
        metric=Metric.SCREENING_LATE,
        points=Decimal("-2"),
        active_from=date(2020, 1, 1),
    )
    period = Period.of(2025, 3)
    report = screening_services.screening_report_start(unit=unit_a, period=period, by=leader)
    screening_services.screening_report_declare_zero(report=report, by=leader)
    late = timezone.make_aware(datetime.combine(report.due_on + timedelta(days=1), time(10)))
    screening_services.screening_report_sign(report=report, by=leader, at=late)
    run = services.scoring_month_run(year=2025, month=3, by=office)
    line = UnitScore.objects.get(scoring_month=run, unit=unit_a).lines.get(
        rule__metric=Metric.SCREENING_LATE
    )
    assert (line.count, line.points) == (1, Decimal("-2"))
