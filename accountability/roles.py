"""What each role may do in accountability (see organization/roles.py)."""

from organization.roles import Role

READ = [
    "accountability.view_unitscore",
    "accountability.view_consequence",
]

ROLE_PERMISSIONS = {
    Role.OFFICE: [
        *READ,
        "accountability.run_scoring",
        "accountability.decide_consequence",
        "accountability.manage_chain",
        "accountability.view_chainmember",
        "accountability.raise_referral",
        "accountability.view_referral",
        "accountability.assess_year",
        "accountability.view_ledgerentry",
    ],
    Role.INSPECTOR: [
        *READ,
        "accountability.view_chainmember",
        "accountability.view_referral",
        "accountability.raise_referral",
        "accountability.work_referral",
        "accountability.view_ledgerentry",
    ],
    Role.LEADER: [*READ, "accountability.view_chainmember"],
    Role.HANDLER: [*READ],
    Role.CLERK: [*READ],
    Role.ADMIN: [
        "accountability.add_rule",
        "accountability.change_rule",
        "accountability.view_rule",
        "accountability.add_assessmentyear",
        "accountability.change_assessmentyear",
        "accountability.view_assessmentyear",
    ],
}
