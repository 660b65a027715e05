"""What each role may do with petitions (see organization/roles.py)."""

from organization.roles import Role

ROLE_PERMISSIONS = {
    Role.CLERK: ["petitions.register_petition", "petitions.route_petition"],
    Role.HANDLER: ["petitions.handle_petition"],
    # A unit's leaders also decide the 复查/复核 of the units below theirs (XG 35, 36).
    Role.LEADER: ["petitions.sign_off_petition", "petitions.review_petition"],
    Role.OFFICE: [
        "petitions.register_petition",
        "petitions.route_petition",
        "petitions.supervise_petition",
        "petitions.review_petition",
        "petitions.view_identity",
    ],
    Role.ADMIN: [
        "petitions.add_category",
        "petitions.change_category",
        "petitions.view_category",
        "petitions.add_holiday",
        "petitions.change_holiday",
        "petitions.delete_holiday",
        "petitions.view_holiday",
        "petitions.view_petition",
        "petitions.view_identityaccesslog",
    ],
}

# The petition office's own staff: handlers and leaders whose unit is the office's unit
# (User.office_staff_roles). On the cases waiting for the office they hold, by role, the
# office's rights named here (petitions.models.OFFICE_WAITING_STATES says which cases):
# handlers route new cases; leaders route them and decide the units' signed reports
# (approve or send back).
OFFICE_STAFF_PERMISSIONS = {
    Role.HANDLER: ["petitions.route_petition"],
    Role.LEADER: ["petitions.route_petition", "petitions.supervise_petition"],
}
