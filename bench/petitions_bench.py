"""Seed petitions at volume, serve the app as production does, and time every target.

    make bench                                            # 100 000 petitions
    make bench BENCH_ARGS="--petitions 1000000 --keep"    # a province's volume

It creates (or, with --keep, reuses) a scratch PostgreSQL database (--database,
default xinfang_bench) and loads it with COPY: units and people, petitions over
two years in every state with a realistic overdue share, ~3 timeline events per
case. It then serves the application with gunicorn (2 sync workers, DEBUG off,
bench/settings.py: production's settings plus a one-query "floor" view), signs
in over HTTP as the office, a unit's handler, a unit's leader and a clerk, and
measures every row of issue 18's target table over HTTP: p50 and p95, and the
p50 as a multiple of the floor measured alongside it, with PASS or MISS against
the target. The query plans of every list filter and search are printed, and a
sequential scan on the petitions table is flagged.
"""

import argparse
import contextlib
import io
import json
import os
import random
import re
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import unicodedata
import urllib.parse
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from http.client import HTTPConnection
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
PYTHON = sys.executable
PASSWORD = "demo12345"  # the demo accounts' password (organization.demo)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--petitions", type=int, default=100_000)
    parser.add_argument("--database", default="xinfang_bench", help="scratch database name")
    parser.add_argument("--keep", action="store_true", help="reuse an already seeded database")
    parser.add_argument("--runs", type=int, default=15, help="timed requests per row")
    parser.add_argument("--warmup", type=int, default=2, help="untimed requests per row first")
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", 8199)))
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument(
        "--timeout", type=int, default=30, help="gunicorn worker timeout (the shipped default)"
    )
    parser.add_argument(
        "--server-url",
        default=os.environ.get("BENCH_SERVER_URL", "postgres://xinfang:xinfang@127.0.0.1:5432"),
        help="PostgreSQL server (the scratch database is created there)",
    )
    parser.add_argument(
        "--only",
        default="",
        help="measure only rows whose label contains one of these texts (comma-separated); "
        "'statistics' for the monthly statistics; no export or daily job then",
    )
    parser.add_argument(
        "--explain",
        choices=("lists", "all", "none"),
        default="lists",
        help="query plans of the list filters and searches (lists), of every page, or none",
    )
    parser.add_argument("--skip-export", action="store_true", help="do not time the xlsx export")
    parser.add_argument("--skip-job", action="store_true", help="do not run the daily job")
    parser.add_argument(
        "--job-timeout", type=int, default=600, help="seconds the daily job may take here"
    )
    parser.add_argument("--seed-only", action="store_true", help="seed, then stop")
    return parser.parse_args()


# --- Environment and database -------------------------------------------------------------


def configure_environment(args):
    os.environ.update(
        {
            "DATABASE_URL": f"{args.server_url}/{args.database}",
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "DEBUG": "0",
            "SECRET_KEY": os.environ.get("BENCH_SECRET_KEY", secrets.token_urlsafe(40)),
            "ALLOWED_HOSTS": "127.0.0.1,testserver",
            # Tasks run in-process and mail goes nowhere: the bench times pages, not SMTP.
            "REDIS_URL": "",
            "EMAIL_URL": "dummymail://",
            "BENCH_STATIC_ROOT": f"/tmp/xinfang-bench-static-{os.getuid()}",
            "PYTHONPATH": str(BASE_DIR),
        }
    )


def prepare_database(args) -> bool:
    """Create the scratch database; True when it must be seeded."""
    import psycopg2

    connection = psycopg2.connect(f"{args.server_url}/postgres")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [args.database])
        exists = cursor.fetchone() is not None
        if exists and not args.keep:
            cursor.execute(f'DROP DATABASE "{args.database}"')
            exists = False
        if not exists:
            cursor.execute(f'CREATE DATABASE "{args.database}"')
    connection.close()
    return not exists


# --- Seeding ----------------------------------------------------------------------------------

CJK = (
    "拖欠工资待遇社会保险采煤塌陷区搬迁补偿棚户区改造"
    "工伤认定退休干部作风劳动合同住房物业供暖环境污染"
)
PHRASES = [
    "拖欠工资",
    "工伤认定",
    "采煤塌陷区搬迁补偿",
    "棚户区改造安置",
    "退休待遇调整",
    "社会保险缴纳",
    "干部作风问题",
    "劳动合同纠纷",
    "住房物业管理",
    "冬季供暖不热",
    "环境污染噪声",
    "征地补偿标准",
    "企业改制遗留问题",
    "医疗费用报销",
]
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋"
    "唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
)
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红玉兰海波"
# Further units of a province-sized organisation, beside the demo's six.
EXTRA_UNITS = [
    *("东城区", "西城区", "南湖区", "北山区", "城关镇", "新华街道", "高新区", "经开区"),
    *("港口集团", "电力公司", "交通运输局", "住建局", "人社局", "自然资源局", "卫健委"),
    *("教育局", "公安分局", "市场监管局", "水务集团", "燃气公司", "第一医院", "第二中学"),
    *("化工厂", "钢铁公司"),
]
SECTIONS = ("综合科", "业务一科", "业务二科", "信访室")


