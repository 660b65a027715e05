from django.conf import settings
from django.utils.translation import gettext as _

from notifications.services import unread_count

from .navigation import items_for


def navigation(request):
    context = {"brand_name": settings.SITE_NAME or _("Petition Case Management")}
    if getattr(request, "public_page", False):  # drawn for the public: no user read
        return context
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        context["nav_items"] = items_for(user, request.path)
        context["unread_notifications"] = unread_count(user)
    return context
