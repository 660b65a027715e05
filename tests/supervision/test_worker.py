"""A real Celery worker against the real Redis runs a reminder job end to end.

The worker is a subprocess on the test database, consuming a queue of its own
(CELERY_QUEUE), so parallel checkouts and other tests never collide with it.
"""

import os
import subprocess
import sys
import time
import uuid
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from notifications.models import Notification
from organization.roles import Role
from supervision.tasks import run_deadline_checks
from tests.factories import UserFactory
from tests.notifications.test_broker_down import forget_broker_connections
from tests.petitions.factories import moment, register

pytestmark = pytest.mark.django_db(transaction=True)

BASE_DIR = Path(__file__).resolve().parents[2]


@pytest.fixture
def worker(transactional_db, settings):
    queue = f"test-{uuid.uuid4().hex[:8]}"
    db = connection.settings_dict
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="config.test_settings",
        DATABASE_URL=(
            f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT'] or 5432}"
            f"/{db['NAME']}"
        ),
        REDIS_URL=settings.REDIS_URL,
        CELERY_QUEUE=queue,
        CELERY_TASK_ALWAYS_EAGER="false",
    )
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool=solo",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--loglevel=INFO",
            "-Q",
            queue,
        ],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    settings.CELERY_TASK_ALWAYS_EAGER = False
    forget_broker_connections()
    try:
        yield queue, process
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        forget_broker_connections()


def test_a_real_worker_sends_the_reminders_and_their_emails(worker, people):
    queue, process = worker
    clerk = people["clerk"]
    clerk.email = "clerk@example.cn"
    clerk.email_notifications = True
    clerk.save()
    UserFactory(username="office2", unit=clerk.unit, roles=[Role.OFFICE])
    petition = register(by=clerk, at=moment("2026-03-02"))  # routing due 2026-03-17

    run_deadline_checks.apply_async(kwargs={"today": "2026-03-12"}, queue=queue)

    deadline = time.monotonic() + 60
    note = None
    while time.monotonic() < deadline:
        note = Notification.objects.filter(
            recipient=clerk, subject=petition.number, kind="reminder"
        ).first()
        if note is not None and note.emailed_at is not None:
            break
        if process.poll() is not None:
            break
        time.sleep(0.25)
    if note is None or note.emailed_at is None:
        process.terminate()
        output = process.communicate(timeout=15)[0]
        pytest.fail(f"the worker did not run the job; its output:\n{output[-4000:]}")
    assert note.due == date(2026, 3, 17)
    assert note.send_email
    assert settings.CELERY_TASK_ALWAYS_EAGER is False
