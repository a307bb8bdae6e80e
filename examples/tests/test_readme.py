"""Every Python code block of README.md, and the Python quickstarts, run against the simulator.

A README that drifts from the API fails here. Each block runs in a fresh interpreter with
TALKOVER_API_TOKEN / TALKOVER_BASE_URL pointing at a freshly seeded simulator, compiled so
that top-level `await` (as in Jupyter) works.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from talkover.testing import MockServer

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text()
BLOCKS = re.findall(r"```python\n(.*?)```", README, re.DOTALL)
AGENT, PHONE = "agent-demo", "+5511987654321"

# Runs a snippet as a notebook cell would: `talkover` imported, top-level await allowed.
RUNNER = """
import ast, asyncio, sys, talkover
code = compile(sys.stdin.read(), "README.md", "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)
result = eval(code, {"__name__": "__main__", "talkover": talkover})
if asyncio.iscoroutine(result):
    asyncio.run(result)
"""


@pytest.fixture
def server() -> Iterator[MockServer]:
    with MockServer() as server:
        server.seed_call(
            AGENT, PHONE, id="call-1", status="answered", duration_seconds=42
        )
        server.seed_call(
            AGENT, "+5511900000000", id="call-that-ended", status="completed"
        )
        yield server


def run(server: MockServer, args: list[str], stdin: str | None = None) -> str:
    env = dict(
        os.environ, TALKOVER_API_TOKEN=server.token, TALKOVER_BASE_URL=server.url
    )
    env.pop("TALKOVER_LOG", None)
    out = subprocess.run(
        [sys.executable, *args],
        check=False,
        input=stdin,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    return out.stdout


def test_the_readme_has_python_examples() -> None:
    assert len(BLOCKS) >= 5


@pytest.mark.parametrize("block", BLOCKS, ids=[f"block{i}" for i in range(len(BLOCKS))])
def test_readme_block_runs(server: MockServer, block: str) -> None:
    run(server, ["-c", RUNNER], stdin=block)
    if "MockServer(" not in block:  # the testing example brings its own simulator
        assert server.requests(), "the block talked to the API"


@pytest.fixture
def idle_server() -> Iterator[MockServer]:
    """The agent, and no call yet: the quickstarts place one."""
    with MockServer() as server:
        server.seed_agent(AGENT)
        yield server


def test_async_quickstart_tells_the_whole_story(server: MockServer) -> None:
    out = run(server, [str(ROOT / "examples/python/quickstart_async.py")])
    assert "already on a call: not placing another" in out
    assert "active call: call-1 (answered, 42 s in)" in out
    assert "ended call-1: completed (ended_by_api)" in out
    assert "CallNotActiveError (HTTP 409, code CALL_NOT_ACTIVE)" in out
    assert "today: call-1 completed outbound" in out
    assert server.calls()[0]["status"] == "completed"


def test_blocking_quickstart_tells_the_whole_story(server: MockServer) -> None:
    out = run(server, [str(ROOT / "examples/python/quickstart_blocking.py")])
    assert "active calls for +55 11 98765-4321: 1" in out
    assert "already on a call: not placing another" in out
    assert "active call: call-1 (answered)" in out
    assert "CallNotActiveError (HTTP 409)" in out
    assert "today: call-1 completed outbound" in out


@pytest.mark.parametrize(
    "quickstart", ["quickstart_async.py", "quickstart_blocking.py"]
)
def test_quickstarts_place_a_call_when_none_is_active(
    idle_server: MockServer, quickstart: str
) -> None:
    out = run(idle_server, [str(ROOT / "examples/python" / quickstart)])
    assert "placed call call_1 (initiated)" in out
    assert "active call: call_1 (initiated" in out
    assert "ending it again: CallNotActiveError (HTTP 409" in out
    assert "today: call_1 completed outbound" in out
    [call] = idle_server.calls()
    assert call["payload"] == {"customer_name": "Ana"}
    assert call["status"] == "completed"
