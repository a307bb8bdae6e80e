"""Soak: one ``AsyncClient``, 64 concurrent tasks, a fault every 100 calls.

``make test`` runs 20,000 calls; ``TALKOVER_SOAK_CALLS`` sets another number (``make
soak-python`` runs 200,000). Every fault is one the client retries (503 and 429 with
``Retry-After: 0``, a dropped connection), so no call may fail. After a warm-up of a tenth of
the calls, resident memory may grow by less than 5 MiB over the rest, and once the client is
closed the process's open file descriptors must be back to where they were.
"""

from __future__ import annotations

import asyncio
import gc
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import talkover
from conftest import AGENT, PHONE, wait_until
from talkover.testing import MockServer

CALLS = int(os.environ.get("TALKOVER_SOAK_CALLS", "20000"))
CONCURRENCY = 64
FAULT_EVERY = 100
FAULTS: list[dict[str, Any]] = [
    {"status": 503, "headers": {"retry-after": "0"}},
    {"status": 429, "headers": {"retry-after": "0"}},
    {"kind": "drop"},
]
# The simulator keeps a log of the last 10,000 requests: emptied this often, it stays small,
# so its growth does not count against the client's.
CLEAR_LOG_EVERY = 1000
MAX_RSS_GROWTH_KIB = 5 * 1024

pytestmark = pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="reads /proc")


def rss_kib() -> int:
    gc.collect()
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise LookupError("VmRSS")


def open_fds() -> int:
    return len(os.listdir("/proc/self/fd"))


@dataclass
class Run:
    server: MockServer
    client: talkover.AsyncClient
    issued: int = 0
    faults: int = 0
    errors: list[BaseException] = field(default_factory=list)
    peak_fds: int = 0

    async def calls(self, until: int) -> None:
        """Runs calls on ``CONCURRENCY`` tasks until ``until`` have been issued in all."""

        async def worker() -> None:
            while self.issued < until:
                self.issued += 1
                if self.issued % FAULT_EVERY == 0:
                    self.server.add_fault(**FAULTS[self.faults % len(FAULTS)])
                    self.faults += 1
                if self.issued % CLEAR_LOG_EVERY == 0 and self.issued < until:
                    self.server.clear_requests()
                    self.peak_fds = max(self.peak_fds, open_fds())
                try:
                    if len(await self.client.active_call(AGENT, PHONE)) != 1:
                        raise AssertionError("wrong result")
                except Exception as err:
                    self.errors.append(err)

        await asyncio.gather(*(worker() for _ in range(CONCURRENCY)))


def test_soak_one_client_64_tasks_faults_every_100_calls(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with MockServer() as server:
        server.seed_call(AGENT, PHONE)
        # Start the shared runtime and let its first connection close, so the baseline holds
        # everything that lives as long as the process.
        with talkover.Client(server.token, base_url=server.url) as warm:
            warm.active_call(AGENT, PHONE)
        wait_until(lambda: server.connections_open() == 0)
        fds_before = open_fds()
        rss_start = rss_kib()

        # Faults wait in one queue and any request may take the next one, a retry included
        # (as in core/tests/soak.rs): five retries keep a call that meets a few faults in a
        # row from failing the run, and every fault is still one the client must retry.
        client = talkover.AsyncClient(server.token, base_url=server.url, max_retries=5)
        run = Run(server, client)
        warm_up = max(CALLS // 10, CONCURRENCY)
        started = time.monotonic()

        async def main() -> tuple[int, int]:
            await run.calls(warm_up)
            rss_warm = rss_kib()
            await run.calls(CALLS)
            rss_end = rss_kib()
            await client.close()
            return rss_warm, rss_end

        rss_warm, rss_end = asyncio.run(main())
        elapsed = time.monotonic() - started
        served = server.requests()
        gc.collect()
        wait_until(lambda: server.connections_open() == 0 and open_fds() <= fds_before)
        fds_after = open_fds()

    with capsys.disabled():
        print(
            f"\nsoak: {run.issued} calls in {elapsed:.1f} s ({run.issued / elapsed:.0f}/s), "
            f"{CONCURRENCY} tasks, {run.faults} faults injected, {len(run.errors)} errors; "
            f"RSS {rss_start} KiB at start, {rss_warm} KiB after {warm_up} warm-up calls, "
            f"{rss_end} KiB at the end ({rss_end - rss_warm:+d} KiB); "
            f"fds {fds_before} before, {run.peak_fds} peak, {fds_after} after close"
        )
    assert run.issued == CALLS
    assert run.faults == CALLS // FAULT_EVERY
    assert not run.errors, run.errors[:5]
    assert rss_end - rss_warm < MAX_RSS_GROWTH_KIB
    assert fds_after <= fds_before
    # The faults really were served (and so retried): the log of the last calls, which is
    # never emptied, shows each kind.
    if CALLS >= CLEAR_LOG_EVERY:
        assert {503, 429} <= {r.status for r in served}
        assert any(r.outcome == "dropped" for r in served)
