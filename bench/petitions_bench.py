"""Seed petitions at volume in a scratch PostgreSQL database and time the hot pages.

    make bench                      # 100 000 petitions
    make bench BENCH_ARGS="--petitions 1000000 --keep"

It creates (or reuses with --keep) the database `xinfang_bench`, bulk-loads
petitions with their petitioners, then measures, through Django's test client
and with warm caches, the list page (default, filtered, sorted), keyword
search, the detail page and the office dashboard: median time over several
runs and the number of queries. It prints the query plans of the filters so an
index regression shows as a sequential scan.
"""

import argparse
import os
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--petitions", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument(
        "--server-url",
        default=os.environ.get("BENCH_SERVER_URL", "postgres://xinfang:xinfang@127.0.0.1:5432"),
        help="PostgreSQL server (the database xinfang_bench is created there)",
    )
    parser.add_argument("--keep", action="store_true", help="reuse an already seeded database")
    return parser.parse_args()


def prepare_database(args):
    import psycopg2

    connection = psycopg2.connect(f"{args.server_url}/postgres")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = 'xinfang_bench'")
        exists = cursor.fetchone() is not None
        if exists and not args.keep:
            cursor.execute("DROP DATABASE xinfang_bench")
            exists = False
        if not exists:
            cursor.execute("CREATE DATABASE xinfang_bench")
    connection.close()
    os.environ["DATABASE_URL"] = f"{args.server_url}/xinfang_bench"
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["REDIS_URL"] = ""
    os.environ["ALLOWED_HOSTS"] = "testserver"
    return exists


CJK = (
    "拖欠工资待遇社会保险采煤塌陷区搬迁补偿棚户区改造"
    "工伤认定退休干部作风劳动合同住房物业供暖环境污染"
)
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋"
    "唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
)
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红玉兰海波"


def text(rng, length):
    return "".join(rng.choice(CJK) for _ in range(length))


