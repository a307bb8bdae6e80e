"""Per-call options, derived clients, client settings (proxy, app info, headers), response
metadata and the ``on_attempt`` hook, through the async and the blocking client alike."""

from __future__ import annotations

import asyncio
import json
import pickle
import platform
import sys
import threading
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
import talkover
from conftest import AGENT, PHONE
from talkover.testing import MockServer

TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"


class Both:
    """One client of the chosen kind, with a blocking face for the tests: every method runs
    the async client's coroutine to its end, so one test body checks both clients."""

    def __init__(self, mode: str, *args: Any, **kwargs: Any) -> None:
        self.mode = mode
        cls = talkover.Client if mode == "blocking" else talkover.AsyncClient
        self.client: Any = cls(*args, **kwargs)

    def __getattr__(self, name: str) -> Callable[..., Any]:
        method = getattr(self.client, name)
        if self.mode == "blocking" or not asyncio.iscoroutinefunction(method):
            return method  # type: ignore[no-any-return]
        return lambda *a, **k: asyncio.run(method(*a, **k))

    def derive(self, **kwargs: Any) -> Both:
        derived = object.__new__(Both)
        derived.mode = self.mode
        derived.client = self.client.with_options(**kwargs)
        return derived


@pytest.fixture(params=["async", "blocking"])
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def client(mode: str, server: MockServer, **kwargs: Any) -> Both:
    return Both(mode, server.token, base_url=server.url, **kwargs)


def test_call_headers_reach_the_server_and_win_over_the_clients(
    mode: str, talkover_mock: MockServer
) -> None:
    c = client(mode, talkover_mock, default_headers={"x-tenant": "acme", "x-team": "billing"})
    c.active_call(AGENT, PHONE, headers={"traceparent": TRACEPARENT, "X-Team": "support"})
    c.active_call(AGENT, PHONE)
    first, second = talkover_mock.requests()
    assert first.headers == {"traceparent": TRACEPARENT, "x-tenant": "acme", "x-team": "support"}
    assert second.headers == {"x-tenant": "acme", "x-team": "billing"}
    assert c.default_headers == {"x-tenant": "acme", "x-team": "billing"}


@pytest.mark.parametrize(
    ("headers", "words"),
    [
        ({"Authorization": "Bearer talq_other"}, "token"),
        ({"User-Agent": "spoof/1"}, "app info"),
        ({"bad name": "x"}, "not a valid header name"),
        ({"x-note": "two\r\nlines"}, "line breaks"),
        ({"x-count": 3}, "mapping of str to str"),
        (["traceparent"], "mapping of str to str"),
    ],
)
def test_bad_headers_are_refused_before_any_request(
    mode: str, talkover_mock: MockServer, headers: Any, words: str
) -> None:
    c = client(mode, talkover_mock)
    with pytest.raises(talkover.InvalidRequestError, match=words) as info:
        c.active_call(AGENT, PHONE, headers=headers)
    assert info.value.param == "headers"
    assert "talq_other" not in str(info.value)
    assert talkover_mock.requests() == []


def test_per_call_max_retries_replaces_the_clients(mode: str, talkover_mock: MockServer) -> None:
    c = client(mode, talkover_mock, max_retries=2)
    talkover_mock.add_fault(status=503, headers={"retry-after": "0"}, times=3)
    with pytest.raises(talkover.InternalServerError):
        c.active_call(AGENT, PHONE, max_retries=0)
    assert len(talkover_mock.requests()) == 1
    talkover_mock.reset()
    talkover_mock.add_fault(status=503, headers={"retry-after": "0"}, times=1)
    talkover_mock.seed_call(AGENT, PHONE, id="call-1")
    assert c.end_call(AGENT, "call-1", max_retries=1).status == "completed"
    assert [r.retry_count for r in talkover_mock.requests()] == [0, 1]


@pytest.mark.parametrize("bad", [-1, 1.5, True, "2"])
def test_max_retries_must_be_a_non_negative_int(
    mode: str, talkover_mock: MockServer, bad: object
) -> None:
    c = client(mode, talkover_mock)
    with pytest.raises(talkover.InvalidRequestError, match="max_retries"):
        c.active_call(AGENT, PHONE, max_retries=bad)
    assert talkover_mock.requests() == []


