"""Process-level pitfalls: panics, interpreter exit under load, and fork()."""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import signal
import sys
import threading
import time
import traceback

import pytest
import talkover
from conftest import AGENT, PHONE, run_python
from talkover import _native
from talkover.testing import MockServer


def test_a_panic_in_a_blocking_call_is_a_talkover_error() -> None:
    with pytest.raises(talkover.TalkoverError) as info:
        _native._panicking_operation(True)
    assert type(info.value) is talkover.TalkoverError
    assert "panic" in info.value.message


def test_a_panic_in_an_async_call_is_a_talkover_error() -> None:
    async def main() -> None:
        future, _op = _native._panicking_operation(False)
        await future

    try:
        asyncio.run(main())
    except Exception as err:  # an ordinary Exception, not PanicException
        assert type(err) is talkover.TalkoverError
    else:
        pytest.fail("the panic was not reported")


EXIT_SCRIPT = """
import asyncio, logging, os, threading, talkover
from talkover.testing import MockServer

logged = []
if os.environ.get("TALKOVER_LOG"):
    # Records are made on the runtime's thread, up to the moment the interpreter exits.
    handler = logging.Handler()
    handler.emit = logged.append
    logging.getLogger("talkover").addHandler(handler)

server = MockServer()
server.seed_call("agent-1", "+5511987654321")
server.add_fault("hang", times=10_000, path="stuck")
phone = "+5511987654321"
aclient = talkover.AsyncClient(server.token, base_url=server.url, max_retries=0)
client = talkover.Client(server.token, base_url=server.url, max_retries=0)

def hammer():
    for _ in range(25):
        client.active_call("agent-1", phone)

def stuck():
    try:
        client.active_call("stuck", phone)
    except talkover.TalkoverError:
        pass

workers = [threading.Thread(target=hammer) for _ in range(4)]
for t in workers:
    t.start()
for _ in range(3):
    threading.Thread(target=stuck, daemon=True).start()

async def main():
    for _ in range(25):
        asyncio.ensure_future(aclient.active_call("stuck", phone))
    results = await asyncio.gather(*(aclient.active_call("agent-1", phone) for _ in range(1000)))
    assert all(len(r) == 1 for r in results)

asyncio.run(main())
for t in workers:
    t.join()
assert bool(logged) == bool(os.environ.get("TALKOVER_LOG"))
print("ok", flush=True)
"""
# ``make soak-python`` (TALKOVER_SOAK=1) runs the long form.
EXITS = 50 if os.environ.get("TALKOVER_SOAK") == "1" else 20


def test_interpreter_exits_right_after_1000_concurrent_calls(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Every other run logs at DEBUG, so the runtime's thread also calls into Python.
    started = time.monotonic()
    for attempt in range(EXITS):
        env = {"TALKOVER_LOG": "debug" if attempt % 2 else ""}
        proc = run_python(EXIT_SCRIPT, timeout=60, env=env)
        assert proc.returncode == 0, f"exit {attempt}: rc={proc.returncode}\n{proc.stderr}"
        assert proc.stdout == "ok\n"
        assert proc.stderr == "", f"exit {attempt}:\n{proc.stderr}"
    with capsys.disabled():
        print(f"\nexits: {EXITS} without a crash in {time.monotonic() - started:.1f} s")


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")
def test_fork_after_use_the_child_works_and_the_parent_too(talkover_mock: MockServer) -> None:
    talkover_mock.seed_call(AGENT, PHONE)
    client = talkover.Client(talkover_mock.token, base_url=talkover_mock.url)
    aclient = talkover.AsyncClient(talkover_mock.token, base_url=talkover_mock.url)
    assert len(client.active_call(AGENT, PHONE)) == 1
    assert len(asyncio.run(aclient.active_call(AGENT, PHONE))) == 1

    pid = os.fork()
    if pid == 0:  # the child: report through the exit code, never return into pytest
        code = 1
        try:
            blocking = client.active_call(AGENT, PHONE)
            awaited = asyncio.run(aclient.active_call(AGENT, PHONE))
            fresh = talkover.Client(talkover_mock.token, base_url=talkover_mock.url)
            code = (
                0
                if len(blocking) == len(awaited) == len(fresh.active_call(AGENT, PHONE)) == 1
                else 2
            )
        except BaseException:
            traceback.print_exc()
        finally:
            os._exit(code)

    deadline = time.monotonic() + 20
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            pytest.fail("the forked child hung")
        time.sleep(0.02)
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0
    assert len(client.active_call(AGENT, PHONE)) == 1
    assert len(asyncio.run(aclient.active_call(AGENT, PHONE))) == 1


def child_main(
    url: str, token: str, inherited: tuple[talkover.Client, talkover.AsyncClient] | None
) -> None:
    """A ``multiprocessing`` child: exit code 0 when the inherited clients (``fork``) or new
    ones work, 3 for a ``TalkoverError`` (clear, but not expected here), 2 for a wrong result."""
    try:
        client, aclient = inherited or (
            talkover.Client(token, base_url=url),
            talkover.AsyncClient(token, base_url=url),
        )
        results = [
            client.active_call(AGENT, PHONE),
            asyncio.run(aclient.active_call(AGENT, PHONE)),
            talkover.Client(token, base_url=url).active_call(AGENT, PHONE),
        ]
    except talkover.TalkoverError:
        traceback.print_exc()
        sys.exit(3)
    sys.exit(0 if all(len(r) == 1 for r in results) else 2)


@pytest.mark.parametrize("method", ["fork", "spawn", "forkserver"])
def test_multiprocessing_children_after_use(talkover_mock: MockServer, method: str) -> None:
    if method not in multiprocessing.get_all_start_methods():
        pytest.skip(f"no {method} start method here")
    talkover_mock.seed_call(AGENT, PHONE)
    talkover_mock.add_fault("hang", path="stuck")
    url, token = talkover_mock.url, talkover_mock.token
    client = talkover.Client(token, base_url=url, max_retries=0)
    aclient = talkover.AsyncClient(token, base_url=url)
    assert len(client.active_call(AGENT, PHONE)) == 1
    assert len(asyncio.run(aclient.active_call(AGENT, PHONE))) == 1

    def stuck() -> None:  # a request in flight on another thread while the child starts
        with pytest.raises(talkover.APITimeoutError):
            client.active_call("stuck", PHONE, timeout=1.0)

    in_flight = threading.Thread(target=stuck)
    in_flight.start()
    time.sleep(0.05)
    ctx = multiprocessing.get_context(method)
    inherited = (client, aclient) if method == "fork" else None
    child = ctx.Process(target=child_main, args=(url, token, inherited))
    child.start()
    child.join(30)
    if child.is_alive():
        child.kill()
        child.join()
        pytest.fail(f"the {method} child hung")
    in_flight.join()
    assert child.exitcode == 0
    assert len(client.active_call(AGENT, PHONE)) == 1
    assert len(asyncio.run(aclient.active_call(AGENT, PHONE))) == 1