def rand_text(rng, length):
    return "".join(rng.choice(CJK) for _ in range(length))


class CopyWriter:
    """Rows of a model written by COPY (CSV), its concrete columns in order.

    NULL is an unquoted empty field; every value else is quoted (an empty string too).
    """

    def __init__(self, model, connection, table=None):
        self.model = model
        self.connection = connection
        self.table = table or model._meta.db_table
        self.fields = list(model._meta.concrete_fields)
        self.lines = []

    @staticmethod
    def encode(value):
        if value is None:
            return ""
        if isinstance(value, bool):
            value = "t" if value else "f"
        elif isinstance(value, (date, datetime)):
            value = value.isoformat()
        elif hasattr(value, "adapted"):  # psycopg2's Json
            value = json.dumps(value.adapted, ensure_ascii=False)
        else:
            value = str(value)
        return '"' + value.replace('"', '""') + '"'

    def add(self, obj):
        connection = self.connection
        self.lines.append(
            ",".join(
                self.encode(f.get_db_prep_save(getattr(obj, f.attname), connection))
                for f in self.fields
            )
        )

    def flush(self):
        if not self.lines:
            return
        columns = ", ".join(f'"{f.column}"' for f in self.fields)
        with self.connection.cursor() as cursor:
            cursor.cursor.copy_expert(
                f'COPY "{self.table}" ({columns}) FROM STDIN WITH (FORMAT csv)',
                io.StringIO("\n".join(self.lines) + "\n"),
            )
        self.lines = []


LOADED = ("petitions_petition", "petitions_petitioner", "petitions_petitionpetitioner")
LOADED += ("petitions_caseevent", "petitions_petitionsearchtext")


def drop_for_load(cursor):
    """Drop the loaded tables' foreign keys and secondary indexes; return the statements
    that put them back (one validating join per key instead of a trigger per row)."""
    cursor.execute(
        "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE contype = 'f' AND conrelid::regclass::text = ANY(%s)",
        [list(LOADED)],
    )
    keys = cursor.fetchall()
    cursor.execute(
        "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE tablename = ANY(%s) "
        "AND indexname NOT IN (SELECT conname FROM pg_constraint)",
        [list(LOADED)],
    )
    indexes = cursor.fetchall()
    for table, name, _definition in keys:
        cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
    for _table, name, _definition in indexes:
        cursor.execute(f'DROP INDEX "{name}"')
    return [definition for _t, _n, definition in indexes] + [
        f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}'
        for table, name, definition in keys
    ]


def seed_organization(rng):
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group

    from organization import demo as organization_demo
    from organization.models import Leadership, Unit, User

    context = type("Context", (), {"password": PASSWORD, "accounts": []})()
    organization_demo.seed(context)
    root = Unit.objects.get(depth=1)
    groups = {group.name: group for group in Group.objects.all()}
    unusable = make_password(None)
    for number, name in enumerate(EXTRA_UNITS, start=1):
        code = f"B{number:02d}"
        root = Unit.objects.get(pk=root.pk)
        unit = organization_demo.add_child(root, code=code, name=name, kind=Unit.Kind.UNIT)
        for index, section in enumerate(SECTIONS, start=1):
            unit = Unit.objects.get(pk=unit.pk)
            organization_demo.add_child(
                unit, code=f"{code}-{index:02d}", name=section, kind=Unit.Kind.SECTION
            )
        for role, title, leadership in (
            ("handler", "信访专干", ""),
            ("leader", "主要负责人", Leadership.MAIN),
        ):
            user = User.objects.create(
                username=f"{code.lower()}_{role}",
                password=unusable,
                full_name=rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN),
                title=title,
                unit=unit,
                leadership=leadership,
            )
            user.groups.add(groups[role])


# Cases are received evenly over two years; their state depends on their age (days):
# the recent ones are being routed and handled, the older ones mostly finished, a few
# still open (and overdue).
STATES_BY_AGE = [
    (
        15,
        {"registered": 25, "assigned": 20, "in_progress": 35, "awaiting_signoff": 5}
        | {"transferred": 8, "redirected": 3, "not_accepted": 4},
    ),
    (
        75,
        {"registered": 1, "assigned": 2, "in_progress": 30, "awaiting_signoff": 8}
        | {"awaiting_review": 7, "replied": 32, "under_review": 2}
        | {"transferred": 10, "redirected": 4, "not_accepted": 4},
    ),
    (
        10_000,
        {"closed": 50, "replied": 10, "final": 2, "reviewed": 3, "under_review": 0.5}
        | {"under_rereview": 0.5, "in_progress": 2, "awaiting_signoff": 0.5}
        | {"awaiting_review": 0.5, "transferred": 12, "redirected": 5, "not_accepted": 5},
    ),
]


