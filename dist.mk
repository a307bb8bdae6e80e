# Release artifacts and their install tests. Included by the root Makefile.
#
#   make dist           everything a release publishes from this machine, into dist/, checked:
#                       dist/python  manylinux2014 (glibc 2.17) x86_64 abi3 wheel + sdist
#                       dist/npm     talkover + talkover-linux-x64-gnu (glibc 2.17) tarballs
#                       dist/crates  talkover and talkover-mock (cargo package)
#   make test-install   install tests of the artifacts (part of `make test`): the wheel and
#                       the sdist into fresh venvs, the npm tarballs into a fresh project,
#                       ESM under Node, Bun and Deno, the missing-binary message; uses dist/
#                       when `make dist` made it, else packs fast x86_64 ones from the
#                       debug build (no zig, no release build: see RELEASING.md)
#   make lint-workflows actionlint over .github/workflows (part of `make test`)
#   make version-sync   copy the Cargo.toml version into the npm package.json files
#   make tls-compare    ring vs aws-lc: binary size, clean build time, TLS handshake time
#
# The other platforms are built by .github/workflows/release.yml. Heavy builds run at
# `nice -n 10`: the machine's two cores are shared.

DIST := $(CURDIR)/dist
TOOLS_VENV := $(CURDIR)/target/tools-venv
TOOLS_BIN := $(TOOLS_VENV)/bin
TOOLS_TEST_STAMP := $(TOOLS_VENV)/.requirements-test
TOOLS_DIST_STAMP := $(TOOLS_VENV)/.requirements-dist
NPM_TOOLS := packaging/tools
NPM_TOOLS_BIN := $(CURDIR)/$(NPM_TOOLS)/node_modules/.bin
NPM_TOOLS_INSTALLED := $(NPM_TOOLS)/node_modules/.package-lock.json
# The oldest glibc the Linux gnu binaries support: manylinux2014, and what napi-rs's own
# cross toolchain targets.
GLIBC_FLOOR := 2.17
LINUX_GNU := x86_64-unknown-linux-gnu
NODE_RELEASE := target/dist-node/talkover.linux-x64-gnu.node
INSTALL_ARTIFACTS := $(CURDIR)/target/install-artifacts

.PHONY: dist dist-python dist-node dist-crates dist-check dist-tools test-install \
	install-artifacts lint-workflows version-sync version-check tls-compare

$(TOOLS_TEST_STAMP): packaging/requirements-test.txt
	test -x $(TOOLS_BIN)/python || $(PYTHON) -m venv $(TOOLS_VENV)
	$(TOOLS_BIN)/python -m pip install --quiet --disable-pip-version-check -r $<
	touch $@

$(TOOLS_DIST_STAMP): packaging/requirements-dist.txt packaging/requirements-test.txt $(TOOLS_TEST_STAMP)
	$(TOOLS_BIN)/python -m pip install --quiet --disable-pip-version-check -r $<
	touch $@

$(NPM_TOOLS_INSTALLED): $(NPM_TOOLS)/package-lock.json $(NPM_TOOLS)/package.json
	cd $(NPM_TOOLS) && $(NPM) ci --no-audit --no-fund
	@touch $@

dist-tools: $(TOOLS_DIST_STAMP) $(NPM_TOOLS_INSTALLED)

version-check:
	$(PYTHON) packaging/versions.py

version-sync:
	$(PYTHON) packaging/versions.py --write

dist: version-check dist-python dist-node dist-crates dist-check
	@ls -l $(DIST)/python $(DIST)/npm $(DIST)/crates

# The tools venv comes first on PATH so maturin and cargo-zigbuild find zig (`python -m
# ziglang`). The sdist is built from source by test-install.
dist-python: $(TOOLS_DIST_STAMP)
	rm -rf $(DIST)/python
	cd $(PY_DIR) && PATH=$(TOOLS_BIN):$$PATH nice -n 10 $(TOOLS_BIN)/maturin build --release --strip \
		--locked --zig --compatibility manylinux2014 --target $(LINUX_GNU) --out $(DIST)/python
	cd $(PY_DIR) && $(TOOLS_BIN)/maturin sdist --out $(DIST)/python

