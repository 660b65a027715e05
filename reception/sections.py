"""Sections other apps add to the skip-level visit page, such as risk's reverse check
(倒查). Each is a function (visit, user) -> {"template", "context"} or None,
registered from the app's AppConfig.ready(): reception never imports them."""

from collections.abc import Callable

SKIP_LEVEL_SECTIONS: list[Callable] = []


def register_skip_level_section(section: Callable) -> Callable:
    if section not in SKIP_LEVEL_SECTIONS:
        SKIP_LEVEL_SECTIONS.append(section)
    return section


def skip_level_sections_for(visit, user) -> list[dict]:
    return [shown for section in SKIP_LEVEL_SECTIONS if (shown := section(visit, user))]
