# 信访事项管理系统 — the two commands are `make run` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export PIP_DISABLE_PIP_VERSION_CHECK := 1

# The test suite's services (started by scripts/test-services.sh).
TEST_DATABASE_URL ?= postgres://xinfang:xinfang@127.0.0.1:5432/xinfang
TEST_REDIS_URL ?= redis://127.0.0.1:6379/15

.PHONY: help run test test-fast install install-dev assets services lint format migrate messages worker beat bench clean

help:
	@echo "make run    install, migrate, load demo data once, serve on http://127.0.0.1:8000"
	@echo "make test   install, start PostgreSQL/Redis/Chromium as needed, lint, run the suite"
	@echo "make test-fast            only the tests that need no database or Redis (seconds)"
	@echo "make worker | make beat   start a Celery worker / the beat scheduler (needs REDIS_URL)"
	@echo "make messages             refresh and compile the zh_Hans translation catalog"
	@echo "make bench                time the hot pages on 100 000 petitions (PostgreSQL)"

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
		|| { echo "Python 3.11 or newer is required (PYTHON=$(PYTHON))"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet .
	@touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet '.[dev]'
	@touch $@ $(VENV)/.installed

# Bootstrap, its icons and htmx come from npm into node_modules (never a CDN).
node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || scripts/require-npm.sh
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

install: $(VENV)/.installed node_modules/.installed
install-dev: $(VENV)/.installed-dev node_modules/.installed
assets: node_modules/.installed

run: export DEBUG ?= 1
run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo --if-empty
	$(BIN)/python manage.py runserver 127.0.0.1:8000

services:
	scripts/test-services.sh

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

test: export DATABASE_URL = $(TEST_DATABASE_URL)
test: export REDIS_URL = $(TEST_REDIS_URL)
test: install-dev assets services lint
	DJANGO_SETTINGS_MODULE=config.test_settings $(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest $(PYTEST_ARGS)

# No services: the tests that need no database (clocks, identity numbers, wording…).
test-fast: install-dev
	$(BIN)/pytest -m fast -q $(PYTEST_ARGS)

migrate: install
	$(BIN)/python manage.py migrate

messages: install-dev
	cd $(CURDIR) && DEBUG=1 $(BIN)/python manage.py makemessages -l zh_Hans --no-obsolete \
		--ignore '.venv/*' --ignore 'node_modules/*' --ignore 'staticfiles/*' --ignore 'tests/*'
	DEBUG=1 $(BIN)/python manage.py compilemessages -l zh_Hans --ignore '.venv/*' --ignore 'node_modules/*'

worker: install
	$(BIN)/celery -A config worker --loglevel=INFO

beat: install
	$(BIN)/celery -A config beat --loglevel=INFO --schedule $(CURDIR)/.celerybeat-schedule

# Seeds a scratch PostgreSQL database at volume and times the hot pages.
bench: install-dev services
	$(BIN)/python bench/petitions_bench.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) node_modules staticfiles .test-media .pytest_cache .ruff_cache
