"""The admin shows the unit tree and manages users with their unit and roles."""

import pytest

from organization.models import Unit, User
from organization.roles import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, group_root):
    admin = UserFactory(unit=group_root, roles=[Role.ADMIN], is_staff=True)
    client.force_login(admin)
    return client


def test_unit_tree_opens_level_by_level(admin_client, group_root, section_a1, unit_b):
    roots = admin_client.get("/admin/organization/unit/").content.decode()
    assert "测试集团" in roots
    assert "甲煤矿" not in roots  # children load when a node is expanded

    children = admin_client.get(f"/admin/organization/unit/children/{group_root.pk}/")
    assert children.status_code == 200
    html = children.json()["result_html"]
    assert "甲煤矿" in html
    assert "乙煤矿" in html
    assert "甲矿综采一区" not in html


def test_admin_adds_a_child_unit_through_the_tree_form(admin_client, unit_a):
    response = admin_client.post(
        "/admin/organization/unit/add/",
        {
            "code": "A-9",
            "name": "甲矿新科区",
            "kind": "section",
            "is_active": "on",
            "treebeard_position": "sorted-child",
            "treebeard_ref_node": unit_a.pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Unit.objects.get_parent(Unit.objects.get(code="A-9")) == unit_a


def test_user_admin_shows_unit_and_roles(admin_client, handler):
    response = admin_client.get("/admin/organization/user/")
    assert response.status_code == 200
    assert handler.full_name in response.content.decode()
    assert User.objects.get(pk=handler.pk).unit.name in response.content.decode()


def test_staff_without_admin_role_cannot_change_units(client, unit_a):
    clerk = UserFactory(unit=unit_a, roles=[Role.CLERK], is_staff=True)
    client.force_login(clerk)
    assert client.get("/admin/organization/unit/").status_code == 403
