"""Process-level pitfalls: panics, interpreter exit under load, and fork()."""

from __future__ import annotations

import asyncio
import os
import signal
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
import asyncio, threading, talkover
from talkover.testing import MockServer

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
    results = await asyncio.gather(*(aclient.active_call("agent-1", phone) for _ in range(400)))
    assert all(len(r) == 1 for r in results)

asyncio.run(main())
for t in workers:
    t.join()
print("ok", flush=True)
"""


def test_twenty_interpreter_exits_right_after_heavy_concurrent_use() -> None:
    for attempt in range(20):
        proc = run_python(EXIT_SCRIPT, timeout=60)
        assert proc.returncode == 0, f"exit {attempt}: rc={proc.returncode}\n{proc.stderr}"
        assert proc.stdout == "ok\n"
        assert proc.stderr == "", f"exit {attempt}:\n{proc.stderr}"


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
