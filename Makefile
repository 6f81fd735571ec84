# Reelsmith: `make run` starts the UI on http://localhost:8000; `make test` runs every check.
PYTHON ?= $(shell for p in python3.13 python3.12 python3.11 python3; do command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null && { echo $$p; break; }; done)
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test lint typecheck pytest evals bench clean services-up services-down

$(STAMP): pyproject.toml constraints.txt
	@test -n "$(PYTHON)" || { echo "error: Python 3.11+ is required (none found on PATH)" >&2; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/reelsmith serve --host $${REELSMITH_HOST:-127.0.0.1} --port $${REELSMITH_PORT:-8000}

lint: $(STAMP)
	$(BIN)/ruff check agent tests evals benchmarks app.py setup.py

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	$(BIN)/pytest

test: lint typecheck pytest

evals: $(STAMP)
	$(BIN)/reelsmith eval evals/scenarios --report evals/last-report.md

bench: $(STAMP)
	$(BIN)/python -m benchmarks --quick --json benchmarks/last.json

# Throwaway PostgreSQL, Redis and Chroma server on local ports (what .ci/run starts); `make services-up`
# prints the REELSMITH_TEST_* exports that make the store, queue and index tests use them.
services-up: $(STAMP)
	@VENV=$(VENV) .ci/services.sh start

services-down:
	@.ci/services.sh stop

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache
