"""Settings are read from the environment (DESIGN.md §4)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent

PROBE = """
import json
from django.conf import settings
db = settings.DATABASES["default"]
print(json.dumps({
    "debug": settings.DEBUG,
    "engine": db["ENGINE"], "name": str(db["NAME"]), "host": db.get("HOST"), "port": db.get("PORT"),
    "broker": settings.CELERY_BROKER_URL, "eager": settings.CELERY_TASK_ALWAYS_EAGER,
    "time_zone": settings.TIME_ZONE, "use_tz": settings.USE_TZ,
    "allowed_hosts": settings.ALLOWED_HOSTS, "secret_key": settings.SECRET_KEY,
    "celery_timezone": settings.CELERY_TIMEZONE,
}))
"""

PRODUCTION = {
    "SECRET_KEY": "a-long-random-production-secret-key-4Jv9qX2mN7pL0sT5wY8zB3cF6hK1dG",
    "ALLOWED_HOSTS": "xinfang.example.cn",
    "DATABASE_URL": "postgres://xinfang:secret@db:5432/xinfang",
    "REDIS_URL": "redis://redis:6379/0",
}


def run_python(args, env):
    clean = {key: value for key, value in os.environ.items() if key not in _SETTING_VARS}
    clean.update(env)
    clean["DJANGO_SETTINGS_MODULE"] = "config.settings"
    return subprocess.run(
        [sys.executable, *args], env=clean, cwd=BASE_DIR, capture_output=True, text=True, timeout=60
    )


_SETTING_VARS = {
    "DEBUG",
    "SECRET_KEY",
    "DATABASE_URL",
    "REDIS_URL",
    "ALLOWED_HOSTS",
    "TIME_ZONE",
    "DJANGO_SETTINGS_MODULE",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}


def load(env):
    result = run_python(["-c", "import django; django.setup()\n" + PROBE], env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_production_refuses_to_start_without_secret_key():
    result = run_python(["-c", "import django; django.setup()"], {"DEBUG": "0"})
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_debug_runs_with_embedded_defaults():
    values = load({"DEBUG": "1"})
    assert values["debug"] is True
    assert values["secret_key"].startswith("django-insecure-")
    assert values["engine"] == "django.db.backends.sqlite3"
    assert values["name"] == str(BASE_DIR / "db.sqlite3")
    # No broker configured: tasks run in-process.
    assert values["broker"] == "memory://"
    assert values["eager"] is True


def test_database_and_broker_urls_are_parsed():
    values = load(PRODUCTION)
    assert values["debug"] is False
    assert (values["engine"], values["host"], values["port"], values["name"]) == (
        "django.db.backends.postgresql",
        "db",
        5432,
        "xinfang",
    )
    assert values["broker"] == "redis://redis:6379/0"
    assert values["eager"] is False
    assert values["allowed_hosts"] == ["xinfang.example.cn"]


def test_time_is_shanghai_and_timezone_aware():
    values = load({"DEBUG": "1"})
    assert values["time_zone"] == "Asia/Shanghai"
    assert values["celery_timezone"] == "Asia/Shanghai"
    assert values["use_tz"] is True


@pytest.mark.parametrize("hosts", ["a.example.cn,b.example.cn"])
def test_allowed_hosts_is_a_comma_separated_list(hosts):
    assert load({"DEBUG": "1", "ALLOWED_HOSTS": hosts})["allowed_hosts"] == hosts.split(",")


def test_check_deploy_is_clean_with_production_variables():
    result = run_python(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stdout + result.stderr


def test_the_wsgi_application_leaves_what_it_loaded_out_of_the_collector_s_sight():
    # Settings, apps and models live as long as the process: frozen, a full collection
    # no longer walks them on some request every few dozen.
    result = run_python(["-c", "import gc, config.wsgi; print(gc.get_freeze_count())"], PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert int(result.stdout) > 10_000
