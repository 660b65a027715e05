import pytest

from organization.roles import Role
from tests.factories import UserFactory


@pytest.fixture
def leader_b(unit_b):
    return UserFactory(username="leader_b", unit=unit_b, roles=[Role.LEADER])