def seed(args):
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from organization.models import Unit, User
    from petitions.identity import check_character
    from petitions.models import (
        CaseEvent,
        Category,
        Channel,
        Holiday,
        Nature,
        Petition,
        Petitioner,
        PetitionPetitioner,
        PetitionSearchText,
    )
    from petitions.search import people_document, search_document

    call_command("migrate", verbosity=0)
    rng = random.Random(2026)
    started = time.perf_counter()
    seed_organization(rng)
    root = Unit.objects.get(depth=1)
    top_units = list(Unit.objects.filter(depth=2, kind=Unit.Kind.UNIT))
    sections = {
        unit.pk: list(Unit.objects.filter(path__startswith=unit.path, depth=3))
        for unit in top_units
    }
    users = {user.username: user for user in User.objects.all()}
    clerk = users["clerk"]
    office = users["office"]
    unit_people = {}
    for unit in top_units:
        staff = User.objects.filter(unit=unit)
        handlers = [u for u in staff if u.groups.filter(name="handler").exists()]
        leaders = [u for u in staff if u.groups.filter(name="leader").exists()]
        unit_people[unit.pk] = (handlers or [clerk], leaders or [office])
    categories = list(Category.objects.filter(numchild=0)) or list(Category.objects.all())
    calendar = Holiday.objects.work_calendar()
    today = timezone.localdate()
    by_age = [(age, list(shares), list(shares.values())) for age, shares in STATES_BY_AGE]
    channels = Channel.values
    channel_weights = [30, 25, 20, 15, 3, 1, 4, 2][: len(channels)]
    channel_weights += [1] * (len(channels) - len(channel_weights))
    natures = Nature.values
    now = timezone.now()

    with connection.cursor() as cursor:
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM petitions_petition")
        next_petition = cursor.fetchone()[0] + 1
        cursor.execute("SET maintenance_work_mem = '512MB'")
        restore = drop_for_load(cursor)
        # The search texts go through a staging table: their vectors are computed as
        # they are inserted (the table is written once).
        cursor.execute(
            "CREATE TEMP TABLE bench_stage (LIKE petitions_petitionsearchtext INCLUDING DEFAULTS)"
        )
    petition_rows = CopyWriter(Petition, connection)
    text_rows = CopyWriter(PetitionSearchText, connection, table="bench_stage")
    columns = [f.column for f in PetitionSearchText._meta.concrete_fields]
    vectors = {
        "search_vector": "to_tsvector('simple', search_document)",
        "people_vector": "to_tsvector('simple', people_document)",
    }
    insert_staged = (
        f"INSERT INTO petitions_petitionsearchtext ({', '.join(columns)}) SELECT "
        + ", ".join(vectors.get(column, column) for column in columns)
        + " FROM bench_stage; TRUNCATE bench_stage"
    )
    person_rows = CopyWriter(Petitioner, connection)
    link_rows = CopyWriter(PetitionPetitioner, connection)
    event_rows = CopyWriter(CaseEvent, connection)
    people = []  # (pk, name, id_number, phone) of the people seen so far
    person_pk = link_pk = event_pk = 0
    batch = 20_000

    def event(petition, action, source, target, day, actor):
        nonlocal event_pk
        event_pk += 1
        at = timezone.make_aware(datetime.combine(day, datetime.min.time()) + timedelta(hours=9))
        event_rows.add(
            CaseEvent(
                pk=event_pk,
                petition_id=petition.pk,
                action=action,
                actor_id=actor.pk,
                at=at,
                from_state=source,
                to_state=target,
                comment="",
                payload={},
            )
        )

    with transaction.atomic():
        for index in range(args.petitions):
            # Registered in the order received, as in production (a day's cases lie
            # together in the table), a few days' jitter for late registrations.
            days_ago = 730 - 730 * index // args.petitions - rng.randint(0, 3)
            received = today - timedelta(days=max(0, days_ago))
            age = (today - received).days
            states, weights = next((s, w) for limit, s, w in by_age if age <= limit)
            state = rng.choices(states, weights)[0]
            unit = rng.choice(top_units)
            responsible = rng.choice(sections[unit.pk]) if rng.random() < 0.4 else unit
            handlers, leaders = unit_people[unit.pk]
            own_registration = rng.random() < 0.3
            registered_unit = unit if own_registration else root
            registered_by = handlers[0] if own_registration else clerk
            phrase = rng.choice(PHRASES)
            summary = "反映" + phrase + rand_text(rng, rng.randint(2, 8))
            content = phrase + rand_text(rng, rng.randint(40, 160)) + rng.choice(PHRASES)
            headcount = rng.choice((1, 1, 1, 1, 1, 1, 2, 3, 6, 12))
            pk = next_petition + index
            number = f"XF{received.year}{pk:07d}"
            # The person: new, or one who came before (repeat petitions).
            if people and rng.random() < 0.2:
                person = rng.choice(people)
            else:
                person_pk += 1
                # Distinct valid numbers: a birthday and a sequence number per person.
                birth = date(1950, 1, 1) + timedelta(days=person_pk % 20_000)
                first17 = f"340602{birth:%Y%m%d}{person_pk // 20_000 % 1000:03d}"
                id_number = first17 + check_character(first17) if person_pk % 3 else ""
                person = (
                    person_pk,
                    rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN),
                    id_number,
                    f"1{rng.choice('35789')}{person_pk:09d}",
                )
                if len(people) < 200_000:
                    people.append(person)
                else:
                    people[rng.randrange(len(people))] = person
                person_rows.add(
                    Petitioner(
                        pk=person[0],
                        name=person[1],
                        id_number=person[2],
                        phone=person[3],
                        address=rng.choice(EXTRA_UNITS) + "小区",
                        employer=unit.name,
                        created_at=now,
                    )
                )
            petition = Petition(
                pk=pk,
                number=number,
                query_code=f"{pk:08X}"[:4] + "-" + f"{pk:08X}"[4:],
                channel=rng.choices(channels, channel_weights)[0],
                received_on=received,
                nature=rng.choice(natures),
                category=rng.choice(categories),
                summary=summary,
                content=content,
                headcount=headcount,
                is_collective=headcount >= 5,
                registered_unit=registered_unit,
                registered_by=registered_by,
                registered_at=now,
                responsible_unit=None if state == "registered" else responsible,
                owning_leader=leaders[0] if rng.random() < 0.05 else None,
                is_key_case=rng.random() < 0.02,
                is_backlog=rng.random() < 0.01,
            )
            text_rows.add(
                PetitionSearchText(
                    petition_id=pk,
                    search_document=search_document(number, summary, content),
                    people_document=people_document(person[1], person[2], person[3]),
                )
            )
            petition.__dict__["state"] = state  # volume data, not a case history
            event(petition, "register", "", "registered", received, registered_by)
            routed = received + timedelta(days=rng.randint(1, 10))
            if state in ("transferred", "redirected", "not_accepted"):
                petition.routed_on = routed
                petition.responsible_unit = None
                event(petition, state, "registered", state, routed, clerk)
            elif state != "registered":
                petition.routed_on = petition.assigned_on = routed
                petition.assigned_due = routed + timedelta(days=60)
                event(petition, "assign", "registered", "assigned", routed, office)
                if state != "assigned":
                    petition.accepted_on = routed + timedelta(days=rng.randint(1, 4))
                    if state == "in_progress" and rng.random() < 0.6:
                        petition.handler = handlers[0]
                    if state == "in_progress":
                        event(petition, "receive", "assigned", "in_progress", routed, handlers[0])
                if state in ("replied", "closed", "under_review", "reviewed", "under_rereview"):
                    replied = min(routed + timedelta(days=rng.randint(10, 75)), today)
                    petition.replied_on = petition.reply_served_on = replied
                    petition.replying_unit = responsible
                    petition.reply_opinion = "support"
                    petition.office_rating = rng.choice(("satisfied", "basically", "dissatisfied"))
                    petition.unit_rating = petition.office_rating
                    event(petition, "reply", "awaiting_review", "replied", replied, office)
                    if state in ("under_review", "reviewed", "under_rereview"):
                        petition.review_requested_on = replied + timedelta(days=10)
                        petition.review_unit = root
                    if state in ("reviewed", "under_rereview"):
                        petition.reviewed_on = petition.review_served_on = replied + timedelta(
                            days=30
                        )
                    if state == "under_rereview":
                        petition.rereview_requested_on = replied + timedelta(days=40)
                    if state == "closed":
                        petition.closed_on = min(replied + timedelta(days=31), today)
                        petition.close_reason = "window_expired"
                        event(petition, "close", "replied", "closed", petition.closed_on, office)
                if state == "final":
                    petition.replied_on = petition.reply_served_on = routed + timedelta(days=50)
                    petition.rereviewed_on = routed + timedelta(days=150)
                    event(petition, "issue_rereview", "under_rereview", "final", today, office)
            petition.recompute_due_dates(calendar)
            petition_rows.add(petition)
            second = headcount > 1 and person[0] > 1 and rng.random() < 0.5
            for position in range(2 if second else 1):
                link_pk += 1
                link_rows.add(
                    PetitionPetitioner(
                        pk=link_pk,
                        petition_id=pk,
                        petitioner_id=person[0] if position == 0 else person[0] - 1,
                        is_representative=headcount >= 5,
                        position=position,
                        name=person[1],
                        id_number=person[2] if position == 0 else "",
                        phone=person[3] if position == 0 else "",
                    )
                )
            if (index + 1) % batch == 0 or index + 1 == args.petitions:
                for rows in (person_rows, petition_rows, text_rows, link_rows, event_rows):
                    rows.flush()
                with connection.cursor() as cursor:
                    cursor.execute(insert_staged)
                elapsed = time.perf_counter() - started
                print(f"  loaded {index + 1:>9,} petitions ({elapsed:.0f} s)", end="\r", flush=True)
        print()
        with connection.cursor() as cursor:
            print(f"  indexes and foreign keys ({len(restore)}) …", flush=True)
            for statement in restore:
                cursor.execute(statement)
            for table in (
                "petitions_petition",
                "petitions_petitioner",
                "petitions_petitionpetitioner",
                "petitions_caseevent",
            ):
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"
                )
    seed_skip_level(rng, top_units, args.petitions // 50)
    connection.close()
    vacuum(args)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*), count(*) FILTER (WHERE current_due < CURRENT_DATE), "
            "count(*) FILTER (WHERE current_due IS NOT NULL) FROM petitions_petition"
        )
        total, overdue, running = cursor.fetchone()
        cursor.execute("SELECT count(*) FROM petitions_caseevent")
        events = cursor.fetchone()[0]
    print(
        f"  seeded {total:,} petitions ({running:,} with a running clock, {overdue:,} overdue), "
        f"{events:,} events in {time.perf_counter() - started:.0f} s"
    )


