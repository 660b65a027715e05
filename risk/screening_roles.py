"""What each role may do with screening reports and daily reports."""

from organization.roles import Role

# Screening (隐患排查) and sensitive-period daily reports.
SCREENING_VIEW = ["risk.view_screeningreport"]

ROLE_PERMISSIONS = {
    Role.OFFICE: [*SCREENING_VIEW, "risk.oversee_screening"],
    Role.LEADER: [*SCREENING_VIEW, "risk.file_screeningreport", "risk.sign_screeningreport"],
    Role.HANDLER: [*SCREENING_VIEW, "risk.file_screeningreport"],
    Role.INSPECTOR: [*SCREENING_VIEW],
}
