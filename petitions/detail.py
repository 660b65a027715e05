"""Sections other apps add to the petition page, such as the reception day a case was
received on. Each is a function (petition, user) -> {"template", "context"} or None,
registered from the app's AppConfig.ready(): petitions never imports them."""

from collections.abc import Callable

SECTIONS: list[Callable] = []
# The case's relations the sections read (reverse names, or foreign keys to Petition):
# the page asks which have rows in one query with its own lists
# (organization.related.probe), so a section skips its query on a case without any.
SECTION_ROWS: list = []
# Labels of the events other apps log on the case (petition_record_event): action -> label.
EVENT_LABELS: dict[str, str] = {}


def register(section: Callable, *, rows=()) -> Callable:
    """Add a section; `rows`: the case's relations it reads (see SECTION_ROWS), which it
    asks with organization.related.has_rows."""
    if section not in SECTIONS:
        SECTIONS.append(section)
        SECTION_ROWS.extend(rows)
    return section


def sections_for(petition, user) -> list[dict]:
    return [shown for section in SECTIONS if (shown := section(petition, user))]


def register_event_label(action: str, label) -> None:
    EVENT_LABELS[action] = label
