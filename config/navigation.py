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

    def visible_to(self, user) -> bool:
        if self.staff_only:
            return user.is_staff
        return self.roles is None or user.is_superuser or user.has_role(*self.roles)


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
    ),
    NavItem(
        _("Received by me"), "reception:received", "person-check", roles=frozenset({Role.LEADER})
    ),
    NavItem(
        _("Skip-level visits"),
        "reception:skip_level_list",
        "signpost-split",
        roles=frozenset({Role.CLERK, Role.OFFICE, Role.HANDLER, Role.LEADER, Role.INSPECTOR}),
    ),
    NavItem(
        _("Collective alerts"),
        "reception:alert_list",
        "exclamation-triangle",
        roles=frozenset({Role.OFFICE, Role.INSPECTOR}),
    ),
    NavItem(
        _("Reception duty"),
        "reception:duty",
        "clipboard-check",
        roles=frozenset({Role.OFFICE, Role.LEADER}),
    ),
    NavItem(
        _("Sensitive periods"),
        "reception:period_list",
        "calendar-range",
        roles=frozenset({Role.OFFICE}),
    ),
    NavItem(
        _("Supervision"),
        "supervision:overview",
        "alarm",
        roles=frozenset({Role.OFFICE, Role.LEADER}),
    ),
    NavItem(
        _("Supervision notices"),
        "supervision:notices",
        "clipboard-check",
        roles=frozenset({Role.OFFICE, Role.LEADER, Role.HANDLER, Role.INSPECTOR}),
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
    items = []
    for item in NAVIGATION:
        if not item.visible_to(user):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        items.append({"label": item.label, "url": url, "icon": item.icon, "active": False})
    # The page belongs to the item with the longest matching URL.
    matches = [
        item
        for item in items
        if current_path == item["url"]
        or (item["url"] != "/" and current_path.startswith(item["url"]))
    ]
    if matches:
        max(matches, key=lambda item: len(item["url"]))["active"] = True
    return items
