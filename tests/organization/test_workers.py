"""run_pieces: a job's independent pieces, each its own transaction, in a few threads."""

import threading

import pytest
from django.db import connection, transaction
from django.utils import translation

from organization.models import Unit
from organization.workers import run_pieces
from tests.factories import UnitFactory


@pytest.mark.django_db
def test_inside_a_transaction_the_pieces_run_in_the_caller_s_thread_in_order():
    # A test's transaction (like any caller's) is not seen by other connections.
    assert connection.in_atomic_block
    seen = []
    results = run_pieces(lambda piece: seen.append(threading.get_ident()) or piece * 2, [1, 2, 3],
                         workers=2)  # fmt: skip
    assert results == [2, 4, 6]
    assert set(seen) == {threading.get_ident()}


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_each_piece_commits_from_another_thread(group_root):
    threads = set()

    def add(name):
        threads.add(threading.get_ident())
        with transaction.atomic():
            return UnitFactory(name=name, parent=group_root).name

    names = [f"单位{index}" for index in range(6)]
    assert run_pieces(add, names, workers=2) == names  # in the pieces' order
    assert set(Unit.objects.filter(name__in=names).values_list("name", flat=True)) == set(names)
    assert threading.get_ident() not in threads
    assert 1 <= len(threads) <= 2


@pytest.mark.django_db(transaction=True)
def test_an_error_stops_the_threads_and_is_raised_to_the_caller(group_root):
    def add(name):
        with transaction.atomic():
            UnitFactory(name=name, parent=group_root)
            if name == "坏":
                raise ValueError(name)
        return name

    with pytest.raises(ValueError, match="坏"):
        run_pieces(add, ["好", "坏"], workers=2)
    # The piece that failed rolled back; the other committed.
    assert list(Unit.objects.filter(name__in=["好", "坏"]).values_list("name", flat=True)) == ["好"]


@pytest.mark.django_db(transaction=True)
def test_the_threads_speak_the_caller_s_language():
    with translation.override("en"):
        assert set(run_pieces(lambda _: translation.get_language(), [1, 2, 3], workers=2)) == {"en"}
    with translation.override("zh-hans"):
        assert set(run_pieces(lambda _: translation.get_language(), [1, 2, 3], workers=2)) == {
            "zh-hans"
        }
