"""Create the roles of DESIGN.md §1 as groups, with this app's permissions.

Later apps grant their own models' permissions to these groups in their own
migrations (organization.roles.grant_role_permissions).
"""

from django.db import migrations

from organization.roles import grant_role_permissions

ROLES = ["clerk", "handler", "leader", "office", "inspector", "admin"]

PERMISSIONS = {
    "admin": [
        "organization.add_unit",
        "organization.change_unit",
        "organization.delete_unit",
        "organization.view_unit",
        "organization.add_user",
        "organization.change_user",
        "organization.view_user",
        "auth.view_group",
    ],
    "office": ["organization.view_unit", "organization.view_user"],
}


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for role in ROLES:
        Group.objects.get_or_create(name=role)
    grant_role_permissions(apps, PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("organization", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
