"""The dashboard at `/`: a column of panels contributed by the apps.

Each entry names a function `panel(request) -> Panel | None`; it returns None
when the panel has nothing for this user. Apps are composed here so that no
lower app has to know about a higher one.
"""

from dataclasses import dataclass, field

from django.utils.module_loading import import_string

PANELS: list[str] = []


@dataclass
class Panel:
    template_name: str
    context: dict = field(default_factory=dict)
    width: int = 12  # Bootstrap grid columns


def panels_for(request) -> list[Panel]:
    panels = []
    for dotted_path in PANELS:
        panel = import_string(dotted_path)(request)
        if panel is not None:
            panels.append(panel)
    return panels
