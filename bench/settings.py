"""Settings of the bench's server: production's (config.settings), plus the floor view.

Only `bench/petitions_bench.py` uses them (DJANGO_SETTINGS_MODULE=bench.settings):
DEBUG stays off, static files are looked up through a collected manifest as in
production, and the URLconf adds `/bench/floor/`, a page that runs one query, so
every page is measured as a multiple of what the same stack costs for nearly
nothing.
"""

import os

from config.settings import *  # noqa: F403
from config.settings import STORAGES

ROOT_URLCONF = "bench.urls"

# Collected once per machine by the bench (collectstatic), outside the checkout.
STATIC_ROOT = os.environ.get("BENCH_STATIC_ROOT", "/tmp/xinfang-bench-static")
# The manifest lookups production does; compression is whitenoise's business, not a page's.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
}

# The bench is a client on plain HTTP at 127.0.0.1.
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0

# A line per request would time the terminal, not the application.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
