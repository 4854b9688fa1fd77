# make demo: convert the seed story; make test: lint, type-check and run the tests;
# make bench: time wirecli against its performance targets; make profile: where the time goes.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUN_STAMP := $(VENV)/.installed-run
DEV_STAMP := $(VENV)/.installed-dev
SEED := samples/bss/russia-nkorea-summit.txt

.PHONY: demo test check lint typecheck golden clean bench profile man

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(RUN_STAMP): pyproject.toml | $(VENV)/bin/python
	$(BIN)/pip install --quiet --disable-pip-version-check -e .
	touch $@

$(DEV_STAMP): pyproject.toml | $(VENV)/bin/python
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev,dask]'
	touch $@ $(RUN_STAMP)

demo: $(RUN_STAMP)
	$(BIN)/wirecli convert $(SEED) --to json
	$(BIN)/wirecli convert $(SEED) --to md

lint: $(DEV_STAMP)
	$(BIN)/ruff check wirecli tests fuzz

typecheck: $(DEV_STAMP)
	$(BIN)/mypy --strict wirecli

check: lint typecheck

test: check
	$(BIN)/pytest

golden: $(DEV_STAMP)
	$(BIN)/python -m tests.golden_tool

# Rewrites the man page from the commands' help; tests/test_manpage.py fails when it is stale.
# Read it with `man -l docs/wirecli.1`; install it as share/man/man1/wirecli.1.
man: $(RUN_STAMP)
	$(BIN)/python -m wirecli._manpage > docs/wirecli.1

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

# make fuzz: coverage-guided fuzzing of parse + every renderer for FUZZ_SECONDS (see docs/robustness.md).
# New inputs collect in FUZZ_CORPUS; seeds are the samples and, when present, ../shared/corpus.
FUZZ_SECONDS ?= 60
FUZZ_DIR ?= /tmp/wirecli-fuzz
FUZZ_CORPUS ?= $(FUZZ_DIR)/corpus
FUZZ_SEEDS := $(FUZZ_DIR)/seeds
FUZZ_STAMP := $(VENV)/.installed-fuzz

$(FUZZ_STAMP): pyproject.toml | $(VENV)/bin/python
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[fuzz]'
	touch $@

.PHONY: fuzz
fuzz: $(FUZZ_STAMP)
	mkdir -p $(FUZZ_CORPUS) $(FUZZ_SEEDS)
	for seed in samples/*/*.txt $$(ls -d ../shared/corpus/*/* 2>/dev/null); do \
		cp "$$seed" "$(FUZZ_SEEDS)/$$(basename "$$(dirname "$$seed")")-$$(basename "$$seed")"; \
	done
	$(BIN)/python fuzz/fuzz_parse.py $(FUZZ_CORPUS) $(FUZZ_SEEDS) \
		-max_total_time=$(FUZZ_SECONDS) -max_len=16384 -timeout=10 -rss_limit_mb=4096 \
		-artifact_prefix=$(FUZZ_DIR)/ -print_final_stats=1

clean:
	rm -rf $(VENV) $(FAST_VENV) build .pytest_cache .mypy_cache .ruff_cache

# Not part of `make test`: superdesk-core 2.5.3 (Python 3.8, in bench/peers/.venv-superdesk, built
# once by peer-venv, minutes) reads wirecli's NewsML-G2, NITF and ninjs 1.6 outputs of every sample.
.PHONY: peer-venv interop bench-peers
peer-venv:
	$(PYTHON) bench/peers/superdesk_env.py

interop: $(RUN_STAMP)
	$(BIN)/python bench/peers/interop.py

# Not part of `make test`: wirecli beside superdesk-core 2.5.3's IPTC 7901 and ANPA parsers, file by
# file, each side in its own processes (docs/performance.md); rewrites the table there. Skipped
# (exit 0) when Python 3.8 or the package cannot be had.
bench-peers: $(RUN_STAMP)
	$(BIN)/python bench/peers/peer_bench.py

# make fast: the optional compiled build of the parse core (mypyc; see docs/performance.md) in a
# venv of its own, then checks that it gives byte-identical output to the pure-Python package.
# Nothing else uses it unless asked: `make demo` and `make test` stay pure Python.
FAST_VENV := .venv-fast
.PHONY: fast
fast: $(DEV_STAMP)
	test -x $(FAST_VENV)/bin/python || $(PYTHON) -m venv $(FAST_VENV)
	$(FAST_VENV)/bin/pip install --quiet --disable-pip-version-check "mypy>=1.10" "setuptools>=68" wheel types-python-dateutil
	rm -rf build
	# First as pure Python, for the dependencies that mypyc type-checks against; then compiled.
	$(FAST_VENV)/bin/pip install --quiet --disable-pip-version-check .
	WIRECLI_COMPILE=1 $(FAST_VENV)/bin/pip install --quiet --disable-pip-version-check --no-build-isolation \
		--no-deps --force-reinstall .
	rm -rf build
	WIRECLI_COMPILED_PYTHON=$(FAST_VENV)/bin/python $(BIN)/pytest -q tests/test_compiled.py
