"""SQLite is set up for concurrent web use (`make run`): a busy timeout, immediate
transactions and WAL, so two simultaneous registrations wait instead of failing with
"database is locked"."""

import json

from tests.test_settings_env import PRODUCTION, run_python

PROBE = """
import json
import django
django.setup()
from django.conf import settings
from django.db import connection
with connection.cursor() as cursor:
    cursor.execute("PRAGMA journal_mode")
    journal = cursor.fetchone()[0]
    cursor.execute("PRAGMA busy_timeout")
    busy = cursor.fetchone()[0]
print(json.dumps({"options": settings.DATABASES["default"]["OPTIONS"],
                  "journal": journal, "busy": busy}))
"""


def test_a_sqlite_database_url_gets_timeout_immediate_transactions_and_wal(tmp_path):
    url = f"sqlite:///{tmp_path / 'probe.sqlite3'}"
    result = run_python(["-c", PROBE], {"DEBUG": "1", "DATABASE_URL": url})
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["options"]["transaction_mode"] == "IMMEDIATE"
    assert values["options"]["timeout"] >= 20
    assert values["journal"] == "wal"
    assert values["busy"] >= 20000


def test_postgresql_gets_no_sqlite_options():
    probe = (
        "import json, django; django.setup(); from django.conf import settings; "
        "print(json.dumps(settings.DATABASES['default'].get('OPTIONS', {})))"
    )
    result = run_python(["-c", probe], PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "transaction_mode" not in json.loads(result.stdout)
