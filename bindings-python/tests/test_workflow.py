"""make_call, make_campaign_call and list_calls' arguments: what reaches the wire, what is
refused before it, and the error attributes of the retry rules."""

from __future__ import annotations

import asyncio
import json
import pickle
from datetime import date, datetime, timedelta, timezone, tzinfo
from typing import Any

import pytest
import talkover
from conftest import AGENT, PHONE, run_python, wait_until
from talkover.testing import MockServer

CAMPAIGN = "camp-1"


@pytest.fixture
def agent(talkover_mock: MockServer) -> MockServer:
    """The simulator with a published agent whose placed calls stay ``initiated``."""
    talkover_mock.seed_agent(AGENT, name="Sales")
    talkover_mock.update_config(ring_after_ms=600_000, answer_after_ms=600_000)
    return talkover_mock


def last_body(server: MockServer) -> Any:
    return json.loads(server.requests()[-1].body)


def test_make_call_sends_the_request_and_returns_a_placed_call(
    agent: MockServer, talkover_client: talkover.Client
) -> None:
    placed = talkover_client.make_call(
        AGENT,
        "+55 (11) 98765-4321",
        payload={"customer_name": "Ana", "items": [1, 2.5, None, True]},
        context={"order": {"id": "A-1"}},
        delay_seconds=30,
        is_testing=True,
    )
    assert isinstance(placed, talkover.PlacedCall)
    assert placed.status is talkover.CallStatus.INITIATED
    assert (placed.agent_id, placed.to) == (AGENT, PHONE)
    assert last_body(agent) == {
        "to": PHONE,
        "payload": {"customer_name": "Ana", "items": [1, 2.5, None, True]},
        "context": {"order": {"id": "A-1"}},
        "delay_seconds": 30,
        "is_testing": True,
    }
    [call] = talkover_client.active_call(AGENT, PHONE)
    assert call.id == placed.id


def test_async_make_call_then_end_it(
    agent: MockServer, talkover_async_client: talkover.AsyncClient
) -> None:
    async def main() -> talkover.EndedCall:
        placed = await talkover_async_client.make_call(AGENT, PHONE)
        assert last_body(agent) == {"to": PHONE}
        return await talkover_async_client.end_call(AGENT, placed.id)

    assert asyncio.run(main()).status is talkover.CallStatus.COMPLETED


def test_make_campaign_call_and_the_duplicate_it_refuses(
    agent: MockServer, talkover_client: talkover.Client
) -> None:
    agent.seed_campaign(CAMPAIGN, name="Q1 Outreach", agent_id=AGENT)
    queued = talkover_client.make_campaign_call(CAMPAIGN, PHONE, payload={"plan": "gold"})
    assert isinstance(queued, talkover.CampaignCall)
    assert queued.status is talkover.CallStatus.QUEUED
    assert queued.campaign == talkover.Campaign(CAMPAIGN, name="Q1 Outreach", status="active")
    assert last_body(agent) == {"to": PHONE, "payload": {"plan": "gold"}}

    with pytest.raises(talkover.DuplicateCallError) as info:
        talkover_client.make_campaign_call(CAMPAIGN, PHONE)
    existing = info.value.existing_call
    assert isinstance(existing, talkover.CampaignCall)
    assert (existing.id, existing.to, existing.campaign_id) == (queued.id, PHONE, CAMPAIGN)
    restored = pickle.loads(pickle.dumps(info.value))
    assert restored.existing_call == existing

    again = talkover_client.make_campaign_call(CAMPAIGN, PHONE, allow_duplicates=True)
    assert again.id != queued.id
    assert last_body(agent) == {"to": PHONE, "allow_duplicates": True}
    assert len(agent.campaign_calls()) == 2


