# Python package targets, included by the root Makefile.
#
#   make build-python   create .venv (once) and build the extension into it (debug)
#   make test-python    ruff, the generated-file check, and the pytest suite (conformance,
#                       behaviour, catalogue drift, stubtest, notebook, typing, wheel)
#   make bench-python   release build in its own venv, then the Python rows of bench/run.py
#                       (against the static talkover-bench-server)
#
# Needs only python3 and cargo: the tools come from PyPI by name, pinned in
# bindings-python/requirements-dev.txt.

PY_DIR := bindings-python
PY_VENV := $(CURDIR)/.venv
PY_BIN := $(PY_VENV)/bin
PY_STAMP := $(PY_VENV)/.talkover-dev-requirements
PY_BENCH_VENV := $(CURDIR)/target/bench-python-venv

.PHONY: venv-python build-python test-python lint-python bench-build-python bench-python

venv-python: $(PY_STAMP)

# Rebuilt only when the pinned requirements change.
$(PY_STAMP): $(PY_DIR)/requirements-dev.txt
	test -x $(PY_BIN)/python || $(PYTHON) -m venv $(PY_VENV)
	$(PY_BIN)/python -m pip install --quiet --disable-pip-version-check -r $(PY_DIR)/requirements-dev.txt
	touch $@

build-python: $(PY_STAMP)
	cd $(PY_DIR) && VIRTUAL_ENV=$(PY_VENV) $(PY_BIN)/maturin develop --quiet

lint-python: $(PY_STAMP)
	$(PY_BIN)/ruff check --no-cache $(PY_DIR)
	$(PY_BIN)/ruff format --no-cache --check $(PY_DIR)

test-python: build-python lint-python
	$(PY_BIN)/python $(PY_DIR)/tools/generate.py --check
	$(PY_BIN)/python -m pytest $(PY_DIR)/tests -q

# A release wheel in a venv of its own (the dev venv keeps its debug build), plus the peers
# the benchmark compares with.
bench-build-python: $(PY_STAMP)
	test -x $(PY_BENCH_VENV)/bin/python || $(PYTHON) -m venv $(PY_BENCH_VENV)
	cd $(PY_DIR) && $(PY_BIN)/maturin build --release --strip --interpreter $(PY_BENCH_VENV)/bin/python --out $(CURDIR)/target/wheels-python
	$(PY_BENCH_VENV)/bin/python -m pip install --quiet --disable-pip-version-check --force-reinstall --no-deps \
		$$(ls -t $(CURDIR)/target/wheels-python/talkover-*.whl | head -n 1)
	$(PY_BENCH_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r bench/requirements.txt

bench-python: bench-build-python
	$(CARGO) build --release -p talkover-bench
	$(PYTHON) bench/run.py --only python --server target/release/talkover-bench-server \
		--rust-bench target/release/talkover-bench --python $(PY_BENCH_VENV)/bin/python --write ""

# make soak-python: the long forms of tests/test_soak.py (200,000 calls on one client;
# PY_SOAK_CALLS changes it) and tests/test_process.py (50 interpreter exits), over a release
# wheel in a venv of its own, as users run it. The short forms run in test-python. Each test
# prints its figures.
PY_SOAK_VENV := $(CURDIR)/target/soak-python-venv
PY_SOAK_CALLS ?= 200000

.PHONY: soak-python
soak-python: $(PY_STAMP)
	test -x $(PY_SOAK_VENV)/bin/python || $(PYTHON) -m venv $(PY_SOAK_VENV)
	$(PY_SOAK_VENV)/bin/python -m pip install --quiet --disable-pip-version-check \
		$$(grep '^pytest==' $(PY_DIR)/requirements-dev.txt)
	cd $(PY_DIR) && $(PY_BIN)/maturin build --release --strip --interpreter $(PY_SOAK_VENV)/bin/python --out $(CURDIR)/target/wheels-python-soak
	$(PY_SOAK_VENV)/bin/python -m pip install --quiet --disable-pip-version-check --force-reinstall --no-deps \
		$$(ls -t $(CURDIR)/target/wheels-python-soak/talkover-*.whl | head -n 1)
	TALKOVER_SOAK=1 TALKOVER_SOAK_CALLS=$(PY_SOAK_CALLS) $(PY_SOAK_VENV)/bin/python -m pytest \
		$(PY_DIR)/tests/test_soak.py $(PY_DIR)/tests/test_process.py -q
