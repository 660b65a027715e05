"""Settings for the petition case-management system.

Everything an operator may change comes from the environment (12-factor), read
once here with django-environ. The defaults run the application on one machine
with no services: a SQLite file and Celery tasks executed in-process.
"""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# An optional .env file beside manage.py; real environment variables win.
env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off. "
            "Generate one with: python -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )
    SECRET_KEY = "django-insecure-development-key-never-use-in-production"

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_htmx",
    "treebeard",
    "axes",
    "csp",
    "organization",
    "notifications",
    "petitions",
    "supervision",
    "reception",
    "risk",
    "accountability",
    "reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.middleware.PreferredLanguageMiddleware",
    # Before anything looks up a NUL-carrying value (PostgreSQL refuses it in text).
    "config.middleware.RejectNulMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Deny by default: every view needs a login unless marked @login_not_required (a
    # public view is answered without reading the session or the user).
    "config.middleware.PublicFirstLoginRequiredMiddleware",
    # Nothing a signed-in user sees is kept by a browser or proxy cache.
    "config.middleware.PrivateNoStoreMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "config.context_processors.navigation",
            ],
        },
    },
]

# --- Data -------------------------------------------------------------------


def postgresql(config: dict) -> dict:
    """A PostgreSQL connection as the app keeps it: reused, checked, and without JIT
    compilation, which pays for long analytic queries where ours are short (above its
    cost threshold it compiled the monthly statistics' aggregate on every call: 50-180
    ms of 300-500 at 10^6 petitions)."""
    config["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    config["CONN_HEALTH_CHECKS"] = True
    config["OPTIONS"] = {"options": "-c jit=off", **config.get("OPTIONS", {})}
    return config


DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    postgresql(DATABASES["default"])
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent web use on one machine (`make run`): a writer waits for the lock instead
    # of failing with "database is locked", transactions take the write lock at BEGIN
    # (no deadlock when a reader turns writer), and WAL lets reads go on during a write.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": env.int("SQLITE_TIMEOUT", default=20),
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        **DATABASES["default"].get("OPTIONS", {}),
    }
    # The covering indexes' INCLUDE columns serve PostgreSQL; SQLite indexes the keys only.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]

# A PostgreSQL read replica (streaming replication) serving the reads of reports and
# exports (organization/replica.py, config/routers.py); every write and every other
# read stays on DATABASE_URL. Unset: everything on the one database.
DATABASE_REPLICA_URL = env.str("DATABASE_REPLICA_URL", default="")
READ_REPLICA = None
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = postgresql(env.db_url_config(DATABASE_REPLICA_URL))
    READ_REPLICA = "replica"
DATABASE_ROUTERS = ["config.routers.ReplicaRouter"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis carries the Celery broker. Without it, tasks run in-process (eagerly),
# so a single machine with no services still does everything.
REDIS_URL = env.str("REDIS_URL", default="")

if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "xinfang",
            # A Redis that is away fails fast, so the callers' fallbacks run
            # (the query throttle counts in the database).
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Celery -------------------------------------------------------------------

CELERY_BROKER_URL = REDIS_URL or "memory://"
# The queue workers consume and tasks go to; tests use their own.
CELERY_QUEUE = env.str("CELERY_QUEUE", default="celery")
CELERY_TASK_DEFAULT_QUEUE = CELERY_QUEUE
# A broker outage must not hold a request up: fail fast, the periodic jobs recover
# (notifications are their own outbox, see notifications/services.py).
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 2, "max_retries": 1}
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = "Asia/Shanghai"
CELERY_ENABLE_UTC = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Periodic jobs, in CELERY_TIMEZONE.
CELERY_BEAT_SCHEDULE: dict = {}

# --- Authentication -------------------------------------------------------------

AUTH_USER_MODEL = "organization.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

# Failed sign-ins are counted per user name *and* client address (django-axes):
# after AXES_FAILURE_LIMIT failures that pair is locked for AXES_COOLOFF_MINUTES.
# Not per address alone: the clerks of one office often share one address, and
# one person's typos must not lock out the whole office. An administrator
# unlocks earlier by deleting the row under 管理 > 访问尝试 (Access attempts).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out pair
    "organization.backends.UserBackend",  # ModelBackend, the unit read with the user
]
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# The lockout page, in the user's language (templates/registration/lockout.html).
AXES_LOCKOUT_CALLABLE = "config.views.sign_in_locked"
# The client address as the progress query's throttle sees it: REMOTE_ADDR, or
# behind TRUSTED_PROXY_COUNT proxies the address the nearest one reports in
# X-Forwarded-For (never a header the client could set on its own).
AXES_CLIENT_IP_CALLABLE = "petitions.progress.client_ip"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 60 * 60)

