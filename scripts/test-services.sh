#!/usr/bin/env bash
# Make sure the services the test suite needs are up: PostgreSQL, Redis, and
# Debian's Chromium (browser tests), CJK fonts and poppler (PDF tests), and
# docker-compose (the compose file's validation).
#
# Started when installed but stopped; installed with apt-get when absent and we
# are root; otherwise a clear message and a non-zero exit.
set -euo pipefail

DB_USER="${TEST_DB_USER:-xinfang}"
DB_PASSWORD="${TEST_DB_PASSWORD:-xinfang}"
DB_NAME="${TEST_DB_NAME:-xinfang}"
PG_HOST=127.0.0.1
PG_PORT="${TEST_DB_PORT:-5432}"
REDIS_PORT="${TEST_REDIS_PORT:-6379}"

say() { printf '\033[1m[services]\033[0m %s\n' "$*"; }
fail() { printf '\033[1;31m[services]\033[0m %s\n' "$*" >&2; exit 1; }

APT_UPDATED=0
apt_install() {
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
    fail "Missing $*. Install it (Debian: apt-get install $*) or run make test as root."
  fi
  if [ "$APT_UPDATED" = 0 ]; then
    # Wait for another package manager run (unattended upgrades, a parallel
    # install) instead of failing on the dpkg lock.
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 update -qq
    APT_UPDATED=1
  fi
  say "apt-get install $*"
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq \
    --no-install-recommends "$@" >/dev/null
}

# --- PostgreSQL -------------------------------------------------------------
pg_up() { pg_isready -q -h "$PG_HOST" -p "$PG_PORT" 2>/dev/null; }

if ! command -v pg_ctlcluster >/dev/null && ! command -v pg_isready >/dev/null; then
  apt_install postgresql
fi
if ! pg_up; then
  if command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ]; then
    for version in $(ls /etc/postgresql); do
      for cluster in $(ls "/etc/postgresql/$version"); do
        say "starting PostgreSQL $version/$cluster"
        pg_ctlcluster --skip-systemctl-redirect "$version" "$cluster" start || true
      done
    done
  fi
  for _ in $(seq 1 30); do pg_up && break; sleep 1; done
  pg_up || fail "PostgreSQL is not accepting connections on $PG_HOST:$PG_PORT."
fi

# The test role: may log in with a password over TCP and create the test database.
if ! PGPASSWORD="$DB_PASSWORD" psql -h "$PG_HOST" -p "$PG_PORT" -U "$DB_USER" -d postgres -tAc 'select 1' >/dev/null 2>&1; then
  [ "$(id -u)" = 0 ] || fail "Cannot log in to PostgreSQL as $DB_USER; create the role: CREATE ROLE $DB_USER LOGIN CREATEDB PASSWORD '$DB_PASSWORD';"
  say "creating PostgreSQL role $DB_USER"
  runuser -u postgres -- psql -q -p "$PG_PORT" -v ON_ERROR_STOP=1 <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$DB_USER') THEN
    CREATE ROLE $DB_USER LOGIN CREATEDB PASSWORD '$DB_PASSWORD';
  ELSE
    ALTER ROLE $DB_USER LOGIN CREATEDB PASSWORD '$DB_PASSWORD';
  END IF;
END \$\$;
SQL
fi
if ! PGPASSWORD="$DB_PASSWORD" psql -h "$PG_HOST" -p "$PG_PORT" -U "$DB_USER" -d postgres -tAc \
    "select 1 from pg_database where datname = '$DB_NAME'" | grep -q 1; then
  PGPASSWORD="$DB_PASSWORD" createdb -h "$PG_HOST" -p "$PG_PORT" -U "$DB_USER" "$DB_NAME"
fi

# --- Redis ------------------------------------------------------------------
redis_up() { redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG; }

command -v redis-server >/dev/null || apt_install redis-server
if ! redis_up; then
  say "starting Redis"
  mkdir -p /tmp/xinfang-redis
  redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no \
    --dir /tmp/xinfang-redis --logfile /tmp/xinfang-redis/redis.log
  for _ in $(seq 1 20); do redis_up && break; sleep 0.5; done
  redis_up || fail "Redis is not answering on 127.0.0.1:$REDIS_PORT."
fi

# --- Browser, fonts and PDF tools ---------------------------------------------
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
fc-list 2>/dev/null | grep -qi 'Noto Sans CJK' || missing+=(fonts-noto-cjk)
command -v pdftotext >/dev/null || missing+=(poppler-utils)
# docker-compose.yml is validated by `docker-compose config` (tests/test_compose.py).
command -v docker-compose >/dev/null || missing+=(docker-compose)
# WeasyPrint renders PDFs with Pango.
ldconfig -p 2>/dev/null | grep -q libpangoft2-1.0 || missing+=(libpango-1.0-0 libpangoft2-1.0-0)
if [ ${#missing[@]} -gt 0 ]; then
  apt_install "${missing[@]}"
fi

say "PostgreSQL, Redis and Chromium are ready."
