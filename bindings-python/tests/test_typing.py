"""The hand-written stubs and annotations hold up under ``mypy --strict``."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def test_typing_example_passes_mypy_strict() -> None:
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--cache-dir",
            str(Path(sys.prefix) / ".mypy_cache"),
            str(HERE / "typing_example.py"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        cwd=HERE,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_typing_example_runs() -> None:
    proc = subprocess.run(
        [sys.executable, str(HERE / "typing_example.py")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
