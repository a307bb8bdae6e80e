"""Faults the shared conformance cases (``tests/cases``) cannot express as data: a refused
port, a 20 MiB body with the memory it costs, and servers that never answer, on the clock."""

from __future__ import annotations

import asyncio
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import talkover
from conftest import AGENT, PHONE
from talkover.testing import MockServer

MiB = 1024 * 1024
CLEAR_REFS = Path("/proc/self/clear_refs")


def call(mode: str, token: str, base_url: str, **settings: float) -> object:
    """One ``active_call`` through the blocking or the async client; returns the error."""
    try:
        if mode == "blocking":
            with talkover.Client(token, base_url=base_url, **settings) as client:  # type: ignore[arg-type]
                return client.active_call(AGENT, PHONE)

        async def main() -> object:
            async with talkover.AsyncClient(token, base_url=base_url, **settings) as client:  # type: ignore[arg-type]
                return await client.active_call(AGENT, PHONE)

        return asyncio.run(main())
    except talkover.TalkoverError as err:
        return err


def timed(mode: str, token: str, base_url: str, **settings: float) -> tuple[object, float]:
    """``call``, and how long it took."""
    start = time.monotonic()
    result = call(mode, token, base_url, **settings)
    return result, time.monotonic() - start


@pytest.fixture
def refused_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/api/v1"


@pytest.fixture
def silent_url() -> Iterator[str]:
    """A port whose kernel completes the handshake but nobody ever accepts or reads."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(16)
        yield f"http://127.0.0.1:{sock.getsockname()[1]}/api/v1"


@pytest.mark.parametrize("mode", ["blocking", "async"])
def test_a_refused_port_is_a_connection_error_at_once(refused_url: str, mode: str) -> None:
    err, elapsed = timed(mode, "talq_x", refused_url, max_retries=0)
    assert type(err) is talkover.APIConnectionError
    assert elapsed < 1.0


def test_a_refused_port_is_retried_then_reported(refused_url: str) -> None:
    err, elapsed = timed("blocking", "talq_x", refused_url, max_retries=1)
    assert type(err) is talkover.APIConnectionError
    assert 0.3 < elapsed < 1.5  # one backoff of 0.5 s less jitter, no more


def rss_kib(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise LookupError(field)


@pytest.mark.parametrize("status", [200, 500])
def test_a_20_mib_body_is_refused_without_buffering_it(
    talkover_mock: MockServer, status: int
) -> None:
    talkover_mock.add_fault(status=status, body_bytes=20 * MiB, times=2)
    warm = call("blocking", talkover_mock.token, talkover_mock.url, max_retries=0)
    assert type(warm) is talkover.APIResponseError
    try:
        CLEAR_REFS.write_text("5")  # resets the peak RSS (VmHWM) to the current RSS
    except OSError:
        pytest.skip("cannot reset the peak RSS here")
    before = rss_kib("VmRSS")
    err, elapsed = timed("async", talkover_mock.token, talkover_mock.url)
    growth = rss_kib("VmHWM") - before
    assert type(err) is talkover.APIResponseError
    assert err.status == status
    print(f"20 MiB body, status {status}: peak RSS +{growth} KiB in {elapsed:.2f} s")
    assert growth < 4 * 1024, f"peak RSS grew {growth} KiB for a 20 MiB body"
    assert elapsed < 5.0
    assert len(talkover_mock.requests()) == 2  # a body too big is not retried


@pytest.mark.parametrize("mode", ["blocking", "async"])
def test_a_server_that_never_answers_times_out_within_the_budget(
    talkover_mock: MockServer, silent_url: str, mode: str
) -> None:
    talkover_mock.add_fault("hang", times=5)
    token = talkover_mock.token
    for url in (talkover_mock.url, silent_url):
        err, elapsed = timed(mode, token, url, timeout=0.3, max_retries=0)
        assert type(err) is talkover.APITimeoutError
        assert 0.25 < elapsed < 1.0
        # With one retry: two attempts of 0.3 s and one backoff of at most 0.5 s.
        err, elapsed = timed(mode, token, url, timeout=0.3, max_retries=1)
        assert type(err) is talkover.APITimeoutError
        assert 0.6 < elapsed < 1.6
