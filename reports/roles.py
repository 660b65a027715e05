"""What each role may do with reports (see organization/roles.py)."""

from organization.roles import Role

ROLE_PERMISSIONS = {
    Role.OFFICE: ["reports.publish_monthlynotice", "reports.view_monthlynotice"],
    Role.ADMIN: ["reports.view_monthlynotice"],
}
