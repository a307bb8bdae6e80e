"""Uses the public API the way an application would; checked by ``mypy --strict``.

Not collected by pytest (no ``test_`` prefix): ``test_typing.py`` type-checks it, and the
assignments below pin the types the stubs promise.
"""

from __future__ import annotations

import asyncio
import json
import pickle
import tempfile
from datetime import date, datetime, timezone
from os import PathLike
from pathlib import Path
from typing import Any

import talkover
from talkover import (
    AgentRef,
    AsyncCallPager,
    AsyncClient,
    Call,
    CallPage,
    CallPager,
    CallRecord,
    CallStatus,
    Campaign,
    CampaignCall,
    Client,
    Direction,
    EndedCall,
    PlacedCall,
)
from talkover.testing import LoggedRequest, MockConfig, MockServer


async def hang_up_everything(client: AsyncClient, agent_id: str, phone: str) -> list[EndedCall]:
    ended: list[EndedCall] = []
    calls: list[Call] = await client.active_call(agent_id, phone, timeout=5.0)
    for call in calls:
        try:
            ended.append(await client.end_call(agent_id, call.id))
        except talkover.CallNotActiveError as err:
            status: int | None = err.status
            code: str | None = err.code
            print("already over", status, code, err.request_id)
    return ended


def describe(call: Call) -> str:
    status: CallStatus = call.status
    started: datetime | None = call.started_at
    seconds: int | None = call.duration_seconds
    extra: dict[str, Any] = call.extra
    return f"{call.id} {call.agent_id} {call.to} {status.value} {started} {seconds} {extra}"


def as_data(calls: list[Call], page: CallPage) -> str:
    # Models as data: the API's JSON, a positional match, and Jupyter's table.
    rows: list[dict[str, Any]] = [call.to_dict() for call in calls]
    text: str = calls[0].to_json(indent=2) if calls else json.dumps(page.to_dict())
    html: str = page._repr_html_()
    names: tuple[str, ...] = Call.__match_args__
    for call in calls:
        match call:
            case Call(call_id, agent_id, _, CallStatus.ANSWERED):
                print(call_id, agent_id)
            case _:
                pass
    return f"{rows} {text} {html} {names} {dir(talkover)}"


def blocking(server: MockServer) -> None:
    with Client(server.token, base_url=server.url, timeout=2.0, max_retries=0) as client:
        for call in client.active_call("agent-1", "+5511987654321"):
            print(describe(call))
        try:
            client.end_call("agent-1", "missing")
        except talkover.RateLimitError as err:
            wait: float | None = err.retry_after
            print(wait)
        except talkover.APIStatusError as err:
            body: Any = err.body
            print(err.message, body)
        except talkover.TalkoverError:
            raise


def fixtures() -> tuple[Call, EndedCall]:
    call = Call(
        id="call-1",
        agent_id="agent-1",
        to="+5511987654321",
        status=CallStatus.ANSWERED,
        started_at=datetime(2024, 1, 15, tzinfo=timezone.utc),
        duration_seconds=42,
        extra={"region": "sa-east-1"},
    )
    ended = EndedCall("call-1", "completed", ended_reason="ended_by_api")
    restored: Call = pickle.loads(pickle.dumps(call))
    assert restored == call
    return call, ended


def over_https() -> list[Call]:
    with MockServer(tls=True) as server, tempfile.TemporaryDirectory() as tmp:
        pem: str | None = server.ca_pem
        assert pem is not None
        server.seed_call("agent-1", "+5511987654321")
        path = Path(tmp) / "ca.pem"
        path.write_text(pem)
        calls: list[Call] = []
        sources: list[str | bytes | PathLike[str]] = [pem, pem.encode(), path, str(path)]
        for ca_cert in sources:
            with Client(server.token, base_url=server.url, ca_cert=ca_cert) as client:
                calls += client.active_call("agent-1", "+5511987654321")
        return calls


async def workflow(client: AsyncClient, agent_id: str, phone: str) -> list[CallRecord]:
    try:
        placed: PlacedCall = await client.make_call(
            agent_id,
            phone,
            payload={"customer_name": "Ana"},
            context={"order": {"id": "A-1"}},
            delay_seconds=0,
            is_testing=True,
            timeout=5.0,
        )
        status: CallStatus | None = placed.status
        created: datetime | None = placed.created_at
        print(placed.id, placed.agent_id, placed.to, status, created, placed.extra)
    except talkover.TalkoverError as err:
        maybe: bool = err.may_have_succeeded
        if not maybe:
            raise
    try:
        queued: CampaignCall = await client.make_campaign_call(
            "camp-1", phone, payload={"plan": "gold"}, is_testing=True, allow_duplicates=False
        )
    except talkover.DuplicateCallError as err:
        existing: CampaignCall | None = err.existing_call
        assert existing is not None
        queued = existing
    campaign: Campaign | None = queued.campaign
    print(queued.id, queued.status, queued.campaign_id, queued.scheduled_at, campaign)

    pager: AsyncCallPager = client.list_calls(
        agent_id=agent_id,
        status=CallStatus.COMPLETED,
        direction="outbound",
        date_from=date(2024, 1, 1),
        date_to=datetime.now(timezone.utc),
        search="+55",
        per_page=50,
        timeout=10.0,
    )
    first: CallPage | None = await pager.next_page()
    if first is not None:
        print(first.number, first.has_more, first.total, len(first))
    async for page in pager.pages():
        print(page.current_page, page.last_page, page.per_page)
    records: list[CallRecord] = [call async for call in client.list_calls(date_from="2024-01-01")]
    for record in records:
        direction: Direction | None = record.direction
        agent: AgentRef | None = record.agent
        caller: str | None = record.from_
        print(record.id, record.status, direction, agent, caller, record.duration)
    return records


