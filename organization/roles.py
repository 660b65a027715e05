"""The roles of DESIGN.md §1, kept as Django groups named by their code."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CLERK = "clerk", _("Petition clerk")
    HANDLER = "handler", _("Case handler")
    LEADER = "leader", _("Leader")
    OFFICE = "office", _("Petition office")
    INSPECTOR = "inspector", _("Discipline inspector")
    ADMIN = "admin", _("Administrator")


def grant_role_permissions(apps, role_permissions):
    """Give each role (group) the listed "app_label.codename" permissions.

    For data migrations: every app grants its own models' permissions to the
    roles, so a role's rights are declared next to the models they concern.
    """
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after migrate; data migrations need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, codes in role_permissions.items():
        group, _created = Group.objects.get_or_create(name=role)
        for code in codes:
            app_label, codename = code.split(".")
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
