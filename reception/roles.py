"""What each role may do with reception (see organization/roles.py)."""

from organization.roles import Role

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

ROLE_PERMISSIONS = {
    Role.OFFICE: [
        *MANAGE_DAYS,
        *SKIP_LEVEL,
        "reception.override_notice_receptionday",
        "reception.view_duty_check",
        "reception.add_visit",
        "reception.view_visit",
        "reception.view_collectivevisitalert",
        "reception.change_collectivevisitalert",
        "reception.add_sensitiveperiod",
        "reception.change_sensitiveperiod",
        "reception.delete_sensitiveperiod",
        "reception.view_sensitiveperiod",
    ],
    Role.CLERK: [*MANAGE_DAYS, *SKIP_LEVEL, "reception.add_visit", "reception.view_visit"],
    Role.HANDLER: [*MANAGE_DAYS, *SKIP_LEVEL],
    Role.LEADER: [
        "reception.view_receptionday",
        "reception.view_visit",
        "reception.view_duty_check",
        "reception.view_skiplevelvisit",
    ],
    Role.INSPECTOR: [
        "reception.view_receptionday",
        "reception.view_visit",
        "reception.view_skiplevelvisit",
        "reception.view_collectivevisitalert",
        "reception.change_collectivevisitalert",
    ],
    Role.ADMIN: [
        "reception.view_receptionday",
        "reception.view_visit",
        "reception.view_skiplevelvisit",
        "reception.view_collectivevisitalert",
    ],
}
