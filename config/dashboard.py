"""The dashboard at `/`: a column of panels contributed by the apps.

Each entry names a function `panel(request)` returning None when it has nothing
for this user, or a dict with the panel's "template" and "context" (and
optionally "width" in Bootstrap columns). Apps are composed here so that no
lower app has to know about a higher one.
"""

from django.utils.module_loading import import_string

PANELS: list[str] = [
    "petitions.dashboard.calendar_warning",
    "supervision.dashboard.supervision",
    "petitions.dashboard.work_queues",
    "reception.dashboard.office_panel",
    "risk.screening_dashboard.screening_panel",
    "reports.charts.charts",
]


def panels_for(request) -> list[dict]:
    panels = []
    for dotted_path in PANELS:
        panel = import_string(dotted_path)(request)
        if panel is not None:
            panel.setdefault("width", 12)
            panels.append(panel)
    return panels