# --- Internationalisation ---------------------------------------------------------

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = env.str("TIME_ZONE", default="Asia/Shanghai")
USE_TZ = True

# --- Static and uploaded files ------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
NODE_MODULES = BASE_DIR / "node_modules"
# Third-party front-end assets come from npm at install time (never a CDN, never
# committed) and are served under /static/vendor/.
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", NODE_MODULES / "bootstrap" / "dist"),
    ("vendor/bootstrap-icons", NODE_MODULES / "bootstrap-icons" / "font"),
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("vendor/chartjs", NODE_MODULES / "chart.js" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
# Uploaded files (attachments, letters, monthly workbooks) on S3-compatible object
# storage (MinIO, Ceph, a cloud's OSS/COS/S3) through django-storages, so any web or
# worker node reads what another wrote. Credentials come from the standard
# AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY variables (read by boto3). Files stay
# private: no public ACL, and the views that check permission stream them.
AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
            "location": env.str("AWS_LOCATION", default="media"),
            "default_acl": None,
            "file_overwrite": False,
            "querystring_auth": True,
        },
    }
# No route serves MEDIA_URL: uploaded files are streamed by views that check
# permission first.
MEDIA_URL = "/media/"

# Widgets render with the project's templates (organization.forms.FormRenderer).
FORM_RENDERER = "organization.forms.FormRenderer"
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- E-mail -----------------------------------------------------------------------------

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="xinfang@localhost")
# Seconds to wait on the mail server per connect/read: a server that accepts and
# never answers must not hold a worker for ever.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)

# --- Security ------------------------------------------------------------------------------
# Secure by default when DEBUG is off. An intranet served over plain HTTP turns
# the HTTPS settings off explicitly (see README), accepting the warnings.

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp 4): scripts and styles only from our own
# static files, no inline script or style, no event-handler attributes. Page
# behaviour lives in static/js; htmx's own indicator <style> is switched off
# (base.html's htmx-config meta) and its rules are in app.css. data: images are
# Bootstrap's SVG icons in its CSS. CSP_REPORT_ONLY=1 reports without blocking.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
if env.bool("CSP_REPORT_ONLY", default=False):
    CONTENT_SECURITY_POLICY_REPORT_ONLY, CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY, None

# --- Logging ------------------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "axes": {"level": "WARNING"},  # a line per sign-in otherwise; lockouts are warnings
    },
}

# --- Product settings ------------------------------------------------------------------------

# Statutory clocks (DESIGN.md §2). Plain 日 are calendar days (the statute's reading);
# `working` counts working days on the official PRC schedule. Each clock has its own
# mode: CLOCK_DAY_MODES="handling=working,review=calendar" names clocks; a clock not
# named counts in DEADLINE_DAYS (default calendar); the objection window (XG 23 ¶3, 5
# 工作日) always counts working days. Lengths differ by province.
DEADLINE_DAYS = env.str("DEADLINE_DAYS", default="calendar")
if DEADLINE_DAYS not in ("calendar", "working"):
    raise ImproperlyConfigured("DEADLINE_DAYS must be 'calendar' or 'working'.")
CLOCK_DAY_MODES = env.dict("CLOCK_DAY_MODES", default={})
_MODE_CLOCKS = (
    "route",
    "acceptance",
    "handling",
    "review_request",
    "review",
    "rereview_request",
    "rereview",
    "listed",
)
for _clock, _mode in CLOCK_DAY_MODES.items():
    if _clock == "objection":
        raise ImproperlyConfigured(
            "CLOCK_DAY_MODES: the objection window always counts working days (XG 23 ¶3)."
        )
    if _clock not in _MODE_CLOCKS:
        raise ImproperlyConfigured(
            f"CLOCK_DAY_MODES: unknown clock {_clock!r}; use {', '.join(_MODE_CLOCKS)}."
        )
    if _mode not in ("calendar", "working"):
        raise ImproperlyConfigured(
            f"CLOCK_DAY_MODES: {_clock}={_mode!r}; the mode is 'calendar' or 'working'."
        )
