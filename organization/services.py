"""Changes a user makes to their own account, and the gapless yearly numbers."""

from django.db import transaction

from .models import YearlySequence


def allocate_number(key: str, year: int, *, count: int = 1) -> int:
    """The next number of `key`'s sequence for `year`; with `count`, the first of that
    many consecutive numbers. Numbers start at 1 each year, per key.

    Must run inside the caller's transaction, the one that stores the numbered row:
    the (key, year) row is created if missing (ON CONFLICT DO NOTHING), then locked
    until that transaction ends. Concurrent callers queue for it, so no number is
    issued twice; a caller that rolls back takes its increment with it, so there is
    no gap. Formatting is the caller's, e.g.

        f"XF{year}{allocate_number('petition', year):06d}"                 # 信访事项
        first = allocate_number("supervision", year, count=count)          # 督办单
        [f"DB{year}{n:06d}" for n in range(first, first + count)]

    A table moving onto this one copies its rows here with its key, in a data
    migration (as petitions 0013 and supervision 0003 did).
    """
    if count < 1:
        raise ValueError("count must be at least 1")
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("allocate_number must run inside the caller's transaction")
    YearlySequence.objects.bulk_create([YearlySequence(key=key, year=year)], ignore_conflicts=True)
    sequence = YearlySequence.objects.select_for_update().get(key=key, year=year)
    first = sequence.last_number + 1
    sequence.last_number += count
    sequence.save(update_fields=["last_number"])
    return first


def user_update_profile(*, user, email: str, email_notifications: bool) -> None:
    user.email = email
    user.email_notifications = email_notifications
    user.save(update_fields=["email", "email_notifications"])
