"""Demo risk data for `seed_demo`: the monthly screening (risk/demo/screening.py), then
the registers (risk/demo/registers.py) when that module exists."""

from importlib import import_module
from importlib.util import find_spec

from . import screening


def seed(context):
    screening.seed(context)
    if find_spec("risk.demo.registers") is not None:
        import_module("risk.demo.registers").seed(context)
