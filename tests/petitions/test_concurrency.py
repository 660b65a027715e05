"""Nothing lost under concurrency, on PostgreSQL with real threads and real transactions.

- Registrations that run at once get distinct, consecutive numbers; one that
  fails inside its transaction gives its number back (no gap).
- Two people acting on one case at once: one wins, the other is told who changed
  the case and when, and exactly one event is written.

Each thread opens its own database connection and closes it when done.
"""

import threading
import time

import pytest
from django.db import DataError, connection
from django.utils import translation

from organization.models import YearlySequence
from organization.roles import Role
from petitions import services
from petitions.models import (
    CaseEvent,
    Petition,
    PetitionPetitioner,
)
from petitions.services import ActionNotAllowed, StalePetition
from tests.factories import UserFactory

from .factories import advance, moment, petitioner, register, valid_id_number

transactional = pytest.mark.django_db(transaction=True)

DELAY = 0.2  # seconds a slowed-down step holds its lock


def run_at_once(*jobs, timeout: float = 60):
    """Run each job in its own thread, released together; return results or exceptions."""
    barrier = threading.Barrier(len(jobs))
    results: list = [None] * len(jobs)

    def run(index, job):
        try:
            barrier.wait(timeout)
            results[index] = job()
        except Exception as error:  # handed back to the test
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    assert not any(thread.is_alive() for thread in threads), "a thread hung (deadlock?)"
    return results


def slow_down(monkeypatch, owner, name: str, seconds: float = DELAY):
    """Make `owner.name` sleep after it runs, so whoever holds a lock holds it longer."""
    original = getattr(owner, name)

    def slowed(*args, **kwargs):
        result = original(*args, **kwargs)
        time.sleep(seconds)
        return result

    monkeypatch.setattr(owner, name, slowed)


def numbers(count: int, year: int = 2026) -> list[str]:
    return [f"XF{year}{n:06d}" for n in range(1, count + 1)]


# --- (a) Numbers under concurrent registration ------------------------------------------------


@transactional
def test_registrations_at_once_get_distinct_consecutive_numbers(clerk, office, monkeypatch):
    # The first registrations of the year race to create the year's sequence row too.
    slow_down(monkeypatch, PetitionPetitioner.objects, "bulk_create")
    users = [clerk, office] * 4

    def job(i):
        return lambda: (
            register(
                by=users[i],
                at=moment("2026-10-12"),
                petitioners=[petitioner(name=f"职工{i}", id_number=valid_id_number(100 + i))],
            ).number
        )

    started = time.monotonic()
    results = run_at_once(*(job(i) for i in range(8)))
    elapsed = time.monotonic() - started

    assert not [r for r in results if isinstance(r, Exception)], results
    assert sorted(results) == numbers(8)
    assert YearlySequence.objects.get(key="petition", year=2026).last_number == 8
    assert CaseEvent.objects.filter(action="register").count() == 8
    # They queued for the year's row: the slowed steps ran one after another.
    assert elapsed >= 7 * DELAY


@transactional
def test_registrations_at_once_for_the_same_known_person_all_succeed(clerk, monkeypatch):
    person = petitioner(id_number=valid_id_number(7))
    register(by=clerk, at=moment("2026-10-12"), petitioners=[person])
    slow_down(monkeypatch, PetitionPetitioner.objects, "bulk_create")

    results = run_at_once(
        *(lambda: register(by=clerk, at=moment("2026-10-12"), petitioners=[person]).number,) * 5
    )

    assert sorted(results) == numbers(6)[1:]
    assert Petition.objects.filter(petitioners__id_number=valid_id_number(7)).count() == 6


# --- (b) A failed registration leaves no gap --------------------------------------------------


