from django.contrib import admin

from .models import AssessmentYear, Rule


@admin.register(Rule)
class RuleAdmin(admin.ModelAdmin):
    """The scoring rules: what each counts, points per item, cap, when it applies."""

    list_display = ["name", "metric", "points", "cap", "veto", "active_from", "active_to"]
    list_filter = ["metric", "veto"]
    search_fields = ["name"]


@admin.register(AssessmentYear)
class AssessmentYearAdmin(admin.ModelAdmin):
    list_display = ["year", "pass_mark"]
