"""`make bench-python`: throughput, memory and import time of the Python package.

Starts the `talkover-mock` binary pinned to the last core and pins this process (and so the
runtime's worker threads, which inherit it) to the others, then measures:

* `active_call` requests per second from N concurrent tasks on the default asyncio loop;
* the same from the blocking client in one thread and in N threads;
* peak RSS of the process running the async tasks (interpreter included);
* `import talkover` in a fresh interpreter (best of several runs).

Usage: python bench_python.py --mock target/release/talkover-mock [--concurrency 64]
       [--seconds 5]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import threading
import time
import urllib.request

TOKEN = "talq_bench_token"
AGENT = "agent-bench"
PHONE = "+5511987654321"


def start_mock(binary: str, core: int | None) -> tuple[subprocess.Popen[str], str]:
    cmd = [binary, "--port", "0", "--token", TOKEN]
    if core is not None:
        cmd = ["taskset", "-c", str(core), *cmd]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    line = proc.stdout.readline().strip()
    url = line.rsplit(" ", 1)[-1]
    if not url.startswith("http"):
        proc.kill()
        raise SystemExit(f"unexpected simulator output: {line!r}")
    control = url.removesuffix("/api/v1") + "/__mock/calls"
    seed = json.dumps({"agent_id": AGENT, "to": PHONE, "status": "answered"}).encode()
    request = urllib.request.Request(
        control, data=seed, headers={"content-type": "application/json"}, method="POST"
    )
    urllib.request.urlopen(request, timeout=5).read()
    return proc, url


# Runs in a fresh interpreter that imports nothing else, so its peak RSS is the package's.
ASYNC_CHILD = """
import asyncio, resource, sys, time
import talkover

url, agent, phone, token = sys.argv[1:5]
concurrency, seconds = int(sys.argv[5]), float(sys.argv[6])

async def main():
    client = talkover.AsyncClient(token, base_url=url, max_retries=0)
    done = 0

    async def worker(deadline):
        nonlocal done
        while time.perf_counter() < deadline:
            calls = await client.active_call(agent, phone)
            assert calls[0].status == "answered"
            done += 1

    warmup = time.perf_counter() + 0.5
    await asyncio.gather(*(worker(warmup) for _ in range(concurrency)))
    done = 0
    start = time.perf_counter()
    await asyncio.gather(*(worker(start + seconds) for _ in range(concurrency)))
    return done / (time.perf_counter() - start)

rate = asyncio.run(main())
print(rate, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""


def run_async(url: str, concurrency: int, seconds: float) -> tuple[float, float]:
    """Requests per second and peak RSS (MiB) of a fresh interpreter running the tasks."""
    args = [url, AGENT, PHONE, TOKEN, str(concurrency), str(seconds)]
    cmd = [sys.executable, "-c", ASYNC_CHILD, *args]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True)
    rate, rss = out.stdout.split()
    return float(rate), float(rss)


def run_blocking(url: str, threads: int, seconds: float) -> float:
    import talkover

    client = talkover.Client(TOKEN, base_url=url, max_retries=0)
    counts = [0] * threads

    def worker(i: int, deadline: float) -> None:
        while time.perf_counter() < deadline:
            client.active_call(AGENT, PHONE)
            counts[i] += 1

    start = time.perf_counter()
    pool = [threading.Thread(target=worker, args=(i, start + seconds)) for i in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    return sum(counts) / (time.perf_counter() - start)


def import_time(runs: int = 15) -> tuple[float, float]:
    code = "import time; t = time.perf_counter(); import talkover; print(time.perf_counter() - t)"
    samples = []
    for _ in range(runs):
        cmd = [sys.executable, "-c", code]
        out = subprocess.run(cmd, capture_output=True, text=True, check=True)
        samples.append(float(out.stdout) * 1000)
    return min(samples), statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mock", required=True, help="path to the talkover-mock binary")
    parser.add_argument("--concurrency", type=int, default=64)
    parser.add_argument("--seconds", type=float, default=5.0)
    args = parser.parse_args()

    cores = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else []
    mock_core = cores[-1] if len(cores) > 1 else None
    if mock_core is not None:
        os.sched_setaffinity(0, set(cores[:-1]))

    best_import, median_import = import_time()
    proc, url = start_mock(args.mock, mock_core)
    try:
        async_rate, rss_mib = run_async(url, args.concurrency, args.seconds)
        single = run_blocking(url, 1, args.seconds / 2)
        threaded = run_blocking(url, args.concurrency, args.seconds / 2)
    finally:
        proc.terminate()
        proc.wait(10)

    pinned = f"client on cores {cores[:-1]}, simulator on core {mock_core}" if mock_core else ""
    print(f"python {sys.version.split()[0]}  {pinned}")
    print(f"async  active_call  {args.concurrency:>3} tasks    {async_rate:>9,.0f} req/s")
    print(f"sync   active_call    1 thread   {single:>9,.0f} req/s")
    print(f"sync   active_call  {args.concurrency:>3} threads  {threaded:>9,.0f} req/s")
    print(f"peak RSS (async run, whole process) {rss_mib:>6.1f} MiB")
    print(f"import talkover                  {best_import:>9.2f} ms (median {median_import:.2f})")


if __name__ == "__main__":
    main()
