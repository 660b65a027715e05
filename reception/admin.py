"""Reception records are written by the application (services); the admin reads them."""

from django.contrib import admin

from petitions.admin import ReadOnlyAdmin

from .models import CollectiveVisitAlert, ReceptionDay, SensitivePeriod, SkipLevelVisit, Visit


@admin.register(ReceptionDay)
class ReceptionDayAdmin(ReadOnlyAdmin):
    list_display = [
        "date",
        "starts_at",
        "leader",
        "unit",
        "kind",
        "place",
        "published_at",
        "cancelled_at",
    ]
    list_filter = ["kind", "date"]
    list_select_related = ["leader", "unit"]
    search_fields = ["place", "topic", "leader__full_name"]
    date_hierarchy = "date"


@admin.register(Visit)
class VisitAdmin(ReadOnlyAdmin):
    list_display = ["petition", "reception_day", "group_unit", "recorded_at"]
    list_select_related = ["petition", "reception_day__leader", "group_unit"]


@admin.register(CollectiveVisitAlert)
class CollectiveVisitAlertAdmin(ReadOnlyAdmin):
    list_display = ["petition", "unit", "headcount", "raised_at", "closed_at"]
    list_select_related = ["petition", "unit"]


@admin.register(SkipLevelVisit)
class SkipLevelVisitAdmin(ReadOnlyAdmin):
    list_display = [
        "visited_on",
        "level",
        "headcount",
        "responsible_unit",
        "during_sensitive_period",
        "accepted_below",
        "outcome",
    ]
    list_filter = ["level", "during_sensitive_period", "outcome"]
    list_select_related = ["responsible_unit"]
    date_hierarchy = "visited_on"


@admin.register(SensitivePeriod)
class SensitivePeriodAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "starts_on", "ends_on"]
    list_filter = ["kind"]
    date_hierarchy = "starts_on"
