# Adoption Partnership south east: recruitment website and CRM.
# `make help` lists every target.

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed

.DEFAULT_GOAL := help

.PHONY: help
help: ## List the targets
	@grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[36m%-12s\033[0m %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python requirements.txt requirements-dev.txt
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

.PHONY: install
install: $(STAMP) ## Create .venv and install the pinned requirements

.PHONY: migrate
migrate: install ## Apply database migrations
	$(BIN)/python manage.py migrate --noinput

.PHONY: demo
demo: migrate ## Load the demo content (safe to run again)
	$(BIN)/python manage.py load_demo_content

.PHONY: run
run: demo ## Set everything up and serve the site with demo content on http://127.0.0.1:$(PORT)
	@echo "Serving on http://127.0.0.1:$(PORT)/  (admin: http://127.0.0.1:$(PORT)/admin/, user admin, password changeme)"
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# The suite runs in this many processes (pytest-xdist); 1 runs it in one. Tests are handed out in
# pytest-django's order, so on every process the transactional tests (which empty the database)
# come after all the others, as they do in one process.
TEST_WORKERS ?= 2

.PHONY: test
test: install ## Run the whole test suite (TEST_WORKERS processes, default 2)
	$(BIN)/python -m pytest $(if $(filter-out 0 1,$(TEST_WORKERS)),-n $(TEST_WORKERS) --dist load)

.PHONY: lint
lint: install ## ruff, djhtml, the import contracts (no loops, app boundaries), Django's system checks and a migrations check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	find templates -name '*.html' -print0 | xargs -0 $(BIN)/djhtml --check
	$(BIN)/lint-imports
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run

.PHONY: format
format: install ## Reformat Python and templates
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	find templates -name '*.html' -print0 | xargs -0 $(BIN)/djhtml

.PHONY: clean
clean: ## Remove the virtualenv, the SQLite database and generated media
	rm -rf $(VENV) db.sqlite3 media collected-static .pytest_cache

.PHONY: bench-attribution
bench-attribution: install ## Time every attribution model on 100,000 generated households (PostgreSQL; BENCH_DATABASE_URL, BENCH_ARGS)
	DATABASE_URL=$${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/apse_bench} $(BIN)/python bench/attribution.py $(BENCH_ARGS)

.PHONY: bench-reports
bench-reports: install ## Time every Insight screen on 100,000 generated households (PostgreSQL; BENCH_REPORTS_DATABASE_URL, BENCH_ARGS)
	DATABASE_URL=$${BENCH_REPORTS_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/apse_bench_reports} $(BIN)/python bench/reports.py $(BENCH_ARGS)

# pip-audit asks PyPI's JSON API about each pinned version; with PIP_AUDIT_STRICT set (the default), a
# version it could not look up fails the audit rather than passing unchecked. `make audit PIP_AUDIT_STRICT=`
# lists such versions without failing.
PIP_AUDIT_STRICT ?= --strict
.PHONY: audit
audit: audit-code ## Known vulnerabilities in the pinned requirements (pip-audit), and no high findings from bandit
	$(BIN)/pip-audit -r requirements.txt -r requirements-dev.txt --no-deps --disable-pip --progress-spinner off $(PIP_AUDIT_STRICT)

.PHONY: audit-code
audit-code: install ## No high-severity findings from bandit in the project's code
	$(BIN)/bandit -r core website crm campaigns community -lll -q

.PHONY: bench-import
bench-import: install ## Time the dry run and import of 10,000 old records (PostgreSQL; BENCH_IMPORT_DATABASE_URL, BENCH_ARGS)
	DATABASE_URL=$${BENCH_IMPORT_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/apse_bench_imports} $(BIN)/python bench/imports.py $(BENCH_ARGS)

.PHONY: bench
bench: install ## The site under load as production runs it: gunicorn, PostgreSQL, Redis, Celery, wrk (BENCH_DATABASE_URL, BENCH_REDIS_URL, BENCH_ARGS="--history")
	$(BIN)/python bench/run.py $(BENCH_ARGS)

.PHONY: bench-profile
bench-profile: install ## Where an uncached page's time goes: each public page rendered afresh under cProfile (DATABASE_URL with the demo content, REDIS_URL, BENCH_PROFILE_ARGS)
	$(BIN)/python bench/profile_pages.py $(BENCH_PROFILE_ARGS)

.PHONY: trust
trust: install ## Fault, load and fuzz checks on the real stack (PostgreSQL, redis-server), then the figures
	@figures=$$(mktemp); started=$$(date +%s); status=0; \
	TRUST_FIGURES=$$figures HYPOTHESIS_PROFILE=trust REQUIRE_SERVICES=1 \
		$(BIN)/python -m pytest tests/trust -m "trust or not trust" -q -p no:logging || status=$$?; \
	$(BIN)/python -m tests.trust.report $$figures || status=1; \
	echo "make trust took $$(( $$(date +%s) - started )) s."; \
	rm -f $$figures; exit $$status

.PHONY: bench-load
bench-load: install ## Enquiries at rising rates on gunicorn + PostgreSQL + Redis, reconciled (LOAD_ARGS)
	$(BIN)/python bench/load/run.py $(LOAD_ARGS)

.PHONY: cluster
cluster: install ## Two web nodes behind HAProxy, a PostgreSQL primary and replica, Redis, two Celery workers and beat on loopback: the scaling checks
	$(BIN)/python -m bench.cluster
