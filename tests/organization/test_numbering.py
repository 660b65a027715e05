"""allocate_number: one gapless sequence per key and year, in the caller's transaction."""

import threading
import time

import pytest
from django.db import connection, transaction

from organization.models import YearlySequence
from organization.services import allocate_number


def allocate(key: str, year: int, **kwargs) -> int:
    with transaction.atomic():
        return allocate_number(key, year, **kwargs)


@pytest.mark.django_db
def test_each_key_and_year_counts_from_one_on_its_own():
    drawn = [
        allocate("petition", 2026),
        allocate("petition", 2026),
        allocate("supervision", 2026),
        allocate("petition", 2027),
        allocate("supervision", 2026),
        allocate("petition", 2026),
        allocate("supervision", 2027),
    ]

    assert drawn == [1, 2, 1, 1, 2, 3, 1]
    assert set(YearlySequence.objects.values_list("key", "year", "last_number")) == {
        ("petition", 2026, 3),
        ("petition", 2027, 1),
        ("supervision", 2026, 2),
        ("supervision", 2027, 1),
    }


@pytest.mark.django_db
def test_a_block_of_numbers_returns_its_first():
    assert allocate("supervision", 2026, count=3) == 1
    assert allocate("supervision", 2026) == 4


@pytest.mark.django_db
def test_a_rolled_back_caller_gives_its_number_back():
    assert allocate("petition", 2026) == 1

    taken = []

    def fails_after_numbering():
        with transaction.atomic():
            taken.append(allocate_number("petition", 2026))
            taken.append(allocate_number("report", 2026))  # its row is rolled back too
            raise RuntimeError("the numbered row could not be stored")

    with pytest.raises(RuntimeError):
        fails_after_numbering()

    assert taken == [2, 1]

    assert allocate("petition", 2026) == 2
    assert allocate("report", 2026) == 1


@pytest.mark.django_db
def test_it_refuses_to_run_outside_a_transaction(monkeypatch):
    monkeypatch.setattr(transaction.get_connection(), "in_atomic_block", False)
    with pytest.raises(RuntimeError):
        allocate_number("petition", 2026)


@pytest.mark.django_db(transaction=True)
def test_concurrent_callers_queue_for_the_row_and_skip_nothing():
    barrier = threading.Barrier(6)
    drawn: list = []

    def job(fail: bool):
        try:
            barrier.wait(30)
            with transaction.atomic():
                number = allocate_number("petition", 2026)
                time.sleep(0.05)  # hold the lock a little
                if fail:
                    raise RuntimeError
                drawn.append(number)
        except RuntimeError:
            pass
        finally:
            connection.close()

    threads = [threading.Thread(target=job, args=(i % 3 == 0,)) for i in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    assert sorted(drawn) == [1, 2, 3, 4]
    assert YearlySequence.objects.get(key="petition", year=2026).last_number == 4
