from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from .models import Unit, User


@admin.register(Unit)
class UnitAdmin(TreeAdmin):
    """The unit tree, indented, with drag-and-drop moves (treebeard)."""

    form = movenodeform_factory(Unit, exclude=["path", "depth", "numchild"])
    list_display = ["name", "code", "kind", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "code"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = [
        "username",
        "full_name",
        "unit",
        "title",
        "leadership",
        "role_list",
        "is_active",
    ]
    list_filter = ["groups", "is_active", "is_staff", "unit__kind"]
    list_select_related = ["unit"]
    search_fields = ["username", "full_name", "phone", "unit__name"]
    autocomplete_fields = ["unit"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (
            _("Person"),
            {"fields": ["full_name", "unit", "title", "leadership", "phone", "email"]},
        ),
        (_("Notifications"), {"fields": ["email_notifications"]}),
        (_("Roles and access"), {"fields": ["groups", "is_active", "is_staff", "is_superuser"]}),
        (_("Important dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": ["username", "full_name", "unit", "groups", "password1", "password2"],
            },
        )
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    @admin.display(description=_("roles"))
    def role_list(self, obj):
        return "、".join(group.name for group in obj.groups.all())
