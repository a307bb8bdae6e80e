#!/usr/bin/env python3
"""ring vs aws-lc under the `talkover` crate: clean build time, binary size, handshake time.

For each of the crate's TLS features (`rustls-aws-lc`, `rustls-ring`) a small probe program
that depends on `talkover` alone is built from scratch (its own target dir, release
profile, stripped), so the build time and the size are the crate's and its dependencies'
with that crypto library and nothing else. The probe then calls `active_call` against the
HTTPS simulator (`talkover-mock --tls`, one release build shared by both) with a fresh
client per call, so every call pays a full TLS handshake, and again over one kept-alive
connection; the difference is the handshake. Run by `make tls-compare`; RELEASING.md has
the figures of the last run.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "target" / "tls-compare"
FEATURES = {"aws-lc": "rustls-aws-lc", "ring": "rustls-ring"}
CALLS = 300

PROBE = r"""
use std::time::{Duration, Instant};

fn client(url: &str, ca: &[u8]) -> talkover::Client {
    talkover::Client::builder()
        .token("talq_test_token")
        .base_url(url)
        .add_root_certificate_pem(ca.to_vec())
        .max_retries(0)
        .build()
        .expect("client")
}

fn median(mut v: Vec<Duration>) -> f64 {
    v.sort();
    v[v.len() / 2].as_secs_f64() * 1e3
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (url, ca, calls) = (&args[1], std::fs::read(&args[2]).unwrap(), args[3].parse().unwrap());
    let (mut fresh, mut reused) = (Vec::new(), Vec::new());
    let kept = client(url, &ca);
    kept.active_call("agent-1", "+5511987654321").await.expect("warm-up");
    for _ in 0..calls {
        let c = client(url, &ca);
        let t = Instant::now();
        c.active_call("agent-1", "+5511987654321").await.expect("fresh call");
        fresh.push(t.elapsed());
        let t = Instant::now();
        kept.active_call("agent-1", "+5511987654321").await.expect("reused call");
        reused.push(t.elapsed());
    }
    println!("{:.3} {:.3}", median(fresh), median(reused));
}
"""


def cargo_toml(name: str, feature: str) -> str:
    return f"""[package]
name = "tls-probe-{name}"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
talkover = {{ path = "{ROOT / "core"}", default-features = false, features = ["{feature}"] }}
tokio = {{ version = "1", features = ["rt", "macros"] }}

[profile.release]
strip = "symbols"

# Not a member of the repository's workspace.
[workspace]
"""


def run(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> None:
    subprocess.run(args, cwd=cwd, check=True, env={**os.environ, **(env or {})})


def build_probe(name: str, feature: str) -> tuple[float, Path]:
    crate = WORK / name
    shutil.rmtree(crate, ignore_errors=True)
    (crate / "src").mkdir(parents=True)
    (crate / "Cargo.toml").write_text(cargo_toml(name, feature))
    (crate / "src" / "main.rs").write_text(PROBE)
    shutil.copy2(ROOT / "Cargo.lock", crate / "Cargo.lock")  # the same dependency versions
    started = time.monotonic()
    run(["nice", "-n", "10", "cargo", "build", "--quiet", "--release"], crate)
    return time.monotonic() - started, crate / "target" / "release" / f"tls-probe-{name}"


def main() -> int:
    WORK.mkdir(parents=True, exist_ok=True)
    server_target = WORK / "server-target"
    run(
        ["nice", "-n", "10", "cargo", "build", "--quiet", "--release", "-p", "talkover-mock"],
        ROOT,
        {"CARGO_TARGET_DIR": str(server_target)},
    )
    results = {}
    for name, feature in FEATURES.items():
        seconds, binary = build_probe(name, feature)
        results[name] = {"build_s": seconds, "size": binary.stat().st_size, "binary": binary}
    with tempfile.TemporaryDirectory() as tmp:
        ca = Path(tmp) / "ca.pem"
        server = subprocess.Popen(
            [server_target / "release" / "talkover-mock", "--tls", "--port", "0", "--ca-out", ca],
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            line = server.stdout.readline() if server.stdout else ""
            url = line.rsplit(" ", 1)[-1].strip()
            for name in FEATURES:
                out = subprocess.run(
                    [results[name]["binary"], url, ca, str(CALLS)],
                    check=True,
                    capture_output=True,
                    text=True,
                ).stdout.split()
                results[name]["fresh_ms"], results[name]["reused_ms"] = map(float, out)
        finally:
            server.terminate()
            server.wait()
    print(
        f"{'provider':<8} {'clean build':>12} {'binary':>10} {'call, new TLS':>14} "
        f"{'call, reused':>13} {'handshake':>10}"
    )
    for name, r in results.items():
        print(
            f"{name:<8} {r['build_s']:>11.0f}s {r['size'] / 2**20:>8.2f}MiB "
            f"{r['fresh_ms']:>12.2f}ms {r['reused_ms']:>11.2f}ms "
            f"{r['fresh_ms'] - r['reused_ms']:>8.2f}ms"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
