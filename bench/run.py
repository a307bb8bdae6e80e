"""`make bench`: run every client benchmark against one static server and write the tables.

The server (`talkover-bench-server`, release build: static answers, one thread) runs pinned
to one core and each client to the other when `taskset` exists and the machine has two cores
or more. The server's own CPU time (utime + stime from /proc/PID/stat) is read around each
client run and divided by the requests it answered in that run, so every row shows that the
server had headroom. Each client runs REPEATS times in a fresh process (so peak RSS and
import time are its own); the tables show medians, with the min-max of throughput. Every row
is also a ratio to plain reqwest (Rust, hand-written with serde) measured in the same run.

With --callgrind, each client listed in CALLGRIND also runs sequentially under valgrind's
callgrind for two call counts (2,000 and 4,000 by default, after one warm-up call); the
difference of the two instruction totals divided by the difference of the counts is the
instructions per call, with start-up, imports and the warm-up cancelled out. It counts the
user-space instructions of every thread of the client process (not the kernel's work in
system calls, nor the server's), and repeats to about 1 %
whatever else the machine is doing, unlike times on a shared machine.

Results, the machine and its load, and the method are written to BENCHMARKS.md. Standard
library only.

Usage: python3 bench/run.py --server BIN --rust-bench BIN --python PY [--node NODE]
       [--seconds 3] [--repeats 3] [--only rust,python,node] [--callgrind]
       [--callgrind-calls 2000,4000] [--callgrind-dir DIR] [--write BENCHMARKS.md]
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
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "talq_bench_token"
Key = tuple[str, str, str]  # (language, client, operation)

# The active-call rows: (language, client). Plain reqwest is the reference of every ratio.
ACTIVE = [
    ("rust", "talkover"),
    ("rust", "reqwest"),
    ("python", "talkover-async"),
    ("python", "pyreqwest-async"),
    ("python", "rnet-async"),
    ("python", "aiohttp"),
    ("python", "httpx"),
    ("python", "talkover-blocking"),
    ("python", "pyreqwest-blocking"),
    ("python", "rnet-blocking"),
    ("python", "requests"),
    ("node", "talkover"),
    ("node", "undici-pool"),
    ("node", "undici"),
    ("node", "fetch"),
]
# The other operations: a whole 3-page listing (3 requests) and placing one call.
OPERATIONS = {
    "list": ("3-page list_calls", "reqwest-list"),
    "make-call": ("make_call", "reqwest-make-call"),
}
OP_ROWS = [
    ("rust", "talkover"),
    ("rust", "reqwest"),
    ("python", "talkover-async"),
    ("python", "talkover-blocking"),
    ("node", "talkover"),
]
# Counted under callgrind with --callgrind.
CALLGRIND = [
    ("rust", "talkover"),
    ("rust", "reqwest"),
    ("python", "talkover-async"),
    ("python", "pyreqwest-async"),
    ("python", "talkover-blocking"),
    ("python", "pyreqwest-blocking"),
    ("node", "talkover"),
    ("node", "undici-pool"),
]
BEST_PEER = {
    "talkover-async": ["pyreqwest-async", "rnet-async", "aiohttp", "httpx"],
    "talkover-blocking": ["pyreqwest-blocking", "rnet-blocking", "requests"],
    "talkover": ["undici-pool", "undici", "fetch"],
}


def pin(core: int) -> list[str]:
    if shutil.which("taskset") and (os.cpu_count() or 1) >= 2:
        return ["taskset", "-c", str(core)]
    return []


class Server:
    """The static benchmark server, with its CPU time and request count."""

    def __init__(self, binary: str) -> None:
        self.proc = subprocess.Popen(
            [*pin(1), binary, "--port", "0", "--token", TOKEN],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        self.url = line[line.index("http://") :].split()[0]
        self.ticks = os.sysconf("SC_CLK_TCK")

    def cpu_seconds(self) -> float:
        fields = (
            Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        )
        # utime and stime are fields 14 and 15 of the file, 12 and 13 after the name.
        return (int(fields[11]) + int(fields[12])) / self.ticks

    def requests(self) -> int:
        stats = self.url.removesuffix("/api/v1") + "/__stats"
        with urllib.request.urlopen(stats, timeout=5) as r:
            return int(json.loads(r.read())["requests"])

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=10)


def command(
    lang: str, client: str, op: str, args: argparse.Namespace, url: str, **extra: Any
) -> list[str]:
    settings = {"seconds": args.seconds, **extra}
    flags = [part for k, v in settings.items() for part in (f"--{k}", str(v))]
    if lang == "rust":
        name = (
            client if op == "active" else OPERATIONS[op][1].replace("reqwest", client)
        )
        return [
            args.rust_bench,
            "--client",
            name,
            "--url",
            url,
            "--token",
            TOKEN,
            *flags,
        ]
    common = ["--client", client, "--url", url, "--token", TOKEN, "--op", op, *flags]
    if lang == "python":
        return [args.python, str(ROOT / "bench" / "python_bench.py"), *common]
    return [args.node, str(ROOT / "bench" / "node_bench.mjs"), *common]


def environment() -> dict[str, str]:
    env = dict(os.environ)
    addon = ROOT / "target" / "release" / "talkover-bench.node"
    if addon.exists():
        # The Node package's loader takes the release addon instead of its debug build.
        env["NAPI_RS_NATIVE_LIBRARY_PATH"] = str(addon)
    return env


def run_one(cmd: list[str], server: Server | None = None) -> dict[str, Any] | None:
    before = (server.cpu_seconds(), server.requests()) if server else None
    try:
        out = subprocess.run(
            [*pin(0), *cmd],
            check=False,
            capture_output=True,
            text=True,
            timeout=600,
            env=environment(),
        )
    except subprocess.TimeoutExpired:
        print(f"  timed out: {' '.join(cmd)}", file=sys.stderr)
        return None
    if out.returncode != 0:
        print(
            f"  failed (exit {out.returncode}): {' '.join(cmd)}\n"
            f"{out.stderr.strip()[-2000:]}",
            file=sys.stderr,
        )
        return None
    result = json.loads(out.stdout.strip().splitlines()[-1])
    if server and before:
        requests = server.requests() - before[1]
        result["server_us"] = (
            (server.cpu_seconds() - before[0]) * 1e6 / max(requests, 1)
        )
    return result


def summarise(runs: list[dict[str, Any]]) -> dict[str, Any]:
    def med(key: str) -> float | None:
        values = [r[key] for r in runs if r.get(key) is not None]
        return statistics.median(values) if values else None

    rps = [r["rps"] for r in runs]
    summary: dict[str, Any] = {
        k: med(k)
        for k in ("seq_us", "p50_us", "p99_us", "rps", "cpu_us", "rss_mib", "import_ms")
    }
    summary.update(rps_min=min(rps), rps_max=max(rps), runs=len(runs))
    summary["server_us"] = med("server_us")
    return summary


def callgrind_instructions(cmd: list[str], out_file: Path) -> int | None:
    """Total instructions of one run under callgrind (every thread of the process)."""
    full = [
        *pin(0),
        "valgrind",
        "--tool=callgrind",
        f"--callgrind-out-file={out_file}",
        "--trace-children=no",
        *cmd,
    ]
    try:
        proc = subprocess.run(
            full,
            check=False,
            capture_output=True,
            text=True,
            timeout=1800,
            env=environment(),
        )
    except subprocess.TimeoutExpired:
        print(f"  callgrind timed out: {' '.join(cmd)}", file=sys.stderr)
        return None
    if proc.returncode != 0 or not out_file.exists():
        print(
            f"  callgrind failed: {' '.join(cmd)}\n{proc.stderr[-2000:]}",
            file=sys.stderr,
        )
        return None
    for line in out_file.read_text(errors="replace").splitlines():
        if line.startswith(("summary:", "totals:")):
            return int(line.split()[1])
    return None


def count_instructions(
    lang: str, client: str, args: argparse.Namespace, url: str
) -> float | None:
    low, high = (int(n) for n in args.callgrind_calls.split(","))
    with tempfile.TemporaryDirectory(prefix="talkover-callgrind-") as tmp:
        keep = Path(args.callgrind_dir or tmp)
        keep.mkdir(parents=True, exist_ok=True)
        totals = []
        for calls in (low, high):
            cmd = command(
                lang, client, "active", args, url, sequential=calls, seconds=0
            )
            out = keep / f"{lang}-{client}-{calls}.out"
            totals.append(callgrind_instructions(cmd, out))
    if None in totals:
        return None
    return (totals[1] - totals[0]) / (high - low)


def fmt(value: object, spec: str = ",.0f") -> str:
    return "-" if value is None else format(value, spec)


def ratio(value: float | None, base: float | None) -> str:
    return "-" if not value or not base else f"{value / base:.2f}x"


def active_table(results: dict[Key, dict[str, Any]], instr: dict[Key, float]) -> str:
    base = results.get(("rust", "reqwest", "active"), {})
    base_instr = instr.get(("rust", "reqwest", "active"))
    rows = [
        (
            "| language | client | CPU µs/call | vs reqwest | sequential mean µs | vs reqwest "
            "| p50 µs | p99 µs | req/s at 64 (min-max) | vs reqwest | peak RSS MiB "
            "| instructions/call | vs reqwest | import ms | server µs/req |"
        ),
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for lang, client in ACTIVE:
        r = results.get((lang, client, "active"))
        if r is None:
            continue
        n = instr.get((lang, client, "active"))
        rows.append(
            f"| {lang} | {client} | {fmt(r['cpu_us'], ',.1f')} | "
            f"{ratio(r['cpu_us'], base.get('cpu_us'))} | {fmt(r['seq_us'], ',.1f')} | "
            f"{ratio(r['seq_us'], base.get('seq_us'))} | {fmt(r['p50_us'], ',.1f')} | "
            f"{fmt(r['p99_us'], ',.1f')} | {fmt(r['rps'])} ({fmt(r['rps_min'])}-"
            f"{fmt(r['rps_max'])}) | {ratio(r['rps'], base.get('rps'))} | "
            f"{fmt(r['rss_mib'], '.1f')} | {fmt(n)} | {ratio(n, base_instr)} | "
            f"{fmt(r['import_ms'], '.1f')} | {fmt(r['server_us'], '.1f')} |"
        )
    return "\n".join(rows)


def ops_table(results: dict[Key, dict[str, Any]]) -> str:
    rows = [
        (
            "| operation | language | client | CPU µs/op | vs reqwest | sequential mean µs "
            "| vs reqwest | p50 µs | p99 µs | ops/s at 64 (min-max) | vs reqwest "
            "| server µs/req |"
        ),
        "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for op, (label, _) in OPERATIONS.items():
        base = results.get(("rust", "reqwest", op), {})
        for lang, client in OP_ROWS:
            r = results.get((lang, client, op))
            if r is None:
                continue
            rows.append(
                f"| {label} | {lang} | {client} | {fmt(r['cpu_us'], ',.1f')} | "
                f"{ratio(r['cpu_us'], base.get('cpu_us'))} | {fmt(r['seq_us'], ',.1f')} | "
                f"{ratio(r['seq_us'], base.get('seq_us'))} | {fmt(r['p50_us'], ',.1f')} | "
                f"{fmt(r['p99_us'], ',.1f')} | {fmt(r['rps'])} ({fmt(r['rps_min'])}-"
                f"{fmt(r['rps_max'])}) | {ratio(r['rps'], base.get('rps'))} | "
                f"{fmt(r['server_us'], '.1f')} |"
            )
    return "\n".join(rows)


def targets(results: dict[Key, dict[str, Any]], instr: dict[Key, float]) -> list[str]:
    """Issue 14's targets, each judged on this run's figures: met or not."""
    out = []
    ref = results.get(("rust", "reqwest", "active"))
    if not ref:
        return out

    def verdict(ok: bool) -> str:
        return "met" if ok else "NOT met"

    ref_instr = instr.get(("rust", "reqwest", "active"))
    for lang, client in [
        ("python", "talkover-async"),
        ("python", "talkover-blocking"),
        ("node", "talkover"),
    ]:
        r = results.get((lang, client, "active"))
        if not r:
            continue
        x = r["seq_us"] / ref["seq_us"]
        line = f"{lang} {client}: sequential mean within 1.3x of reqwest: {x:.2f}x, {verdict(x <= 1.3)}"
        n = instr.get((lang, client, "active"))
        if n and ref_instr:
            line += f" (instructions per call {n / ref_instr:.2f}x reqwest's)"
        out.append(line)
    node = results.get(("node", "talkover", "active"))
    if node:
        x = node["p99_us"] / node["p50_us"]
        out.append(
            f"node talkover: sequential p99 within 2x its p50: {x:.2f}x, {verdict(x <= 2)}"
        )
    for lang, client in [("python", "talkover-async"), ("node", "talkover")]:
        r = results.get((lang, client, "active"))
        if not r:
            continue
        x = r["rps"] / ref["rps"]
        out.append(
            f"{lang} {client}: req/s at 64 at least 0.8x reqwest: {x:.2f}x, {verdict(x >= 0.8)}"
        )
        peers = [
            (results[(lang, p, "active")]["rps"], p)
            for p in BEST_PEER[client]
            if (lang, p, "active") in results
        ]
        if peers:
            best, name = max(peers)
            x = r["rps"] / best
            out.append(
                f"{lang} {client}: req/s at least 2.5x the best peer ({name}): {x:.2f}x, "
                f"{verdict(x >= 2.5)}"
            )
    rust = results.get(("rust", "talkover", "active"))
    if rust:
        x = rust["rps"] / ref["rps"]
        out.append(
            f"rust talkover: req/s at least 0.95x reqwest: {x:.2f}x, {verdict(x >= 0.95)}"
        )
    for lang, client, ceiling in [
        ("python", "talkover-async", 30),
        ("node", "talkover", 80),
    ]:
        r = results.get((lang, client, "active"))
        if r and r["rss_mib"] is not None:
            out.append(
                f"{lang} {client}: peak RSS at most {ceiling} MiB: {r['rss_mib']:.1f} MiB, "
                f"{verdict(r['rss_mib'] <= ceiling)}"
            )
    return out


def construction(args: argparse.Namespace) -> dict[str, float] | None:
    """Building HTTPS clients in one process: the first, the second, the median after."""
    runs = [
        r
        for _ in range(3)
        if (
            r := run_one(
                [
                    args.rust_bench,
                    "--client",
                    "construct",
                    "--url",
                    "-",
                    "--token",
                    TOKEN,
                ]
            )
        )
    ]
    if not runs:
        return None
    return {
        k: statistics.median(r[k] for r in runs)
        for k in ("first_ms", "second_ms", "median_ms")
    }


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


def load() -> str:
    try:
        return ", ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--server", required=True)
    p.add_argument("--rust-bench", required=True)
    p.add_argument("--python", required=True)
    p.add_argument("--node", default="node")
    p.add_argument("--seconds", type=float, default=3.0)
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--only", default="rust,python,node")
    p.add_argument("--callgrind", action="store_true")
    p.add_argument("--callgrind-calls", default="2000,4000")
    p.add_argument(
        "--callgrind-dir",
        help="keep the callgrind profiles here (read them with bench/callgrind_diff.py)",
    )
    p.add_argument("--write", default=str(ROOT / "BENCHMARKS.md"))
    args = p.parse_args()
    if args.callgrind and not shutil.which("valgrind"):
        print(
            "--callgrind: valgrind is not installed; skipping the count",
            file=sys.stderr,
        )
        args.callgrind = False
    langs = set(args.only.split(","))
    load_before, started = load(), time.time()
    server = Server(args.server)
    results: dict[Key, dict[str, Any]] = {}
    instr: dict[Key, float] = {}
    plan = [(lang, client, "active") for lang, client in ACTIVE]
    plan += [(lang, client, op) for op in OPERATIONS for lang, client in OP_ROWS]
    try:
        server_before = (server.cpu_seconds(), server.requests())
        for lang, client, op in plan:
            if lang not in langs:
                continue
            print(f"{lang}/{client} {op} ...", file=sys.stderr, flush=True)
            runs = [
                r
                for _ in range(args.repeats)
                if (r := run_one(command(lang, client, op, args, server.url), server))
            ]
            if runs:
                results[(lang, client, op)] = summarise(runs)
        server_total = (
            server.cpu_seconds() - server_before[0],
            server.requests() - server_before[1],
        )
        if args.callgrind:
            for lang, client in CALLGRIND:
                if lang not in langs:
                    continue
                print(
                    f"{lang}/{client} under callgrind ...", file=sys.stderr, flush=True
                )
                n = count_instructions(lang, client, args, server.url)
                if n is not None:
                    instr[(lang, client, "active")] = n
    finally:
        server.stop()
    built = construction(args) if "rust" in langs else None
    minutes = (time.time() - started) / 60

    text = active_table(results, instr)
    ops = ops_table(results)
    verdicts = targets(results, instr)
    print(text, ops, *verdicts, sep="\n")
    if built:
        print(f"HTTPS client construction: {built}")
    if not args.write:
        return 0 if results else 1
    node = subprocess.run(
        [args.node, "--version"], check=False, capture_output=True, text=True
    ).stdout.strip()
    server_us = server_total[0] * 1e6 / max(server_total[1], 1)
    fastest = max(results.values(), key=lambda r: r["rps"], default=None)
    busiest = (
        f" At the fastest row ({fmt(fastest['rps'])} req/s) its core was about "
        f"{min(100.0, fastest['rps'] * (fastest['server_us'] or 0) / 1e4):.0f} % busy."
        if fastest
        else ""
    )
    low, high = args.callgrind_calls.split(",")
    lines = [
        "# Benchmarks",
        "",
        "Produced by `make bench` (bench/run.py); do not edit by hand.",
        "",
        (
            f"**Machine:** {machine()}, Node {node}. Load average (1, 5, 15 min) {load_before} "
            f"when the run started and {load()} when it ended, after {minutes:.0f} min: "
            "other work shares this VM, so times and throughput move between runs (by up to "
            "30 % here); instruction counts do not."
        ),
        "",
        "**Server:** `talkover-bench-server` (bench/src/bin), release build: static answers "
        "prepared at start-up (the documented active-call, list-page and make-call bodies, "
        "`content-type: application/json`, an `x-request-id`), one thread, HTTP/1.1 "
        "keep-alive and pipelining parsed by hand, pinned to core 1; each client runs in its "
        "own process pinned to core 0. Server CPU (utime + stime from /proc) per request "
        f"over the whole run: **{server_us:.1f} µs**, per client run in the last column."
        + busiest,
        "",
        (
            f"**Method:** {args.repeats} run(s) per client; each run makes one call, 0.5 s at "
            "64 calls in flight (warm-up: connections opened, code faulted in), 2,000 calls one "
            "at a time (sequential mean, p50 and p99 by nearest rank), then "
            f"{args.seconds:g} s at 64 in flight (throughput, and the client's CPU time, "
            "user + system of every thread, divided by the calls made). Medians of the runs, "
            "with the min-max of throughput. Every client does the same work: a GET with the "
            "Bearer token, the JSON parsed into objects with parsed timestamps. `vs reqwest` "
            "divides by plain reqwest + serde (bench/src/peer.rs) in the same run: below 1x is "
            "less CPU, latency or instructions, above 1x more throughput."
        ),
        "",
        "**Instructions per call:** "
        + (
            f"valgrind's callgrind counts every user-space instruction of the client "
            f"process (all threads; not the kernel's, nor the server's) for {low} and for "
            f"{high} sequential calls after one "
            f"warm-up call; (count at {high} - count at {low}) / {int(high) - int(low):,}, so "
            "start-up, imports and connection set-up cancel out. Repeatable to about 1 % "
            "whatever the load. Valgrind runs one thread at a time, so a path that hops "
            "between threads pays for its wake-ups in instructions, not in overlap."
            if instr
            else "not counted in this run (`bench/run.py --callgrind`, needs valgrind)."
        ),
        "",
        "## One active call",
        "",
        text,
        "",
        "## The other operations",
        "",
        (
            "A 3-page `list_calls` iteration (three GETs of ten calls each, every call decoded) "
            "and one `make_call` (a POST); `vs reqwest` compares with the same requests made and "
            "decoded by hand with reqwest + serde."
        ),
        "",
        ops,
        "",
    ]
    if built:
        lines += [
            "## Building an HTTPS client",
            "",
            (
                "Time to build a `talkover::Client` for an `https` base URL (Rust, release), "
                "median of 3 processes: the first in a process loads and parses the system's "
                f"root store: **{built['first_ms']:.2f} ms**; the second reuses it: "
                f"**{built['second_ms']:.3f} ms** (the median of the next 20: "
                f"{built['median_ms']:.3f} ms)."
            ),
            "",
        ]
    lines += ["## Targets (issue 14), judged on this run", ""]
    lines += [f"- {v}" for v in verdicts] or ["- (no reference row)"]
    Path(args.write).write_text("\n".join(lines) + "\n")
    return 0 if results else 1


if __name__ == "__main__":
    sys.exit(main())
