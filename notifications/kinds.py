"""What kinds of notification there are, and their labels.

A kind is a plain string stored on the row; each app registers the kinds it sends
from its AppConfig.ready() (`kinds.register("assigned", _("Assigned case"))`), so
this low app never needs to know the apps above it. A kind nobody registered
(an app since removed) is shown as it is stored.
"""

from django.utils.functional import Promise

OTHER = "other"

LABELS: dict[str, str | Promise] = {}


def register(kind: str, label: str | Promise) -> str:
    if len(kind) > 20:
        raise ValueError(f"notification kind {kind!r} is longer than 20 characters")
    LABELS[kind] = label
    return kind


def label(kind: str) -> str:
    return str(LABELS.get(kind, kind))
