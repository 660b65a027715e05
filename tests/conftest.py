"""Suite-wide fixtures: service checks, the fast lane, a small unit tree and one persona
per role."""

from pathlib import Path

import psycopg2
import pytest
import redis
from django.conf import settings

from organization.roles import Role

from .factories import UnitFactory, UserFactory

CHROMIUM = Path("/usr/bin/chromium")


DB_FIXTURES = {"db", "transactional_db", "live_server", "django_db_serialized_rollback"}


def needs_database(item) -> bool:
    return item.get_closest_marker("django_db") is not None or bool(
        DB_FIXTURES & set(getattr(item, "fixturenames", ()))
    )


def is_transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    return bool(marker is not None and marker.kwargs.get("transaction")) or bool(
        {"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ()))
    )


def pytest_collection_modifyitems(config, items):
    """Mark the tests that need no database `fast` (`make test-fast` runs only them)."""
    for item in items:
        if not needs_database(item):
            item.add_marker(pytest.mark.fast)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database as migrate left it (categories, role groups), kept as a
    snapshot: a transactional test truncates every table when it ends."""
    from django.db import connection

    with django_db_blocker.unblock():
        return connection.creation.serialize_db_to_string()


@pytest.fixture(autouse=True)
def _site_language():
    """Each test starts in the site's language: a test that activates another (a request
    through LocaleMiddleware, `translation.activate`) must not change the next one's."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _no_grants_kept_from_another_test():
    """Each test starts with nothing kept by organization.grants: a flushed database
    restores an earlier access generation and hands out user ids again, which no
    running application ever does."""
    from organization import grants

    grants.forget_all()


@pytest.fixture(autouse=True)
def _nothing_cached_by_another_test():
    """Each test starts with an empty cache: counts kept a minute per user
    (organization.paging.count_after_page) would otherwise outlive the test whose user
    id the next test, or the next run, hands out again."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _migrated_data_in_transactional_tests(request):
    """Give a transactional test (browser tests included) the data migrate created,
    from the snapshot, whatever truncated it before. (Django's serialized rollback
    cannot be used: Playwright's event loop gives the test another connection.)"""
    if not is_transactional(request.node):
        return
    request.getfixturevalue("transactional_db")
    from django.core.management import call_command
    from django.db import connection

    from petitions.models import Category

    if not Category.objects.exists():
        # Truncated: empty it wholly (post_migrate re-made some rows) and restore.
        call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
        connection.creation.deserialize_db_from_string(request.getfixturevalue("django_db_setup"))


@pytest.fixture(scope="session", autouse=True)
def _services(request):
    """Fail at once, with a clear message, when a service the suite needs is down.

    Checked only when a collected test needs the database, so the fast lane runs
    without PostgreSQL or Redis.
    """
    if any(needs_database(item) for item in request.session.items):
        check_services()


def check_services():
    db = settings.DATABASES["default"]
    try:
        psycopg2.connect(
            dbname="postgres",
            user=db["USER"],
            password=db["PASSWORD"],
            host=db["HOST"],
            port=db["PORT"] or 5432,
            connect_timeout=3,
        ).close()
    except psycopg2.OperationalError as error:
        pytest.exit(
            f"PostgreSQL is not reachable at {db['HOST']}:{db['PORT']} as {db['USER']} ({error}). "
            "Run `make test`, which starts it and creates the test role.",
            returncode=3,
        )
    try:
        redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=3).ping()
    except redis.RedisError as error:
        pytest.exit(
            f"Redis is not reachable at {settings.REDIS_URL} ({error}). "
            "Run `make test`, which starts it.",
            returncode=3,
        )


@pytest.fixture
def group_root(db):
    return UnitFactory(code="G", name="测试集团", kind="group")


@pytest.fixture
def unit_a(group_root):
    return UnitFactory(code="A", name="甲煤矿", parent=group_root)


@pytest.fixture
def section_a1(unit_a):
    return UnitFactory(code="A-1", name="甲矿综采一区", kind="section", parent=unit_a)


@pytest.fixture
def unit_b(group_root, unit_a):
    return UnitFactory(code="B", name="乙煤矿", parent=group_root)


@pytest.fixture
def clerk(group_root):
    return UserFactory(username="clerk", unit=group_root, roles=[Role.CLERK])


@pytest.fixture
def handler(unit_a):
    return UserFactory(username="handler", unit=unit_a, roles=[Role.HANDLER])


@pytest.fixture
def leader(unit_a):
    return UserFactory(username="leader", unit=unit_a, roles=[Role.LEADER])


@pytest.fixture
def office(group_root):
    return UserFactory(username="office", unit=group_root, roles=[Role.OFFICE])


@pytest.fixture
def inspector(group_root):
    return UserFactory(username="inspector", unit=group_root, roles=[Role.INSPECTOR])


@pytest.fixture
def outsider(unit_b):
    """A handler of another unit: must never see unit A's cases."""
    return UserFactory(username="outsider", unit=unit_b, roles=[Role.HANDLER])


# --- Browser -----------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make test`, which installs Debian's chromium.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh browser tab against the live server; records every host it contacts."""
    context = browser.new_context(base_url=live_server.url, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.contacted_hosts = set()
    page.on("request", lambda request: page.contacted_hosts.add(request.url.split("/")[2]))
    # Whatever the Content-Security-Policy blocked on any page the test visited.
    page.csp_errors = []
    page.on(
        "console",
        lambda message: (
            page.csp_errors.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    yield page
    context.close()
    assert not page.csp_errors, "blocked by the Content-Security-Policy:\n" + "\n".join(
        page.csp_errors
    )


@pytest.fixture
def login(page):
    """Sign a user in through the real login page."""
    from .factories import PASSWORD

    def sign_in(user, password=PASSWORD):
        page.goto("/accounts/login/")
        page.locator("#id_username").fill(user.username)
        page.locator("#id_password").fill(password)
        page.locator("#login-form button[type=submit]").click()
        page.wait_for_url(lambda url: "/accounts/login/" not in url)
        return page

    return sign_in


@pytest.fixture
def people(clerk, handler, leader, office, unit_a):
    """Everyone needed to move a case assigned to unit A along its life."""
    return {"clerk": clerk, "handler": handler, "leader": leader, "office": office, "unit": unit_a}
