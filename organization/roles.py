"""The roles of DESIGN.md §1, kept as Django groups named by their code.

What a role may do is declared once per app, for that app's own models, in
`<app>/roles.py` as `ROLE_PERMISSIONS = {Role.X: ["app_label.codename", ...]}`.
After every `migrate` (and every test-database flush), `sync_role_permissions`
collects the declarations of all installed apps through the app registry and
makes each role's group hold exactly the declared rights: missing ones are
added, others are removed (and named in migrate's output). The declarations are
the one answer to "what may a leader do"; a right one person needs beyond their
role is granted to that user, or through a group that is not a role, which the
sync leaves alone.
"""

import sys
from importlib import import_module

from django.apps import apps as global_apps
from django.db import DEFAULT_DB_ALIAS, models
from django.utils.module_loading import module_has_submodule
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CLERK = "clerk", _("Petition clerk")
    HANDLER = "handler", _("Case handler")
    LEADER = "leader", _("Leader")
    OFFICE = "office", _("Petition office")
    INSPECTOR = "inspector", _("Discipline inspector")
    ADMIN = "admin", _("Administrator")


# This app's rights. The admin role also reads the role groups and unlocks sign-ins.
ROLE_PERMISSIONS = {
    Role.ADMIN: [
        "organization.add_unit",
        "organization.change_unit",
        "organization.delete_unit",
        "organization.view_unit",
        "organization.add_user",
        "organization.change_user",
        "organization.view_user",
        "auth.view_group",
        # Failed sign-ins (django-axes): deleting an attempt in the admin unlocks it.
        "axes.view_accessattempt",
        "axes.delete_accessattempt",
        "axes.view_accessfailurelog",
        "axes.view_accesslog",
    ],
    Role.OFFICE: ["organization.view_unit", "organization.view_user"],
}


def declared_role_permissions() -> dict[str, set[str]]:
    """Every installed app's `<app>.roles.ROLE_PERMISSIONS`, merged per role."""
    declared: dict[str, set[str]] = {role: set() for role in Role.values}
    for app_config in global_apps.get_app_configs():
        if not module_has_submodule(app_config.module, "roles"):
            continue
        module = import_module(f"{app_config.name}.roles")
        for role, codes in getattr(module, "ROLE_PERMISSIONS", {}).items():
            declared[Role(role)].update(codes)
    return declared


def sync_role_permissions(*, apps=global_apps, using=DEFAULT_DB_ALIAS, verbosity=1, stdout=None):
    """Create the role groups and give each exactly its declared permissions."""
    from django.contrib.auth.management import create_permissions

    # auth creates each app's permissions as that app's post_migrate arrives; make
    # sure all of them exist before granting any.
    for app_config in global_apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using, apps=apps)

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    known = {
        f"{app_label}.{codename}": pk
        for pk, app_label, codename in Permission.objects.using(using).values_list(
            "pk", "content_type__app_label", "codename"
        )
    }
    declared = declared_role_permissions()
    unknown = sorted(code for codes in declared.values() for code in codes if code not in known)
    if unknown:
        raise LookupError(f"Roles declare permissions that do not exist: {', '.join(unknown)}")
    names = {pk: code for code, pk in known.items()}
    for role, codes in declared.items():
        group, _created = Group.objects.using(using).get_or_create(name=role)
        held = set(group.permissions.values_list("pk", flat=True))
        wanted = {known[code] for code in codes}
        if wanted - held:
            group.permissions.add(*(wanted - held))
        if held - wanted:
            group.permissions.remove(*(held - wanted))
            if verbosity and stdout is not None:
                removed = ", ".join(sorted(names[pk] for pk in held - wanted))
                stdout.write(f"Role {role}: removed undeclared permissions {removed}\n")


def sync_roles_after_migrate(sender, *, using=DEFAULT_DB_ALIAS, verbosity=1, **kwargs):
    """The post_migrate receiver (connected in OrganizationConfig.ready)."""
    sync_role_permissions(
        apps=kwargs.get("apps") or global_apps,
        using=using,
        verbosity=verbosity,
        stdout=kwargs.get("stdout", sys.stdout),
    )
