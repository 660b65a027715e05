"""Sections other apps add to the petition page, such as the reception day a case was
received on. Each is a function (petition, user) -> {"template", "context"} or None,
registered from the app's AppConfig.ready(): petitions never imports them."""

from collections.abc import Callable

SECTIONS: list[Callable] = []
# Labels of the events other apps log on the case (petition_record_event): action -> label.
EVENT_LABELS: dict[str, str] = {}


def register(section: Callable) -> Callable:
    if section not in SECTIONS:
        SECTIONS.append(section)
    return section


def sections_for(petition, user) -> list[dict]:
    return [shown for section in SECTIONS if (shown := section(petition, user))]


def register_event_label(action: str, label) -> None:
    EVENT_LABELS[action] = label
