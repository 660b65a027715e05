"""Warnings other apps add about the people being registered (e.g. "a key
petitioner"), shown in the registration form's earlier-petitions panel.

Each is a function (petitioner_ids, user) -> list of {"text": str, "url": str}
registered from the app's AppConfig.ready(): petitions never imports them. The ids
are the cross-case persons (Petitioner) matched among the cases the user may find by
person (PetitionQuerySet.findable_by_person), so a person known only from a
检举控告 case the user may not see is never passed.
"""

from collections.abc import Callable

NOTES: list[Callable] = []


def register(note: Callable) -> Callable:
    if note not in NOTES:
        NOTES.append(note)
    return note


def notes_for(petitioner_ids, user) -> list[dict]:
    ids = sorted(set(petitioner_ids))
    if not ids:
        return []
    return [shown for note in NOTES for shown in note(ids, user)]
