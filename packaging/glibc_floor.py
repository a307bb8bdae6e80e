#!/usr/bin/env python3
"""Prints the highest GLIBC_ symbol version each shipped Linux binary needs; fails above MAX.

A binary that references `memcpy@GLIBC_2.34` does not load where glibc is older (Amazon
Linux 2, RHEL 8, Debian 11 ...), whatever its wheel tag or package name claims. Takes ELF
files, wheels (every `.so` inside) and npm tarballs (every `.node` inside), and reads the
versioned dynamic symbols with `objdump -T`.

Usage: glibc_floor.py --max 2.17 FILE...
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

VERSION = re.compile(r"\bGLIBC_(\d+(?:\.\d+)+)\b")


def parse(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def binaries(path: Path, scratch: Path) -> list[tuple[str, Path]]:
    """(name to report, ELF file on disk) for a binary or each binary in an archive."""
    if path.suffix == ".whl":
        with zipfile.ZipFile(path) as wheel:
            names = [n for n in wheel.namelist() if n.endswith(".so") or ".so." in n]
            return [(f"{path.name}:{n}", Path(wheel.extract(n, scratch))) for n in names]
    if path.name.endswith(".tgz"):
        with tarfile.open(path) as tar:
            members = [m for m in tar.getmembers() if m.name.endswith(".node")]
            tar.extractall(scratch, members=members, filter="data")
            return [(f"{path.name}:{m.name}", scratch / m.name) for m in members]
    return [(str(path), path)]


def floor(elf: Path) -> tuple[int, ...]:
    out = subprocess.run(["objdump", "-T", str(elf)], check=True, capture_output=True, text=True)
    versions = [parse(v) for v in VERSION.findall(out.stdout)]
    return max(versions, default=(0,))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max", required=True, help="highest glibc version allowed, e.g. 2.17")
    parser.add_argument("files", nargs="+", type=Path)
    args = parser.parse_args()
    limit, failed, seen = parse(args.max), False, 0
    with tempfile.TemporaryDirectory() as tmp:
        for path in args.files:
            for name, elf in binaries(path, Path(tmp)):
                seen += 1
                need = floor(elf)
                shown = ".".join(map(str, need)) if need != (0,) else "none"
                verdict = "ok" if need <= limit else f"TOO NEW (max {args.max})"
                failed |= need > limit
                print(f"GLIBC floor {shown:>6}  {verdict:<4}  {name}")
    if seen == 0:
        print("no binary found in the given files", file=sys.stderr)
        return 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
