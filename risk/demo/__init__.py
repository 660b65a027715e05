"""Demo data of the risk app: each part seeds its own rows."""

from importlib import import_module


def seed(context):
    for part in ("screening", "registers"):
        try:
            module = import_module(f"{__name__}.{part}")
        except ModuleNotFoundError:
            continue
        module.seed(context)
