"""Dependencies point one way: organization ← petitions ← reception, risk,
accountability ← reports. A lower app never imports a higher one, apps of one
layer do not import each other, and no app imports the composition root."""

import ast
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

LAYERS = {
    "organization": 0,
    "petitions": 1,
    "reception": 2,
    "risk": 2,
    "accountability": 2,
    "reports": 3,
}


def imported_top_level_packages(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name.split(".")[0], node.lineno
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module.split(".")[0], node.lineno


def test_apps_only_import_lower_layers():
    violations = []
    for app, layer in LAYERS.items():
        app_dir = BASE_DIR / app
        if not app_dir.is_dir():
            continue
        for path in app_dir.rglob("*.py"):
            for package, line in imported_top_level_packages(path):
                where = f"{path.relative_to(BASE_DIR)}:{line} imports {package}"
                if package == "config" or (
                    package in LAYERS and package != app and LAYERS[package] >= layer
                ):
                    violations.append(where)
    assert violations == []