def test_list_calls_takes_the_options_for_every_page(mode: str, talkover_mock: MockServer) -> None:
    c = client(mode, talkover_mock)
    pager = c.list_calls(per_page=5, headers={"traceparent": TRACEPARENT}, max_retries=0)
    page = pager.next_page() if mode == "blocking" else asyncio.run(pager.next_page())
    assert page is not None
    assert talkover_mock.requests()[0].headers == {"traceparent": TRACEPARENT}
    assert page._request_id == talkover_mock.requests()[0].request_id


def test_a_derived_client_changes_settings_and_shares_the_pool(
    mode: str, fresh_server: MockServer
) -> None:
    c = client(mode, fresh_server, default_headers={"x-tenant": "acme"})
    c.active_call(AGENT, PHONE)
    derived = c.derive(timeout=3, max_retries=0, default_headers={"x-team": "support"})
    assert type(derived.client) is type(c.client)
    assert (derived.timeout, derived.max_retries, c.max_retries) == (3, 0, 2)
    derived.active_call(AGENT, PHONE)
    assert fresh_server.requests()[1].headers == {"x-tenant": "acme", "x-team": "support"}
    assert fresh_server.connections_total() == 1

    other = c.derive(token="talq_another_environment")
    with pytest.raises(talkover.AuthenticationError):
        other.active_call(AGENT, PHONE)
    c.active_call(AGENT, PHONE)
    log = fresh_server.requests()
    assert not log[2].authorized and log[3].authorized
    assert fresh_server.connections_total() == 1

    # Closing a derived client releases its own handle only.
    derived.close()
    c.active_call(AGENT, PHONE)
    with pytest.raises(talkover.InvalidRequestError, match="closed"):
        derived.active_call(AGENT, PHONE)


@pytest.mark.parametrize(
    "bad",
    [{"token": "talq bad"}, {"default_headers": {"host": "x"}}, {"timeout": 0}],
)
def test_with_options_refuses_bad_settings(talkover_mock: MockServer, bad: dict[str, Any]) -> None:
    with (
        talkover.Client(talkover_mock.token, base_url=talkover_mock.url) as c,
        pytest.raises(talkover.InvalidRequestError),
    ):
        c.with_options(**bad)


def test_a_proxy_carries_every_request(mode: str, talkover_mock: MockServer) -> None:
    # The host does not resolve: only the proxy (the simulator) can deliver the request.
    c = Both(
        mode,
        talkover_mock.token,
        base_url="http://api.talkover.invalid/api/v1",
        proxy=talkover_mock.url.removesuffix("/api/v1"),
    )
    talkover_mock.seed_call(AGENT, PHONE, id="call-1")
    assert [call.id for call in c.active_call(AGENT, PHONE)] == ["call-1"]


def test_a_malformed_proxy_is_refused_when_the_client_is_made() -> None:
    with pytest.raises(talkover.InvalidRequestError, match="proxy"):
        talkover.Client("talq_x", proxy="socks5://proxy:1080")


def test_the_user_agent_names_python_the_platform_and_the_app(
    mode: str, talkover_mock: MockServer
) -> None:
    c = client(mode, talkover_mock, app_info="billing-worker/1.4")
    c.active_call(AGENT, PHONE)
    sent = talkover_mock.requests()[0].user_agent
    assert sent == c.user_agent
    runtime = f"{platform.python_implementation()} {platform.python_version()}"
    assert sent.startswith(f"talkover-python/{talkover.__version__} ({runtime}; ")
    assert sys.platform in sent
    assert sent.endswith(") billing-worker/1.4")


def test_connect_timeout_is_a_setting(mode: str, talkover_mock: MockServer) -> None:
    assert client(mode, talkover_mock, connect_timeout=2.5).active_call(AGENT, PHONE) == []
    with pytest.raises(talkover.InvalidRequestError, match="timeout"):
        client(mode, talkover_mock, connect_timeout=0)