# Move a due date that falls on a rest day to the next working day (民法典 203).
DEADLINE_ROLL_TO_WORKDAY = env.bool("DEADLINE_ROLL_TO_WORKDAY", default=False)
PETITION_CLOCK_DAYS = {
    "route": env.int("CLOCK_ROUTE_DAYS", default=15),  # XG 22
    "acceptance": env.int("CLOCK_ACCEPTANCE_DAYS", default=15),  # XG 23
    "objection": env.int("CLOCK_OBJECTION_WORKING_DAYS", default=5),  # XG 23 ¶3, always working
    "handling": env.int("CLOCK_HANDLING_DAYS", default=60),  # XG 34
    "extension_max": env.int("CLOCK_EXTENSION_MAX_DAYS", default=30),  # XG 34
    "review_request": env.int("CLOCK_REVIEW_REQUEST_DAYS", default=30),  # XG 35
    "review": env.int("CLOCK_REVIEW_DAYS", default=30),  # XG 35
    "rereview_request": env.int("CLOCK_REREVIEW_REQUEST_DAYS", default=30),  # XG 36
    "rereview": env.int("CLOCK_REREVIEW_DAYS", default=30),  # XG 36
}
# Head count from which a visit counts as a collective visit (集体访).
COLLECTIVE_VISIT_THRESHOLD = env.int("COLLECTIVE_VISIT_THRESHOLD", default=5)
MAX_REPRESENTATIVES = 5  # XG 20
# How far back registration looks for earlier petitions of the same person.
REPEAT_LOOKBACK_DAYS = env.int("REPEAT_LOOKBACK_DAYS", default=365)
ATTACHMENT_MAX_BYTES = env.int("ATTACHMENT_MAX_BYTES", default=20 * 1024 * 1024)
ATTACHMENT_EXTENSIONS = env.list(
    "ATTACHMENT_EXTENSIONS",
    default=["pdf", "jpg", "jpeg", "png", "doc", "docx", "xls", "xlsx", "txt", "mp3", "m4a"],
)
# At most this many files on one form (the registration form, with the files it kept).
ATTACHMENT_MAX_COUNT = env.int("ATTACHMENT_MAX_COUNT", default=20)
# Public progress query: attempts per client address per hour.
QUERY_ATTEMPTS_PER_HOUR = env.int("QUERY_ATTEMPTS_PER_HOUR", default=10)
# Reverse proxies in front of the application that append to X-Forwarded-For
# (1 behind nginx or Caddy). 0: the client is REMOTE_ADDR. The query throttle
# counts per client address, so behind a proxy this must be set.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
# Reporting month: "calendar", or "business" for the 业务月 from the 21st of the
# previous month to the 20th.
REPORT_MONTH = env.str("REPORT_MONTH", default="calendar")
if REPORT_MONTH not in ("calendar", "business"):
    raise ImproperlyConfigured("REPORT_MONTH must be 'calendar' or 'business'.")