@pytest.mark.parametrize("mode", ["async", "blocking"])
def test_a_lost_answer_says_the_call_may_have_been_placed(
    agent: MockServer, talkover_client: talkover.Client, mode: str
) -> None:
    agent.add_fault("drop", path="/call", apply=True)
    client = talkover.AsyncClient(agent.token, base_url=agent.url, max_retries=2)
    with pytest.raises(talkover.APIConnectionError) as info:
        if mode == "async":
            asyncio.run(client.make_call(AGENT, PHONE))
        else:
            talkover.Client(agent.token, base_url=agent.url, max_retries=2).make_call(AGENT, PHONE)
    assert info.value.may_have_succeeded is True
    assert "may have been placed" in info.value.message
    assert len(agent.requests()) == 1, "not retried"
    [call] = agent.calls()
    assert call["to"] == PHONE
    # The check the error suggests finds it.
    [active] = talkover_client.active_call(AGENT, PHONE)
    assert active.id == call["id"]


def test_cancelling_make_call_drops_the_request(fresh_server: MockServer) -> None:
    fresh_server.seed_agent(AGENT)
    fresh_server.add_fault("hang", path="/call")
    client = talkover.AsyncClient(fresh_server.token, base_url=fresh_server.url)

    async def main() -> None:
        task = asyncio.ensure_future(client.make_call(AGENT, PHONE))
        while not fresh_server.requests():
            await asyncio.sleep(0.01)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    asyncio.run(main())
    wait_until(lambda: fresh_server.requests()[-1].outcome == "cancelled")
    assert len(fresh_server.requests()) == 1


class NoOffset(tzinfo):
    """A tzinfo that gives no offset: Python counts such a datetime as naive."""

    def utcoffset(self, dt: datetime | None) -> timedelta | None:
        return None


BRASILIA = timezone(timedelta(hours=-3))


@pytest.mark.parametrize(
    ("value", "sent"),
    [
        (date(2024, 1, 15), "2024-01-15"),
        ("2024-01-15", "2024-01-15"),
        (" 2024-01-15 ", "2024-01-15"),
        (datetime(2024, 1, 15, 23, 30, tzinfo=timezone.utc), "2024-01-15"),
        # 22:00 in Brasília is 01:00 the next day in UTC: the UTC day is meant.
        (datetime(2024, 1, 15, 22, 0, tzinfo=BRASILIA), "2024-01-16"),
        (datetime(2024, 1, 16, 1, 0, tzinfo=timezone(timedelta(hours=5))), "2024-01-15"),
        (datetime(2024, 1, 15, 23, 30), "2024-01-15"),
        (datetime(2024, 1, 15, 23, 30, tzinfo=NoOffset()), "2024-01-15"),
    ],
    ids=["date", "str", "str-spaces", "utc", "west-of-utc", "east-of-utc", "naive", "no-offset"],
)
def test_dates_go_on_the_wire_as_their_utc_day(
    value: object, sent: str, talkover_mock: MockServer, talkover_client: talkover.Client
) -> None:
    talkover_client.list_calls(date_from=value, date_to=value).next_page()  # type: ignore[arg-type]
    assert talkover_mock.requests()[-1].query == f"page=1&date_from={sent}&date_to={sent}"


