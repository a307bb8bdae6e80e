"""Shared fixtures: the opt-in plugin's simulator fixtures, plus helpers for the suite."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from talkover.testing import MockServer

pytest_plugins = ["talkover.pytest_plugin"]

REPO = Path(__file__).resolve().parents[2]
AGENT = "agent-1"
PHONE = "+5511987654321"


@pytest.fixture
def fresh_server() -> Iterator[MockServer]:
    """A simulator of the test's own, for assertions on its connection counters."""
    with MockServer() as server:
        yield server


def wait_until(predicate: Callable[[], bool], timeout: float = 5.0) -> None:
    """Polls ``predicate`` until it holds; fails the test after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(0.01)


def run_python(
    code: str, timeout: float = 60.0, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Runs ``code`` in a fresh interpreter of this environment."""
    return subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {}), "PYTHONDONTWRITEBYTECODE": "1"},
        check=False,
    )
