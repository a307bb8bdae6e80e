# talkover: one Rust core, shipped natively to Python and Node.
#
#   make demo    build everything and run the quickstarts against the bundled simulator
#   make test    every test suite (Rust, Python, Node) plus lints
#   make bench   benchmarks against a static server (release builds), written to BENCHMARKS.md
#   make soak    long reliability runs (200,000 calls per language); not part of `make test`
#   make fuzz    fuzz the decoders and input checks; not part of `make test`
#   make dist    release artifacts into dist/ and their checks (dist.mk, RELEASING.md)
#   make generate  rewrite the files generated from the core's catalogue (error classes)
#   make docs    the API references of the three packages, into target/docs/{python,node,rust}
#
# Only Rust, Python 3 and Node + npm are needed: the targets below create .venv and
# node_modules themselves from the package registries.

SHELL := /bin/bash
CARGO ?= cargo
PYTHON ?= python3

.PHONY: all test lint test-rust test-examples demo bench soak soak-rust generate
all: test

test: lint test-rust test-python test-node test-examples test-install lint-workflows test-docs

lint:
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --workspace --all-targets -- -D warnings

test-rust:
	$(CARGO) test -p talkover -p talkover-mock -p talkover-cli

# The README's and examples' code, run against the simulator (Rust README blocks are
# doctests of the core, run by test-rust).
test-examples: build-python build-node examples/node/node_modules/talkover
	$(PY_BIN)/ruff check --no-cache examples bench
	$(PY_BIN)/ruff format --no-cache --check examples bench
	$(PY_BIN)/python -m pytest examples/tests -q
	$(NODE) --test examples/tests/

# The Node examples import `talkover` as users do; this link makes that resolve to the
# package built in bindings-node/.
examples/node/node_modules/talkover:
	mkdir -p examples/node/node_modules
	ln -sfn ../../../bindings-node $@

# Start the simulator, then run each quickstart against it (examples/demo.py tells the story).
demo: build-python build-node examples/node/node_modules/talkover
	$(CARGO) build -q -p talkover-mock -p talkover-examples -p talkover-cli
	$(PYTHON) examples/demo.py target/debug/talkover-mock --cli target/debug/talkover \
		"rust=target/debug/quickstart" \
		"python (asyncio)=$(PY_BIN)/python examples/python/quickstart_async.py" \
		"python (blocking)=$(PY_BIN)/python examples/python/quickstart_blocking.py" \
		"node (ESM)=cd examples/node && $(NODE) quickstart.mjs"

# Release builds of everything, peers installed as dev dependencies, then the tables, against
# talkover-bench-server (bench/src/bin: static answers, one thread, its own core). The
# instructions-per-call column is counted under valgrind's callgrind when valgrind is
# installed (BENCH_CALLGRIND=0 skips it; it adds a few minutes).
BENCH_SECONDS ?= 3
BENCH_REPEATS ?= 3
BENCH_CALLGRIND ?= $(if $(shell command -v valgrind),1,0)
BENCH_SERVER := target/release/talkover-bench-server
bench: bench-build-python bench-build-node
	$(CARGO) build --release -p talkover-bench
	$(PYTHON) bench/run.py --server $(BENCH_SERVER) \
		--rust-bench target/release/talkover-bench --python $(PY_BENCH_VENV)/bin/python \
		--node $(NODE) --seconds $(BENCH_SECONDS) --repeats $(BENCH_REPEATS) \
		$(if $(filter 1,$(BENCH_CALLGRIND)),--callgrind)

soak: soak-rust soak-python soak-node

soak-rust:
	TALKOVER_SOAK_CALLS=200000 $(CARGO) test --release -p talkover --test soak -- --nocapture

# The error classes of both bindings are generated from the core's catalogue
# (core/src/catalogue.rs), read through each freshly built native module: Python's
# talkover/_errors.py, Node's src-ts/errors.ts, the export lists of src-ts/index.ts and
# esm/index.mjs, and the class tree of bindings-node/README.md. Commit what this writes.
# `make test` runs the same generators with --check (in test-python and test-node), which
# fail naming any file that differs.
generate: build-python build-node
	$(PY_BIN)/python $(PY_DIR)/tools/generate.py
	cd $(NODE_DIR) && $(NODE) scripts/generate.mjs
	cd $(NODE_DIR) && ./node_modules/.bin/tsc -p tsconfig.json

# API references, each built with its tool's warnings as errors, so a broken link or an
# undocumented reference fails the build:
# - Python: mkdocstrings (bindings-python/docs/mkdocs.yml) reads the package's source and
#   stubs without importing it, so the native classes are documented from _native.pyi, the
#   surface users type against. (pdoc imports the package and reads stubs only for a module
#   of the same name; the classes `talkover` re-exports would show their runtime docstrings.)
# - TypeScript: typedoc over src-ts/index.ts and src-ts/testing.ts (bindings-node/typedoc.json).
# - Rust: rustdoc of the two published crates.
# The tools are pinned: bindings-python/requirements-dev.txt, bindings-node/package.json.
DOCS := target/docs
.PHONY: docs docs-python docs-node docs-rust test-docs
docs: docs-python docs-node docs-rust

docs-python: $(PY_STAMP)
	$(PY_BIN)/mkdocs build --strict --quiet -f $(PY_DIR)/docs/mkdocs.yml

docs-node: $(NODE_INSTALLED)
	cd $(NODE_DIR) && ./node_modules/.bin/typedoc --logLevel Warn

docs-rust:
	RUSTDOCFLAGS="-D warnings" $(CARGO) doc --quiet -p talkover -p talkover-mock --no-deps
	rm -rf $(DOCS)/rust && mkdir -p $(DOCS) && cp -r target/doc $(DOCS)/rust

# `make test` builds every reference, so a broken doc link or a warning fails it.
test-docs: docs

# Each binding owns its own targets (build, test, bench) in a fragment next to its code.
-include bindings-python/python.mk
-include bindings-node/node.mk
# Release artifacts (`make dist`) and their install tests.
include dist.mk

# Fuzz the response decoders and the input checks (fuzz/), each target for FUZZ_SECONDS at
# the lowest CPU priority. Not part of `make test`. Only seeds are committed; what the fuzzer
# finds stays in fuzz/corpus. RUSTC_BOOTSTRAP lets a stable toolchain take cargo-fuzz's
# sanitizer flags.
FUZZ_SECONDS ?= 600
FUZZ_TARGETS := decode_response validate_input
.PHONY: fuzz
fuzz:
	$(CARGO) fuzz --version >/dev/null 2>&1 || $(CARGO) install cargo-fuzz --locked
	cd fuzz && for t in $(FUZZ_TARGETS); do \
	  mkdir -p corpus/$$t && \
	  RUSTC_BOOTSTRAP=1 nice -n 19 $(CARGO) fuzz run --sanitizer address $$t corpus/$$t seeds/$$t -- \
	    -max_total_time=$(FUZZ_SECONDS) -max_len=16384 -len_control=0 -print_final_stats=1 \
	    || exit 1; \
	done
