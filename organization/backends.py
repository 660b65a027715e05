from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.db.models import Q

from organization import grants
from organization.models import User


class UserBackend(ModelBackend):
    """Django's model backend, with fewer queries on every page: the user is read with
    the unit the navigation bar names and the access generation, its roles,
    permissions and subtree are those kept under that generation (organization.grants),
    and permissions not kept are read in one query rather than two."""

    def get_user(self, user_id):
        try:
            user = (
                User._default_manager.select_related("unit")
                .annotate(access_generation=grants.generation())
                .get(pk=user_id)
            )
        except User.DoesNotExist:
            return None
        if not self.user_can_authenticate(user):
            return None
        grants.attach_grants(user)
        return user

    def get_all_permissions(self, user_obj, obj=None):
        if (
            not user_obj.is_active
            or user_obj.is_anonymous
            or user_obj.is_superuser
            or obj is not None
            or hasattr(user_obj, "_perm_cache")
        ):
            return super().get_all_permissions(user_obj, obj)
        # Two semi-joins: an OR across the two outer joins multiplied every permission
        # by every group grant before filtering (1,600 rows read for 16, 0.9 ms a page).
        own = User.user_permissions.through.objects.filter(user=user_obj)
        groups = User.groups.through.objects.filter(user=user_obj)
        of_groups = Group.permissions.through.objects.filter(group__in=groups.values("group"))
        granted = Permission.objects.filter(
            Q(pk__in=own.values("permission")) | Q(pk__in=of_groups.values("permission"))
        ).order_by()
        user_obj._perm_cache = {
            f"{app_label}.{codename}"
            for app_label, codename in granted.values_list("content_type__app_label", "codename")
        }
        return user_obj._perm_cache
