"""What accountability adds to the petition page: the responsible unit's chain (registered
in apps.py)."""

from django.utils import timezone

from .models import ChainMember


def chain_section(petition, user) -> dict | None:
    unit = petition.responsible_unit
    if unit is None:
        return None
    # The chain of the scored unit above the case's unit, and of the unit itself.
    paths = {unit.path[: 2 * unit.steplen], unit.path}
    members = list(
        ChainMember.objects.on(timezone.localdate())
        .filter(unit__path__in=paths)
        .select_related("unit")
        .order_by("unit__path", "role", "since")
    )
    if not members:
        return None
    return {
        "template": "accountability/panels/petition_chain.html",
        "context": {"members": members},
    }
