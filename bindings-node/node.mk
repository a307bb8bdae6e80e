# The Node package `talkover` (bindings-node/): install, native build, tests, benchmark.
# Included by the root Makefile. Needs only Node >= 20 + npm and the Rust toolchain.
#
#   make build-node   npm ci (once), `napi build` (debug, stripped) and tsc
#   make test-node    build-node, the generated-file check, then every test in
#                     bindings-node/__test__ with node --test
#   make bench-node   release builds of the addon and the bench server, then the Node rows of bench/run.py
#   make soak-node    the soak test at 200,000 calls (SOAK_CALLS to change it)

NODE ?= node
NPM ?= npm
NODE_DIR := bindings-node
NODE_BIN := $(NODE_DIR)/node_modules/.bin
# npm ci writes this file last, so it marks a complete install of the locked dependencies.
# (package.json `overrides` pins three of @napi-rs/cli's own dependencies to releases whose
# every per-platform package is published, so the lock file lists them all and `npm ci`
# accepts it on any machine.)
NODE_INSTALLED := $(NODE_DIR)/node_modules/.package-lock.json
# Debug build for the tests; stripped so the packaging test compresses 13 MB, not 70.
NAPI_FLAGS := --platform --strip --js napi-binding.js --dts native.d.ts
RELEASE_NODE := target/release/talkover-bench.node

.PHONY: build-node test-node bench-build-node bench-node soak-node

$(NODE_INSTALLED): $(NODE_DIR)/package-lock.json $(NODE_DIR)/package.json
	cd $(NODE_DIR) && $(NPM) ci --no-audit --no-fund
	@touch $@

build-node: $(NODE_INSTALLED)
	cd $(NODE_DIR) && ./node_modules/.bin/napi build $(NAPI_FLAGS)
	cd $(NODE_DIR) && ./node_modules/.bin/tsc -p tsconfig.json

test-node: build-node
	cd $(NODE_DIR) && $(NODE) scripts/generate.mjs --check
	cd $(NODE_DIR) && $(NODE) --test --test-concurrency=2 __test__/

# The soak test of `make test-node` (20,000 calls), long: one client, 64 in flight, a retried
# fault every 100 calls; it prints calls, RSS after warm-up and at the end, and descriptors.
SOAK_CALLS ?= 200000
soak-node: build-node
	cd $(NODE_DIR) && TALKOVER_SOAK_CALLS=$(SOAK_CALLS) $(NODE) --test --test-reporter=spec __test__/soak.test.mjs

# The release addon goes next to the debug one (tests keep using that); the benchmark points
# the package's loader at it through NAPI_RS_NATIVE_LIBRARY_PATH. undici is the peer.
bench-build-node: build-node
	$(CARGO) build --release -p talkover-node
	cp $(firstword $(wildcard target/release/libtalkover_node.so target/release/libtalkover_node.dylib)) $(RELEASE_NODE)
	test -d bench/node_modules/undici || $(NPM) install --no-save --no-audit --no-fund --prefix bench undici@7.30.2

bench-node: bench-build-node
	$(CARGO) build --release -p talkover-bench
	$(PYTHON) bench/run.py --only node --server target/release/talkover-bench-server \
		--rust-bench target/release/talkover-bench --python $(PYTHON) --write ""
