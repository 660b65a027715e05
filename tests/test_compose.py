"""docker-compose.yml scales past one machine: validated here, as no image can be pulled.

Debian's `docker-compose config` parses and interpolates the file without a Docker
daemon (make test installs it: scripts/test-services.sh); the result is read as data
with the YAML module its own Python ships (python3-yaml, a dependency of the package).
"""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.fast


@pytest.fixture(scope="module")
def compose():
    binary = shutil.which("docker-compose")
    if binary is None:
        pytest.skip("docker-compose is not installed (Debian: apt-get install docker-compose)")
    env = {"PATH": "/usr/bin:/bin", "SECRET_KEY": "compose-config-only", "HOME": "/tmp"}
    rendered = subprocess.run(
        [
            binary,
            "--project-directory",
            str(ROOT),
            "-f",
            str(ROOT / "docker-compose.yml"),
            "config",
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        check=True,
    ).stdout
    as_json = subprocess.run(
        [
            "/usr/bin/python3",
            "-c",
            "import json, sys, yaml; print(json.dumps(yaml.safe_load(sys.stdin)))",
        ],
        input=rendered,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(as_json)


def test_the_deployment_has_its_services(compose):
    assert set(compose["services"]) == {"migrate", "web", "nginx", "worker", "beat", "db", "redis"}


@pytest.mark.parametrize("name", ["web", "worker"])
def test_scaled_services_have_no_fixed_port_or_container_name(compose, name):
    service = compose["services"][name]
    assert "ports" not in service
    assert "container_name" not in service


def test_only_nginx_publishes_a_port_and_proxies_to_the_web_nodes(compose):
    published = {name for name, service in compose["services"].items() if "ports" in service}
    assert published == {"nginx"}
    nginx = compose["services"]["nginx"]
    assert any(
        "deploy/nginx.conf:/etc/nginx/conf.d/default.conf" in str(v) for v in nginx["volumes"]
    )
    config = (ROOT / "deploy" / "nginx.conf").read_text()
    assert "server web:8000 resolve;" in config
    assert "proxy_read_timeout 300s;" in config


def test_commands(compose):
    services = compose["services"]
    assert services["web"]["command"] == "gunicorn config.wsgi -c deploy/gunicorn.conf.py"
    assert services["worker"]["command"].startswith("celery -A config worker")
    assert services["beat"]["command"].startswith("celery -A config beat")
    assert services["migrate"]["command"] == "python manage.py migrate --noinput"
    # Migrations run once, before any web node: never from each scaled node.
    assert "migrate" not in services["web"]["command"]
    assert services["web"]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"


def test_exactly_one_beat(compose):
    beats = [
        s for s in compose["services"].values() if "celery -A config beat" in str(s.get("command"))
    ]
    assert len(beats) == 1
    assert beats[0].get("deploy", {}).get("replicas", 1) == 1
    assert "scale" not in beats[0]


@pytest.mark.parametrize(
    ("name", "probe"),
    [
        ("web", "/healthz"),
        ("nginx", "/nginx-health"),
        ("worker", "inspect ping"),
        ("db", "pg_isready"),
        ("redis", "redis-cli"),
    ],
)
def test_health_checks(compose, name, probe):
    check = compose["services"][name]["healthcheck"]
    assert probe in " ".join(check["test"])
    assert check["interval"]


def test_the_web_timeout_suits_streamed_exports():
    from runpy import run_path

    config = run_path(str(ROOT / "deploy" / "gunicorn.conf.py"))
    assert config["worker_class"] == "gthread"  # the heartbeat goes on during a request
    assert config["timeout"] >= 120
    assert (
        'CMD ["gunicorn", "config.wsgi", "-c", "deploy/gunicorn.conf.py"]'
        in (ROOT / "Dockerfile").read_text()
    )


def test_settings_come_from_the_environment(compose):
    environment = compose["services"]["web"]["environment"]
    for name in ("DATABASE_REPLICA_URL", "AWS_STORAGE_BUCKET_NAME", "REDIS_URL", "DATABASE_URL"):
        assert name in environment
    assert environment["REDIS_URL"] == "redis://redis:6379/0"


def _settings(**environment) -> dict:
    import os
    import sys

    code = (
        "import json, config.settings as s; print(json.dumps({'databases': sorted(s.DATABASES),"
        " 'replica': s.READ_REPLICA, 'routers': s.DATABASE_ROUTERS,"
        " 'storage': s.STORAGES['default']}))"
    )
    env = {
        **os.environ,
        "SECRET_KEY": "x",
        "DATABASE_REPLICA_URL": "",
        "AWS_STORAGE_BUCKET_NAME": "",
        **environment,
    }
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT, check=True
    ).stdout
    return json.loads(out.splitlines()[-1])


def test_a_replica_url_adds_the_replica_alias_for_the_router():
    plain = _settings()
    assert plain["databases"] == ["default"]
    assert plain["replica"] is None
    replica = _settings(DATABASE_REPLICA_URL="postgres://reader:secret@replica:5432/xinfang")
    assert replica["databases"] == ["default", "replica"]
    assert replica["replica"] == "replica"
    assert replica["routers"] == ["config.routers.ReplicaRouter"]


def test_a_bucket_puts_media_on_s3_compatible_storage():
    assert _settings()["storage"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    storage = _settings(
        AWS_STORAGE_BUCKET_NAME="xinfang-media", AWS_S3_ENDPOINT_URL="https://minio.example.cn"
    )["storage"]
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    assert storage["OPTIONS"]["bucket_name"] == "xinfang-media"
    assert storage["OPTIONS"]["endpoint_url"] == "https://minio.example.cn"
    assert storage["OPTIONS"]["default_acl"] is None  # private files
