# Cancer Help: `make run` to serve the site, `make test` to prove it. `make help` for the rest.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
MANAGE := $(BIN)/python manage.py
PROD_ENV = DJANGO_SETTINGS_MODULE=cancerhelp.settings.production SECRET_KEY="$$(cat var/secret_key)" \
	ALLOWED_HOSTS="127.0.0.1,localhost" HTTPS=off WAGTAILADMIN_BASE_URL="http://127.0.0.1:$(PORT)"
PG_URL ?= postgres://postgres@127.0.0.1:5432/cancerhelp

.DEFAULT_GOAL := help
.PHONY: help run dev setup pdf-libs test test-sqlite test-postgres lint format messages makemessages \
	check-messages lock superuser starter-directory bench clean prod-up prod-down prod-check export \
	audit backup restore

help: ## List the commands
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(BIN)/.installed: requirements.txt requirements-dev.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@

var/secret_key:
	@mkdir -p var && umask 077 && $(PYTHON) -c "import secrets; print(secrets.token_urlsafe(50))" > $@
	@echo "Generated a local secret key in var/secret_key (kept out of git)."

messages: $(BIN)/.installed ## Compile the translations (.po -> .mo)
	@if ls cancerhelp/locale/*/LC_MESSAGES/*.po >/dev/null 2>&1; then \
		$(MANAGE) compilemessages -v0 --ignore=.venv --ignore=node_modules --ignore=var; fi

setup: $(BIN)/.installed var/secret_key messages ## Install, migrate, load content, collect static (idempotent)
	@$(PROD_ENV) $(MANAGE) migrate --no-input -v0
	@$(PROD_ENV) $(MANAGE) load_initial_content
	@$(PROD_ENV) $(MANAGE) load_starter_directory

# Collecting and compressing static files takes ~20 s: only redo it when a source changed.
STATIC_SOURCES := $(shell find cancerhelp -path '*/static/*' -type f 2>/dev/null)
var/static/staticfiles.json: $(BIN)/.installed var/secret_key $(STATIC_SOURCES)
	@echo "Collecting and compressing static files..."
	@$(PROD_ENV) $(MANAGE) collectstatic --no-input -v0
	@touch $@

# The handout PDF (WeasyPrint) needs Debian's Pango libraries.
PDF_LIBS := libpango-1.0-0 libpangoft2-1.0-0
pdf-libs:
	@for package in $(PDF_LIBS); do dpkg -s $$package >/dev/null 2>&1 && continue; \
		if [ "$$(id -u)" = 0 ]; then apt-get install -y -q $$package || { apt-get update -q && apt-get install -y -q $$package; }; \
		else echo "Install $$package (sudo apt-get install $(PDF_LIBS)) for the handout PDF."; fi; done

run: setup pdf-libs var/static/staticfiles.json ## Set everything up and serve the site as production does, on http://127.0.0.1:$(PORT)/
	@echo "Serving Cancer Help on http://127.0.0.1:$(PORT)/ (Ctrl+C to stop)"
	@$(PROD_ENV) CONN_MAX_AGE=0 exec $(BIN)/gunicorn cancerhelp.asgi:application -k asgi --bind 127.0.0.1:$(PORT) \
		--workers 2 --worker-connections 1000 --access-logfile - --log-level warning

dev: $(BIN)/.installed var/secret_key messages ## Autoreloading debug server on http://127.0.0.1:$(PORT)/
	$(MANAGE) migrate --no-input -v0
	$(MANAGE) load_initial_content
	$(MANAGE) load_starter_directory
	$(MANAGE) runserver 127.0.0.1:$(PORT)

starter-directory: $(BIN)/.installed ## Rebuild the shipped directory (HSDS) from directory/data/sources/*.yaml
	$(MANAGE) build_starter_directory

superuser: $(BIN)/.installed ## Create an editor (admin) account; asks for a password
	@$(PROD_ENV) $(MANAGE) createsuperuser

node_modules/axe-core/axe.min.js: package.json package-lock.json
	@if command -v npm >/dev/null; then npm ci --no-audit --no-fund --loglevel=error; \
	else echo "npm not found: browser accessibility tests need axe-core (see README)"; fi

test: $(BIN)/.installed messages node_modules/axe-core/axe.min.js ## Run the whole suite: SQLite, then PostgreSQL
	$(MAKE) --no-print-directory test-sqlite
	$(MAKE) --no-print-directory test-postgres

test-sqlite: ## Whole suite on SQLite (browser tests included)
	$(BIN)/pytest -n 2 --dist loadgroup

test-postgres: ## Suite on PostgreSQL at 127.0.0.1:5432 (skipped locally if absent; required in CI)
	@if $(BIN)/python -c "import psycopg; psycopg.connect('$(PG_URL:/cancerhelp=/postgres)', connect_timeout=3).close()" 2>/dev/null; then \
		DATABASE_URL=$(PG_URL) $(BIN)/pytest -n 2 -m "not browser" -p no:cacheprovider; \
	elif [ -n "$$CI" ]; then echo "PostgreSQL is not reachable at 127.0.0.1:5432: CI requires it." >&2; exit 1; \
	else echo "PostgreSQL not reachable at 127.0.0.1:5432: skipped the PostgreSQL run (CI never skips it)."; fi

lint: $(BIN)/.installed ## ruff (lint + format check), import contracts, template indentation, translations
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/djhtml --check $$(git ls-files 'cancerhelp/**/*.html' 'cancerhelp/*.html')
	$(MAKE) --no-print-directory check-messages

format: $(BIN)/.installed ## Apply ruff format and djhtml
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .
	-$(BIN)/djhtml $$(git ls-files 'cancerhelp/**/*.html' 'cancerhelp/*.html')

makemessages: $(BIN)/.installed ## Extract interface strings into locale/es/LC_MESSAGES/django.po
	cd cancerhelp && ../$(BIN)/python ../manage.py makemessages -l es --no-location --no-obsolete --ignore=home/content

check-messages: $(BIN)/.installed ## Fail if an interface string is missing from, or untranslated in, django.po
	$(BIN)/python -m cancerhelp.core.check_messages

lock: ## Re-pin requirements after editing requirements*.in (needs network)
	@echo "Edit requirements.in, then: pip install -r requirements-dev.in in a fresh venv and pip freeze (see docs/deployment.md)"

audit: $(BIN)/.installed ## pip-audit the pinned requirements; fails when nothing could be audited (ops/audit.py)
	$(BIN)/python ops/audit.py requirements-dev.txt \
		$$(grep -v '^#' .ci/pip-audit-allowlist | awk 'NF {print "--ignore-vuln", $$1}')

BACKUP_DIR ?= var/backups
backup: $(BIN)/.installed var/secret_key ## Back up the database and uploaded media into $(BACKUP_DIR) (docs/security.md)
	@$(PROD_ENV) $(MANAGE) backup --output-dir $(BACKUP_DIR)

restore: $(BIN)/.installed var/secret_key ## Restore ARCHIVE=var/backups/cancerhelp-....tar.gz (stop the site first)
	@test -n "$(ARCHIVE)" || { echo "Name the archive: make restore ARCHIVE=var/backups/cancerhelp-....tar.gz" >&2; exit 2; }
	@$(PROD_ENV) $(MANAGE) restore $(ARCHIVE)

bench: $(BIN)/.installed ## Run the benchmark scripts (bench/)
	$(BIN)/python bench/page_weight.py
	$(BIN)/python bench/slow_clients.py

prod-up: $(BIN)/.installed var/secret_key messages ## Production stack on 127.0.0.1: PostgreSQL, Redis, gunicorn, Varnish (ops/stack.sh)
	@ops/stack.sh up

prod-down: ## Stop what prod-up started
	@ops/stack.sh down

prod-check: $(BIN)/.installed var/secret_key messages ## Start the stack, prove it caches, purges and survives the app going down, stop it
	@ops/stack.sh check

EXPORT_DIR ?= var/export
EXPORT_BASE_URL ?= https://cancerhelp.example.org
export: setup var/static/staticfiles.json ## Write the public site as static files into $(EXPORT_DIR) (any static host or CDN)
	@rm -rf $(EXPORT_DIR)
	@$(PROD_ENV) $(MANAGE) export_site $(EXPORT_DIR) --base-url $(EXPORT_BASE_URL)

clean: ## Remove the venv and local data (var/)
	rm -rf $(VENV) var node_modules
