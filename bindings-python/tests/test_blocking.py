"""The blocking Client: GIL released, interruptible, and safe inside a running event loop."""

from __future__ import annotations

import asyncio
import concurrent.futures
import signal
import subprocess
import sys
import textwrap
import threading
import time

import pytest
import talkover
from conftest import AGENT, PHONE
from talkover.testing import MockServer


def test_waiting_releases_the_gil(
    talkover_mock: MockServer, talkover_client: talkover.Client
) -> None:
    talkover_mock.add_fault("hang")
    ticks = 0
    stop = threading.Event()

    def spin() -> None:
        nonlocal ticks
        while not stop.is_set():
            ticks += 1

    spinner = threading.Thread(target=spin)
    spinner.start()
    try:
        time.sleep(0.05)
        before = ticks
        with pytest.raises(talkover.APITimeoutError):
            talkover_client.active_call(AGENT, PHONE, timeout=0.5)
        during = ticks - before
    finally:
        stop.set()
        spinner.join()
    # A call holding the GIL for 0.5 s would let the spinner run only between slices.
    assert during > 100_000


def test_works_from_threads_and_a_running_loops_executor(
    talkover_mock: MockServer, talkover_client: talkover.Client
) -> None:
    talkover_mock.seed_call(AGENT, PHONE)
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        results = list(pool.map(lambda _: talkover_client.active_call(AGENT, PHONE), range(64)))
    assert all(len(r) == 1 for r in results)

    async def main() -> tuple[list[talkover.Call], list[talkover.Call]]:
        loop = asyncio.get_running_loop()
        in_executor = await loop.run_in_executor(None, talkover_client.active_call, AGENT, PHONE)
        # Blocking the loop thread itself is rude but must still work (notebooks do it).
        on_loop_thread = talkover_client.active_call(AGENT, PHONE)
        return in_executor, on_loop_thread

    a, b = asyncio.run(main())
    assert len(a) == len(b) == 1


CTRL_C_SCRIPTS = {
    "blocking": "client.active_call('agent-1', '+5511987654321')",
    "async": "asyncio.run(aclient.active_call('agent-1', '+5511987654321'))",
}


@pytest.mark.parametrize("mode", ["blocking", "async"])
def test_ctrl_c_interrupts_a_call_at_once(fresh_server: MockServer, mode: str) -> None:
    fresh_server.add_fault("hang")
    script = textwrap.dedent(
        f"""
        import asyncio, sys, talkover
        client = talkover.Client({fresh_server.token!r}, base_url={fresh_server.url!r})
        aclient = talkover.AsyncClient({fresh_server.token!r}, base_url={fresh_server.url!r})
        print("calling", flush=True)
        try:
            {CTRL_C_SCRIPTS[mode]}
        except KeyboardInterrupt:
            print("interrupted", flush=True)
            sys.exit(0)
        sys.exit(3)
        """
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "calling"
    deadline = time.monotonic() + 10
    while not fresh_server.requests() and time.monotonic() < deadline:
        time.sleep(0.01)
    sent = time.monotonic()
    proc.send_signal(signal.SIGINT)
    assert proc.stdout.readline().strip() == "interrupted"
    assert time.monotonic() - sent < 1.0  # KeyboardInterrupt raised promptly
    out, err = proc.communicate(timeout=10)
    assert proc.returncode == 0, err
    assert out == ""
    deadline = time.monotonic() + 5
    while fresh_server.requests()[-1].outcome != "cancelled" and time.monotonic() < deadline:
        time.sleep(0.01)
    assert fresh_server.requests()[-1].outcome == "cancelled"
