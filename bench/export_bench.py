"""Time and memory of the petition export and the daily deadline run at volume.

    .venv/bin/python bench/export_bench.py                   # 100 000 petitions
    .venv/bin/python bench/export_bench.py --petitions 20000 --keep

Seeds a scratch PostgreSQL database `xinfang_exportbench` (dropped and made anew
unless --keep), then measures each step in a fresh process (so its peak memory is
its own): the office's xlsx export of the whole list through the view (time to the
first bytes, total time, size, peak RSS, rows read back), and the daily deadline run
(first run, then a second run the same day with nothing to do).
"""

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
DB = "xinfang_exportbench"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--petitions", type=int, default=100_000)
    parser.add_argument(
        "--server-url",
        default=os.environ.get("BENCH_SERVER_URL", "postgres://xinfang:xinfang@127.0.0.1:5432"),
    )
    parser.add_argument("--keep", action="store_true", help="reuse an already seeded database")
    parser.add_argument("--step", help=argparse.SUPPRESS)
    return parser.parse_args()


def environment(args):
    os.environ["DATABASE_URL"] = f"{args.server_url}/{DB}"
    os.environ["DEBUG"] = "0"  # DEBUG keeps every query in memory
    os.environ.setdefault(
        "SECRET_KEY", "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"
    )
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ["REDIS_URL"] = ""
    os.environ["SECURE_SSL_REDIRECT"] = "false"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def prepare_database(args) -> bool:
    import psycopg2

    connection = psycopg2.connect(f"{args.server_url}/postgres")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DB])
        exists = cursor.fetchone() is not None
        if exists and not args.keep:
            cursor.execute(f"DROP DATABASE {DB}")
            exists = False
        if not exists:
            cursor.execute(f"CREATE DATABASE {DB}")
    connection.close()
    return exists


def seed(count):
    """Petitions in every state over two years, a petitioner each; about a fifth of the
    open ones overdue, as the due dates fall."""
    from django.core.management import call_command
    from django.db import connection

    from organization import demo as organization_demo
    from organization.models import Unit, User
    from petitions.models import (
        Category,
        Channel,
        Holiday,
        Nature,
        Petition,
        Petitioner,
        PetitionPetitioner,
    )

    call_command("migrate", verbosity=0)
    context = type("Context", (), {"password": "demo12345", "accounts": []})()
    organization_demo.seed(context)
    rng = random.Random(2026)
    units = list(Unit.objects.filter(kind__in=["unit", "section"]))
    categories = list(Category.objects.all())
    clerk = User.objects.get(username="clerk")
    calendar = Holiday.objects.work_calendar()
    today = date.today()
    states = list(Petition.State)
    words = "拖欠工资待遇社会保险采煤塌陷区搬迁补偿棚户区改造工伤认定退休住房物业供暖"
    started = time.perf_counter()
    for offset in range(0, count, 5_000):
        people, petitions = [], []
        for index in range(offset, min(offset + 5_000, count)):
            people.append(
                Petitioner(name="王" + rng.choice("伟芳娜敏静丽强磊"), phone=f"13{index:09d}")
            )
            received = today - timedelta(days=rng.randint(0, 720))
            state = rng.choice(states)
            petition = Petition(
                number=f"XF{received.year}{index + 1:07d}"[:16],
                query_code=f"E{index:08d}",
                channel=rng.choice(Channel.values),
                received_on=received,
                nature=rng.choice(Nature.values),
                category=rng.choice(categories),
                summary="=反映" + "".join(rng.choice(words) for _ in range(12)),
                content="内容",
                registered_unit=units[0],
                registered_by=clerk,
                responsible_unit=rng.choice(units),
            )
            petition.__dict__["state"] = state
            if state != Petition.State.REGISTERED:
                petition.assigned_on = received + timedelta(days=3)
                petition.assigned_due = received + timedelta(days=60)
                petition.accepted_on = received + timedelta(days=5)
            petition.recompute_due_dates(calendar)
            petitions.append(petition)
        Petitioner.objects.bulk_create(people)
        Petition.objects.bulk_create(petitions)
        PetitionPetitioner.objects.bulk_create(
            PetitionPetitioner(petition=p, petitioner=person, name=person.name)
            for p, person in zip(petitions, people, strict=True)
        )
        print(f"  seeded {min(offset + 5_000, count):>9,}", end="\r", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(f"  seeded {count:,} petitions in {time.perf_counter() - started:.0f} s")


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _data_rows(body) -> int:
    """The rows of the first sheet under its heading and header, read as it streams."""
    import re
    import zipfile

    count, tail = 0, b""
    with zipfile.ZipFile(body).open("xl/worksheets/sheet1.xml") as sheet:
        while chunk := sheet.read(1 << 20):
            count += len(re.findall(rb"<row ", tail + chunk)) - len(re.findall(rb"<row ", tail))
            tail = chunk[-8:]
    return count - 2


def step_export():
    import io

    from django.test import Client

    from organization.models import User

    client = Client()
    client.force_login(User.objects.get(username="office"))
    before = peak_mb()
    started = time.perf_counter()
    response = client.get("/petitions/export.xlsx")
    chunks = iter(response.streaming_content)
    first = next(chunks)
    first_at = time.perf_counter() - started
    size = len(first)
    body = io.BytesIO()
    body.write(first)
    for chunk in chunks:
        size += len(chunk)
        body.write(chunk)
    total = time.perf_counter() - started
    peak = peak_mb()
    rows = _data_rows(body)
    return {
        "status": response.status_code,
        "streaming": response.streaming,
        "first_bytes_s": round(first_at, 3),
        "total_s": round(total, 2),
        "size_mb": round(size / 2**20, 1),
        "peak_rss_mb": round(peak, 1),
        "rss_before_mb": round(before, 1),
        "rows": rows,
    }


def step_deadlines():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from supervision.alerts import run_deadline_checks

    result = {}
    for run in ("first", "second"):
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as captured:
            summary = run_deadline_checks()
        result[run] = {
            "s": round(time.perf_counter() - started, 2),
            "queries": len(captured),
            "reminders": summary.reminders + summary.overdue,
            "notifications": summary.notifications,
        }
    result["peak_rss_mb"] = round(peak_mb(), 1)
    return result


def main():
    args = parse_args()
    environment(args)
    if args.step:
        import django

        django.setup()
        print(json.dumps({"export": step_export, "deadlines": step_deadlines}[args.step]()))
        return
    if not prepare_database(args):
        import django

        django.setup()
        seed(args.petitions)
    for step in ("export", "deadlines"):
        command = [sys.executable, __file__, "--step", step, "--server-url", args.server_url]
        output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
        print(f"{step}: {output.strip().splitlines()[-1]}")


if __name__ == "__main__":
    main()
