# Yiyang: `make demo` runs the platform on SQLite with a synthetic city; `make test` runs the suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
DEMO_ELDERS ?= 20000
# PostgreSQL the suite also runs against when it answers (CI has it on localhost).
TEST_POSTGRES_URL ?= postgresql://postgres@127.0.0.1:5432
PYTEST_WORKERS ?= 2

.PHONY: setup demo test test-sqlite test-postgres lint messages static serve clean

setup: $(VENV)/.installed node_modules/.installed messages static

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev,server]"
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

messages: $(VENV)/.installed
	$(BIN)/yiyang compilemessages --ignore .venv --ignore node_modules --verbosity 0

static: $(VENV)/.installed node_modules/.installed
	mkdir -p var
	$(BIN)/yiyang collectstatic --noinput --verbosity 0

demo: setup
	$(BIN)/yiyang migrate --noinput
	$(BIN)/yiyang demo_city --elders $(DEMO_ELDERS)
	$(BIN)/yiyang demo_admin
	@echo "Serving on http://$(HOST):$(PORT)/ (Ctrl-C stops the server and the task worker)"
	@$(BIN)/yiyang db_worker --interval 1 >var/worker.log 2>&1 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/yiyang runserver $(HOST):$(PORT)

test: setup test-sqlite test-postgres

test-sqlite:
	$(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadfile

# Runs only when PostgreSQL answers; a fresh database per run (pytest-django adds test_ and a
# worker suffix to the name below).
test-postgres:
	@if $(BIN)/python -c "import psycopg,sys; psycopg.connect('$(TEST_POSTGRES_URL)/postgres', connect_timeout=3).close()" 2>/dev/null; then \
	  echo "PostgreSQL answers at $(TEST_POSTGRES_URL): running the suite against it"; \
	  DATABASE_URL=$(TEST_POSTGRES_URL)/yiyang_$$$$ $(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadfile -m "not browser"; \
	else echo "PostgreSQL not reachable at $(TEST_POSTGRES_URL): SQLite run only"; fi

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	mkdir -p var
	$(BIN)/yiyang makemigrations --check --dry-run --verbosity 0
	$(BIN)/python tools/check_translations.py

clean:
	rm -rf $(VENV) node_modules var/static
