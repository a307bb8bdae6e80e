"""An offline simulator of the TalkOver API, for tests, demos and notebooks.

``MockServer`` runs the project's simulator (the ``talkover-mock`` Rust crate) in-process on
127.0.0.1: it checks the token, stores calls, answers ``active_call`` and ``end_call`` as
the API does (404 and 409 included), misbehaves on demand, and logs what it received.

Example::

    from talkover import Client
    from talkover.testing import MockServer

    with MockServer() as server:
        server.seed_call("agent-1", "+5511987654321", status="ringing")
        server.add_fault(status=503, times=1)  # the next request fails once
        client = Client(server.token, base_url=server.url)
        [call] = client.active_call("agent-1", "+5511987654321")  # retried, then served
        assert [r.retry_count for r in server.requests()] == [0, 1]

For pytest, opt into ready-made fixtures with ``pytest_plugins = ["talkover.pytest_plugin"]``.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import json
from types import TracebackType
from typing import Any, Literal

from ._native import NativeMockServer

__all__ = ["LoggedRequest", "MockServer"]

FaultKind = Literal["respond", "drop", "hang", "truncate", "reset", "trickle"]


@dataclasses.dataclass(frozen=True)
class LoggedRequest:
    """One request as the simulator received it. Never contains the token."""

    method: str
    path: str
    """The raw path, still percent-encoded (``+`` arrives as ``%2B``)."""
    query: str | None
    body: str
    retry_count: int | None
    """The client's retry counter: 0 for a first attempt."""
    user_agent: str | None
    authorized: bool
    status: int | None
    """The status answered; ``None`` if no response was sent."""
    outcome: str
    """``"responded"``, ``"dropped"``, ``"cancelled"`` (the client went away) or ``"pending"``."""
    request_id: str


_LOG_FIELDS = tuple(f.name for f in dataclasses.fields(LoggedRequest))


class MockServer:
    """A running simulator; use it as a context manager or call ``stop()``.

    ``tls=True`` serves HTTPS with a certificate generated at start (see ``ca_pem``), to test
    how code handles certificates.

    Example::

        server = MockServer()
        client = talkover.AsyncClient(server.token, base_url=server.url)
        ...
        server.stop()
    """

    def __init__(self, *, token: str | None = None, port: int = 0, tls: bool = False) -> None:
        self._native = NativeMockServer(token, port, tls)

    @property
    def url(self) -> str:
        """The base URL to give a client, like ``http://127.0.0.1:41234/api/v1``."""
        return self._native.url

    @property
    def token(self) -> str:
        """The token the server accepts."""
        return self._native.token

    @property
    def ca_pem(self) -> str | None:
        """With ``tls=True``, the PEM of the server's self-signed certificate; else ``None``.

        Clients refuse the HTTPS server by default, as they would any server whose
        certificate no trusted authority signed; trust it with ``ca_cert``.

        Example::

            with MockServer(tls=True) as server:  # server.url is https://127.0.0.1:...
                client = Client(server.token, base_url=server.url, ca_cert=server.ca_pem)
        """
        return self._native.ca_pem

    def seed_call(
        self,
        agent_id: str,
        to: str,
        *,
        status: str = "answered",
        id: str | None = None,
        started_at: str | _dt.datetime | None = None,
        duration_seconds: int | None = None,
        extra: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """Stores a call and returns it as the API will serve it.

        Example::

            call = server.seed_call("agent-1", "+5511987654321", status="ringing")
            call["id"]  # 'call_1'
        """
        if isinstance(started_at, _dt.datetime):
            started_at = started_at.isoformat()
        seed = {
            "agent_id": agent_id,
            "to": to,
            "status": status,
            "id": id,
            "started_at": started_at,
            "duration_seconds": duration_seconds,
            "extra": extra,
        }
        stored = self._native.seed_call(_dumps(seed))
        return json.loads(stored)  # type: ignore[no-any-return]

    def add_fault(
        self,
        kind: FaultKind = "respond",
        *,
        status: int | None = None,
        body: Any = None,
        body_bytes: int | None = None,
        headers: dict[str, str] | None = None,
        delay_ms: int | None = None,
        times: int | None = None,
        path: str | None = None,
        chunk_delay_ms: int | None = None,
    ) -> None:
        """Makes the next ``times`` (default 1) requests misbehave.

        ``respond`` answers ``status`` (default 500) with ``headers`` and ``body`` (a str is
        sent verbatim, anything else as JSON) after ``delay_ms``; ``drop`` closes the
        connection; ``hang`` never answers; ``truncate``, ``reset`` and ``trickle`` break the
        body. ``path`` limits the fault to requests whose raw path contains it.

        Example::

            server.add_fault(status=429, headers={"retry-after": "1"})
            server.add_fault("hang", path="/end-call")
        """
        fault = {
            "kind": kind,
            "status": status,
            "body": body,
            "body_bytes": body_bytes,
            "headers": headers,
            "delay_ms": delay_ms,
            "times": times,
            "path": path,
            "chunk_delay_ms": chunk_delay_ms,
        }
        self._native.add_fault(_dumps(fault, keep=("body",)))

    def requests(self) -> list[LoggedRequest]:
        """The API requests received (the last 10,000), oldest first."""
        entries = json.loads(self._native.requests())
        return [LoggedRequest(**{k: e.get(k) for k in _LOG_FIELDS}) for e in entries]

    def calls(self) -> list[dict[str, Any]]:
        """Every stored call, ended ones included, in seeding order."""
        return json.loads(self._native.calls())  # type: ignore[no-any-return]

    def clear_requests(self) -> None:
        """Empties the request log."""
        self._native.clear_requests()

    def reset(self) -> None:
        """Forgets calls, faults and the request log."""
        self._native.reset()

    def connections_open(self) -> int:
        """TCP connections currently open to the server."""
        return self._native.connections_open()

    def connections_total(self) -> int:
        """TCP connections accepted since start."""
        return self._native.connections_total()

    def stop(self) -> None:
        """Stops the server; idempotent."""
        self._native.stop()

    def __enter__(self) -> MockServer:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def __repr__(self) -> str:
        state = "running" if self._native.running else "stopped"
        return f"MockServer(url={self.url!r}, {state})"


def _dumps(fields: dict[str, Any], keep: tuple[str, ...] = ()) -> str:
    """JSON of ``fields`` without the unset ones, so the simulator's defaults apply."""
    return json.dumps({k: v for k, v in fields.items() if v is not None or k in keep})
