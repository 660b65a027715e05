"""Sections other apps add to the supervision lists, such as risk's backlog plans past
their deadline. Each is a function (user, today) -> {"template", "context"} or None,
registered from the app's AppConfig.ready(): supervision never imports them."""

from collections.abc import Callable

SECTIONS: list[Callable] = []


def register(section: Callable) -> Callable:
    if section not in SECTIONS:
        SECTIONS.append(section)
    return section


def sections_for(user, today) -> list[dict]:
    return [shown for section in SECTIONS if (shown := section(user, today))]
