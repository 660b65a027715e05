"""Dependencies point one way: organization ← notifications ← petitions ← supervision,
reception, risk, accountability ← reports. A lower app never imports a higher one, apps of one
layer do not import each other, and no app imports the composition root."""

import ast
from importlib import import_module
from pathlib import Path

import django.apps
from django.utils.module_loading import module_has_submodule

BASE_DIR = Path(__file__).resolve().parent.parent

LAYERS = {
    "organization": 0,
    "notifications": 1,
    "petitions": 2,
    "supervision": 3,
    "reception": 3,
    "risk": 3,
    "accountability": 3,
    "reports": 4,
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


def test_each_app_declares_only_its_own_permissions():
    for app_config in django.apps.apps.get_app_configs():
        if not module_has_submodule(app_config.module, "roles"):
            continue
        module = import_module(f"{app_config.name}.roles")
        for role, permissions in module.ROLE_PERMISSIONS.items():
            for code in permissions:
                app_label = code.split(".")[0]
                # organization owns the users, their groups and their sign-ins.
                allowed = {app_config.label} | (
                    {"auth", "axes"} if app_config.label == "organization" else set()
                )
                assert app_label in allowed, f"{app_config.label} declares {code} for {role}"


PROJECT_PACKAGES = {*LAYERS, "config", "tests"}


def test_no_migration_imports_project_code():
    """Migrations run against historical models, not live code: they may import their
    own migrations package (helpers in `_*.py` files, which are not migrations) and
    `<app>.models` only where makemigrations refers to a field callable (upload_to)."""
    root = BASE_DIR
    violations = []
    for path in sorted(root.glob("*/migrations/*.py")):
        app = path.parent.parent.name
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module]
            else:
                continue  # relative imports stay inside the migrations package
            for name in names:
                if name.split(".")[0] not in PROJECT_PACKAGES:
                    continue
                if name.startswith(f"{app}.migrations"):
                    continue
                if isinstance(node, ast.Import) and name == f"{app}.models":
                    continue
                violations.append(f"{path.relative_to(root)}:{node.lineno} imports {name}")
    assert violations == []


def test_application_code_never_imports_faker():
    """Faker is a dev dependency (tests/factories.py); the demo draws names from its
    own data files (petitions/demo/people.json)."""
    imports = [
        f"{path.relative_to(BASE_DIR)}:{line}"
        for app in LAYERS
        if (BASE_DIR / app).is_dir()
        for path in (BASE_DIR / app).rglob("*.py")
        for package, line in imported_top_level_packages(path)
        if package in ("faker", "factory")
    ]
    assert imports == []
