"""Dependencies point one way (DESIGN.md §3): organization ← notifications ←
petitions ← supervision, reception ← risk ← accountability ← reports. A lower app
never reaches a higher one — by import, by a dotted path handed to import_module or
import_string, by a URL name of its namespace, or by an "app.Model" string — apps of
one floor do not reach each other, no app reaches the composition root (config), and
no app's modules import each other in a cycle."""

import ast
import re
from importlib import import_module
from pathlib import Path

import django.apps
from django.urls import URLResolver, get_resolver
from django.utils.module_loading import module_has_submodule

BASE_DIR = Path(__file__).resolve().parent.parent

# Every local app in INSTALLED_APPS must be here: a new app without a floor fails.
LAYERS = {
    "organization": 0,
    "notifications": 1,
    "petitions": 2,
    "supervision": 3,
    "reception": 3,
    "risk": 4,
    "accountability": 5,
    "reports": 6,
}


def local_apps() -> list[str]:
    """The project's own apps, as INSTALLED_APPS lists them (third-party ones live
    outside the checkout)."""
    apps = []
    for app_config in django.apps.apps.get_app_configs():
        path = Path(app_config.path).resolve()
        if BASE_DIR in path.parents and ".venv" not in path.parts:
            apps.append(app_config.name.split(".")[0])
    return apps


def test_every_installed_app_has_a_floor():
    assert [app for app in local_apps() if app not in LAYERS] == []
    assert local_apps(), "no local app found: the test would check nothing"


def test_the_floors_describe_only_apps_that_exist():
    assert sorted(app for app in LAYERS if app not in local_apps()) == []


def may_reach(app: str, target: str) -> bool:
    if target == app:
        return True
    if target == "config":
        return False
    return target not in LAYERS or LAYERS[target] < LAYERS[app]


def app_files(app: str, pattern: str = "*.py"):
    return sorted((BASE_DIR / app).rglob(pattern))


def imported_top_level_packages(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name.split(".")[0], node.lineno
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module.split(".")[0], node.lineno


DOTTED_LOADERS = {"import_module", "import_string", "__import__"}


def dotted_path_targets(path: Path):
    """Packages named by string to import_module/import_string (and f-strings' heads)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
        if name not in DOTTED_LOADERS:
            continue
        first = node.args[0]
        if isinstance(first, ast.Constant) and isinstance(first.value, str):
            yield first.value.split(".")[0], node.lineno
        elif isinstance(first, ast.JoinedStr) and first.values:
            head = first.values[0]
            if isinstance(head, ast.Constant) and "." in head.value:
                yield head.value.split(".")[0], node.lineno


def namespace_owners() -> dict[str, str]:
    """URL namespace → the app whose urls module defines it."""
    owners = {}

    def walk(patterns):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                module = getattr(pattern.urlconf_module, "__name__", "")
                if pattern.namespace and module:
                    owners[pattern.namespace] = module.split(".")[0]
                walk(pattern.url_patterns)

    walk(get_resolver().url_patterns)
    return owners


URL_IN_PYTHON = re.compile(
    r"""\b(?:reverse|reverse_lazy|redirect|resolve_url)\(\s*["'](\w+):[\w-]+["']"""
)
URL_IN_TEMPLATE = re.compile(r"""{%\s*url\s+["'](\w+):[\w-]+["']""")
MODEL_STRING = re.compile(r"""["']([a-z_]+)\.([A-Z]\w+)["']""")


def app_templates(app: str):
    """The app's own templates and the project-level templates/<app>/ folder."""
    yield from app_files(app, "*.html")
    yield from sorted((BASE_DIR / "templates" / app).rglob("*.html"))


def test_apps_reach_only_lower_floors():
    owners = namespace_owners()
    violations = []
    for app in LAYERS:
        if not (BASE_DIR / app).is_dir():
            continue
        for path in app_files(app):
            where = path.relative_to(BASE_DIR)
            for package, line in imported_top_level_packages(path):
                if not may_reach(app, package):
                    violations.append(f"{where}:{line} imports {package}")
            for package, line in dotted_path_targets(path):
                if not may_reach(app, package):
                    violations.append(f"{where}:{line} loads {package} by name")
            if "migrations" in path.parts:
                continue  # dependencies name other apps' migrations by design
            text = path.read_text(encoding="utf-8")
            for match in URL_IN_PYTHON.finditer(text):
                owner = owners.get(match.group(1))
                if owner and not may_reach(app, owner):
                    violations.append(f"{where} reverses {match.group(0)!r} of {owner}")
            for match in MODEL_STRING.finditer(text):
                if match.group(1) in LAYERS and not may_reach(app, match.group(1)):
                    violations.append(f"{where} names {match.group(0)}")
        for path in app_templates(app):
            for match in URL_IN_TEMPLATE.finditer(path.read_text(encoding="utf-8")):
                owner = owners.get(match.group(1))
                if owner and not may_reach(app, owner):
                    violations.append(
                        f"{path.relative_to(BASE_DIR)} links to {match.group(0)!r} of {owner}"
                    )
    assert violations == []


def module_name(path: Path) -> str:
    parts = list(path.relative_to(BASE_DIR).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def internal_imports(app: str) -> dict[str, set[str]]:
    """Module → the modules of the same app it imports (anywhere in the file)."""
    modules = {module_name(path): path for path in app_files(app) if "migrations" not in path.parts}
    graph = {name: set() for name in modules}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")
                    base = base[: len(base) - (node.level - 1)]
                    stem = ".".join(base + ([node.module] if node.module else []))
                else:
                    stem = node.module or ""
                targets = [stem] + [f"{stem}.{alias.name}" for alias in node.names]
            for target in targets:
                if target in modules and target != name:
                    graph[name].add(target)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_app_has_an_import_cycle():
    assert {app: cycles(internal_imports(app)) for app in LAYERS if (BASE_DIR / app).is_dir()} == {
        app: [] for app in LAYERS if (BASE_DIR / app).is_dir()
    }


def test_the_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


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