def blocking_workflow(server: MockServer) -> None:
    with Client(server.token, base_url=server.url, max_retries=0) as client:
        placed: PlacedCall | None = None
        try:  # the simulator drops this answer after placing the call (see simulator())
            placed = client.make_call("agent-1", "+5511987654321", is_testing=True)
        except talkover.APIConnectionError as err:
            lost: bool = err.may_have_succeeded
            print("may have been placed:", lost)
        queued: CampaignCall = client.make_campaign_call("camp-1", "+5511987654321")
        pager: CallPager = client.list_calls(agent_id="agent-1", per_page=10)
        for call in pager:
            print(call.id, call.created_at)
        for page in client.list_calls().pages():
            items: list[CallRecord] = page.items
            print(items)
        rest: CallPage | None = pager.next_page()
        try:
            client.make_call("agent-1", "+5511987654321", payload={"customer_name": "Ana"})
        except talkover.UnprocessableEntityError as err:
            fields: dict[str, list[str]] = err.field_errors
            print(fields)
        except talkover.InvalidRequestError as err:
            param: str | None = err.param
            print(param)
        print(placed, queued, rest)


def simulator(server: MockServer) -> None:
    agent: dict[str, Any] = server.seed_agent("agent-1", name="Sales", published=True)
    campaign: dict[str, Any] = server.seed_campaign(
        "camp-1", name="Q1 Outreach", status="active", agent_id="agent-1", scheduled=False
    )
    server.seed_call(
        "agent-1",
        "+5511987654321",
        status="completed",
        created_at=datetime(2024, 1, 15, tzinfo=timezone.utc),
        direction="inbound",
        from_="+15550100001",
        sid="CA1",
        is_testing=False,
    )
    server.set_credits(10)
    credits: int | None = server.credits
    server.update_config(ring_after_ms=0, answer_after_ms=0, paging_fault=None, credits=None)
    config: MockConfig = server.config()
    ring: int = config["ring_after_ms"]
    server.add_fault("drop", path="/call", apply=True)
    lists: list[list[dict[str, Any]]] = [
        server.agents(),
        server.campaigns(),
        server.campaign_calls(),
    ]
    print(agent, campaign, credits, ring, lists)


def main() -> None:
    with MockServer() as server:
        simulator(server)
        blocking_workflow(server)
        client = AsyncClient(server.token, base_url=server.url, max_retries=0)
        print(asyncio.run(workflow(client, "agent-1", "+5511987654321")))
        server.reset()
        stored: dict[str, Any] = server.seed_call("agent-1", "+5511987654321", status="ringing")
        server.add_fault(status=503, headers={"retry-after": "0"})
        server.add_fault("drop", path="/end-call", times=1)
        client = AsyncClient(server.token, base_url=server.url)
        print(stored, asyncio.run(hang_up_everything(client, "agent-1", "+5511987654321")))
        blocking(server)
        log: list[LoggedRequest] = server.requests()
        paths: list[str] = [entry.path for entry in log]
        print(paths, server.connections_open(), talkover.__version__, fixtures())
        print(as_data([fixtures()[0]], CallPage([], 1)))
    print(over_https())


if __name__ == "__main__":
    main()


def observed(server: MockServer) -> Client:
    # Client settings, per-call options, derived clients, response metadata and the hook.
    def record(attempt: talkover.Attempt) -> None:
        took: float = attempt.duration
        status: int | None = attempt.status
        failed: str | None = attempt.error
        print(attempt.method, attempt.path, attempt.retry, took, status, failed)

    client = Client(
        server.token,
        base_url=server.url,
        connect_timeout=2.0,
        app_info="typing-example/1.0",
        default_headers={"x-tenant": "acme"},
        on_attempt=record,
    )
    derived: Client = client.with_options(timeout=5.0, max_retries=0, token=server.token)
    calls = derived.active_call("agent-1", "+5511987654321", headers={"traceparent": "00-a-b-01"})
    request_id: str | None = calls[0]._request_id if calls else None
    rate: talkover.RateLimit | None = calls[0]._rate_limit if calls else None
    remaining: int | None = rate.remaining if rate else None
    try:
        client.end_call("agent-1", "call-1", max_retries=1)
    except talkover.APIStatusError as err:
        headers: dict[str, str] = err.headers
        limit: talkover.RateLimit | None = err.rate_limit
        print(headers, limit)
    agent: str = client.user_agent
    print(request_id, remaining, agent)
    return derived
