from datetime import date

import pytest

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


def test_reverse_check_referrals_read_nothing_without_risk(office, unit_a, skip):
    skip(unit_a, date(2025, 3, 10))
    from accountability.scoring import Month

    assert services.referrals_from_reverse_check(m=Month.of(2025, 3)) == []
