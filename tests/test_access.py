"""Deny by default: every page needs a login unless it is explicitly public."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

# URL names that anyone may open without signing in. Adding a public page means
# adding it here, on purpose.
PUBLIC_URL_NAMES = {
    "login",
    "healthz",
    "set_language",
    "query",
    "reception:public",
    "reception:public_notice",
}


def walk(patterns, namespace="", prefix=""):
    """(name, full route, pattern) of every URL pattern, included ones too."""
    for pattern in patterns:
        route = prefix + str(pattern.pattern).lstrip("^").rstrip("$")
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from walk(pattern.url_patterns, inner, route)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}{pattern.name or pattern.lookup_str}", route, pattern


def all_views():
    return [
        (name, route, pattern)
        for name, route, pattern in walk(get_resolver().url_patterns)
        # The admin checks staff login itself (tested in tests/organization/test_admin.py).
        if not name.startswith("admin:")
    ]


def test_only_the_listed_pages_are_public():
    public = {
        name
        for name, _route, pattern in all_views()
        if not getattr(pattern.callback, "login_required", True)
    }
    assert public == PUBLIC_URL_NAMES


@pytest.mark.django_db
def test_anonymous_visitor_is_sent_to_login_from_every_private_page(client):
    checked = 0
    for name, route, _pattern in all_views():
        if name in PUBLIC_URL_NAMES or "<" in route:
            continue
        path = "/" + route
        response = client.get(path)
        assert response.status_code == 302, path
        assert response.url.startswith("/accounts/login/?next="), path
        checked += 1
    assert checked >= 3


@pytest.mark.django_db
def test_admin_requires_staff_login(client, clerk):
    assert client.get("/admin/").url.startswith("/admin/login/")
    client.force_login(clerk)
    assert client.get("/admin/").url.startswith("/admin/login/")


@pytest.mark.django_db
def test_login_with_valid_password_reaches_the_dashboard(client, clerk):
    from tests.factories import PASSWORD

    response = client.post("/accounts/login/", {"username": "clerk", "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == "/"
    dashboard = client.get("/")
    assert dashboard.status_code == 200
    assert clerk.full_name in dashboard.content.decode()


@pytest.mark.django_db
def test_login_with_wrong_password_says_so(client, clerk):
    response = client.post("/accounts/login/", {"username": "clerk", "password": "wrong"})
    assert response.status_code == 200
    assert "请输入一个正确的" in response.content.decode()


@pytest.mark.django_db
def test_logout_is_post_only_and_ends_the_session(client, clerk):
    client.force_login(clerk)
    assert client.get("/accounts/logout/").status_code == 405
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert client.get("/").status_code == 302


@pytest.mark.django_db
def test_navigation_depends_on_role(client, clerk, group_root):
    from organization.roles import Role
    from tests.factories import UserFactory

    client.force_login(clerk)
    assert "/admin/" not in client.get("/").content.decode()

    admin = UserFactory(unit=group_root, roles=[Role.ADMIN], is_staff=True)
    client.force_login(admin)
    assert 'href="/admin/"' in client.get("/").content.decode()


def test_related_pages_share_a_dropdown_and_a_lone_page_stands_alone(office, handler):
    from config.navigation import items_for

    def shape(user, path="/"):
        return [
            (str(entry["label"]), [str(child["label"]) for child in entry.get("children", [])])
            for entry in items_for(user, path)
        ]

    office_menu = dict(shape(office))
    assert office_menu["信访接待"] == [
        "领导接访日",
        "越级访",
        "集体访预警",
        "接访情况检查",
        "敏感时期",
    ]
    assert office_menu["督查督办"] == ["超期与临期", "督办单"]
    # A handler has one supervision page: it is a plain link, not a menu of one.
    assert ("督办单", []) in shape(handler)
    # The open page marks its link and its menu.
    reception = next(e for e in items_for(office, "/reception/skip-level/") if "children" in e)
    assert reception["active"]
    assert [child["active"] for child in reception["children"]] == [
        False,
        True,
        False,
        False,
        False,
    ]
