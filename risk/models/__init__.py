"""The risk app's models, one module per register."""

from .registers import *  # noqa: F403
from .screening import *  # noqa: F403
