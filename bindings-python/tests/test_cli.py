"""The ``talkover`` console script the package installs: the Rust command line, run from the
native module, against the simulator, as a user runs it (a real process; stdout, stderr and
the exit code asserted). It must behave exactly as the ``cargo install`` binary, whose own
tests are in ``cli/tests``; when that binary is built, the two are compared output for output.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import talkover
from conftest import AGENT, PHONE, REPO, wait_until
from talkover.testing import MockServer

SCRIPT = Path(sys.executable).with_name("talkover")
RUST_BINARY = REPO / "target" / "debug" / "talkover"
TOKEN = "talq_cli_secret_7f3a9"


@pytest.fixture
def server() -> Iterator[MockServer]:
    with MockServer(token=TOKEN) as server:
        server.seed_agent(AGENT)
        yield server


def run(
    server: MockServer, *args: str, program: Path = SCRIPT, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """``talkover ARGS`` with the simulator in the environment and stdin an empty pipe."""
    proc = subprocess.run(
        [str(program), *args],
        env=cli_env(server, env),
        input="",
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert TOKEN not in proc.stdout + proc.stderr, "the token is never printed"
    return proc


def cli_env(server: MockServer, extra: dict[str, str] | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TALKOVER_")}
    env.update(TALKOVER_API_TOKEN=TOKEN, TALKOVER_BASE_URL=server.url, **(extra or {}))
    return env


def json_lines(out: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in out.splitlines()]


def test_the_script_is_installed_with_the_package() -> None:
    assert SCRIPT.is_file() and os.access(SCRIPT, os.X_OK)
    proc = subprocess.run(
        [str(SCRIPT), "--version"], capture_output=True, text=True, timeout=60, check=False
    )
    assert (proc.returncode, proc.stdout, proc.stderr) == (
        0,
        f"talkover {talkover.__version__}\n",
        "",
    )


def test_calls_active_as_json(server: MockServer) -> None:
    server.seed_call(AGENT, PHONE, id="call-a")
    server.seed_call(AGENT, PHONE, id="call-over", status="completed")
    proc = run(server, "calls", "active", AGENT, "+55 (11) 98765-4321", "--json")
    assert (proc.returncode, proc.stderr) == (0, "")
    [call] = json_lines(proc.stdout)
    assert (call["id"], call["status"], call["to"]) == ("call-a", "answered", PHONE)


def test_calls_hangup_ends_every_active_call(server: MockServer) -> None:
    for call_id in ("call-a", "call-b"):
        server.seed_call(AGENT, PHONE, id=call_id)
    proc = run(server, "--table", "calls", "hangup", AGENT, PHONE, "--yes")
    assert (proc.returncode, proc.stderr) == (0, "")
    lines = proc.stdout.splitlines()
    assert lines[0] == "CALL ID  OUTCOME  DETAIL"
    assert lines[1].startswith("call-a   ended    completed at ")
    assert lines[2].startswith("call-b   ended    completed at ")
    assert lines[3] == "2 ended, 0 already over, 0 failed."
    assert {c["status"] for c in server.calls()} == {"completed"}


def test_destructive_commands_refuse_without_yes_when_stdin_is_not_a_terminal(
    server: MockServer,
) -> None:
    server.seed_call(AGENT, PHONE, id="call-a")
    proc = run(server, "calls", "hangup", AGENT, PHONE)
    assert proc.returncode == 2
    assert "without confirmation: stdin is not a terminal; pass --yes" in proc.stderr
    assert server.requests() == []


def test_an_error_is_one_line_on_stderr_with_the_class_s_exit_code(server: MockServer) -> None:
    server.seed_call(AGENT, PHONE, id="call-over", status="completed")
    proc = run(server, "calls", "end", AGENT, "call-over", "--yes")
    assert (proc.returncode, proc.stdout) == (4, "")
    assert re.fullmatch(
        r"talkover: CallNotActiveError: Call is not active "
        r"\(status=409 code=CALL_NOT_ACTIVE request_id=req_\w+\)\n",
        proc.stderr,
    ), proc.stderr


def test_a_missing_token_exits_5(server: MockServer) -> None:
    env = {k: v for k, v in cli_env(server).items() if k != "TALKOVER_API_TOKEN"}
    proc = subprocess.run(
        [str(SCRIPT), "calls", "list"], env=env, capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 5
    assert proc.stderr == (
        "talkover: InvalidRequestError: no API token: set TALKOVER_API_TOKEN (or "
        "TALKOVER_TOKEN), or pass --token-file PATH\n"
    )


def test_place_then_list(server: MockServer) -> None:
    placed = run(
        server, "--json", "calls", "place", AGENT, PHONE, "--payload", "name=Ana", "--test"
    )
    assert (placed.returncode, placed.stderr) == (0, "")
    [call] = json_lines(placed.stdout)
    [stored] = server.calls()
    assert stored["id"] == call["id"] and stored["payload"] == {"name": "Ana"}
    listed = run(server, "--json", "calls", "list", "--agent", AGENT)
    assert listed.returncode == 0
    assert [c["id"] for c in json_lines(listed.stdout)] == [call["id"]]


def test_ctrl_c_cancels_the_request_and_exits_130(server: MockServer) -> None:
    server.add_fault("hang")
    child = subprocess.Popen(
        [str(SCRIPT), "calls", "active", AGENT, PHONE],
        env=cli_env(server),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_until(lambda: any(r.outcome == "pending" for r in server.requests()), timeout=30)
        started = time.monotonic()
        child.send_signal(signal.SIGINT)
        stdout, stderr = child.communicate(timeout=10)
    finally:
        child.kill()
    assert time.monotonic() - started < 5
    assert child.returncode == 130, stderr
    assert (stdout, stderr) == ("", "talkover: interrupted; requests in flight were cancelled\n")
    wait_until(lambda: server.requests()[0].outcome == "cancelled")


# Commands whose whole output the console script and the Rust binary must share: each runs
# on a freshly seeded simulator. Request ids and clock times are the only parts that differ.
SAME_AS_THE_BINARY = [
    ["calls", "active", AGENT, PHONE, "--json"],
    ["--table", "calls", "active", AGENT, PHONE],
    ["--table", "calls", "active", AGENT, "+5511900000000"],
    ["calls", "hangup", AGENT, PHONE, "--yes", "--json"],
    ["--table", "calls", "hangup", AGENT, PHONE, "--yes"],
    ["calls", "hangup", AGENT, PHONE],
    ["calls", "end", AGENT, "call-over", "--yes"],
    ["calls", "end", "agent-404", "call-a", "--yes"],
    ["calls", "active", AGENT, "11987654321"],
    ["calls", "list", "--agent", AGENT, "--json"],
    ["--table", "calls", "list", "--status", "completed"],
    ["calls", "list", "--since", "2024-13-01"],
    ["calls", "place", AGENT, PHONE, "--context", "[1]"],
    ["--token", TOKEN, "calls", "list"],
    ["calls", "--help"],
    ["--version"],
]


def normalised(text: str) -> str:
    text = re.sub(r"req_\w+", "req_N", text)
    return re.sub(r"\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\dZ?", "<time>", text)


@pytest.mark.parametrize("args", SAME_AS_THE_BINARY, ids=" ".join)
def test_the_script_behaves_as_the_rust_binary(server: MockServer, args: list[str]) -> None:
    if not RUST_BINARY.is_file():
        pytest.skip("the Rust binary is not built (cargo build -p talkover-cli)")
    outputs = []
    for program in (SCRIPT, RUST_BINARY):
        server.reset()
        server.seed_agent(AGENT)
        server.seed_call(AGENT, PHONE, id="call-a", started_at="2024-01-15T10:30:00Z")
        server.seed_call(AGENT, PHONE, id="call-over", status="completed")
        proc = run(server, *args, program=program)
        outputs.append((proc.returncode, normalised(proc.stdout), normalised(proc.stderr)))
        outputs[-1] += (len(server.requests()),)
    assert outputs[0] == outputs[1]