def test_results_carry_their_request_id_and_rate_limit(
    mode: str, talkover_mock: MockServer
) -> None:
    c = client(mode, talkover_mock)
    talkover_mock.seed_call(AGENT, PHONE, id="call-1")
    [call] = c.active_call(AGENT, PHONE)
    ended = c.end_call(AGENT, "call-1")
    placed = c.make_call(AGENT, PHONE)
    log = talkover_mock.requests()
    assert [call._request_id, ended._request_id, placed._request_id] == [r.request_id for r in log]
    first, second = call._rate_limit, ended._rate_limit
    assert first is not None and second is not None
    assert first.limit == 1000 and second.remaining == first.remaining - 1  # type: ignore[operator]
    now = datetime.now(timezone.utc)
    assert second.reset_at is not None
    assert now - timedelta(seconds=1) < second.reset_at <= now + timedelta(seconds=61)
    # Metadata is not data: the dict and JSON are the API's fields, equality ignores it.
    assert "_request_id" not in call.to_dict() and "request_id" not in json.loads(call.to_json())
    built = talkover.Call(**{k: getattr(call, k) for k in call.__match_args__})
    assert built == call and built._request_id is None and built._rate_limit is None


def test_status_errors_expose_headers_and_rate_limit(mode: str, talkover_mock: MockServer) -> None:
    c = client(mode, talkover_mock, max_retries=0)
    talkover_mock.add_fault(status=429, headers={"x-ratelimit-remaining": "0", "x-custom": "kept"})
    with pytest.raises(talkover.RateLimitError) as info:
        c.active_call(AGENT, PHONE)
    err = info.value
    assert err.headers["x-custom"] == "kept"
    assert err.headers["x-request-id"] == err.request_id
    assert err.rate_limit is not None
    assert (err.rate_limit.limit, err.rate_limit.remaining) == (1000, 0)
    clone = pickle.loads(pickle.dumps(err))
    assert clone.headers == err.headers and clone.rate_limit == err.rate_limit
    # Errors without a response have neither.
    with pytest.raises(talkover.InvalidRequestError) as bad:
        c.active_call(AGENT, "not a phone")
    assert bad.value.headers == {} and bad.value.rate_limit is None


def test_rate_limit_is_a_value() -> None:
    at = datetime(2026, 1, 1, tzinfo=timezone.utc)
    rate = talkover.RateLimit(limit=100, remaining=7, reset_at=at)
    assert rate == talkover.RateLimit(100, 7, at) != talkover.RateLimit(100, 6, at)
    assert repr(rate) == f"RateLimit(limit=100, remaining=7, reset_at={at!r})"
    assert pickle.loads(pickle.dumps(rate)) == rate


def test_the_hook_sees_every_attempt_and_nothing_secret(
    mode: str, talkover_mock: MockServer
) -> None:
    attempts: list[talkover.Attempt] = []
    threads: set[int] = set()

    def record(attempt: talkover.Attempt) -> None:
        attempts.append(attempt)
        threads.add(threading.get_ident())

    c = client(mode, talkover_mock, on_attempt=record)
    talkover_mock.seed_call(AGENT, PHONE, id="call-1")
    talkover_mock.add_fault(status=503, headers={"retry-after": "0"})
    c.active_call(AGENT, PHONE)
    log = talkover_mock.requests()
    assert [(a.retry, a.status, a.will_retry, a.error) for a in attempts] == [
        (0, 503, True, "InternalServerError"),
        (1, 200, False, None),
    ]
    assert attempts[1].request_id == log[1].request_id
    assert {a.method for a in attempts} == {"GET"}
    assert attempts[0].path == "/agents/agent-1/active-call/+*********4321"
    assert attempts[0].started_at + timedelta(seconds=attempts[0].duration) <= attempts[
        1
    ].started_at + timedelta(milliseconds=1)
    shown = repr(attempts)
    assert talkover_mock.token not in shown and "987654321" not in shown
    assert threading.get_ident() not in threads  # runs on the client's I/O thread


def test_a_failing_hook_never_fails_the_call(mode: str, talkover_mock: MockServer) -> None:
    raised: list[BaseException | None] = []

    def broken(attempt: talkover.Attempt) -> None:
        raise RuntimeError("a broken hook")

    old = sys.unraisablehook
    sys.unraisablehook = lambda unraisable: raised.append(unraisable.exc_value)
    try:
        assert client(mode, talkover_mock, on_attempt=broken).active_call(AGENT, PHONE) == []
    finally:
        sys.unraisablehook = old
    assert len(raised) == 1 and isinstance(raised[0], RuntimeError)


def test_on_attempt_must_be_callable(talkover_mock: MockServer) -> None:
    with pytest.raises(talkover.InvalidRequestError, match="on_attempt"):
        talkover.Client(talkover_mock.token, on_attempt="print")  # type: ignore[arg-type]
