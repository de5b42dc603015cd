# Every target sets itself up: a fresh machine needs only Python 3.11+, git and make.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint typecheck contracts pytest bench bytecode snapshots-update fmt clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

# An editable install leaves credo's own modules uncompiled, and with
# PYTHONDONTWRITEBYTECODE set every start compiled them again (~90 ms).
bytecode: $(STAMP)
	$(BIN)/python -m compileall -q app > /dev/null

demo: bytecode
	$(BIN)/credo demo

test: lint typecheck contracts pytest

lint: $(STAMP)
	$(BIN)/ruff check app tests benchmarks
	$(BIN)/ruff format --check app tests benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy

contracts: $(STAMP)
	$(BIN)/lint-imports

# -n auto: a worker per CPU, no more than a container's CPU quota allows (tests/workers.py).
pytest: $(STAMP)
	$(BIN)/pytest -n auto -q

bench: bytecode
	for b in benchmarks/*.py; do $(BIN)/python $$b || exit 1; done

snapshots-update: $(STAMP)
	$(BIN)/pytest tests/ui --snapshot-update -q

fmt: $(STAMP)
	$(BIN)/ruff format app tests benchmarks
	$(BIN)/ruff check --fix app tests benchmarks

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
