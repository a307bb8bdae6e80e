"""Benchmark one Python HTTP client on the real request path; prints one JSON line.

Every client does the same work per call: GET the active call for a phone number with a
Bearer token, parse the JSON body and build typed call objects with parsed timestamps. The
peers are what a careful user writes by hand: httpx, aiohttp and requests, and the
Rust-backed pyreqwest and rnet (each in its asyncio and its blocking form).

Usage: python bench/python_bench.py --client NAME --url URL --token T
       [--seconds 3] [--concurrency 64] [--sequential 2000]
NAME: talkover-async | httpx | aiohttp | pyreqwest-async | rnet-async | talkover-blocking
      | requests | pyreqwest-blocking | rnet-blocking
--op list (a whole 3-page listing through list_calls) and --op make-call (make_call) are
for the talkover clients; every client does --op active, the default.
With --seconds 0 only one warm-up call and the sequential calls run (the form counted
under callgrind by `bench/run.py --callgrind`).
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import json
import math
import resource
import subprocess
import sys
import threading
import time
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from typing import Any

AGENT = "agent-bench"
PHONE = "+5511987654321"
DIAL = "+5511987654000"  # the number placed by --op make-call
EXPECTED = {"active": 1, "list": 30, "make-call": 1}
MODULES = {
    "talkover-async": "talkover",
    "talkover-blocking": "talkover",
    "httpx": "httpx",
    "aiohttp": "aiohttp",
    "requests": "requests",
    "pyreqwest-async": "pyreqwest.client",
    "pyreqwest-blocking": "pyreqwest.client",
    "rnet-async": "rnet",
    "rnet-blocking": "rnet.blocking",
}
ASYNC = {"talkover-async", "httpx", "aiohttp", "pyreqwest-async", "rnet-async"}


@dataclass(frozen=True)
class Call:
    """What the peers decode into, field for field what the library returns."""

    id: str
    agent_id: str
    to: str
    status: str
    started_at: datetime | None
    duration_seconds: int | None


def decode(body: dict[str, Any]) -> list[Call]:
    return [
        Call(
            c["id"],
            c["agent_id"],
            c["to"],
            c["status"],
            datetime.fromisoformat(c["started_at"]) if c.get("started_at") else None,
            c.get("duration_seconds"),
        )
        for c in body["data"]
    ]


def import_time_ms(module: str, runs: int = 7) -> float:
    """Best-of-N time to import `module` in a fresh interpreter that has imported nothing else."""
    code = f"import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"
    times = [
        float(
            subprocess.run(
                [sys.executable, "-c", code], capture_output=True, text=True, check=True
            ).stdout
        )
        for _ in range(runs)
    ]
    return min(times) * 1e3


def cpu_seconds() -> float:
    u = resource.getrusage(resource.RUSAGE_SELF)
    return u.ru_utime + u.ru_stime


def sequential(latencies: list[float], total: float) -> dict[str, float]:
    """Mean, p50 and p99 (nearest rank) of one-at-a-time calls, in microseconds."""
    ordered = sorted(latencies)

    def rank(p: float) -> float:
        return ordered[max(1, min(len(ordered), math.ceil(p / 100 * len(ordered)))) - 1]

    return {
        "seq_us": total * 1e6 / len(ordered),
        "p50_us": rank(50) * 1e6,
        "p99_us": rank(99) * 1e6,
    }


async def make_async(
    name: str, mod: Any, url: str, token: str, op: str
) -> tuple[Callable[[], Awaitable[int]], Callable[[], Awaitable[None]]]:
    path = f"{url}/agents/{AGENT}/active-call/%2B{PHONE[1:]}"
    headers = {"Authorization": f"Bearer {token}"}
    if name == "talkover-async":
        client = mod.AsyncClient(token=token, base_url=url)

        async def active() -> int:
            return len(await client.active_call(AGENT, PHONE))

        async def listing() -> int:
            listed = 0
            async for _ in client.list_calls():
                listed += 1
            return listed

        async def make_call() -> int:
            await client.make_call(AGENT, DIAL)
            return 1

        one = {"active": active, "list": listing, "make-call": make_call}[op]

        async def close() -> None:
            await client.close()

        return one, close
    if name == "httpx":
        limits = mod.Limits(max_connections=100, max_keepalive_connections=100)
        hx = mod.AsyncClient(headers=headers, limits=limits)

        async def one() -> int:
            r = await hx.get(path)
            r.raise_for_status()
            return len(decode(r.json()))

        return one, hx.aclose
    if name == "pyreqwest-async":
        pr = mod.ClientBuilder().default_headers(headers).build()

        async def one() -> int:
            r = await pr.get(path).build().send()
            if r.status != 200:
                raise RuntimeError(f"HTTP {r.status}")
            return len(decode(await r.json()))

        return one, pr.close
    if name == "rnet-async":
        rn = mod.Client(default_headers=headers)

        async def one() -> int:
            r = await rn.get(path)
            if r.status != 200:
                raise RuntimeError(f"HTTP {r.status}")
            return len(decode(await r.json()))

        async def no_close() -> None:
            return None

        return one, no_close
    session = mod.ClientSession(headers=headers)

    async def one() -> int:
        async with session.get(path) as r:
            r.raise_for_status()
            return len(decode(await r.json()))

    return one, session.close


async def run_async(name: str, mod: Any, args: argparse.Namespace) -> dict[str, float]:
    one, close = await make_async(name, mod, args.url, args.token, args.op)
    if await one() != EXPECTED[args.op]:
        raise SystemExit(f"expected {EXPECTED[args.op]} calls decoded")

    async def saturate(seconds: float) -> int:
        deadline = time.perf_counter() + seconds

        async def worker() -> int:
            done = 0
            while time.perf_counter() < deadline:
                await one()
                done += 1
            return done

        return sum(await asyncio.gather(*(worker() for _ in range(args.concurrency))))

    if args.seconds > 0:
        await saturate(0.5)  # warm-up: open connections, fill caches
    clock = time.perf_counter
    latencies = []
    start = clock()
    for _ in range(args.sequential):
        t = clock()
        await one()
        latencies.append(clock() - t)
    result = sequential(latencies, clock() - start)
    if args.seconds > 0:
        cpu0, start = cpu_seconds(), clock()
        calls = await saturate(args.seconds)
        elapsed, cpu = clock() - start, cpu_seconds() - cpu0
        result.update(rps=calls / elapsed, cpu_us=cpu * 1e6 / calls, calls=calls)
    await close()
    return result


def run_blocking(name: str, mod: Any, args: argparse.Namespace) -> dict[str, float]:
    path = f"{args.url}/agents/{AGENT}/active-call/%2B{PHONE[1:]}"
    if name == "talkover-blocking":
        client = mod.Client(token=args.token, base_url=args.url)

        def active() -> int:
            return len(client.active_call(AGENT, PHONE))

        def listing() -> int:
            return sum(1 for _ in client.list_calls())

        def make_call() -> int:
            client.make_call(AGENT, DIAL)
            return 1

        one = {"active": active, "list": listing, "make-call": make_call}[args.op]
    elif name == "pyreqwest-blocking":
        headers = {"Authorization": f"Bearer {args.token}"}
        pr = mod.SyncClientBuilder().default_headers(headers).build()

        def one() -> int:
            r = pr.get(path).build().send()
            if r.status != 200:
                raise RuntimeError(f"HTTP {r.status}")
            return len(decode(r.json()))
    elif name == "rnet-blocking":
        rn = mod.BlockingClient(
            default_headers={"Authorization": f"Bearer {args.token}"}
        )

        def one() -> int:
            r = rn.get(path)
            if r.status != 200:
                raise RuntimeError(f"HTTP {r.status}")
            return len(decode(r.json()))
    else:
        local = threading.local()

        def one() -> int:
            # requests.Session is not thread-safe: one per thread, as its docs advise.
            session = getattr(local, "session", None)
            if session is None:
                session = local.session = mod.Session()
                session.headers["Authorization"] = f"Bearer {args.token}"
            r = session.get(path)
            r.raise_for_status()
            return len(decode(r.json()))

    if one() != EXPECTED[args.op]:
        raise SystemExit(f"expected {EXPECTED[args.op]} calls decoded")

    def saturate(seconds: float) -> int:
        deadline = time.perf_counter() + seconds

        def worker() -> int:
            done = 0
            while time.perf_counter() < deadline:
                one()
                done += 1
            return done

        with ThreadPoolExecutor(args.concurrency) as pool:
            return sum(pool.map(lambda _: worker(), range(args.concurrency)))

    if args.seconds > 0:
        saturate(0.5)
    clock = time.perf_counter
    latencies = []
    start = clock()
    for _ in range(args.sequential):
        t = clock()
        one()
        latencies.append(clock() - t)
    result = sequential(latencies, clock() - start)
    if args.seconds > 0:
        cpu0, start = cpu_seconds(), clock()
        calls = saturate(args.seconds)
        elapsed, cpu = clock() - start, cpu_seconds() - cpu0
        result.update(rps=calls / elapsed, cpu_us=cpu * 1e6 / calls, calls=calls)
    return result


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--client", required=True, choices=sorted(MODULES))
    p.add_argument("--url", required=True)
    p.add_argument("--token", required=True)
    p.add_argument("--seconds", type=float, default=3.0)
    p.add_argument("--concurrency", type=int, default=64)
    p.add_argument("--sequential", type=int, default=2000)
    p.add_argument("--op", default="active", choices=sorted(EXPECTED))
    args = p.parse_args()
    if args.op != "active" and not args.client.startswith("talkover"):
        p.error("--op list and make-call are for the talkover clients")
    import_ms = import_time_ms(MODULES[args.client]) if args.seconds > 0 else None
    mod = importlib.import_module(MODULES[args.client])
    if args.client in ASYNC:
        result = asyncio.run(run_async(args.client, mod, args))
    else:
        result = run_blocking(args.client, mod, args)
    rss_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out = {
        "lang": "python",
        "client": args.client,
        "op": args.op,
        **result,
        "rss_mib": rss_mib,
        "import_ms": import_ms,
    }
    print(
        json.dumps(
            {k: round(v, 1) if isinstance(v, float) else v for k, v in out.items()}
        )
    )
    sys.stdout.flush()


if __name__ == "__main__":
    main()
