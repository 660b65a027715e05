"""Dashboard charts for the office and leaders: one aggregate query each, no loops over cases."""

import logging

from django.core.cache import cache
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from organization.roles import Role
from petitions.models import Channel, Petition, SkipLevel, case_unit_label
from reception.models import SkipLevelVisit

from .periods import Period
from .statistics import by_category

logger = logging.getLogger(__name__)

CHANNEL_GROUPS = [
    ("letter", _("Letters"), [Channel.LETTER]),
    ("visit", _("Visits"), [Channel.VISIT, Channel.LEADER_RECEPTION]),
    ("phone", _("Calls"), [Channel.PHONE]),
    ("online", _("Online"), [Channel.ONLINE, Channel.EMAIL]),
    ("other", _("Other"), [Channel.FAX, Channel.REFERRED]),
]


def monthly_trend(user, periods: list[Period]) -> dict:
    """Cases received per period and channel group, last 12 periods.

    One query grouped by day and channel (a few hundred rows at most), bucketed
    into periods here, so calendar and business months are handled alike.
    """
    group_of = {channel: key for key, _label, channels in CHANNEL_GROUPS for channel in channels}
    index_of = {period.key: index for index, period in enumerate(periods)}
    counts = {key: [0] * len(periods) for key, _label, _channels in CHANNEL_GROUPS}
    rows = (
        Petition.objects.visible_to(user)
        .filter(received_on__gte=periods[0].first, received_on__lte=periods[-1].last)
        .values_list("received_on", "channel")
        .annotate(count=Count("pk"))
    )
    for day, channel, count in rows:
        counts[group_of[channel]][index_of[Period.containing(day).key]] += count
    return {
        "id": "trend",
        "type": "bar",
        "stacked": True,
        "title": str(_("Cases received, last 12 months, by channel")),
        "labels": [period.label for period in periods],
        "series": [
            {"label": str(label), "data": counts[key]} for key, label, _channels in CHANNEL_GROUPS
        ],
    }


def skip_level_by_level(user, periods: list[Period]) -> dict:
    """Skip-level visits (批次) per period and level, last 12 periods: one query."""
    index_of = {period.key: index for index, period in enumerate(periods)}
    counts = {level: [0] * len(periods) for level in SkipLevel.values}
    rows = (
        SkipLevelVisit.objects.visible_to(user)
        .filter(visited_on__gte=periods[0].first, visited_on__lte=periods[-1].last)
        .order_by()
        .values_list("visited_on", "level")
        .annotate(count=Count("pk"))
    )
    for day, level, count in rows:
        counts[level][index_of[Period.containing(day).key]] += count
    return {
        "id": "skip-level",
        "type": "bar",
        "stacked": True,
        "title": str(_("Skip-level visits (batches), last 12 months, by level")),
        "labels": [period.label for period in periods],
        "series": [
            {"label": str(label), "data": counts[level]} for level, label in SkipLevel.choices
        ],
    }


def top_categories(user, periods: list[Period]) -> dict:
    rows = by_category(
        Period(periods[-1].year, periods[-1].month, periods[0].first, periods[-1].last), user=user
    )[:8]
    return {
        "id": "categories",
        "type": "bar",
        "horizontal": True,
        "title": str(_("Top categories, last 12 months")),
        "labels": [row["label"] for row in rows],
        "series": [{"label": str(_("Cases")), "data": [row["count"] for row in rows]}],
    }


OVERDUE_UNITS = 10


def overdue_by_unit(user) -> dict:
    """Cases overdue now per responsible unit, the most first (one grouped query, the same
    count and the same unit label as the supervision panel: case_unit_label)."""
    today = timezone.localdate()
    rows = Petition.objects.visible_to(user).overdue(today).count_by_unit()[:OVERDUE_UNITS]
    return {
        "id": "overdue",
        "type": "bar",
        "horizontal": True,
        "title": str(_("Overdue now, by unit")),
        "labels": [case_unit_label(row["responsible_unit__name"]) for row in rows],
        "series": [{"label": str(_("Cases")), "data": [row["count"] for row in rows]}],
    }


CACHE_SECONDS = 10 * 60


def _compute(user) -> list[dict]:
    periods = Period.containing(timezone.localdate()).months_back(12)
    return [
        monthly_trend(user, periods),
        skip_level_by_level(user, periods),
        top_categories(user, periods),
        overdue_by_unit(user),
    ]


def charts(request):
    """The charts, cached per user for ten minutes: they aggregate a year of cases."""
    user = request.user
    if not (user.is_superuser or user.has_role(Role.OFFICE, Role.LEADER)):
        return None
    key = f"dashboard-charts:{user.pk}:{timezone.localdate().isoformat()}:{get_language()}"
    try:
        panels = cache.get(key)
    except Exception:  # the cache (Redis) being down must not break the dashboard
        logger.warning("chart cache unavailable", exc_info=True)
        panels = None
    if panels is None:
        panels = _compute(user)
        try:
            cache.set(key, panels, CACHE_SECONDS)
        except Exception:
            logger.warning("chart cache unavailable", exc_info=True)
    return {"template": "reports/panels/charts.html", "context": {"charts": panels}}
