"""Personas beyond the suite-wide ones, for the petition core's tests."""

import pytest

from organization.roles import Role
from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def calendar_days(settings):
    """Every test starts from the defaults: calendar days for every clock, no rolling."""
    settings.DEADLINE_DAYS = "calendar"
    settings.CLOCK_DAY_MODES = {}
    settings.DEADLINE_ROLL_TO_WORKDAY = False


@pytest.fixture
def office_handler(group_root):
    """A handler in the office's own unit: handles the cases the office accepts."""
    return UserFactory(username="office_handler", unit=group_root, roles=[Role.HANDLER])


@pytest.fixture
def office_leader(group_root):
    """The group's leader: signs off the office's own cases."""
    return UserFactory(username="office_leader", unit=group_root, roles=[Role.LEADER])


@pytest.fixture
def leader_b(unit_b):
    return UserFactory(username="leader_b", unit=unit_b, roles=[Role.LEADER])


@pytest.fixture
def clerk_b(unit_b):
    return UserFactory(username="clerk_b", unit=unit_b, roles=[Role.CLERK])
