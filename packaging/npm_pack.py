#!/usr/bin/env python3
"""Packs the npm packages the napi-rs way: `talkover` plus one package per platform.

The main package carries the JavaScript and the loader, never a binary; its
`optionalDependencies` name every per-platform package (bindings-node/npm/*, made by
`napi create-npm-dirs`), each of which carries one `.node` and declares `os`/`cpu`/`libc`,
so npm installs only the one that fits. This machine builds one of them (linux-x64-gnu);
CI builds the rest and packs them with the same script (`--platform NAME=PATH` once each).

Both are packed from a staged copy in STAGE: the repository's package.json keeps no
`optionalDependencies` (npm would try to install packages that may not be published yet
into the development checkout) and its `scripts` refer to files outside the package.

A binary older than any Rust source it is built from is refused: that is a stale build
(a skipped `cargo build`), and publishing it would ship yesterday's code under today's
version. Prints the packed tarballs' paths, one a line.

Usage: npm_pack.py --stage DIR --out DIR [--platform linux-x64-gnu=path/to/addon.node ...]
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NODE_DIR = ROOT / "bindings-node"
LICENSES = ("LICENSE-MIT", "LICENSE-APACHE")
# What the binary is compiled from; it must be newer than every one of these.
SOURCES = (
    "Cargo.lock",
    "Cargo.toml",
    "core",
    "mock",
    "bindings-node/src",
    "bindings-node/Cargo.toml",
)


def newest_source() -> tuple[float, Path]:
    newest = (0.0, ROOT)
    for name in SOURCES:
        top = ROOT / name
        for path in [top] if top.is_file() else top.rglob("*"):
            if path.is_file() and path.suffix in (".rs", ".toml", ".lock"):
                newest = max(newest, (path.stat().st_mtime, path))
    return newest


def npm_pack(package_dir: Path, out: Path) -> Path:
    result = subprocess.run(
        ["npm", "pack", "--json", "--pack-destination", str(out)],
        cwd=package_dir,
        check=True,
        capture_output=True,
        text=True,
    )
    return out / json.loads(result.stdout)[0]["filename"]


def stage_main(stage: Path, platforms: list[str]) -> Path:
    manifest = json.loads((NODE_DIR / "package.json").read_text())
    main = stage / manifest["name"]
    # What package.json's `files` names, so a file added there (the `bin/` command, type
    # entries) is packed without a second list to keep in step; npm still applies `files`.
    for entry in manifest["files"]:
        top = entry.split("/")[0]
        source = NODE_DIR / top if (NODE_DIR / top).exists() else ROOT / top
        if (main / top).exists():
            continue
        if source.is_dir():
            shutil.copytree(source, main / top)
        else:
            shutil.copy2(source, main / top)
    for key in ("scripts", "devDependencies", "overrides"):
        manifest.pop(key, None)
    # Every platform of the release, not only those packed here: npm picks by os/cpu/libc.
    manifest["optionalDependencies"] = {
        f"{manifest['name']}-{p}": manifest["version"] for p in sorted(platforms)
    }
    (main / "package.json").write_text(json.dumps(manifest, indent=2) + "\n")
    return main


def stage_platform(stage: Path, platform: str, binary: Path) -> Path:
    source = NODE_DIR / "npm" / platform
    if not (source / "package.json").exists():
        sys.exit(f"no per-platform package {platform} in {source.parent}")
    manifest = json.loads((source / "package.json").read_text())
    built, newest = binary.stat().st_mtime, newest_source()
    if built < newest[0]:
        sys.exit(f"{binary} is older than {newest[1]}: rebuild it before packing")
    target = stage / "npm" / platform
    target.mkdir(parents=True)
    shutil.copy2(binary, target / manifest["main"])
    shutil.copy2(source / "README.md", target / "README.md")
    for name in LICENSES:
        shutil.copy2(ROOT / name, target / name)
    manifest["files"] = [manifest["main"], *LICENSES]
    (target / "package.json").write_text(json.dumps(manifest, indent=2) + "\n")
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stage", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--platform", action="append", default=[], metavar="NAME=PATH")
    args = parser.parse_args()

    subprocess.run([sys.executable, str(ROOT / "packaging" / "versions.py")], check=True)
    shutil.rmtree(args.stage, ignore_errors=True)
    args.out.mkdir(parents=True, exist_ok=True)
    all_platforms = sorted(p.name for p in (NODE_DIR / "npm").iterdir() if p.is_dir())
    packed = [npm_pack(stage_main(args.stage, all_platforms), args.out)]
    for spec in args.platform:
        name, _, path = spec.partition("=")
        packed.append(npm_pack(stage_platform(args.stage, name, Path(path)), args.out))
    for tarball in packed:
        print(tarball)


if __name__ == "__main__":
    main()
