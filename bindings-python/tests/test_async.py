"""AsyncClient on asyncio: real coroutines, any loop, cancellation that reaches the wire."""

from __future__ import annotations

import asyncio
import inspect
import threading

import pytest
import talkover
from conftest import AGENT, PHONE, run_python, wait_until
from talkover.testing import MockServer


def test_methods_are_real_coroutine_functions() -> None:
    for name in ("active_call", "end_call", "close", "__aenter__", "__aexit__"):
        assert inspect.iscoroutinefunction(getattr(talkover.AsyncClient, name)), name


def test_repeated_asyncio_run_with_one_client(talkover_mock: MockServer) -> None:
    talkover_mock.seed_call(AGENT, PHONE)
    client = talkover.AsyncClient(talkover_mock.token, base_url=talkover_mock.url)
    for _ in range(5):
        [call] = asyncio.run(client.active_call(AGENT, PHONE))
        assert isinstance(call, talkover.Call)
    ended = asyncio.run(client.end_call(AGENT, call.id))
    assert ended.status is talkover.CallStatus.COMPLETED


def test_many_concurrent_requests_resolve_in_batches(talkover_mock: MockServer) -> None:
    talkover_mock.seed_call(AGENT, PHONE)
    client = talkover.AsyncClient(talkover_mock.token, base_url=talkover_mock.url)

    async def main() -> list[list[talkover.Call]]:
        return await asyncio.gather(*(client.active_call(AGENT, PHONE) for _ in range(300)))

    results = asyncio.run(main())
    assert len(results) == 300 and all(len(r) == 1 for r in results)


def test_errors_are_raised_at_await(talkover_mock: MockServer) -> None:
    client = talkover.AsyncClient(talkover_mock.token, base_url=talkover_mock.url)

    async def main() -> None:
        with pytest.raises(talkover.InvalidRequestError):
            await client.active_call(AGENT, "not a phone")
        with pytest.raises(talkover.NotFoundError):
            await client.end_call(AGENT, "missing")

    asyncio.run(main())


def test_loops_in_several_threads_share_one_client(talkover_mock: MockServer) -> None:
    talkover_mock.seed_call(AGENT, PHONE)
    client = talkover.AsyncClient(talkover_mock.token, base_url=talkover_mock.url)
    counts: list[int] = []

    async def work() -> int:
        results = await asyncio.gather(*(client.active_call(AGENT, PHONE) for _ in range(50)))
        return len(results)

    threads = [
        threading.Thread(target=lambda: counts.append(asyncio.run(work()))) for _ in range(4)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert counts == [50, 50, 50, 50]


def test_cancelling_the_task_drops_the_request_and_its_connection(fresh_server: MockServer) -> None:
    fresh_server.add_fault("hang")
    client = talkover.AsyncClient(fresh_server.token, base_url=fresh_server.url, max_retries=0)

    async def main() -> None:
        task = asyncio.ensure_future(client.active_call(AGENT, PHONE))
        while fresh_server.connections_open() != 1 or not fresh_server.requests():
            await asyncio.sleep(0.01)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    asyncio.run(main())
    wait_until(lambda: fresh_server.connections_open() == 0)
    wait_until(lambda: fresh_server.requests()[-1].outcome == "cancelled")


def test_timeout_from_asyncio_wait_for_cancels_too(fresh_server: MockServer) -> None:
    fresh_server.add_fault("hang")
    client = talkover.AsyncClient(fresh_server.token, base_url=fresh_server.url, max_retries=0)

    async def main() -> None:
        with pytest.raises(asyncio.TimeoutError):
            await asyncio.wait_for(client.active_call(AGENT, PHONE), 0.3)

    asyncio.run(main())
    wait_until(lambda: fresh_server.connections_open() == 0)


def test_no_event_loop_noise_when_loops_close_with_requests_in_flight() -> None:
    code = """
import asyncio, gc, time, talkover
from talkover.testing import MockServer

server = MockServer()
server.seed_call("agent-1", "+5511987654321")
server.add_fault("hang", times=1000, path="slow")
client = talkover.AsyncClient(server.token, base_url=server.url, max_retries=0)

async def main():
    for _ in range(20):
        asyncio.ensure_future(client.active_call("slow", "+5511987654321"))
    calls = [client.active_call("agent-1", "+5511987654321") for _ in range(50)]
    done = await asyncio.gather(*calls)
    assert len(done) == 50
    await asyncio.sleep(0.05)

for _ in range(3):
    asyncio.run(main())  # closes its loop with 20 requests still in flight
    gc.collect()
time.sleep(0.3)
print("ok")
"""
    proc = run_python(code)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "ok"
    assert proc.stderr == ""


def test_works_on_uvloop(fresh_server: MockServer) -> None:
    uvloop = pytest.importorskip("uvloop")
    client = talkover.AsyncClient(fresh_server.token, base_url=fresh_server.url, max_retries=0)

    async def main() -> int:
        results = await asyncio.gather(*(client.active_call(AGENT, PHONE) for _ in range(100)))
        fresh_server.add_fault("hang")
        task = asyncio.ensure_future(client.active_call(AGENT, PHONE))
        while len(fresh_server.requests()) < 101:
            await asyncio.sleep(0.01)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        return sum(len(r) for r in results)

    for _ in range(2):
        fresh_server.reset()
        fresh_server.seed_call(AGENT, PHONE)
        assert uvloop.run(main()) == 100
    wait_until(lambda: fresh_server.requests()[-1].outcome == "cancelled")


def test_several_runtime_workers_serve_several_loops() -> None:
    code = """
import asyncio, threading, talkover
from talkover.testing import MockServer

server = MockServer()
server.seed_call("agent-1", "+5511987654321")
client = talkover.AsyncClient(server.token, base_url=server.url, max_retries=0)
counts = []

async def work():
    calls = [client.active_call("agent-1", "+5511987654321") for _ in range(300)]
    return sum(len(r) for r in await asyncio.gather(*calls))

threads = [threading.Thread(target=lambda: counts.append(asyncio.run(work()))) for _ in range(3)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(sorted(counts))
"""
    proc = run_python(code, env={"TALKOVER_WORKER_THREADS": "3"})
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[300, 300, 300]"
