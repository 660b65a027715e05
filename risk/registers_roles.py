"""The registers' rights per role (assessments, key persons, backlog plans, 倒查); merged
into risk/roles.py."""

from organization.roles import Role

ASSESSMENT_WRITE = [
    "risk.add_stabilityassessment",
    "risk.change_stabilityassessment",
    "risk.view_stabilityassessment",
]

ROLE_PERMISSIONS = {
    Role.OFFICE: [
        *ASSESSMENT_WRITE,
        "risk.sign_stabilityassessment",
        "risk.add_keyperson",
        "risk.change_keyperson",
        "risk.view_keyperson",
        "risk.add_keypersonnote",
        "risk.add_backlogplan",
        "risk.change_backlogplan",
        "risk.view_backlogplan",
        "risk.close_backlogplan",
        "risk.add_reversecheckoverride",
    ],
    Role.LEADER: [
        *ASSESSMENT_WRITE,
        "risk.sign_stabilityassessment",
        "risk.view_keyperson",
        "risk.add_keypersonnote",
        "risk.add_backlogplan",
        "risk.change_backlogplan",
        "risk.view_backlogplan",
    ],
    Role.HANDLER: [*ASSESSMENT_WRITE, "risk.view_backlogplan"],
    Role.CLERK: ["risk.view_backlogplan"],
    Role.INSPECTOR: ["risk.view_stabilityassessment", "risk.view_backlogplan"],
}
