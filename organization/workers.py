"""The independent pieces of a long job run in a few threads, each with its own database
connection, so that one thread's Python runs while another's statement runs in the
database (the daily run's closing of expired review windows: at 10^6 cases half its time
is PostgreSQL rewriting each closed case in the table's indexes).

Only for pieces that each commit their own transaction: a caller's open transaction
could not be seen by the other connections (and its locks would stop them), so inside
one, and elsewhere than PostgreSQL, the pieces run one after another in the caller's
thread, as they would without this.
"""

import threading
from collections.abc import Callable, Iterable

from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import translation


def run_pieces(
    function: Callable, pieces: Iterable, *, workers: int, using: str = DEFAULT_DB_ALIAS
) -> list:
    """`function(piece)` for every piece, in up to `workers` threads; their results in the
    pieces' order. The first error stops the threads taking more pieces and is raised once
    they have finished the ones they hold (those committed stay committed)."""
    pieces = list(pieces)
    connection = connections[using]
    if (
        workers < 2
        or len(pieces) < 2
        or connection.in_atomic_block
        or connection.vendor != "postgresql"
    ):
        return [function(piece) for piece in pieces]
    results: list = [None] * len(pieces)
    errors: list[BaseException] = []
    queue = iter(enumerate(pieces))
    taking = threading.Lock()
    language = translation.get_language()

    def work():
        try:
            # A thread starts in no language: the caller's, for any text a piece writes.
            with translation.override(language):
                while not errors:
                    with taking:
                        taken = next(queue, None)
                    if taken is None:
                        return
                    index, piece = taken
                    results[index] = function(piece)
        except BaseException as error:  # raised again in the caller
            errors.append(error)
        finally:
            connections.close_all()  # this thread's own connections

    threads = [threading.Thread(target=work) for _ in range(min(workers, len(pieces)))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    return results
