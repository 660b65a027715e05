from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission
from django.db.models import Q

from organization.models import User


class UserBackend(ModelBackend):
    """Django's model backend, with fewer queries on every page: the user is read with
    the unit the navigation bar names, and its permissions (its own and its groups')
    in one query rather than two."""

    def get_user(self, user_id):
        try:
            user = User._default_manager.select_related("unit").get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None

    def get_all_permissions(self, user_obj, obj=None):
        if (
            not user_obj.is_active
            or user_obj.is_anonymous
            or user_obj.is_superuser
            or obj is not None
            or hasattr(user_obj, "_perm_cache")
        ):
            return super().get_all_permissions(user_obj, obj)
        granted = Permission.objects.filter(Q(user=user_obj) | Q(group__user=user_obj))
        user_obj._perm_cache = {
            f"{app_label}.{codename}"
            for app_label, codename in granted.values_list("content_type__app_label", "codename")
        }
        return user_obj._perm_cache
