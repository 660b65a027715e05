"""Who hears of a large collective visit: the office and the discipline inspectors,
who look into its cause (source 004 §五)."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import override

from notifications.models import Notification
from notifications.services import notify, users_with_role
from organization.roles import Role

KIND_COLLECTIVE_ALERT = "collective_alert"


def notify_collective_alert(alert) -> list[Notification]:
    petition = alert.petition
    with override(settings.LANGUAGE_CODE):
        text = _(
            "A collective visit of %(people)d people (%(number)s, %(unit)s) exceeds the alert "
            "threshold: find out why, and record the cause and the outcome."
        ) % {"people": alert.headcount, "number": petition.number, "unit": alert.unit.name}
    return notify(
        [*users_with_role(Role.OFFICE), *users_with_role(Role.INSPECTOR)],
        kind=KIND_COLLECTIVE_ALERT,
        text=text,
        subject=petition.number,
        url=reverse("reception:alert_detail", args=[alert.pk]),
    )
