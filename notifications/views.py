"""The inbox: a user's own notifications, newest first."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from organization.paging import page_of

from . import services
from .models import Notification


def notification_list(request):
    rows = Notification.objects.filter(recipient=request.user)
    if request.GET.get("unread"):
        rows = rows.filter(read_at=None)
    page = page_of(request, rows, per_page=30)
    return render(
        request,
        "notifications/notification_list.html",
        {
            "page": page,
            "unread_only": bool(request.GET.get("unread")),
            "query": "unread=1" if request.GET.get("unread") else "",
        },
    )


@require_POST
def notification_read(request, pk):
    """Mark one as read and follow its link."""
    notification = services.notification_mark_read(user=request.user, pk=pk)
    if notification is None:  # another user's message, or none: nothing to say which
        raise Http404
    target = notification.url
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("notifications:list")


@require_POST
def notification_read_all(request):
    services.notifications_mark_all_read(user=request.user)
    return redirect("notifications:list")
