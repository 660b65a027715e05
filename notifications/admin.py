from django.contrib import admin

from .models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """The inbox and the e-mail outbox: send_email with no emailed_at is still queued.
    Read-only: notifications are written by the application."""

    list_display = ["created_at", "recipient", "kind", "subject", "read_at", "emailed_at"]
    list_filter = ["kind", "send_email"]
    list_select_related = ["recipient"]
    search_fields = ["recipient__username", "subject"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
