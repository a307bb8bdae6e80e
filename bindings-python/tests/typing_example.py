"""Uses the public API the way an application would; checked by ``mypy --strict``.

Not collected by pytest (no ``test_`` prefix): ``test_typing.py`` type-checks it, and the
assignments below pin the types the stubs promise.
"""

from __future__ import annotations

import asyncio
import pickle
import tempfile
from datetime import datetime, timezone
from os import PathLike
from pathlib import Path
from typing import Any

import talkover
from talkover import AsyncClient, Call, CallStatus, Client, EndedCall
from talkover.testing import LoggedRequest, MockServer


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


def main() -> None:
    with MockServer() as server:
        stored: dict[str, Any] = server.seed_call("agent-1", "+5511987654321", status="ringing")
        server.add_fault(status=503, headers={"retry-after": "0"})
        server.add_fault("drop", path="/end-call", times=1)
        client = AsyncClient(server.token, base_url=server.url)
        print(stored, asyncio.run(hang_up_everything(client, "agent-1", "+5511987654321")))
        blocking(server)
        log: list[LoggedRequest] = server.requests()
        paths: list[str] = [entry.path for entry in log]
        print(paths, server.connections_open(), talkover.__version__, fixtures())
    print(over_https())


if __name__ == "__main__":
    main()
