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
