"""The demo petitions of `seed_demo`: every state, real clocks, deterministic."""

from datetime import timedelta
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, Q
from django.test import override_settings
from django.utils import timezone

from organization.models import Unit, User, YearlySequence
from petitions.identity import validate_id_number
from petitions.models import (
    CaseEvent,
    Channel,
    Nature,
    Petition,
    Petitioner,
)

pytestmark = pytest.mark.django_db

DEMO_SIZE = 120


def seed_demo(*args) -> str:
    out = StringIO()
    with override_settings(DEBUG=True):
        call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """One demo run for the whole module, rolled back at its end."""
    with django_db_blocker.unblock(), transaction.atomic():
        output = seed_demo("--petitions", str(DEMO_SIZE))
        yield output
        transaction.set_rollback(True)


def wipe():
    from accountability import models as acc

    for model in (
        acc.LedgerEvent,
        acc.LedgerEntry,
        acc.AnnualAssessment,
        acc.AssessmentYear,
        acc.MeasureTaken,
        acc.Consequence,
        acc.Referral,
        acc.ScoreLine,
        acc.UnitScore,
        acc.ScoringMonth,
        acc.Rule,
        acc.ChainMember,
        acc.Event,
    ):
        model.objects.all().delete()
    from reception.models import (
        CollectiveVisitAlert,
        ReceptionDay,
        SensitivePeriod,
        SkipLevelVisit,
        Visit,
    )

    for model in (Visit, CollectiveVisitAlert, SkipLevelVisit, ReceptionDay, SensitivePeriod):
        model.objects.all().delete()
    Petition.objects.all().delete()  # with their events and links
    Petitioner.objects.all().delete()
    YearlySequence.objects.all().delete()
    User.objects.all().delete()
    Unit.objects.all().delete()


def snapshot():
    petitions = Petition.objects.order_by("number")
    return [
        (
            p.number,
            p.summary,
            p.state,
            p.channel,
            p.received_on,
            p.current_due,
            p.repeat_of.number if p.repeat_of else None,
            [link.petitioner.id_number for link in p.links.all()],
            # set_flags cannot be back-dated (no `at=`): it is stamped with the run's time.
            [(e.action, e.at) for e in p.events.all() if e.action != "set_flags"],
        )
        for p in petitions.select_related("repeat_of").prefetch_related(
            "links__petitioner", "events"
        )
    ]


def test_the_demo_has_the_requested_number_of_petitions(demo):
    assert Petition.objects.count() == DEMO_SIZE
    assert f"Petitions: {DEMO_SIZE} (" in demo


def test_every_state_channel_and_nature_appears(demo):
    petitions = Petition.objects.all()
    assert set(petitions.values_list("state", flat=True)) == set(Petition.State.values)
    assert set(petitions.values_list("channel", flat=True)) == set(Channel.values)
    assert set(petitions.values_list("nature", flat=True)) == set(Nature.values)
    assert petitions.values("category").distinct().count() >= 10


def test_some_open_cases_are_overdue_and_some_due_within_five_days(demo):
    today = timezone.localdate()
    open_cases = Petition.objects.open()
    assert open_cases.overdue(today).exists()
    assert open_cases.due_within(today, 5).exists()
    # Finished cases run no clock.
    assert not Petition.objects.filter(state__in=Petition.END_STATES).exclude(current_due=None)


def test_cases_were_received_over_the_last_year_and_nothing_happens_in_the_future(demo):
    today = timezone.localdate()
    received = Petition.objects.values_list("received_on", flat=True)
    assert min(received) >= today - timedelta(days=366)
    assert max(received) <= today
    assert min(received) <= today - timedelta(days=270)
    assert not CaseEvent.objects.filter(at__gt=timezone.now())


def test_collective_visits_record_at_most_five_representatives(demo):
    collective = Petition.objects.filter(is_collective=True).annotate(
        representatives=Count("links", filter=Q(links__is_representative=True))
    )
    assert collective.exists()
    for petition in collective:
        assert petition.channel in (Channel.VISIT, Channel.LEADER_RECEPTION)
        assert petition.headcount >= settings.COLLECTIVE_VISIT_THRESHOLD
        assert 1 <= petition.representatives <= settings.MAX_REPRESENTATIVES
    # Representatives speak for a collective visit; nobody else is one.
    assert not Petition.objects.filter(is_collective=False, links__is_representative=True)


def test_every_petitioner_has_a_valid_identity_number_and_a_phone(demo):
    people = Petitioner.objects.all()
    assert people.exists()
    for person in people:
        validate_id_number(person.id_number)
        assert person.phone


def test_events_are_in_order_and_begin_with_registration(demo):
    for petition in Petition.objects.prefetch_related("events"):
        written = sorted(petition.events.all(), key=lambda event: event.pk)
        assert written[0].action == "register", petition.number
        assert written[0].at == petition.registered_at
        assert timezone.localtime(written[0].at).date() == petition.received_on
        times = [event.at for event in written]
        assert times == sorted(times), petition.number
        assert written[-1].to_state == petition.state


def test_summaries_are_short_and_numbers_gapless_per_year(demo):
    petitions = Petition.objects.all()
    assert max(len(summary) for summary in petitions.values_list("summary", flat=True)) <= 40
    for sequence in YearlySequence.objects.filter(key="petition"):
        numbers = sorted(
            petitions.filter(number__startswith=f"XF{sequence.year}").values_list(
                "number", flat=True
            )
        )
        assert numbers == [f"XF{sequence.year}{n:06d}" for n in range(1, len(numbers) + 1)]
        assert sequence.last_number == len(numbers)


def test_repeats_point_to_an_earlier_case_of_the_same_person(demo):
    repeats = Petition.objects.exclude(repeat_of=None).select_related("repeat_of")
    assert repeats.exists()
    for petition in repeats:
        assert petition.repeat_of.received_on < petition.received_on
        assert set(petition.petitioners.all()) & set(petition.repeat_of.petitioners.all())
    # Some people (信访老户) come back three times or more.
    assert Petitioner.objects.annotate(cases=Count("petitions")).filter(cases__gte=3).exists()


def test_the_demo_shows_the_overlays_and_special_cases(demo):
    petitions = Petition.objects.all()
    assert petitions.filter(nature=Nature.ACCUSATION).exists()  # confidential
    assert petitions.exclude(skip_level="").exists()
    assert petitions.filter(extension=Petition.Extension.APPROVED).exists()
    assert petitions.filter(extension=Petition.Extension.REQUESTED).exists()
    assert petitions.filter(is_key_case=True).exists()
    assert petitions.filter(is_backlog=True).exists()
    assert petitions.exclude(owning_leader=None).exists()
    assert petitions.exclude(office_rating="").exists()
    accepted = petitions.filter(events__action="accept")
    assert accepted.exists()
    assert all(p.responsible_unit.code == "JH-XFB" for p in accepted)


def test_the_same_seed_gives_the_same_petitions_and_another_seed_others(demo):
    first = snapshot()

    wipe()
    seed_demo("--petitions", str(DEMO_SIZE))
    assert snapshot() == first

    wipe()
    seed_demo("--petitions", str(DEMO_SIZE), "--seed", "7")
    other = snapshot()
    assert [row[1] for row in other] != [row[1] for row in first]
    assert [row[2] for row in other] != [row[2] for row in first]


def test_zero_petitions_creates_none():
    wipe()  # whatever an earlier test of this module loaded
    output = seed_demo("--petitions", "0")
    assert not Petition.objects.exists()
    assert User.objects.filter(username="yl_handler").exists()
    assert "Petitions: none" in output