# Last period's monthly notice is drafted the day after the period ends, at 06:00.
CELERY_BEAT_SCHEDULE["build-monthly-notice"] = {
    "task": "reports.tasks.build_monthly_notice",
    "schedule": crontab(hour=6, minute=0, day_of_month=21 if REPORT_MONTH == "business" else 1),
}
# Deadline reminders go this many days before a due date (then on the day it is missed).
REMINDER_DAYS = tuple(sorted(env.list("REMINDER_DAYS", cast=int, default=[5, 3, 1]), reverse=True))
# Days a unit has to answer a supervision notice (督办单).
SUPERVISION_FEEDBACK_DAYS = env.int("SUPERVISION_FEEDBACK_DAYS", default=5)
# The address links in e-mails point to.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
# Every morning at 07:00: reminders, overdue notices, 督办单, expired review windows.
CELERY_BEAT_SCHEDULE["deadline-checks"] = {
    "task": "supervision.tasks.run_deadline_checks",
    "schedule": crontab(hour=7, minute=0),
}
# Files kept for forms that came back with errors and were left for more than a day.
CELERY_BEAT_SCHEDULE["purge-pending-uploads"] = {
    "task": "petitions.tasks.purge_pending_uploads",
    "schedule": crontab(hour=3, minute=30),
}
# E-mails whose sending failed or was never queued (broker down) go out within 10 minutes.
CELERY_BEAT_SCHEDULE["send-pending-emails"] = {
    "task": "notifications.tasks.send_pending_emails",
    "schedule": crontab(minute="*/10"),
}
# The organ named on printed letters, e.g. 江淮矿业集团有限公司信访办公室.
LETTER_ISSUER = env.str("LETTER_ISSUER", default="")
# The petition office a unit reports to, printed on the 交办单 (name: else the issuer)
# and named on the public reception notice.
PETITION_OFFICE_NAME = env.str("PETITION_OFFICE_NAME", default="")
# Its telephone (on the 交办单 and, with its address, on the public reception
# notice as where to book an appointment, 约访).
PETITION_OFFICE_PHONE = env.str("PETITION_OFFICE_PHONE", default="")
PETITION_OFFICE_ADDRESS = env.str("PETITION_OFFICE_ADDRESS", default="")
# The monthly notice (月通报) as an official document: its number is the prefix, the
# year in 公文 brackets and n (from the yearly "monthly_notice" sequence); its 主送 and
# 抄送 lines are taken from these when a draft is made (the office may edit them).
NOTICE_NUMBER_PREFIX = env.str("NOTICE_NUMBER_PREFIX", default="信访通")
NOTICE_RECIPIENTS = env.str("NOTICE_RECIPIENTS", default="各单位、各部门")
NOTICE_COPY_TO = env.str("NOTICE_COPY_TO", default="集团公司领导")

# Reception (领导接访): published at least this many days ahead unless the office
# overrides it with a reason.
RECEPTION_NOTICE_DAYS = env.int("RECEPTION_NOTICE_DAYS", default=3)
# Every leadership member receives weekly; the main leader at least N days a month.
RECEPTION_MEMBERS_WEEKLY = env.bool("RECEPTION_MEMBERS_WEEKLY", default=True)
RECEPTION_MAIN_DAYS_PER_MONTH = env.int("RECEPTION_MAIN_DAYS_PER_MONTH", default=1)
# A collective visit of more people than this alerts the office and the
# discipline inspectors (source 004 §五).
COLLECTIVE_ALERT_HEADCOUNT = env.int("COLLECTIVE_ALERT_HEADCOUNT", default=20)
# The persuasion team (劝返) must be on site within this many hours of the report.
PERSUASION_ONSITE_HOURS = env.int("PERSUASION_ONSITE_HOURS", default=24)

# Shown in the page header; empty means the product's translated name.
SITE_NAME = env.str("SITE_NAME", default="")

# Risk (隐患排查): each unit's monthly screening report is due on this day of the
# reporting month (never after the period's last day); the daily job reminds on it.
RISK_SCREENING_DUE_DAY = env.int("RISK_SCREENING_DUE_DAY", default=25)
# Every morning at 07:30: screening due-day reminders and sensitive-period daily reminders.
CELERY_BEAT_SCHEDULE["risk-daily"] = {
    "task": "risk.tasks.risk_daily",
    "schedule": crontab(hour=7, minute=30),
}
CELERY_BEAT_SCHEDULE["risk-key-persons"] = {
    "task": "risk.tasks.risk_key_persons",
    "schedule": crontab(hour=7, minute=40),
}
# risk: a person becomes a key petitioner (重点人员) at this many petitions, or this many
# skip-level visits, within 12 months.
RISK_KEY_PERSON_PETITIONS = env.int("RISK_KEY_PERSON_PETITIONS", default=3)
RISK_KEY_PERSON_SKIP_LEVEL = env.int("RISK_KEY_PERSON_SKIP_LEVEL", default=2)
# risk: the screening months before a skip-level visit its reverse check (倒查) looks at.
RISK_REVERSE_CHECK_MONTHS = env.int("RISK_REVERSE_CHECK_MONTHS", default=3)
# Accountability (accountability/): the monthly base score, days a unit has to file its
# 整改 report or 书面检查 after the consequence is confirmed, and the share of pay a
# failed year withholds (seed 000 §二(三)).
ACCOUNTABILITY_BASE_SCORE = env.int("ACCOUNTABILITY_BASE_SCORE", default=100)
ACCOUNTABILITY_REPORT_DAYS = env.int("ACCOUNTABILITY_REPORT_DAYS", default=30)
ACCOUNTABILITY_PAY_PERCENT = env.int("ACCOUNTABILITY_PAY_PERCENT", default=5)
