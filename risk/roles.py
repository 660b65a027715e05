"""What each role may do with risk (see organization/roles.py): each part declares its
rights in its own module; this merges them."""

from .registers_roles import ROLE_PERMISSIONS as REGISTERS
from .screening_roles import ROLE_PERMISSIONS as SCREENING

ROLE_PERMISSIONS: dict = {}
for _part in (SCREENING, REGISTERS):
    for _role, _codes in _part.items():
        ROLE_PERMISSIONS.setdefault(_role, []).extend(_codes)
