from django.contrib.auth.backends import ModelBackend

from organization.models import User


class UserBackend(ModelBackend):
    """Django's model backend, with the user's unit read with the user: every signed-in
    page names it in the navigation bar (a query on every page otherwise)."""

    def get_user(self, user_id):
        try:
            user = User._default_manager.select_related("unit").get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