def vacuum(args):
    """What autovacuum does in production; it makes index-only counts possible."""
    import psycopg2

    connection = psycopg2.connect(f"{args.server_url}/{args.database}")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    connection.close()


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
                summary="反映" + rand_text(rng, 8),
                responsible_unit=rng.choice(units),
                reported_at=now,
                onsite_due=now,
                recorded_by=office,
            )
            for _ in range(count)
        ),
        batch_size=5_000,
    )


# --- The server and its clients ---------------------------------------------------------------


def collect_static():
    from django.conf import settings

    if (Path(settings.STATIC_ROOT) / "staticfiles.json").exists():
        return
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)


class Server:
    def __init__(self, args):
        self.args = args
        self.process = None

    def __enter__(self):
        command = [
            str(Path(PYTHON).with_name("gunicorn")),
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{self.args.port}",
            "--workers",
            str(self.args.workers),
            "--timeout",
            str(self.args.timeout),
            "--log-level",
            "warning",
        ]
        self.process = subprocess.Popen(command, cwd=BASE_DIR)
        for _ in range(100):
            try:
                status, _body, _headers = request(self.args.port, "/healthz", None)
                if status == 200:
                    break
            except OSError:
                pass
            time.sleep(0.2)
        else:
            raise SystemExit("gunicorn did not come up")
        return self

    def worker_pids(self):
        output = subprocess.check_output(["ps", "-o", "pid=", "--ppid", str(self.process.pid)])
        return [int(pid) for pid in output.split()]

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=30)


