#!/usr/bin/env python3
"""Checks what `npm pack --dry-run` would publish from each staged npm package.

The main package: the loader, the compiled JavaScript and its types, both licenses, and no
binary and no source, tests or build files; `optionalDependencies` naming every
per-platform package at the package's own version. A per-platform package: its one `.node`
(the file its `main` names), README, licenses and package.json, and `os`/`cpu`/`libc`
fields so npm installs it only where it runs.

Usage: check_npm.py STAGE_DIR   (the --stage directory of npm_pack.py)
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

MAIN_REQUIRED = {
    "package.json",
    "README.md",
    "LICENSE-MIT",
    "LICENSE-APACHE",
    "native.js",
    "napi-binding.js",
    "native.d.ts",
    "dist/index.js",
    "dist/index.d.ts",
    "dist/testing.js",
    "esm/index.mjs",
    "esm/index.d.mts",
    "esm/testing.mjs",
    "bin/talkover.js",
}
FORBIDDEN_PREFIXES = ("src/", "src-ts/", "__test__/", "node_modules/", "npm/", "target/")


def dry_run(package: Path) -> list[str]:
    out = subprocess.run(
        ["npm", "pack", "--dry-run", "--json"],
        cwd=package,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return sorted(f["path"] for f in json.loads(out)[0]["files"])


def check_main(package: Path, platforms: list[str]) -> list[str]:
    files, manifest = dry_run(package), json.loads((package / "package.json").read_text())
    problems = [f"missing {f}" for f in sorted(MAIN_REQUIRED - set(files))]
    problems += [
        f"ships {f}" for f in files if f.endswith(".node") or f.startswith(FORBIDDEN_PREFIXES)
    ]
    wanted = {f"{manifest['name']}-{p}": manifest["version"] for p in platforms}
    if manifest.get("optionalDependencies") != wanted:
        problems.append(f"optionalDependencies {manifest.get('optionalDependencies')} != {wanted}")
    print(f"{manifest['name']}@{manifest['version']}: {len(files)} files: {' '.join(files)}")
    return problems


def check_platform(package: Path) -> list[str]:
    files, manifest = dry_run(package), json.loads((package / "package.json").read_text())
    expected = sorted(
        {"package.json", "README.md", "LICENSE-MIT", "LICENSE-APACHE", manifest["main"]}
    )
    problems = [] if files == expected else [f"files {files} != {expected}"]
    for field in ("os", "cpu"):
        if not manifest.get(field):
            problems.append(f"no {field} field")
    if manifest["os"] == ["linux"] and not manifest.get("libc"):
        problems.append("no libc field on a Linux package")
    print(f"{manifest['name']}@{manifest['version']}: {' '.join(files)}")
    return problems


def main() -> int:
    stage = Path(sys.argv[1])
    platforms = sorted(
        p.name for p in (Path(__file__).resolve().parents[1] / "bindings-node" / "npm").iterdir()
    )
    [main_dir] = [p for p in stage.iterdir() if p.is_dir() and p.name != "npm"]
    problems = [f"{main_dir.name}: {p}" for p in check_main(main_dir, platforms)]
    for package in sorted((stage / "npm").iterdir()) if (stage / "npm").exists() else []:
        problems += [f"{package.name}: {p}" for p in check_platform(package)]
    for p in problems:
        print(f"npm package problem: {p}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
