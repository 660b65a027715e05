"""Changes a user makes to their own account."""


def user_update_profile(*, user, email: str, email_notifications: bool) -> None:
    user.email = email
    user.email_notifications = email_notifications
    user.save(update_fields=["email", "email_notifications"])
