# Divert: two commands on a fresh machine.
#   make demo   set up, generate and import the demo city, run today's pipeline, serve on http://127.0.0.1:8000
#   make test   install test dependencies and run the whole suite
SHELL := /bin/bash
UV ?= $(shell command -v uv 2>/dev/null || echo "$(HOME)/.local/bin/uv")
RUN := $(UV) run --frozen
DEMO_DIR ?= var/demo
SEED ?= 1
PORT ?= 8000
# The demo has no mail server: the emails Divert sends go to var/outbox (`uv run divert demo outbox`; ADR 0017).
DEMO_MAIL := DIVERT_EMAIL_BACKEND=file

.PHONY: demo demo-data setup frontend migrate test test-fast lint typecheck check serve clean-demo force-city

$(UV):
	python3 -m pip install --quiet --user uv || python3 -m pip install --quiet uv

setup: $(UV) frontend
	$(UV) sync --frozen
	mkdir -p var

# The source maps are copied too: collectstatic's manifest storage (production) follows their references.
frontend: src/divert/static/govuk/govuk-frontend.min.css.map

src/divert/static/govuk/govuk-frontend.min.css.map: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	rm -rf src/divert/static/govuk && mkdir -p src/divert/static/govuk
	cp -r node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js node_modules/govuk-frontend/dist/govuk/assets src/divert/static/govuk/
	cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js.map node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.css.map src/divert/static/govuk/
	sed 's#url(/assets/#url(/static/govuk/assets/#g' node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.css > src/divert/static/govuk/govuk-frontend.min.css
	cp node_modules/axe-core/axe.min.js src/divert/static/govuk/axe.min.js

migrate: setup
	$(RUN) divert migrate --no-input

# The demo city is generated once a day (its data runs up to the moment it is generated); running this twice on
# the same day re-imports the same files, which changes nothing. `make clean-demo` forces a new city.
demo-data: migrate
	@if grep -qs "\"generated_at\": \"$$(date -u +%F)" $(DEMO_DIR)/manifest.json; then \
	  echo "Using today's demo city in $(DEMO_DIR) (make clean-demo to generate a new one)"; \
	else \
	  $(RUN) divert synth --profile city --seed $(SEED) --out $(DEMO_DIR); \
	fi
	$(DEMO_MAIL) $(RUN) divert demo load $(DEMO_DIR)

demo: demo-data
	$(RUN) divert demo accounts
	$(DEMO_MAIL) DIVERT_POLICE_MAPPING=$(abspath $(DEMO_DIR))/police/mapping.toml $(RUN) divert runserver 127.0.0.1:$(PORT) --insecure

serve:
	$(DEMO_MAIL) DIVERT_POLICE_MAPPING=$(abspath $(DEMO_DIR))/police/mapping.toml $(RUN) divert runserver 127.0.0.1:$(PORT) --insecure

# The Spark engine's tests run when a Java runtime is present (pyspark needs one); they skip otherwise.
SPARK_GROUP := $(if $(shell command -v java 2>/dev/null),--group spark,)

test: setup
	$(UV) sync --frozen --group dev $(SPARK_GROUP)
	$(RUN) pytest $(PYTEST_ARGS)

test-fast: setup
	$(UV) sync --frozen --group dev
	$(RUN) pytest -m "not browser and not slow" $(PYTEST_ARGS)

lint:
	$(RUN) ruff check src tests benchmarks

typecheck:
	$(RUN) mypy src

# Before the tests (CI runs it first): lint, the type check (mypy with django-stubs, 0 errors), the import
# contracts (pyproject.toml [tool.importlinter]: imports run one way, see CONTRIBUTING.md) and no model change
# without its migration.
check: setup
	$(UV) sync --frozen --group dev
	$(RUN) ruff check src tests benchmarks
	$(RUN) mypy src
	$(RUN) lint-imports
	$(RUN) divert makemigrations --check --dry-run

# For benchmarks/load.py and benchmarks/page_queries.py: a force-size city (about 1,000 incidents a day for two
# years) in a PostgreSQL database of its own, dropped and rebuilt, with the demo accounts (about 20 minutes here).
FORCE_DB ?= divert_load
FORCE_DIR ?= var/force-city
FORCE_URL := postgres://postgres@127.0.0.1:5432/$(FORCE_DB)
force-city: setup
	$(RUN) divert synth --profile city --seed $(SEED) --incidents-per-day 1000 --fast --quiet --out $(FORCE_DIR)
	psql -h 127.0.0.1 -U postgres -d postgres -qc "DROP DATABASE IF EXISTS $(FORCE_DB)"
	psql -h 127.0.0.1 -U postgres -d postgres -qc "CREATE DATABASE $(FORCE_DB)"
	DATABASE_URL=$(FORCE_URL) $(RUN) divert migrate --no-input
	$(DEMO_MAIL) DATABASE_URL=$(FORCE_URL) $(RUN) divert demo load $(FORCE_DIR)
	DATABASE_URL=$(FORCE_URL) $(RUN) divert demo accounts >/dev/null
	@echo "Force-size city in $(FORCE_DB): DATABASE_URL=$(FORCE_URL) uv run python benchmarks/load.py"

clean-demo:
	rm -rf var/demo var/divert.sqlite3
