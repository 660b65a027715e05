"""The administrator role may see failed sign-ins and unlock them (django-axes).

Deleting an access attempt in the admin (管理 › 访问尝试) lifts its lockout.
"""

from django.db import migrations

from organization.roles import grant_role_permissions

PERMISSIONS = {
    "admin": [
        "axes.view_accessattempt",
        "axes.delete_accessattempt",
        "axes.view_accessfailurelog",
        "axes.view_accesslog",
    ],
}


def grant(apps, schema_editor):
    grant_role_permissions(apps, PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("organization", "0003_user_leadership_notifications_sensitive_period"),
        ("axes", "0010_accessattemptexpiration"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
