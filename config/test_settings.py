"""Settings for the test suite: the production settings, against real services.

Tests run on PostgreSQL and Redis, never on a silent SQLite fallback; `make test`
starts both and passes their URLs. A missing service fails the run with a clear
message (see tests/conftest.py).
"""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production-use-0123456789")
os.environ.setdefault("DATABASE_URL", "postgres://xinfang:xinfang@127.0.0.1:5432/xinfang")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/15")
# Playwright's sync API runs an event loop in the test thread; Django's ORM is
# still used synchronously there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from .settings import *

if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured(
        "The test suite runs on PostgreSQL only; DATABASE_URL is "
        f"{os.environ['DATABASE_URL']!r}. Run `make test`, which starts PostgreSQL."
    )

DATABASES["default"]["CONN_MAX_AGE"] = 0
# Parallel checkouts (git worktrees) each use their own test database.
DATABASES["default"]["TEST"] = {"NAME": os.environ.get("TEST_DATABASE_NAME", "test_xinfang")}

# The replica alias as a mirror of the test database: off (READ_REPLICA None) unless a
# test turns it on to see which alias report and export reads use (tests/test_replica.py).
DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}
READ_REPLICA = None

# Fast hashing: the suite creates many users; real hashing is Django's concern.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Static files straight from the finders, as in development (no collectstatic).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# A real worker in a test (tests/petitions/test_worker.py) turns this off in its process.
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)
CELERY_TASK_EAGER_PROPAGATES = True
SECURE_SSL_REDIRECT = False
MEDIA_ROOT = BASE_DIR / ".test-media"
# Each test session its own cache keys: the test database's ids restart every run.
if "default" in CACHES:
    import uuid

    CACHES["default"]["KEY_PREFIX"] = f"test-{uuid.uuid4().hex[:8]}"