def test_a_naive_datetime_is_utc_whatever_the_local_zone() -> None:
    out = run_python(
        """
import talkover
from datetime import datetime
from talkover.testing import MockServer
with MockServer() as server:
    client = talkover.Client(server.token, base_url=server.url)
    assert datetime(2024, 1, 15, 23, 30).astimezone().utcoffset().total_seconds() != 0
    client.list_calls(date_from=datetime(2024, 1, 15, 23, 30)).next_page()
    print(server.requests()[-1].query)
""",
        env={"TZ": "America/Sao_Paulo"},
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "page=1&date_from=2024-01-15"


def test_enums_and_strings_are_both_filters(
    talkover_mock: MockServer, talkover_client: talkover.Client
) -> None:
    pager = talkover_client.list_calls(
        agent_id=AGENT,
        status=talkover.CallStatus.NO_ANSWER,
        direction=talkover.Direction.INBOUND,
        search="+55 11",
        per_page=100,
    )
    talkover_mock.seed_agent(AGENT)
    pager.next_page()
    assert talkover_mock.requests()[-1].path == f"/api/v1/agents/{AGENT}/calls"
    assert (
        talkover_mock.requests()[-1].query
        == "page=1&per_page=100&status=no-answer&direction=inbound&search=%2B55%2011"
    )
    talkover_client.list_calls(status="busy", direction="outbound").next_page()
    assert talkover_mock.requests()[-1].query == "page=1&status=busy&direction=outbound"


MAKE_CALL_REFUSALS = [
    ({"payload": ["customer_name", "Ana"]}, "payload"),
    ({"payload": "customer_name=Ana"}, "payload"),
    ({"payload": {1: "Ana"}}, "payload"),
    ({"payload": {"at": datetime(2024, 1, 15, tzinfo=timezone.utc)}}, "payload"),
    ({"payload": {"n": float("nan")}}, "payload"),
    ({"context": ("order", "A-1")}, "context"),
    ({"context": {"ids": {1, 2}}}, "context"),
    ({"delay_seconds": -1}, "delay_seconds"),
    ({"delay_seconds": 3601}, "delay_seconds"),
    ({"delay_seconds": 2**80}, "delay_seconds"),
    ({"delay_seconds": 1.5}, "delay_seconds"),
    ({"delay_seconds": "30"}, "delay_seconds"),
    ({"delay_seconds": True}, "delay_seconds"),
]


@pytest.mark.parametrize(("kwargs", "param"), MAKE_CALL_REFUSALS, ids=repr)
def test_bad_make_call_arguments_are_refused_before_any_request(
    kwargs: dict[str, Any],
    param: str,
    agent: MockServer,
    talkover_client: talkover.Client,
    talkover_async_client: talkover.AsyncClient,
) -> None:
    with pytest.raises(talkover.InvalidRequestError) as info:
        talkover_client.make_call(AGENT, PHONE, **kwargs)
    assert info.value.param == param
    assert isinstance(info.value, ValueError)
    assert str(info.value).startswith(f"invalid {param}: ")
    with pytest.raises(talkover.InvalidRequestError) as info:
        asyncio.run(talkover_async_client.make_call(AGENT, PHONE, **kwargs))
    assert info.value.param == param
    if param in ("payload", "context"):
        with pytest.raises(talkover.InvalidRequestError) as info:
            talkover_client.make_campaign_call(CAMPAIGN, PHONE, **kwargs)
        assert info.value.param == param
    assert agent.requests() == []
    assert agent.calls() == []


LIST_CALLS_REFUSALS = [
    ({"per_page": -1}, "per_page"),
    ({"per_page": 0}, "per_page"),
    ({"per_page": 101}, "per_page"),
    ({"per_page": 2.0}, "per_page"),
    ({"per_page": "20"}, "per_page"),
    ({"per_page": False}, "per_page"),
    ({"status": 3}, "status"),
    ({"status": " "}, "status"),
    ({"direction": b"inbound"}, "direction"),
    ({"date_from": 20240115}, "date_from"),
    ({"date_from": "2024/01/15"}, "date_from"),
    ({"date_from": "yesterday"}, "date_from"),
    ({"date_to": "2023-02-29"}, "date_to"),
    ({"date_from": date(2024, 2, 1), "date_to": "2024-01-31"}, "date_to"),
    ({"agent_id": ".."}, "agent_id"),
]


@pytest.mark.parametrize(("kwargs", "param"), LIST_CALLS_REFUSALS, ids=repr)
def test_bad_list_calls_arguments_are_refused_at_once(
    kwargs: dict[str, Any],
    param: str,
    talkover_mock: MockServer,
    talkover_client: talkover.Client,
    talkover_async_client: talkover.AsyncClient,
) -> None:
    for client in (talkover_client, talkover_async_client):
        with pytest.raises(talkover.InvalidRequestError) as info:
            client.list_calls(**kwargs)
        assert info.value.param == param
    assert talkover_mock.requests() == []


def test_ids_and_phones_of_the_wrong_type_are_type_errors(
    talkover_client: talkover.Client,
) -> None:
    with pytest.raises(TypeError):
        talkover_client.make_call(42, PHONE)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        talkover_client.list_calls(search=5511)  # type: ignore[arg-type]