@transactional
def test_a_registration_failing_after_numbering_gives_its_number_back(clerk, monkeypatch):
    first = register(by=clerk, at=moment("2026-10-12"))

    # Invalid data: the database refuses the row after the number was taken.
    with pytest.raises(DataError):
        register(by=clerk, at=moment("2026-10-12"), summary="长" * 201)

    # A failure further on, after the petition row was written.
    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    with monkeypatch.context() as patch:
        patch.setattr(PetitionPetitioner.objects, "bulk_create", broken)
        with pytest.raises(RuntimeError):
            register(by=clerk, at=moment("2026-10-12"), summary="第三件")

    second = register(by=clerk, at=moment("2026-10-12"))

    assert [first.number, second.number] == numbers(2)
    assert YearlySequence.objects.get(key="petition", year=2026).last_number == 2
    assert not Petition.objects.filter(summary="第三件").exists()
    assert Petition.objects.count() == CaseEvent.objects.count() == 2


@transactional
def test_failures_among_concurrent_registrations_leave_no_gap(clerk, monkeypatch):
    slow_down(monkeypatch, PetitionPetitioner.objects, "bulk_create")

    def job(i):
        summary = "长" * 201 if i % 2 else f"第{i}件"  # every other one fails
        return lambda: (
            register(
                by=clerk,
                at=moment("2026-10-12"),
                summary=summary,
                petitioners=[petitioner(name=f"职工{i}", id_number=valid_id_number(200 + i))],
            ).number
        )

    results = run_at_once(*(job(i) for i in range(8)))

    failures = [r for r in results if isinstance(r, Exception)]
    assert len(failures) == 4
    assert all(isinstance(failure, DataError) for failure in failures)
    assert sorted(r for r in results if isinstance(r, str)) == numbers(4)
    assert YearlySequence.objects.get(key="petition", year=2026).last_number == 4


# --- (c) Two people acting on one case at once -------------------------------------------------


@pytest.fixture
def second_leader(unit_a):
    return UserFactory(username="leader2", unit=unit_a, roles=[Role.LEADER])


@pytest.fixture
def second_handler(unit_a):
    return UserFactory(username="handler2", unit=unit_a, roles=[Role.HANDLER])


BUILT = moment("2026-10-12")


def _in(state, people, at=BUILT):
    return advance(register(by=people["clerk"], at=at), state, at=at, **people)


@transactional
def test_two_leaders_acting_at_once_one_wins_the_other_is_told_who_and_when(
    people, second_leader, monkeypatch
):
    petition = _in(Petition.State.AWAITING_SIGNOFF, people)
    version = petition.version
    events = petition.events.count()
    slow_down(monkeypatch, Petition, "recompute_due_dates")
    sign_off_at = moment("2026-10-19", 10, 0)
    send_back_at = moment("2026-10-19", 10, 1)

    def sign_off():
        with translation.override("en"):
            return services.petition_sign_off(
                petition=petition, by=people["leader"], version=version, at=sign_off_at
            )

    def send_back():
        with translation.override("en"):
            return services.petition_send_back(
                petition=petition,
                reason="事实不清",
                by=second_leader,
                version=version,
                at=send_back_at,
            )

    signed, sent = run_at_once(sign_off, send_back)

    outcomes = {type(signed), type(sent)}
    assert outcomes == {Petition, StalePetition}, (signed, sent)
    if isinstance(signed, Petition):
        winner, when, loser, state = people["leader"], "2026-10-19 10:00", sent, "awaiting_review"
    else:
        winner, when, loser, state = second_leader, "2026-10-19 10:01", signed, "in_progress"
    assert str(loser) == (
        f"This case was changed by {winner.get_full_name()} at {when}. "
        "Reload the page to see the change, then try again."
    )
    stored = Petition.objects.get(pk=petition.pk)
    assert stored.state == state
    assert stored.version == version + 1
    assert stored.events.count() == events + 1
    assert stored.events.order_by("-pk").first().actor == winner


@transactional
def test_the_same_action_submitted_twice_at_once_happens_once(people, monkeypatch):
    petition = _in(Petition.State.AWAITING_REVIEW, people)
    slow_down(monkeypatch, Petition, "recompute_due_dates")

    def approve():
        return services.petition_approve(
            petition=petition, by=people["office"], version=petition.version
        )

    results = run_at_once(approve, approve)

    assert sorted(type(r).__name__ for r in results) == ["Petition", "StalePetition"]
    assert Petition.objects.get(pk=petition.pk).events.filter(action="approve").count() == 1


