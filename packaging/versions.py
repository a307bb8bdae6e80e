#!/usr/bin/env python3
"""One version for every package: the workspace `Cargo.toml` is the source.

The Rust crates inherit it (`version.workspace = true`) and the Python package reads it
through maturin (`dynamic = ["version"]`), so only the npm side holds copies: the
`version` of bindings-node/package.json and of each per-platform package in
bindings-node/npm/, and the version napi-rs writes into its generated
loader (bindings-node/napi-binding.js, which rejects a per-platform package of another
version). `make dist` and the npm `prepack` script run this check and stop on a mismatch;
`--write` (`make version-sync`) rewrites package.json after a version bump, and the next
`napi build` regenerates the loader from it. A check rather than a silent rewrite during a
build, so a release never ships a version that nobody committed.

Usage: versions.py [--write] [--print]
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE_JSON = ROOT / "bindings-node" / "package.json"
LOADER = ROOT / "bindings-node" / "napi-binding.js"
# The per-platform packages (napi create-npm-dirs), one a target.
PLATFORM_PACKAGES = sorted((ROOT / "bindings-node" / "npm").glob("*/package.json"))


def workspace_version() -> str:
    # A regex over [workspace.package] rather than tomllib, which Python 3.10 lacks.
    text = (ROOT / "Cargo.toml").read_text()
    section = text.split("[workspace.package]", 1)[1].split("\n[", 1)[0]
    match = re.search(r'^version\s*=\s*"([^"]+)"', section, flags=re.M)
    if match is None:
        sys.exit("no version in Cargo.toml [workspace.package]")
    return match.group(1)


def mismatches(version: str) -> list[str]:
    found = []
    for manifest in [PACKAGE_JSON, *PLATFORM_PACKAGES]:
        npm_version = json.loads(manifest.read_text())["version"]
        if npm_version != version:
            found.append(f"{manifest.relative_to(ROOT)} has {npm_version}")
    if LOADER.exists():
        loader_versions = set(re.findall(r"expected (\S+) but got", LOADER.read_text()))
        if loader_versions and loader_versions != {version}:
            found.append(
                f"bindings-node/napi-binding.js expects {sorted(loader_versions)} "
                "(run `make build-node` to regenerate it)"
            )
    return found


def write(version: str) -> None:
    for manifest in [PACKAGE_JSON, *PLATFORM_PACKAGES]:
        text = manifest.read_text()
        # Edit the one field in place so the file keeps its formatting.
        new = re.sub(r'^(  "version": )"[^"]*"', rf'\1"{version}"', text, count=1, flags=re.M)
        manifest.write_text(new)


def main(argv: list[str]) -> int:
    version = workspace_version()
    if "--print" in argv:
        print(version)
        return 0
    if "--write" in argv:
        write(version)
    problems = mismatches(version)
    if problems:
        print(
            f"version mismatch: Cargo.toml [workspace.package] says {version}, but", file=sys.stderr
        )
        for p in problems:
            print(f"  - {p}", file=sys.stderr)
        print("run `make version-sync` after changing the version in Cargo.toml", file=sys.stderr)
        return 1
    print(f"every package is at version {version}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
