"""One lookup per object kind, on the same visible_to rule as the lists."""

from django.shortcuts import get_object_or_404

from .models import ReceptionDay, SkipLevelVisit


def get_day_for_user(user, pk: int) -> ReceptionDay:
    queryset = ReceptionDay.objects.select_related("leader", "unit", "published_by", "cancelled_by")
    return get_object_or_404(queryset.visible_to(user), pk=pk)


def get_skip_level_for_user(user, pk: int) -> SkipLevelVisit:
    queryset = SkipLevelVisit.objects.select_related(
        "responsible_unit", "persuasion_leader", "sensitive_period", "recorded_by"
    )
    return get_object_or_404(queryset.visible_to(user), pk=pk)
