"""Who hears of a large collective visit. For now it is logged; the in-app inbox
(another branch) will deliver it to these users."""

import logging

from django.db.models import Q

from organization.models import User
from organization.roles import Role

logger = logging.getLogger(__name__)


def notify_collective_alert(alert) -> list[User]:
    """The office and the discipline inspectors: they look into the cause."""
    recipients = list(
        User.objects.filter(is_active=True)
        .filter(Q(groups__name=Role.OFFICE) | Q(groups__name=Role.INSPECTOR))
        .distinct()
        .order_by("pk")
    )
    logger.warning(
        "Collective visit of %s people (petition %s): alert %s to %s",
        alert.headcount,
        alert.petition_id,
        alert.pk,
        ", ".join(user.username for user in recipients),
    )
    return recipients
