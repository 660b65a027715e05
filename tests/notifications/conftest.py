"""The petition core's personas and calendar defaults: the notifications tests write
their messages through the petition services."""

from tests.petitions.conftest import *  # noqa: F403
