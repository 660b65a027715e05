"""The petition core's personas and calendar defaults: supervision works on petitions."""

from tests.petitions.conftest import *  # noqa: F403
