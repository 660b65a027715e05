"""Demo risk data for `seed_demo`: the monthly screening, then the registers (the
reverse check of the registers reads the screening)."""

from . import registers, screening


def seed(context):
    screening.seed(context)
    registers.seed(context)
