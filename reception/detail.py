"""What reception adds to the petition page: the reception day it was received on
(接访领导负责到底) and the alert a large collective visit raised. Costs no query for a
petition that is neither."""

from django.conf import settings

from petitions.models import Channel

from .models import CollectiveVisitAlert, ReceptionDay, Visit


def reception_section(petition, user) -> dict | None:
    visit = None
    if petition.channel == Channel.LEADER_RECEPTION:
        visit = (
            Visit.objects.filter(petition=petition)
            .select_related("reception_day__leader", "reception_day__unit", "group_unit")
            .first()
        )
    alert = None
    if petition.headcount > settings.COLLECTIVE_ALERT_HEADCOUNT:
        alert = CollectiveVisitAlert.objects.filter(petition=petition).first()
    if visit is None and alert is None:
        return None
    day = visit.reception_day if visit else None
    return {
        "template": "reception/panels/petition_reception.html",
        "context": {
            "visit": visit,
            "day": day,
            "day_visible": day is not None
            and user.has_perm("reception.view_receptionday")
            and ReceptionDay.objects.visible_to(user).filter(pk=day.pk).exists(),
            "alert": alert,
            "alert_visible": alert is not None
            and user.has_perm("reception.view_collectivevisitalert")
            and CollectiveVisitAlert.objects.visible_to(user).filter(pk=alert.pk).exists(),
        },
    }
