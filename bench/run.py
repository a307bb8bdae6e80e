"""`make bench`: run every client benchmark against one simulator and print one table.

The simulator (`talkover-mock`, release build) runs pinned to one core and each client to
the other when `taskset` exists and the machine has two cores or more. Each client runs
REPEATS times in a fresh process (so peak RSS and import time are its own); the table shows
the median and the spread (min-max) of throughput. Results and the machine are written to
BENCHMARKS.md. Standard library only.

Usage: python3 bench/run.py --mock BIN --rust-bench BIN --python PY [--node NODE]
       [--seconds 3] [--repeats 3] [--only rust,python,node] [--write BENCHMARKS.md]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "talq_bench_token"
# (language, client, peer it is compared with or None, how to run it)
CLIENTS = [
    ("rust", "talkover", "reqwest"),
    ("rust", "reqwest", None),
    ("python", "talkover-async", "httpx"),
    ("python", "httpx", None),
    ("python", "aiohttp", None),
    ("python", "talkover-blocking", "requests"),
    ("python", "requests", None),
    ("node", "talkover", "undici"),
    ("node", "undici", None),
    ("node", "fetch", None),
]
TARGETS = {
    (
        "python",
        "talkover-async",
    ): "target: >= 40,000 req/s, RSS <= 30 MiB, import <= 5 ms",
    ("node", "talkover"): "target: >= 40,000 req/s, RSS <= 80 MiB, require <= 20 ms",
    ("rust", "talkover"): "target: >= 95% of plain reqwest",
}


def pin(core: int) -> list[str]:
    if shutil.which("taskset") and (os.cpu_count() or 1) >= 2:
        return ["taskset", "-c", str(core)]
    return []


def start_simulator(binary: str) -> tuple[subprocess.Popen[str], str]:
    proc = subprocess.Popen(
        [*pin(1), binary, "--port", "0", "--token", TOKEN],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()
    url = line[line.index("http://") :].strip()
    body = json.dumps(
        {
            "agent_id": "agent-bench",
            "to": "+5511987654321",
            "status": "answered",
            "started_at": "2024-01-15T11:00:00Z",
            "duration_seconds": 42,
        }
    ).encode()
    req = urllib.request.Request(
        url.removesuffix("/api/v1") + "/__mock/calls",
        data=body,
        headers={"content-type": "application/json"},
    )
    urllib.request.urlopen(req, timeout=5).read()
    return proc, url


def command(lang: str, client: str, args: argparse.Namespace, url: str) -> list[str]:
    common = [
        "--client",
        client,
        "--url",
        url,
        "--token",
        TOKEN,
        "--seconds",
        str(args.seconds),
    ]
    if lang == "rust":
        return [args.rust_bench, *common]
    if lang == "python":
        return [args.python, str(ROOT / "bench" / "python_bench.py"), *common]
    return [args.node, str(ROOT / "bench" / "node_bench.mjs"), *common]


def run_one(cmd: list[str]) -> dict[str, float] | None:
    env = dict(os.environ)
    addon = ROOT / "target" / "release" / "talkover-bench.node"
    if addon.exists():
        # The Node package's loader takes the release addon instead of its debug build.
        env["NAPI_RS_NATIVE_LIBRARY_PATH"] = str(addon)
    try:
        out = subprocess.run(
            [*pin(0), *cmd],
            check=False,
            capture_output=True,
            text=True,
            timeout=180,
            env=env,
        )
    except subprocess.TimeoutExpired:
        print(f"  timed out: {' '.join(cmd)}", file=sys.stderr)
        return None
    if out.returncode != 0:
        print(f"  failed: {' '.join(cmd)}\n{out.stderr.strip()}", file=sys.stderr)
        return None
    return json.loads(out.stdout.strip().splitlines()[-1])


def summarise(runs: list[dict[str, float]]) -> dict[str, object]:
    def med(key: str) -> float | None:
        values = [r[key] for r in runs if r.get(key) is not None]
        return statistics.median(values) if values else None

    rps = [r["rps"] for r in runs]
    return {
        "seq_us": med("seq_us"),
        "rps": med("rps"),
        "rps_min": min(rps),
        "rps_max": max(rps),
        "cpu_us": med("cpu_us"),
        "rss_mib": med("rss_mib"),
        "import_ms": med("import_ms"),
        "runs": len(runs),
    }


def fmt(value: object, spec: str = ",.0f") -> str:
    return "-" if value is None else format(value, spec)


def table(results: dict[tuple[str, str], dict[str, object]]) -> str:
    head = (
        "| language | client | sequential µs/call | req/s at 64 (median, min-max) | CPU µs/call "
        "| peak RSS MiB | import ms | vs peer |\n|---|---|---:|---:|---:|---:|---:|---|"
    )
    rows = [head]
    for lang, client, peer in CLIENTS:
        r = results.get((lang, client))
        if r is None:
            continue
        ratio = "-"
        p = results.get((lang, peer)) if peer else None
        if p and p["rps"]:
            ratio = f"{r['rps'] / p['rps']:.2f}x {peer}"
        rows.append(
            f"| {lang} | {client} | {fmt(r['seq_us'], ',.1f')} | {fmt(r['rps'])} "
            f"({fmt(r['rps_min'])}-{fmt(r['rps_max'])}) | {fmt(r['cpu_us'], ',.1f')} "
            f"| {fmt(r['rss_mib'], '.1f')} | {fmt(r['import_ms'], '.1f')} | {ratio} |"
        )
    return "\n".join(rows)


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}"
    )


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--mock", required=True)
    p.add_argument("--rust-bench", required=True)
    p.add_argument("--python", required=True)
    p.add_argument("--node", default="node")
    p.add_argument("--seconds", type=float, default=3.0)
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--only", default="rust,python,node")
    p.add_argument("--write", default=str(ROOT / "BENCHMARKS.md"))
    args = p.parse_args()
    langs = set(args.only.split(","))
    sim, url = start_simulator(args.mock)
    results = {}
    try:
        for lang, client, _ in CLIENTS:
            if lang not in langs:
                continue
            print(f"{lang}/{client} ...", file=sys.stderr, flush=True)
            runs = [
                r
                for _ in range(args.repeats)
                if (r := run_one(command(lang, client, args, url)))
            ]
            if runs:
                results[(lang, client)] = summarise(runs)
    finally:
        sim.terminate()
        sim.wait(timeout=10)
    text = table(results)
    print(text)
    for key, target in TARGETS.items():
        if key in results:
            print(f"{key[0]}/{key[1]}: {target}")
    if args.write:
        node = subprocess.run(
            [args.node, "--version"], check=False, capture_output=True, text=True
        ).stdout.strip()
        Path(args.write).write_text(
            "# Benchmarks\n\nProduced by `make bench` (bench/run.py); do not edit by hand.\n\n"
            f"Machine: {machine()}, Node {node}. Server: the `talkover-mock` simulator (release "
            f"build) pinned to core 1, each client pinned to core 0 in its own process; "
            f"{args.repeats} runs of {args.seconds:g} s at 64 concurrent calls after a warm-up, "
            "medians shown with the min-max of throughput.\n\n"
            + text
            + "\n\nTargets: "
            + "; ".join(f"{k[0]} {k[1]} {v}" for k, v in TARGETS.items())
            + ".\n"
        )
    return 0 if results else 1


if __name__ == "__main__":
    sys.exit(main())
