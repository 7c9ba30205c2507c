# ecociv — two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install run test lint typecheck pytest bench sample-data clean

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	$(BIN)/python -m compileall -q src  # bytecode ahead of time: the first command starts as fast as the next
	touch $(STAMP)

# Loads the sample plans into the default SQLite database and starts the main job.
run: install
	$(BIN)/ecociv demo

lint: install
	$(BIN)/ruff check src tests benchmarks scripts

typecheck: install
	$(BIN)/mypy

pytest: install
	$(BIN)/python -m pytest -n 2 --dist loadgroup -q

test: lint typecheck pytest

# Every speed target as whole processes, beside the simplest alternative (docs/benchmarks.md).
bench: install
	$(BIN)/python benchmarks/run_all.py --markdown docs/benchmarks-latest.md

# Regenerate the sample plans shipped in src/ecociv/sample_data from ../shared/plans (importer output).
sample-data: install
	$(BIN)/python scripts/make_sample_data.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache test-artifacts
