# Cornouaille co-construction platform — the two commands are `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
PARTICIPANTS ?= 600
# `make run` serves like production: DEBUG off, so 404/500 are the site's French pages (static
# files still come from WhiteNoise). `make run DEBUG=1` for Django's debug pages and tracebacks.
DEBUG ?= 0
# SITE_URL (links in emails and feeds) follows the served port in development (settings/local.py).
export PORT

.DEFAULT_GOAL := help
.PHONY: help run test install install-dev migrate messages makemessages seed serve worker beat \
        lint format checks check-deploy pytest bench clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "Python 3.11 ou plus récent est nécessaire ($(PYTHON))."; exit 1; }
	$(PYTHON) -m venv $(VENV) || { echo "Créez le venv : sudo apt-get install python3-venv"; exit 1; }
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	@touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	@touch $(VENV)/.runtime $@

install: $(VENV)/.runtime ## Create .venv and install the runtime dependencies

install-dev: $(VENV)/.dev ## Install the test and development tools as well

run: install migrate messages seed serve ## Install, migrate, load demo data and serve on http://127.0.0.1:8000 (PORT=, DEBUG=1)

migrate: install ## Apply the database migrations
	$(MANAGE) migrate --noinput

messages: install ## Compile the translations (needs gettext's msgfmt; falls back to the committed .mo files)
	@if command -v msgfmt >/dev/null; then $(MANAGE) compilemessages --ignore '.venv*' -v 0; \
	 else echo "msgfmt absent (apt-get install gettext) : les traductions compilées du dépôt sont utilisées."; fi

makemessages: install-dev ## Refresh locale/en (and locale/fr: French plural rule) from the sources
	$(MANAGE) makemessages -l en -l fr --ignore '.venv/*' --ignore 'staticfiles/*' --ignore 'tests/*' --no-obsolete
	@# French is the source language, but ngettext falls back to English's rule (n != 1: « 0 comptes
	@# rendus ») for any msgid missing from a catalogue: the fr catalogue repeats every msgid (even
	@# where msgmerge guessed a fuzzy "translation") and declares French's rule (0 and 1 singular).
	$(BIN)/python locale/fr_source.py locale/fr/LC_MESSAGES/django.po
	msgcat locale/fr/LC_MESSAGES/django.po -o locale/fr/LC_MESSAGES/django.po

seed: install ## Load the demo data (idempotent)
	$(MANAGE) seed_demo --participants $(PARTICIPANTS)

serve: install
	DJANGO_DEBUG=$(if $(filter 1 true True yes,$(DEBUG)),True,False) $(MANAGE) runserver $(HOST):$(PORT)

worker: install ## Run a Celery worker (needs CELERY_BROKER_URL)
	$(BIN)/celery -A cornouaille worker -Q default,pdf --loglevel INFO

beat: install ## Run Celery beat (periodic reminders; needs CELERY_BROKER_URL)
	$(BIN)/celery -A cornouaille beat --loglevel INFO

test: install-dev checks pytest ## Lint, checks and the whole test suite (unit, integration, e2e)

lint: install-dev ## ruff check and ruff format --check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev ## Format the code with ruff
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

checks: lint messages ## Lint, migrations up to date, deployment checks
	DJANGO_SETTINGS_MODULE=cornouaille.settings.test $(MANAGE) makemigrations --check --dry-run
	$(MAKE) --no-print-directory check-deploy

# Production settings with placeholder values: proves the deployment checks pass and that the
# settings load with nothing but the environment.
check-deploy: install ## manage.py check --deploy under production settings
	DJANGO_SETTINGS_MODULE=cornouaille.settings.production \
	DJANGO_SECRET_KEY='check-deploy-placeholder-aZ3kP9qLm2Xv8Rt6Yw4Nb7Hc5Jd1Fg0Es-uQ' \
	DJANGO_ALLOWED_HOSTS=concertation.example.org \
	SITE_URL=https://concertation.example.org \
	DATABASE_URL=postgres://user:pass@db:5432/cornouaille \
	CELERY_BROKER_URL=redis://redis:6379/0 REDIS_URL=redis://redis:6379/1 \
	EMAIL_URL=smtp://mail.example.org:587 \
	$(MANAGE) check --deploy --fail-level WARNING

pytest: install-dev
	$(BIN)/pytest

bench: install-dev ## Print performance figures (pages, demo data)
	$(BIN)/python -m bench

clean: ## Remove the virtualenv, the SQLite file and generated files
	rm -rf $(VENV) db.sqlite3 staticfiles var .pytest_cache .ruff_cache