def request(port, path, cookie, method="GET", body=None, headers=None):
    connection = HTTPConnection("127.0.0.1", port, timeout=600)
    all_headers = {"Host": "127.0.0.1", **(headers or {})}
    if cookie:
        all_headers["Cookie"] = cookie
    connection.request(method, path, body=body, headers=all_headers)
    response = connection.getresponse()
    payload = response.read()
    connection.close()
    return response.status, payload, response.getheaders()


def sign_in(port, username):
    """A real sign-in: the login form, its CSRF token, the POST; returns the cookie."""
    status, body, headers = request(port, "/accounts/login/", None)
    cookies = dict(
        value.split(";", 1)[0].split("=", 1) for name, value in headers if name == "Set-Cookie"
    )
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
    form = urllib.parse.urlencode(
        {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token}
    )
    status, _body, headers = request(
        port,
        "/accounts/login/",
        f"csrftoken={cookies['csrftoken']}",
        method="POST",
        body=form,
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    for name, value in headers:
        if name == "Set-Cookie" and value.startswith("sessionid="):
            return value.split(";", 1)[0]
    raise SystemExit(f"could not sign in as {username} (HTTP {status})")


# --- Targets ------------------------------------------------------------------------------------

# ratio of the floor at 10⁵ and at 10⁶ (None: no target at that volume)
TARGETS = {
    "list": (8, 10),
    "deep": (10, 12),
    "search": (10, 15),
    "page": (6, 6),
    "dashboard": (20, 30),
    "report": (30, None),
    # A search by words shows its page first and asks for its count after (no target:
    # the page does not wait for it).
    "count": (None, None),
}


@dataclass
class Row:
    group: str
    label: str
    role: str
    path: str
    params: dict = field(default_factory=dict)
    # Each request asks something new: what the app keeps a minute (a search's count
    # asked for after its page) is timed as the first time it is asked.
    fresh: bool = False

    @property
    def url(self):
        params = {**self.params, "bench": uuid.uuid4().hex} if self.fresh else self.params
        return self.path + ("?" + urllib.parse.urlencode(params) if params else "")


def rows_for(sample_number, handler_number, category_id, unit_id, period_key):
    three_months = (date.today() - timedelta(days=90)).isoformat()
    year_back = (date.today() - timedelta(days=365)).isoformat()
    oldest = (date.today() - timedelta(days=2 * 365)).isoformat()
    return [
        Row("list", "list, office, page 1", "office", "/petitions/"),
        Row("list", "list, handler's unit scope", "handler", "/petitions/"),
        Row("list", "list, leader's unit scope", "leader", "/petitions/"),
        Row("list", "list, clerk's scope", "clerk", "/petitions/"),
        Row(
            "list",
            "list, open and overdue",
            "office",
            "/petitions/",
            {"state": "open", "overdue": "true"},
        ),
        Row(
            "list",
            "list, overdue, handler",
            "handler",
            "/petitions/",
            {"state": "open", "overdue": "true"},
        ),
        Row("list", "list, due within 5 days", "office", "/petitions/", {"due_within": "5"}),
        Row(
            "list",
            "list, state in progress, by due",
            "office",
            "/petitions/",
            {"state": "in_progress", "sort": "current_due"},
        ),
        Row("list", "list, to route", "office", "/petitions/", {"state": "registered"}),
        Row("list", "list, channel visit", "office", "/petitions/", {"channel": "visit"}),
        Row("list", "list, nature accusation", "office", "/petitions/", {"nature": "accusation"}),
        Row("list", "list, one category", "office", "/petitions/", {"category": category_id}),
        Row("list", "list, one unit", "office", "/petitions/", {"unit": unit_id}),
        Row("list", "list, key cases", "office", "/petitions/", {"is_key_case": "true"}),
        Row(
            "list",
            "list, received last 90 days",
            "office",
            "/petitions/",
            {"received_after": three_months},
        ),
        # Keyset paging: a deep page is a jump into the list (page 650 of 25 rows is
        # about a year back at 10^5), the last page a jump to the oldest day.
        Row("deep", "list, a year back (page ~650)", "office", "/petitions/", {"jump": year_back}),
        Row("deep", "list, last page", "office", "/petitions/", {"jump": oldest}),
        Row("deep", "list, handler's last page", "handler", "/petitions/", {"jump": oldest}),
        Row("search", "search, 2 characters 工资", "office", "/petitions/", {"q": "工资"}),
        Row(
            "search", "search, 2 characters 工资, handler", "handler", "/petitions/", {"q": "工资"}
        ),
        Row("search", "search, 4 characters 采煤塌陷", "office", "/petitions/", {"q": "采煤塌陷"}),
        Row("search", "search, a name 王伟", "office", "/petitions/", {"q": "王伟"}),
        Row("search", "search, a case number", "office", "/petitions/", {"q": sample_number}),
        Row(
            "count",
            "count after the page, 工资, handler",
            "handler",
            "/petitions/count/",
            {"q": "工资"},
            fresh=True,
        ),
        Row(
            "count",
            "count after the page, 采煤塌陷",
            "office",
            "/petitions/count/",
            {"q": "采煤塌陷"},
            fresh=True,
        ),
        Row("page", "case page, office", "office", f"/petitions/{sample_number}/"),
        Row("page", "case page, handler", "handler", f"/petitions/{handler_number}/"),
        Row("page", "registration form", "clerk", "/petitions/new/"),
        Row("dashboard", "dashboard, office", "office", "/"),
        Row("dashboard", "dashboard, handler", "handler", "/"),
        Row("dashboard", "dashboard, leader", "leader", "/"),
        Row("dashboard", "dashboard, clerk", "clerk", "/"),
        Row("dashboard", "supervision page", "office", "/supervision/"),
        Row("report", "monthly report page", "office", f"/reports/monthly/{period_key}/"),
    ]


def pad(text, width):
    """Left-justify for a terminal: a CJK character takes two columns."""
    columns = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return text + " " * max(0, width - columns)


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def time_row(args, row, cookie, floor_cookie):
    """p50/p95 of the row, with a floor request beside each run (load on the machine
    moves both alike)."""
    for _ in range(args.warmup):
        status, _body, _h = request(args.port, row.url, cookie)
    durations, floors = [], []
    for _ in range(args.runs):
        started = time.perf_counter()
        request(args.port, "/bench/floor/", floor_cookie)
        floors.append(time.perf_counter() - started)
        started = time.perf_counter()
        status, _body, _h = request(args.port, row.url, cookie)
        durations.append(time.perf_counter() - started)
    return status, durations, floors


def verdict(measured, target):
    if target is None:
        return "", "—"
    return ("PASS" if measured <= target else "MISS"), target


def measure(args):
    from django.db import connection

    from organization.models import Unit, User
    from petitions.models import Category, Petition
    from reports.periods import Period

    big = args.petitions >= 500_000
    scale = "10⁶" if big else "10⁵"
    handler = User.objects.get(username="handler")
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM petitions_petition")
        total = cursor.fetchone()[0]
    sample = Petition.objects.order_by("pk").values_list("number", flat=True)[total // 2]
    in_unit = (
        Petition.objects.filter(responsible_unit__path__startswith=handler.unit.path)
        .order_by("pk")
        .values_list("number", flat=True)
        .first()
    )
    category = Category.objects.filter(numchild=0).order_by("pk").first()
    unit = Unit.objects.get(code="ZZ")
    period = Period.last_completed(date.today())
    rows = rows_for(sample, in_unit, category.pk, unit.pk, period.key)
    if args.only:
        wanted = args.only.split(",")
        rows = [row for row in rows if any(text in row.label for text in wanted)]
    results = []
    collect_static()
    with Server(args) as server:
        cookies = {
            role: sign_in(args.port, role) for role in ("office", "handler", "leader", "clerk")
        }
        floor_cookie = cookies["office"]
        status, floor, _ = time_row(
            args, Row("floor", "floor", "office", "/bench/floor/"), floor_cookie, floor_cookie
        )
        floor_p50 = statistics.median(floor) * 1000
        print(
            f"\n{total:,} petitions; floor p50 {floor_p50:.2f} ms (a signed-in page, one query)\n"
        )
        header = f"{'page':<38}{'p50 ms':>9}{'p95 ms':>9}{'x floor':>9}{'target':>8}  {'':4}"
        print(header)
        for row in rows:
            try:
                status, durations, floors = time_row(args, row, cookies[row.role], floor_cookie)
            except OSError as error:  # a worker killed by its timeout: the row failed
                print(f"{pad(row.label, 38)} failed: {error!r}", flush=True)
                results.append((row.label, "", "", "", "", f"FAILED ({error!r})"))
                continue
            p50 = statistics.median(durations) * 1000
            p95 = percentile(durations, 0.95) * 1000
            row_floor = statistics.median(floors) * 1000
            ratio = p50 / row_floor
            target = TARGETS[row.group][1 if big else 0]
            mark, shown = verdict(ratio, target)
            if status != 200:
                mark = f"HTTP {status}"
            shown = f"<={target}x" if target else "-"
            print(
                f"{pad(row.label, 38)}{p50:>9.1f}{p95:>9.1f}{ratio:>8.1f}x{shown:>8}  {mark}",
                flush=True,
            )
            results.append(
                (
                    row.label,
                    f"{p50:.1f}",
                    f"{p95:.1f}",
                    f"{ratio:.1f}x",
                    f"≤ {target}x" if target else "—",
                    mark,
                )
            )
        if not args.skip_export and not args.only:
            results += measure_export(args, server, cookies["office"], big)
    results.insert(
        0,
        (
            "floor (one query, signed in)",
            f"{floor_p50:.2f}",
            f"{percentile(floor, 0.95) * 1000:.2f}",
            "1x",
            "",
            "",
        ),
    )
    if not args.only or "statistics" in args.only:
        results += measure_statistics(period, floor_p50, big)
    if not args.skip_job and not args.only:
        results += measure_daily_job(args, big)
    print(f"\n| what ({scale}, {total:,} petitions) | p50 ms | p95 ms | x floor | target | |")
    print("|---|---:|---:|---:|---|---|")
    for result in results:
        print("| " + " | ".join(result) + " |")
    if args.explain != "none":
        explain(
            rows
            if args.explain == "all"
            else [r for r in rows if r.group in ("list", "deep", "search")]
        )


def measure_export(args, server, cookie, big):
    """The list's xlsx export of ~10⁵ rows: time to the first bytes, total, the workers' peak
    memory growth, and whether it completed (a worker timeout shows as a broken response)."""
    params = {}
    if big:  # about a tenth of the cases: ~10⁵ rows
        params["received_after"] = (date.today() - timedelta(days=73)).isoformat()
    path = "/petitions/export.xlsx" + ("?" + urllib.parse.urlencode(params) if params else "")
    pids = server.worker_pids()

    def rss(pid):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
        return 0

    before = {pid: rss(pid) for pid in pids}
    peak = dict(before)
    done = threading.Event()

    def sample():
        while not done.is_set():
            for pid in pids:
                with contextlib.suppress(OSError):
                    peak[pid] = max(peak[pid], rss(pid))
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    started = time.perf_counter()
    size = 0
    status = 0
    first = None
    try:
        connection = HTTPConnection("127.0.0.1", args.port, timeout=600)
        connection.request("GET", path, headers={"Host": "127.0.0.1", "Cookie": cookie})
        response = connection.getresponse()
        status = response.status
        while chunk := response.read(65536):
            if first is None:
                first = time.perf_counter() - started
            size += len(chunk)
        connection.close()
        complete = True
    except Exception as error:  # a killed worker: the response breaks off
        complete = False
        print(f"  export broke off: {error!r}")
    total = time.perf_counter() - started
    done.set()
    sampler.join()
    growth = max(peak[pid] - before[pid] for pid in pids) / 2**20
    first = first if first is not None else total
    ok = complete and status == 200 and total <= 10 and growth <= 200 and first <= 1
    print(
        f"{'xlsx export':<38}{total * 1000:>9.0f} ms total, first bytes {first * 1000:.0f} ms, "
        f"{size / 2**20:.1f} MB file, worker +{growth:.0f} MB, HTTP {status}  "
        + ("PASS" if ok else "MISS")
    )
    return [
        (
            f"xlsx export ({size / 2**20:.1f} MB file)",
            f"{total * 1000:.0f}",
            f"first bytes {first * 1000:.0f}",
            f"worker +{growth:.0f} MB",
            "≤ 10 s, ≤ 200 MB, first bytes ≤ 1 s",
            ("PASS" if ok else "MISS")
            + ("" if complete and status == 200 else f" (HTTP {status})"),
        )
    ]


def measure_statistics(period, floor_ms, big):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from reports.statistics import unit_statistics

    durations = []
    for _ in range(5):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            unit_statistics(period)
            durations.append(time.perf_counter() - started)
    p50 = statistics.median(durations) * 1000
    if big:
        target, ok, ratio = "≤ 0.5 s", p50 <= 500, "—"
    else:
        target, ok, ratio = "≤ 30x", p50 / floor_ms <= 30, f"{p50 / floor_ms:.1f}x"
    print(f"{'monthly statistics (in process)':<38}{p50:>9.1f} ms, {len(captured)} queries")
    return [
        (
            f"monthly statistics {period.key} ({len(captured)} queries)",
            f"{p50:.1f}",
            f"{max(durations) * 1000:.1f}",
            ratio,
            target,
            "PASS" if ok else "MISS",
        )
    ]


def measure_daily_job(args, big):
    """run_deadline_checks as its own process, twice: seconds and peak memory of each run."""
    results = []
    # The job's own time (Django's start-up is not the job's): the process prints it.
    script = (
        "import sys, time, django; django.setup()\n"
        "from django.core.management import call_command\n"
        "started = time.perf_counter()\n"
        "call_command('run_deadline_checks', stdout=open('/dev/null', 'w'))\n"
        "print(time.perf_counter() - started, file=sys.stderr)\n"
    )
    for attempt in (1, 2):
        errors_file = tempfile.TemporaryFile()  # noqa: SIM115 (read after the wait)
        started = time.perf_counter()
        stopped = False
        process = subprocess.Popen(
            [PYTHON, "-c", script], cwd=BASE_DIR, stdout=subprocess.DEVNULL, stderr=errors_file
        )
        while True:  # wait4 for the child's own peak memory, bounded by --job-timeout
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - started > args.job_timeout:
                process.kill()
                stopped = True
                _pid, status, usage = os.wait4(process.pid, 0)
                stop_queries(args)
                break
            time.sleep(0.2)
        errors_file.seek(0)
        errors = errors_file.read().decode()
        try:
            seconds = float(errors.strip().splitlines()[-1])
        except (ValueError, IndexError):
            seconds = time.perf_counter() - started
            print(f"  the job did not finish within {seconds:.0f} s" if stopped else errors)
        memory = usage.ru_maxrss / 1024
        label = "daily deadline job, " + ("first run" if attempt == 1 else "second run")
        if attempt == 1:
            target = "≤ 60 s" if big else "—"
            ok = seconds <= 60 if big else None
        else:
            target = "≤ 5 s, ≤ 500 MB" if big else "≤ 1 s"
            ok = (seconds <= 5 and memory <= 500) if big else seconds <= 1
        mark = "" if ok is None else ("PASS" if ok else "MISS")
        if stopped:
            mark = f"MISS (stopped after {args.job_timeout} s)"
        elif status:
            mark = f"failed ({status})"
        print(f"{label:<38}{seconds * 1000:>9.0f} ms, {memory:.0f} MB peak  {mark}")
        results.append((label, f"{seconds * 1000:.0f}", "", f"{memory:.0f} MB peak", target, mark))
    return results


def stop_queries(args):
    """End what a killed job left running on the scratch database."""
    import psycopg2

    connection = psycopg2.connect(f"{args.server_url}/{args.database}")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
    connection.close()


def explain(rows):
    """The plans of the petitions queries each page runs (captured in process)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from organization.models import User

    print("\nQuery plans of the queries on petitions_petition (Seq Scan on it is flagged):")
    flagged = 0
    for row in rows:
        client = Client()
        client.force_login(User.objects.get(username=row.role))
        with CaptureQueriesContext(connection) as captured:
            client.get(row.path, row.params)
        print(f"  {row.label} ({len(captured)} queries)")
        for query in captured:
            sql = query["sql"]
            if "petitions_petition" not in sql or not sql.lstrip().upper().startswith("SELECT"):
                continue
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN " + sql)
                plan = [line for (line,) in cursor.fetchall()]
            scans = [
                re.sub(r"\s+\(cost=.*", "", line).strip().lstrip("-> ")
                for line in plan
                if "Scan" in line
            ]
            seq = [s for s in scans if re.match(r"Seq Scan on petitions_petition(\s|$)", s)]
            flagged += bool(seq)
            flag = "  <-- SEQ SCAN on petitions" if seq else ""
            print(f"    {' | '.join(dict.fromkeys(scans))}{flag}")
    print(f"  {flagged} quer{'y' if flagged == 1 else 'ies'} with a sequential scan on petitions")


def main():
    args = parse_args()
    configure_environment(args)
    fresh = prepare_database(args)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    if fresh:
        seed(args)
    else:
        vacuum(args)
    if not args.seed_only:
        measure(args)


if __name__ == "__main__":
    main()
