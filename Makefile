# Sổ Chi bộ: `make run` to try it, `make test` to test it. See README.md.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000
WORKERS ?= 2

.PHONY: install install-test assets messages makemessages run test lint format check migrations-check clean serve serve-edge backup restore

$(PY):
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is needed ($(PYTHON) not found)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade "pip>=25.1"

$(VENV)/.installed: pyproject.toml | $(PY)
	$(PIP) install --quiet .
	@touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(PIP) install --quiet --group test
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	@touch $@

assets: node_modules/.installed

install: $(VENV)/.installed assets messages

install-test: install $(VENV)/.installed-test

# Compile the Vietnamese catalogue (needs gettext's msgfmt).
messages: | $(PY)
	$(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules -v 0

# Refresh the catalogue from the code; then translate what `msgattrib --untranslated` lists.
makemessages: | $(PY)
	$(PY) manage.py makemessages -l vi --no-location --no-obsolete \
	  --ignore=.venv --ignore=node_modules --ignore=benchmarks

run: install
	$(PY) manage.py migrate --noinput -v 0
	$(PY) manage.py setup_demo
	$(PY) manage.py runserver $(HOST):$(PORT)

test: install-test
	$(PY) -m pytest $(PYTEST_ARGS)

# The architecture checks (also pre-commit hooks): lint, formatting, import contracts.
lint: install-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: install-test
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

migrations-check: install
	$(PY) manage.py makemigrations --check --dry-run

# Production settings under gunicorn; every setting it reads is listed in README.md.
PROD := DJANGO_SETTINGS_MODULE=config.settings.production
serve: install
	@test -n "$$DJANGO_SECRET_KEY" || { echo "DJANGO_SECRET_KEY is not set; make one (at least 50 characters) with: python3 -c 'import secrets; print(secrets.token_urlsafe(50))' (README.md, Serving in production)"; exit 1; }
	$(PROD) $(PY) manage.py collectstatic --noinput -v 0
	$(PROD) $(PY) manage.py migrate --noinput -v 0
	$(PROD) $(VENV)/bin/gunicorn config.wsgi --workers $(WORKERS) --bind $(HOST):$(PORT) \
	  --access-logfile - --forwarded-allow-ips="$${DJANGO_FORWARDED_ALLOW_IPS:-127.0.0.1}"

# nginx with deploy/nginx/'s configuration (an unprivileged one, under .edge/) in front of two
# gunicorns on one upstream, as deployed (docs/deploy.md, "nginx in front"). Reads DATABASE_URL,
# REDIS_URL and DJANGO_SECRET_KEY (a random one for the run when unset); Ctrl-C stops it all.
EDGE_PORT ?= 8080
EDGE_APP_PORTS ?= 8001,8002
serve-edge: install
	$(PY) deploy/serve_edge.py --port $(EDGE_PORT) --app-ports $(EDGE_APP_PORTS) --workers $(WORKERS)

# The database (pg_dump -Fc or a SQLite copy) and the media files, into backups/<timestamp>/.
backup: install
	$(PY) manage.py backup $(if $(BACKUP_ROOT),--root $(BACKUP_ROOT))

# Bring a backup into an empty deployment: make restore BACKUP=backups/<timestamp>
restore: install
	@test -n "$(BACKUP)" || { echo "Usage: make restore BACKUP=backups/<timestamp>"; exit 1; }
	$(PY) manage.py restore $(BACKUP)

clean:
	rm -rf $(VENV) node_modules staticfiles .pytest_cache
