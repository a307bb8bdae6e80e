# talkover: one Rust core, shipped natively to Python and Node.
#
#   make demo    build everything and run the quickstarts against the bundled simulator
#   make test    every test suite (Rust, Python, Node) plus lints
#   make bench   benchmarks against the simulator (release builds)
#
# Only Rust, Python 3 and Node + npm are needed: the targets below create .venv and
# node_modules themselves from the package registries.

SHELL := /bin/bash
CARGO ?= cargo
PYTHON ?= python3

.PHONY: all test lint test-rust demo bench
all: test

test: lint test-rust test-python test-node

lint:
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --workspace --all-targets -- -D warnings

test-rust:
	$(CARGO) test -p talkover -p talkover-mock

# Each binding owns its own targets (build, test, bench) in a fragment next to its code.
-include bindings-python/python.mk
-include bindings-node/node.mk

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