def seed(count):
    from django.contrib.auth.models import Group
    from django.core.management import call_command
    from django.db import connection

    from organization import demo as organization_demo
    from organization.models import Unit, User
    from petitions.identity import check_character
    from petitions.models import (
        Category,
        Channel,
        Holiday,
        Nature,
        Petition,
        Petitioner,
        PetitionPetitioner,
    )
    from petitions.search import people_document, refresh_vectors, search_document

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
    batch = 5_000
    started = time.perf_counter()
    for offset in range(0, count, batch):
        people, petitions = [], []
        for index in range(offset, min(offset + batch, count)):
            birth = date(1950, 1, 1) + timedelta(days=index // 1000)
            first17 = f"340602{birth:%Y%m%d}{index % 1000:03d}"
            name = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)
            phone = f"13{index:09d}"
            people.append(
                Petitioner(
                    name=name,
                    id_number=first17 + check_character(first17) if index % 3 else "",
                    phone=phone,
                )
            )
            received = today - timedelta(days=rng.randint(0, 720))
            state = rng.choice(states)
            summary = "反映" + text(rng, rng.randint(6, 14))
            content = text(rng, rng.randint(40, 200))
            petition = Petition(
                number=f"XF{received.year}{index + 1:07d}"[:16],
                query_code=f"B{index:08d}",
                channel=rng.choice(Channel.values),
                received_on=received,
                nature=rng.choice(Nature.values),
                category=rng.choice(categories),
                summary=summary,
                content=content,
                registered_unit=units[0],
                registered_by=clerk,
                responsible_unit=rng.choice(units),
                search_document=search_document(summary, content),
                people_document=people_document(name, phone),
            )
            # Bypass the protected FSM field: this is volume data, not a case history.
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
            PetitionPetitioner(petition=petition, petitioner=person)
            for petition, person in zip(petitions, people, strict=True)
        )
        print(f"  seeded {min(offset + batch, count):>9,} petitions", end="\r", flush=True)
    refresh_vectors(Petition.objects.all())
    seed_skip_level(rng, units, count // 50)
    with connection.cursor() as cursor:
        # What autovacuum does in production; it makes index-only counts possible.
        cursor.execute("VACUUM ANALYZE")
    print(f"  seeded {count:,} petitions in {time.perf_counter() - started:.0f} s")
    Group.objects.get(name="office")  # roles exist


def seed_skip_level(rng, units, count):
    """Skip-level visits over two years, one 批次 each, for the register and the reports."""
    from django.utils import timezone

    from organization.models import User
    from petitions.models import SkipLevel
    from reception.models import SkipLevelVisit

    office = User.objects.get(username="office")
    now = timezone.now()
    SkipLevelVisit.objects.bulk_create(
        (
            SkipLevelVisit(
                level=rng.choice(SkipLevel.values),
                visited_on=date.today() - timedelta(days=rng.randint(0, 720)),
                place="国家信访局",
                headcount=rng.randint(1, 30),
                summary="反映" + text(rng, 8),
                responsible_unit=rng.choice(units),
                reported_at=now,
                onsite_due=now,
                recorded_by=office,
            )
            for _ in range(count)
        ),
        batch_size=5_000,
    )
    print(f"  seeded {count:,} skip-level visits")


def measure(args):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from organization.models import User
    from petitions.models import Petition

    office = User.objects.get(username="office")
    handler = User.objects.get(username="handler")
    sample = Petition.objects.order_by("pk")[Petition.objects.count() // 2]

    def timed(user, url, params=None):
        client = Client()
        client.force_login(user)
        client.get(url, params)
        durations = []
        for _ in range(args.runs):
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(url, params)
                durations.append(time.perf_counter() - started)
            assert response.status_code == 200, (url, response.status_code)
        return statistics.median(durations) * 1000, len(captured)

    cases = [
        ("list, office, newest first", office, "/petitions/", None),
        ("list, handler's unit scope", handler, "/petitions/", None),
        ("list, open and overdue", office, "/petitions/", {"state": "open", "overdue": "true"}),
        ("list, due within 5 days", office, "/petitions/", {"due_within": "5"}),
        ("list, by category and channel", office, "/petitions/", {"channel": "visit"}),
        ("keyword, 2 characters", office, "/petitions/", {"q": "工资"}),
        ("keyword, 4 characters", office, "/petitions/", {"q": "采煤塌陷"}),
        ("keyword, petitioner name", office, "/petitions/", {"q": "王伟"}),
        ("keyword, number", office, "/petitions/", {"q": sample.number}),
        ("detail", office, f"/petitions/{sample.number}/", None),
        ("dashboard, office", office, "/", None),
        ("supervision, overdue", office, "/supervision/", None),
        ("supervision notices", office, "/supervision/notices/", None),
        ("inbox, office", office, "/notifications/", None),
        ("skip-level register", office, "/reception/skip-level/", None),
        ("skip-level, one unit", handler, "/reception/skip-level/", None),
    ]
    from supervision.alerts import run_deadline_checks

    # The daily job at volume: the first run sends what is due, the second finds it sent.
    for label in ("daily deadline job, first run", "daily deadline job, again"):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            summary = run_deadline_checks()
            seconds = time.perf_counter() - started
        counts = {key: value for key, value in summary.as_dict().items() if key != "day"}
        print(f"{label:<34}{seconds * 1000:>10.1f}{len(captured):>9}  {counts}")

    print(f"\n{'page':<34}{'median ms':>10}{'queries':>9}")
    for label, user, url, params in cases:
        milliseconds, queries = timed(user, url, params)
        print(f"{label:<34}{milliseconds:>10.1f}{queries:>9}")

    from reports.periods import Period
    from reports.statistics import unit_statistics

    period = Period.last_completed(date.today())
    durations = []
    for _ in range(3):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            unit_statistics(period)
            durations.append(time.perf_counter() - started)
    label = f"monthly statistics ({period.key})"
    print(f"{label:<34}{statistics.median(durations) * 1000:>10.1f}{len(captured):>9}")
    for label, url in (("monthly page, office", f"/reports/monthly/{period.key}/"),):
        milliseconds, queries = timed(office, url)
        print(f"{label:<34}{milliseconds:>10.1f}{queries:>9}")

    print("\nQuery plans (look for Index/Bitmap scans, not Seq Scan on petitions_petition):")
    from petitions.search import keyword_q

    plans = {
        "overdue": Petition.objects.filter(current_due__lt=date.today()).order_by("current_due")[
            :25
        ],
        "keyword 工资": Petition.objects.filter(keyword_q("工资")).order_by("-received_on")[:25],
        "state + due": Petition.objects.filter(state="in_progress").order_by("current_due")[:25],
    }
    for label, queryset in plans.items():
        plan = queryset.explain()
        scans = [line.strip() for line in plan.splitlines() if "Scan" in line]
        print(f"  {label}: {' | '.join(scans)}")


def main():
    args = parse_args()
    already_seeded = prepare_database(args)
    import django

    django.setup()
    if already_seeded:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
    else:
        seed(args.petitions)
    measure(args)


if __name__ == "__main__":
    main()