# `cargo zigbuild` with a `.2.17` target suffix links against glibc 2.17; the profile
# override strips symbols as `napi build --strip` does.
dist-node: $(TOOLS_DIST_STAMP) $(NODE_INSTALLED)
	PATH=$(TOOLS_BIN):$$PATH CARGO_PROFILE_RELEASE_STRIP=symbols nice -n 10 \
		$(CARGO) zigbuild --release --locked -p talkover-node --target $(LINUX_GNU).$(GLIBC_FLOOR)
	mkdir -p $(dir $(NODE_RELEASE))
	cp target/$(LINUX_GNU)/release/libtalkover_node.so $(NODE_RELEASE)
	cd $(NODE_DIR) && ./node_modules/.bin/tsc -p tsconfig.json
	rm -rf $(DIST)/npm
	$(PYTHON) packaging/npm_pack.py --stage target/npm-stage --out $(DIST)/npm \
		--platform linux-x64-gnu=$(NODE_RELEASE)

# Packs and verifies (builds from the packed sources) both crates; the .crate files are
# what `cargo publish` uploads.
dist-crates:
	nice -n 10 $(CARGO) package --locked -p talkover -p talkover-mock
	rm -rf $(DIST)/crates && mkdir -p $(DIST)/crates
	cp target/package/talkover-$$($(PYTHON) packaging/versions.py --print).crate \
		target/package/talkover-mock-$$($(PYTHON) packaging/versions.py --print).crate $(DIST)/crates/

dist-check: $(TOOLS_DIST_STAMP) $(NPM_TOOLS_INSTALLED)
	$(TOOLS_BIN)/auditwheel show $(DIST)/python/*.whl | tee target/auditwheel.txt
	tr -s ' \n' ' ' < target/auditwheel.txt \
		| grep -q 'consistent with the following platform tag: "manylinux_2_17_x86_64"'
	$(TOOLS_BIN)/abi3audit --strict --report $(DIST)/python/*.whl
	$(TOOLS_BIN)/check-wheel-contents $(DIST)/python/*.whl
	$(PYTHON) packaging/glibc_floor.py --max $(GLIBC_FLOOR) $(DIST)/python/*.whl $(DIST)/npm/*.tgz
	$(PYTHON) packaging/check_npm.py target/npm-stage
	$(NPM_TOOLS_BIN)/publint run --strict target/npm-stage/talkover
	$(NPM_TOOLS_BIN)/attw --profile node16 $(DIST)/npm/talkover-[0-9]*.tgz

# The artifacts the install tests use: dist/ when `make dist` made it (then the wheel must
# carry the manylinux2014 tag), else fast ones from the debug build `make test` already has:
# a plain `maturin build` wheel, an sdist, and the npm tarballs around the debug addon.
install-artifacts: build-python build-node
	rm -rf $(INSTALL_ARTIFACTS) && mkdir -p $(INSTALL_ARTIFACTS)
	if ls $(DIST)/python/*.whl $(DIST)/python/*.tar.gz $(DIST)/npm/*.tgz >/dev/null 2>&1; then \
	  ln -s $(DIST)/python $(INSTALL_ARTIFACTS)/python && ln -s $(DIST)/npm $(INSTALL_ARTIFACTS)/npm && \
	  touch $(INSTALL_ARTIFACTS)/from-dist; \
	else \
	  (cd $(PY_DIR) && $(PY_BIN)/maturin build --quiet --strip --out $(INSTALL_ARTIFACTS)/python && \
	   $(PY_BIN)/maturin sdist --out $(INSTALL_ARTIFACTS)/python) && \
	  $(PYTHON) packaging/npm_pack.py --stage target/npm-stage-test --out $(INSTALL_ARTIFACTS)/npm \
	    --platform linux-x64-gnu=$(NODE_DIR)/talkover.linux-x64-gnu.node; \
	fi

test-install: install-artifacts $(NPM_TOOLS_INSTALLED) $(PY_STAMP)
	$(PY_BIN)/ruff check --no-cache --config $(PY_DIR)/pyproject.toml packaging tests/install
	$(PY_BIN)/ruff format --no-cache --config $(PY_DIR)/pyproject.toml --check packaging tests/install
	TALKOVER_ARTIFACTS=$(INSTALL_ARTIFACTS) TALKOVER_TOOLS_BIN=$(NPM_TOOLS_BIN) \
		$(NODE) --test --test-concurrency=1 tests/install/
	TALKOVER_ARTIFACTS=$(INSTALL_ARTIFACTS) $(PY_BIN)/python -m pytest tests/install -q -p no:cacheprovider

lint-workflows: $(TOOLS_TEST_STAMP)
	$(TOOLS_BIN)/actionlint -no-color .github/workflows/*.yml

# Not part of `make test` or `make dist`: two clean release builds, several minutes.
tls-compare:
	$(PYTHON) packaging/tls_compare.py
