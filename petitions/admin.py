from django.contrib import admin
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from .models import (
    CaseEvent,
    Category,
    Holiday,
    IdentityAccessLog,
    Petition,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records written only by the application (cases through services, logs)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Category)
class CategoryAdmin(TreeAdmin):
    form = movenodeform_factory(Category, exclude=["path", "depth", "numchild"])
    list_display = ["name", "is_active"]
    search_fields = ["name"]


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin):
    list_display = ["date", "is_workday", "note"]
    list_filter = ["is_workday"]
    date_hierarchy = "date"


class CaseEventInline(admin.TabularInline):
    model = CaseEvent
    fields = ["at", "action", "actor", "from_state", "to_state", "comment"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Petition)
class PetitionAdmin(ReadOnlyAdmin):
    """Read-only in the admin: cases change only through the application's actions."""

    list_display = ["number", "summary", "state", "channel", "received_on", "responsible_unit"]
    list_filter = ["state", "channel", "nature"]
    list_select_related = ["responsible_unit"]
    search_fields = ["number", "summary"]
    date_hierarchy = "received_on"
    inlines = [CaseEventInline]


@admin.register(IdentityAccessLog)
class IdentityAccessLogAdmin(ReadOnlyAdmin):
    list_display = ["at", "user", "petition", "purpose"]
    list_select_related = ["user", "petition"]
    date_hierarchy = "at"
