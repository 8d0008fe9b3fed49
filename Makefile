# Everyday verbs. `make demo` and `make test` do all set-up on a fresh machine with Python 3.11+.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
CHROMIUM ?= /usr/bin/chromium
# The demo: DEBUG on, SQLite, mail written to files in var/mail/, links to this server.
DEMO_ENV := DEBUG=1 EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend \
  SITE_URL=http://127.0.0.1:$(PORT)
# Tests run with DEBUG off, as production does: they need a secret key, an address and a
# database (SQLite's test database lives in memory; CI sets PostgreSQL's).
TEST_ENV := SECRET_KEY=$${SECRET_KEY:-test-only-not-secret} SITE_URL=$${SITE_URL:-http://testserver} \
  DATABASE_URL=$${DATABASE_URL:-sqlite:///db.sqlite3}

.PHONY: install install-prod demo serve worker test fast lint format messages check chromium bench clean audit

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (set PYTHON=python3.x).")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Installs the dependencies named in pyproject.toml at the versions pinned in constraints.txt.
$(VENV)/.installed: $(BIN)/python pyproject.toml constraints.txt
	$(BIN)/python scripts/requirements.py > $(VENV)/requirements.txt
	$(BIN)/python -m pip install --quiet -c constraints.txt -r $(VENV)/requirements.txt
	touch $@

install: $(VENV)/.installed

# A server's install: what runs the site (gunicorn included), no test or lint tools.
install-prod: $(BIN)/python
	$(BIN)/python scripts/requirements.py --production > $(VENV)/requirements-prod.txt
	$(BIN)/python -m pip install --quiet -c constraints.txt -r $(VENV)/requirements-prod.txt

demo: install
	$(DEMO_ENV) $(BIN)/python manage.py migrate --noinput
	$(DEMO_ENV) $(BIN)/python manage.py load_demo
	@echo "Mail worker started; messages are written to var/mail/."
	$(DEMO_ENV) $(BIN)/python manage.py worker --interval 2 & \
	  worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  $(DEMO_ENV) $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# The site as production runs it (gunicorn, deploy/gunicorn.conf.py), with the environment
# of the shell: DEBUG off, so SECRET_KEY, DATABASE_URL and SITE_URL must be set.
serve:
	@test -x $(BIN)/gunicorn || { echo "Run make install-prod (or make install) first."; exit 1; }
	$(BIN)/gunicorn -c deploy/gunicorn.conf.py config.wsgi

worker: install
	$(DEMO_ENV) $(BIN)/python manage.py worker

# Browser tests drive Debian's Chromium (Playwright cannot download its own browser here).
chromium:
	@if [ -x "$(CHROMIUM)" ]; then exit 0; fi; \
	if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
	  echo "Installing Debian's chromium for the browser tests..."; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	    || { echo "Could not install chromium with apt-get."; exit 1; }; \
	else \
	  echo "The browser tests need Chromium at $(CHROMIUM). Install it as root with:"; \
	  echo "    apt-get install chromium"; \
	  echo "or point CHROMIUM=/path/to/chromium at one you have."; exit 1; \
	fi

lint: install
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: install chromium lint
	$(TEST_ENV) CHROMIUM=$(CHROMIUM) $(BIN)/python -m pytest $(PYTEST_ARGS)

fast: install lint
	$(TEST_ENV) $(BIN)/python -m pytest -m "not browser" $(PYTEST_ARGS)

# Needs GNU gettext (apt-get install gettext). The compiled .mo files are committed, so
# nobody else needs it.
messages: install
	DEBUG=1 $(BIN)/python manage.py makemessages -l ja -l en --no-obsolete --no-location
	$(BIN)/python scripts/fill_english_catalogue.py locale/*/LC_MESSAGES/django.po
	DEBUG=1 $(BIN)/python manage.py compilemessages -l ja -l en --ignore=.venv

check: install
	DEBUG=1 $(BIN)/python manage.py check
	DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run

# Security audit: bandit over the shipped code (fails on any finding not marked "# nosec"
# with its reason), then pip-audit over constraints.txt, which says "NOT CHECKED" when it
# cannot reach the vulnerability database instead of failing or passing in silence.
audit: install
	$(BIN)/bandit -q -c pyproject.toml -r config office cities agreements visits exchanges
	$(BIN)/python scripts/audit_dependencies.py

# Upgrades a database filled by the previous release (SQLite) and checks every row is kept.
.PHONY: upgrade-check
upgrade-check: install
	$(BIN)/python scripts/check_upgrade.py $(UPGRADE_CHECK_ARGS)

bench: install
	$(BIN)/python scripts/bench.py $(BENCH_ARGS)
	$(BIN)/python scripts/bench_http.py $(BENCH_HTTP_ARGS)

# Only the HTTP part: public and staff pages under gunicorn against a hello-world view.
.PHONY: bench-http
bench-http: install
	$(BIN)/python scripts/bench_http.py $(BENCH_HTTP_ARGS)

clean:
	rm -rf $(VENV) var db.sqlite3*
