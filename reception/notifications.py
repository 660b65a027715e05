"""Who hears of a large collective visit: the office and the discipline inspectors,
who look into its cause (source 004 §五)."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import override

from petitions.models import Notification
from petitions.notifications import inspector_users, notify, office_users


def notify_collective_alert(alert) -> list[Notification]:
    petition = alert.petition
    with override(settings.LANGUAGE_CODE):
        text = _(
            "A collective visit of %(people)d people (%(number)s, %(unit)s) exceeds the alert "
            "threshold: find out why, and record the cause and the outcome."
        ) % {"people": alert.headcount, "number": petition.number, "unit": alert.unit.name}
    return notify(
        [*office_users(), *inspector_users()],
        kind=Notification.Kind.COLLECTIVE_ALERT,
        text=text,
        petition=petition,
        url=reverse("reception:alert_detail", args=[alert.pk]),
    )
