"""talkover.testing.MockServer and the opt-in pytest fixtures."""

from __future__ import annotations

import asyncio
from datetime import datetime, timezone

import pytest
import talkover
from conftest import AGENT, PHONE
from talkover.testing import LoggedRequest, MockServer


def test_context_manager_url_and_token() -> None:
    with MockServer(token="talq_custom") as server:
        assert server.url.startswith("http://127.0.0.1:") and server.url.endswith("/api/v1")
        assert server.token == "talq_custom"
        assert "running" in repr(server)
    assert "stopped" in repr(server)
    server.stop()  # idempotent
    with pytest.raises(RuntimeError):
        server.requests()


def test_seeding_and_the_request_log(
    talkover_mock: MockServer, talkover_client: talkover.Client
) -> None:
    started = datetime(2024, 1, 15, 11, 0, tzinfo=timezone.utc)
    stored = talkover_mock.seed_call(
        AGENT, PHONE, status="ringing", id="CA1", started_at=started, extra={"direction": "inbound"}
    )
    assert stored["id"] == "CA1" and stored["direction"] == "inbound"
    [call] = talkover_client.active_call(AGENT, PHONE)
    assert (call.id, call.status, call.started_at) == ("CA1", "ringing", started)
    assert call.extra == {"direction": "inbound"}
    talkover_client.end_call(AGENT, "CA1")
    assert talkover_mock.calls()[0]["status"] == "completed"
    first, second = talkover_mock.requests()
    assert isinstance(first, LoggedRequest)
    assert (first.method, first.path, first.retry_count) == (
        "GET",
        f"/api/v1/agents/{AGENT}/active-call/%2B5511987654321",
        0,
    )
    assert second.method == "POST" and '"call_sid"' in second.body and second.authorized
    assert second.status == 200 and second.outcome == "responded" and second.request_id
    talkover_mock.clear_requests()
    assert talkover_mock.requests() == []


def test_faults_from_keywords(talkover_mock: MockServer) -> None:
    client = talkover.Client(talkover_mock.token, base_url=talkover_mock.url, max_retries=1)
    talkover_mock.add_fault(status=503, headers={"retry-after": "0"}, times=2, path="/active-call/")
    with pytest.raises(talkover.InternalServerError):
        client.active_call(AGENT, PHONE)
    assert [r.retry_count for r in talkover_mock.requests()] == [0, 1]
    talkover_mock.add_fault(
        "respond", status=200, body="<html>", headers={"content-type": "text/html"}
    )
    with pytest.raises(talkover.APIResponseError) as info:
        client.active_call(AGENT, PHONE)
    assert info.value.body == "<html>"


def test_bad_shapes_are_value_errors(talkover_mock: MockServer) -> None:
    with pytest.raises(ValueError):
        talkover_mock.add_fault("explode")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        talkover_mock.add_fault(status=1000)


def test_reset_forgets_calls_faults_and_log(
    talkover_mock: MockServer, talkover_client: talkover.Client
) -> None:
    talkover_mock.seed_call(AGENT, PHONE)
    talkover_mock.add_fault(status=500, times=5)
    talkover_mock.reset()
    assert talkover_client.active_call(AGENT, PHONE) == []
    assert talkover_mock.calls() == [] and len(talkover_mock.requests()) == 1


def test_async_fixture_works_under_asyncio_run(
    talkover_mock: MockServer, talkover_async_client: talkover.AsyncClient
) -> None:
    talkover_mock.seed_call(AGENT, PHONE)
    calls = asyncio.run(talkover_async_client.active_call(AGENT, PHONE))
    assert [c.to for c in calls] == [PHONE]
