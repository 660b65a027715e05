"""The main navigation: which sections each role sees.

The apps own their pages; this composition root only lists them, so the order
and the role rules of the menu are in one place.
"""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from organization.roles import Role


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    icon: str
    roles: frozenset[str] | None = None  # None: every signed-in user
    staff_only: bool = False
    menu: str = ""  # items sharing a menu are shown as one dropdown

    def visible_to(self, user) -> bool:
        if self.staff_only:
            return user.is_staff
        return self.roles is None or user.is_superuser or user.has_role(*self.roles)


# Dropdown menus: key -> (label, icon).
MENUS = {
    "reception": (_("Reception work"), "people"),
    "supervision": (_("Supervision"), "alarm"),
    "risk": (_("Risk prevention"), "shield-exclamation"),
}

NAVIGATION = [
    NavItem(_("Dashboard"), "dashboard", "speedometer2"),
    NavItem(_("Petitions"), "petitions:list", "folder2-open"),
    NavItem(
        _("Register"),
        "petitions:create",
        "plus-circle",
        roles=frozenset({Role.CLERK, Role.OFFICE}),
    ),
    NavItem(
        _("Reception days"),
        "reception:day_list",
        "calendar-event",
        roles=frozenset({Role.CLERK, Role.OFFICE, Role.HANDLER, Role.LEADER}),
        menu="reception",
    ),
    NavItem(
        _("Received by me"),
        "reception:received",
        "person-check",
        roles=frozenset({Role.LEADER}),
        menu="reception",
    ),
    NavItem(
        _("Skip-level visits"),
        "reception:skip_level_list",
        "signpost-split",
        roles=frozenset({Role.CLERK, Role.OFFICE, Role.HANDLER, Role.LEADER, Role.INSPECTOR}),
        menu="reception",
    ),
    NavItem(
        _("Collective alerts"),
        "reception:alert_list",
        "exclamation-triangle",
        roles=frozenset({Role.OFFICE, Role.INSPECTOR}),
        menu="reception",
    ),
    NavItem(
        _("Reception duty"),
        "reception:duty",
        "clipboard-check",
        roles=frozenset({Role.OFFICE, Role.LEADER}),
        menu="reception",
    ),
    NavItem(
        _("Sensitive periods"),
        "reception:period_list",
        "calendar-range",
        roles=frozenset({Role.OFFICE}),
        menu="reception",
    ),
    NavItem(
        _("Overdue and due soon"),
        "supervision:overview",
        "alarm",
        roles=frozenset({Role.OFFICE, Role.LEADER}),
        menu="supervision",
    ),
    NavItem(
        _("Supervision notices"),
        "supervision:notices",
        "clipboard-check",
        roles=frozenset({Role.OFFICE, Role.LEADER, Role.HANDLER, Role.INSPECTOR}),
        menu="supervision",
    ),
    NavItem(
        _("Hazard screening"),
        "risk:screening_list",
        "shield-exclamation",
        roles=frozenset({Role.OFFICE, Role.LEADER, Role.HANDLER, Role.INSPECTOR}),
        menu="risk",
    ),
    NavItem(
        _("Screening roll-up"),
        "risk:screening_month_current",
        "grid-3x3",
        roles=frozenset({Role.OFFICE}),
        menu="risk",
    ),
    NavItem(
        _("Daily reports"),
        "risk:daily",
        "calendar-check",
        roles=frozenset({Role.OFFICE, Role.LEADER, Role.HANDLER}),
        menu="risk",
    ),
    NavItem(
        _("Stability risk assessments"),
        "risk:assessment_list",
        "clipboard-data",
        roles=frozenset({Role.OFFICE, Role.LEADER, Role.HANDLER, Role.INSPECTOR}),
        menu="risk",
    ),
    NavItem(
        _("Key petitioners"),
        "risk:keyperson_list",
        "person-exclamation",
        roles=frozenset({Role.OFFICE, Role.LEADER}),
        menu="risk",
    ),
    NavItem(
        _("Backlog cases"),
        "risk:backlog_list",
        "hourglass-split",
        roles=frozenset({Role.OFFICE, Role.LEADER, Role.HANDLER, Role.CLERK, Role.INSPECTOR}),
        menu="risk",
    ),
    NavItem(
        _("Scores and accountability"),
        "accountability:index",
        "award",
        roles=frozenset({Role.OFFICE, Role.LEADER, Role.HANDLER, Role.CLERK, Role.INSPECTOR}),
    ),
    NavItem(
        _("Reports"),
        "reports:list",
        "bar-chart-line",
        roles=frozenset({Role.OFFICE, Role.LEADER}),
    ),
    NavItem(_("Administration"), "admin:index", "gear", staff_only=True),
]


def items_for(user, current_path: str) -> list[dict]:
    """The entries the user sees, in order: links, and dropdowns of a menu's links
    (a menu with one link for this user is shown as that link)."""
    links = []
    for item in NAVIGATION:
        if not item.visible_to(user):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        links.append(
            {"label": item.label, "url": url, "icon": item.icon, "menu": item.menu, "active": False}
        )
    # The page belongs to the link with the longest matching URL.
    matches = [
        link
        for link in links
        if current_path == link["url"]
        or (link["url"] != "/" and current_path.startswith(link["url"]))
    ]
    if matches:
        max(matches, key=lambda link: len(link["url"]))["active"] = True

    entries: list[dict] = []
    menus: dict[str, dict] = {}
    for link in links:
        if not link["menu"]:
            entries.append(link)
        elif link["menu"] in menus:
            menus[link["menu"]]["children"].append(link)
        else:
            label, icon = MENUS[link["menu"]]
            menus[link["menu"]] = {"label": label, "icon": icon, "children": [link]}
            entries.append(menus[link["menu"]])
    for index, entry in enumerate(entries):
        if "children" in entry:
            if len(entry["children"]) == 1:
                entries[index] = entry["children"][0]
            else:
                entry["active"] = any(child["active"] for child in entry["children"])
    return entries