@transactional
def test_two_handlers_receiving_at_once_without_a_version_one_is_refused(
    people, second_handler, monkeypatch
):
    petition = _in(Petition.State.ASSIGNED, people)
    slow_down(monkeypatch, Petition, "recompute_due_dates")

    results = run_at_once(
        lambda: services.petition_receive(petition=petition, by=people["handler"]),
        lambda: services.petition_receive(petition=petition, by=second_handler),
    )

    assert sorted(type(r).__name__ for r in results) == ["ActionNotAllowed", "Petition"]
    stored = Petition.objects.get(pk=petition.pk)
    assert stored.state == Petition.State.IN_PROGRESS
    assert stored.events.filter(action="receive").count() == 1


# --- (d) An outdated page -------------------------------------------------------------------------


@pytest.mark.django_db
def test_acting_on_an_outdated_version_names_who_changed_the_case_and_when(people):
    loaded = _in(Petition.State.ASSIGNED, people)  # the page the leader opened
    services.petition_receive(
        petition=loaded, by=people["handler"], at=moment("2026-10-19", 10, 30)
    )
    events = CaseEvent.objects.count()

    with translation.override("en"), pytest.raises(StalePetition) as caught:
        services.petition_object(
            petition=loaded,
            reason="不属本单位",
            by=people["handler"],
            version=loaded.version,
            at=moment("2026-10-19", 11, 0),
        )

    name = people["handler"].get_full_name()
    assert f"changed by {name} at 2026-10-19 10:30" in str(caught.value)
    assert CaseEvent.objects.count() == events
    assert Petition.objects.get(pk=loaded.pk).state == Petition.State.IN_PROGRESS


@pytest.mark.django_db
def test_the_outdated_version_message_is_translated(people):
    loaded = _in(Petition.State.ASSIGNED, people)
    services.petition_receive(
        petition=loaded, by=people["handler"], at=moment("2026-10-19", 10, 30)
    )
    with translation.override("zh-hans"), pytest.raises(StalePetition) as caught:
        services.petition_receive(petition=loaded, by=people["handler"], version=loaded.version)
    assert str(caught.value) == (
        f"此事项已于 2026-10-19 10:30 被 {people['handler'].get_full_name()} 修改。"
        "请刷新页面查看最新情况后重试。"
    )


@pytest.mark.django_db
def test_a_back_dated_change_by_the_system_is_the_one_named(people):
    # Replied in January, rated today; then the system, back-dated to a day before
    # today, closes the case whose review window ended. The page is stale because of
    # the job, the newest change, whatever its date.
    loaded = _in(Petition.State.REPLIED, people, at=moment("2026-01-02"))
    services.petition_record_rating(
        petition=loaded, office_rating="satisfied", unit_rating="satisfied", by=people["office"]
    )
    services.petition_close(
        petition=loaded, reason="window_expired", by=None, at=moment("2026-03-20", 1, 0)
    )
    with translation.override("en"), pytest.raises(StalePetition) as caught:
        services.petition_request_review(
            petition=loaded, by=people["office"], version=loaded.version
        )
    assert "changed by System at 2026-03-20 01:00" in str(caught.value)


@pytest.mark.django_db
def test_the_current_version_is_accepted_and_bumped(people):
    petition = _in(Petition.State.ASSIGNED, people)
    version = petition.version
    petition = services.petition_receive(petition=petition, by=people["handler"], version=version)
    assert petition.version == version + 1


@pytest.mark.django_db
def test_plain_field_changes_check_the_version_too(people):
    loaded = _in(Petition.State.IN_PROGRESS, people)
    services.petition_set_flags(
        petition=loaded, is_key_case=True, is_backlog=False, by=people["office"]
    )
    with pytest.raises(StalePetition):
        services.petition_set_flags(
            petition=loaded,
            is_key_case=False,
            is_backlog=True,
            by=people["office"],
            version=loaded.version,
        )
    stored = Petition.objects.get(pk=loaded.pk)
    assert (stored.is_key_case, stored.is_backlog) == (True, False)


def test_refusals_are_petition_errors():
    # Views catch PetitionError and show its message; both refusals are one.
    assert issubclass(StalePetition, services.PetitionError)
    assert issubclass(ActionNotAllowed, services.PetitionError)
