# One command list for people and CI. See README.md.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# Python 3.12+ (pyenv reads .python-version; a plain python3.12/3.13 on PATH works too).
PYTHON ?= $(shell command -v python3.12 || command -v python3.13 || echo python3)

.PHONY: install run dev test lint format migrations-check stop-db reset-local-db screenshots backup restore loadtest

$(VENV)/.installed: requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else "Python 3.12 or newer is required.")'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

# Front-end packages (KERN UX, TipTap, esbuild, axe-core) exactly as package-lock.json pins them.
node_modules/.package-lock.json: package-lock.json
	npm ci --no-audit --no-fund
	touch $@

# The back office's rich-text editor: TipTap from node_modules and frontend/ bundled into one static file
# (git-ignored, collected by collectstatic like the files of static/).
EDITOR_JS := static/build/editor.js
$(EDITOR_JS): node_modules/.package-lock.json $(wildcard frontend/*.js)
	node_modules/.bin/esbuild frontend/editor.js --bundle --minify --format=iife --target=es2020 --log-level=warning \
		--outfile=$@

install: $(VENV)/.installed node_modules/.package-lock.json $(EDITOR_JS)

# A secret key for the local production build, made once and kept out of git.
SECRET_KEY_FILE := .secret-key
$(SECRET_KEY_FILE):
	@umask 077 && $(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))' > $@

# The portal as its users see it: production settings (no debug, German error pages, hashed static files
# through whitenoise, JSON request log) served by gunicorn on loopback over plain HTTP (DJANGO_HTTPS=false).
RUN_ENV = DJANGO_DEBUG=false DJANGO_HTTPS=false DJANGO_SECRET_KEY="$$(cat $(SECRET_KEY_FILE))" \
	DJANGO_ALLOWED_HOSTS=127.0.0.1,localhost DJANGO_CSRF_TRUSTED_ORIGINS=http://127.0.0.1:$(PORT),http://localhost:$(PORT)

run: install $(SECRET_KEY_FILE)
	@$(RUN_ENV) $(PY) manage.py migrate --noinput
	@$(RUN_ENV) $(PY) manage.py load_places --skip-unchanged
	@$(RUN_ENV) $(PY) manage.py load_seed
	@$(RUN_ENV) $(PY) manage.py locate_entries
	@$(RUN_ENV) $(PY) manage.py collectstatic --noinput --verbosity 0
	@echo "Werkzeugkoffer (Produktionseinstellungen): http://127.0.0.1:$(PORT)/ – beenden mit Strg+C"
	@$(RUN_ENV) exec $(VENV)/bin/gunicorn werkzeugkoffer.wsgi --bind 127.0.0.1:$(PORT) --workers 2

# For developers: Django's development server with debug pages and autoreload.
dev: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_places --skip-unchanged
	$(PY) manage.py load_seed
	$(PY) manage.py locate_entries
	@# The task worker for imports runs beside the development server and stops with it.
	$(PY) manage.py db_worker & trap 'kill $$!' EXIT; $(PY) manage.py runserver 127.0.0.1:$(PORT)

# The whole suite in one process per core (at most 4), each with its own test database and browser.
test: install
	scripts/ensure-chromium.sh
	$(VENV)/bin/pytest --numprocesses auto --maxprocesses 4

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

stop-db: install
	$(PY) -m werkzeugkoffer.operations.embedded_db stop

# Deletes all local data of the embedded database and loads the seed content anew.
reset-local-db: stop-db
	rm -rf .pgdata
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_seed

# PNGs of the main pages at desktop and phone width in screenshots/ (not committed).
screenshots: install
	scripts/ensure-chromium.sh
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_seed
	$(PY) scripts/screenshots.py

# One .tar in backups/ (git-ignored): a pg_dump of the database — embedded or DATABASE_URL — and the uploaded
# files of MEDIA_ROOT (see README, Betrieb).
backup: install
	$(PY) manage.py backup

# Replaces the whole database and the uploaded files with a backup: make restore FILE=backups/<name>.tar
# (an older backups/<name>.dump restores the database only).
restore: install
	@test -n "$(FILE)" || { echo "Usage: make restore FILE=backups/<name>.tar"; exit 2; }
	$(PY) manage.py restore "$(FILE)"

# 60 s of wrk at 50 connections against gunicorn in production mode on loopback (see README, Betrieb).
loadtest: install
	$(PY) bench/loadtest.py
