from django.contrib import admin

from petitions.admin import ReadOnlyAdmin

from .models import Reminder, SupervisionNotice


@admin.register(Reminder)
class ReminderAdmin(ReadOnlyAdmin):
    """What the daily deadline run has sent: one row per clock, kind and due date."""

    list_display = ["sent_on", "petition", "clock", "kind", "due"]
    list_filter = ["clock", "kind"]
    list_select_related = ["petition"]
    search_fields = ["petition__number"]
    date_hierarchy = "sent_on"


@admin.register(SupervisionNotice)
class SupervisionNoticeAdmin(ReadOnlyAdmin):
    list_display = [
        "number",
        "issued_on",
        "petition",
        "unit",
        "clock",
        "feedback_due",
        "feedback_at",
    ]
    list_filter = ["cause", "clock"]
    list_select_related = ["petition", "unit"]
    search_fields = ["number", "petition__number"]
    date_hierarchy = "issued_on"
