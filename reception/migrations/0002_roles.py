from django.db import migrations

from organization.roles import grant_role_permissions

MANAGE_DAYS = [
    "reception.add_receptionday",
    "reception.change_receptionday",
    "reception.view_receptionday",
    "reception.publish_receptionday",
]
SKIP_LEVEL = [
    "reception.add_skiplevelvisit",
    "reception.change_skiplevelvisit",
    "reception.view_skiplevelvisit",
]
PERMISSIONS = {
    "office": [
        *MANAGE_DAYS,
        *SKIP_LEVEL,
        "reception.override_notice_receptionday",
        "reception.view_duty_check",
        "reception.add_visit",
        "reception.view_visit",
        "reception.view_collectivevisitalert",
        "reception.change_collectivevisitalert",
        "organization.add_sensitiveperiod",
        "organization.change_sensitiveperiod",
        "organization.delete_sensitiveperiod",
        "organization.view_sensitiveperiod",
    ],
    "clerk": [*MANAGE_DAYS, *SKIP_LEVEL, "reception.add_visit", "reception.view_visit"],
    "handler": [*MANAGE_DAYS, *SKIP_LEVEL],
    "leader": [
        "reception.view_receptionday",
        "reception.view_visit",
        "reception.view_duty_check",
        "reception.view_skiplevelvisit",
    ],
    "inspector": [
        "reception.view_receptionday",
        "reception.view_visit",
        "reception.view_skiplevelvisit",
        "reception.view_collectivevisitalert",
        "reception.change_collectivevisitalert",
    ],
    "admin": [
        "reception.view_receptionday",
        "reception.view_visit",
        "reception.view_skiplevelvisit",
        "reception.view_collectivevisitalert",
    ],
}


def grant(apps, schema_editor):
    grant_role_permissions(apps, PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("reception", "0001_initial"),
        ("organization", "0003_user_leadership_notifications_sensitive_period"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
