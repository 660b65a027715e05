"""Reception personas; the builders are in factories.py."""

import pytest

from organization.models import Leadership
from organization.roles import Role
from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def calendar_days(settings):
    settings.DEADLINE_DAYS = "calendar"
    settings.DEADLINE_ROLL_TO_WORKDAY = False
    settings.RECEPTION_NOTICE_DAYS = 3
    settings.COLLECTIVE_ALERT_HEADCOUNT = 20
    settings.PERSUASION_ONSITE_HOURS = 24


@pytest.fixture
def main_leader(unit_a):
    return UserFactory(
        username="chief_a",
        full_name="张矿长",
        title="矿长",
        phone="13912345678",
        unit=unit_a,
        roles=[Role.LEADER],
        leadership=Leadership.MAIN,
    )


@pytest.fixture
def unit_handler_b(unit_b):
    return UserFactory(username="handler_b", unit=unit_b, roles=[Role.HANDLER])


@pytest.fixture
def clerk_a(unit_a):
    return UserFactory(username="clerk_a", unit=unit_a, roles=[Role.CLERK])
