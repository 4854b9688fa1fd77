# make demo: convert the seed story; make test: lint, type-check and run the tests;
# make bench: time wirecli against its performance targets; make profile: where the time goes.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUN_STAMP := $(VENV)/.installed-run
DEV_STAMP := $(VENV)/.installed-dev
SEED := samples/bss/russia-nkorea-summit.txt

.PHONY: demo test check lint typecheck golden clean bench profile

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(RUN_STAMP): pyproject.toml | $(VENV)/bin/python
	$(BIN)/pip install --quiet --disable-pip-version-check -e .
	touch $@

$(DEV_STAMP): pyproject.toml | $(VENV)/bin/python
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $@ $(RUN_STAMP)

demo: $(RUN_STAMP)
	$(BIN)/wirecli convert $(SEED) --to json
	$(BIN)/wirecli convert $(SEED) --to md

lint: $(DEV_STAMP)
	$(BIN)/ruff check wirecli tests

typecheck: $(DEV_STAMP)
	$(BIN)/mypy --strict wirecli

check: lint typecheck

test: check
	$(BIN)/pytest

golden: $(DEV_STAMP)
	$(BIN)/python -m tests.golden_tool

# Rewrites tests/snapshots/show/ (what `wirecli show` prints); review the diff like code.
.PHONY: snapshots
snapshots: $(DEV_STAMP)
	$(BIN)/python -m tests.snapshot_tool

# Not part of `make test`: minutes of timing on this machine (docs/performance.md).
bench: $(RUN_STAMP)
	$(BIN)/python bench/generate.py
	$(BIN)/python bench/run.py

profile: $(RUN_STAMP)
	$(BIN)/python bench/generate.py
	$(BIN)/python bench/profiling.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
