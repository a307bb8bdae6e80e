"""Benchmark one Python HTTP client on the real request path; prints one JSON line.

Every client does the same work per call: GET the active call for a phone number with a
Bearer token, parse the JSON body and build typed call objects with parsed timestamps. The
peers (httpx, aiohttp, requests) are what a careful user writes by hand.

Usage: python bench/python_bench.py --client NAME --url URL --token T
       [--seconds 3] [--concurrency 64] [--sequential 2000]
NAME: talkover-async | httpx | aiohttp | talkover-blocking | requests
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import json
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
MODULES = {
    "talkover-async": "talkover",
    "talkover-blocking": "talkover",
    "httpx": "httpx",
    "aiohttp": "aiohttp",
    "requests": "requests",
}


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


async def make_async(
    name: str, mod: Any, url: str, token: str
) -> tuple[Callable[[], Awaitable[int]], Callable[[], Awaitable[None]]]:
    path = f"{url}/agents/{AGENT}/active-call/%2B{PHONE[1:]}"
    headers = {"Authorization": f"Bearer {token}"}
    if name == "talkover-async":
        client = mod.AsyncClient(token=token, base_url=url)

        async def one() -> int:
            return len(await client.active_call(AGENT, PHONE))

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
    session = mod.ClientSession(headers=headers)

    async def one() -> int:
        async with session.get(path) as r:
            r.raise_for_status()
            return len(decode(await r.json()))

    return one, session.close


async def run_async(name: str, mod: Any, args: argparse.Namespace) -> dict[str, float]:
    one, close = await make_async(name, mod, args.url, args.token)
    if await one() != 1:
        raise SystemExit("expected 1 seeded active call")

    async def saturate(seconds: float) -> int:
        deadline = time.perf_counter() + seconds

        async def worker() -> int:
            done = 0
            while time.perf_counter() < deadline:
                await one()
                done += 1
            return done

        return sum(await asyncio.gather(*(worker() for _ in range(args.concurrency))))

    await saturate(0.5)  # warm-up: open connections, fill caches
    start = time.perf_counter()
    for _ in range(args.sequential):
        await one()
    seq = (time.perf_counter() - start) / args.sequential
    cpu0, start = cpu_seconds(), time.perf_counter()
    calls = await saturate(args.seconds)
    elapsed, cpu = time.perf_counter() - start, cpu_seconds() - cpu0
    await close()
    return {
        "seq_us": seq * 1e6,
        "rps": calls / elapsed,
        "cpu_us": cpu * 1e6 / calls,
        "calls": calls,
    }


def run_blocking(name: str, mod: Any, args: argparse.Namespace) -> dict[str, float]:
    path = f"{args.url}/agents/{AGENT}/active-call/%2B{PHONE[1:]}"
    if name == "talkover-blocking":
        client = mod.Client(token=args.token, base_url=args.url)

        def one() -> int:
            return len(client.active_call(AGENT, PHONE))
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

    if one() != 1:
        raise SystemExit("expected 1 seeded active call")

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

    saturate(0.5)
    start = time.perf_counter()
    for _ in range(args.sequential):
        one()
    seq = (time.perf_counter() - start) / args.sequential
    cpu0, start = cpu_seconds(), time.perf_counter()
    calls = saturate(args.seconds)
    elapsed, cpu = time.perf_counter() - start, cpu_seconds() - cpu0
    return {
        "seq_us": seq * 1e6,
        "rps": calls / elapsed,
        "cpu_us": cpu * 1e6 / calls,
        "calls": calls,
    }


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--client", required=True, choices=sorted(MODULES))
    p.add_argument("--url", required=True)
    p.add_argument("--token", required=True)
    p.add_argument("--seconds", type=float, default=3.0)
    p.add_argument("--concurrency", type=int, default=64)
    p.add_argument("--sequential", type=int, default=2000)
    args = p.parse_args()
    import_ms = import_time_ms(MODULES[args.client])
    mod = importlib.import_module(MODULES[args.client])
    if args.client in ("talkover-async", "httpx", "aiohttp"):
        result = asyncio.run(run_async(args.client, mod, args))
    else:
        result = run_blocking(args.client, mod, args)
    rss_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out = {
        "lang": "python",
        "client": args.client,
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
