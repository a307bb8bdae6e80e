"""An offline simulator of the TalkOver API, for tests, demos and notebooks.

``MockServer`` runs the project's simulator (the ``talkover-mock`` Rust crate) in-process on
127.0.0.1: it checks the token, keeps agents, campaigns, credits and calls, answers every
operation as the API does (placing calls that progress from ``initiated`` to ``answered``,
duplicate campaign calls, paged listings, 402, 404, 409 and 429 included), misbehaves on
demand, and logs what it received. Its methods mirror the Rust ``MockServer``'s.

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
from typing import Any, Literal, TypedDict

from ._native import NativeMockServer

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing_extensions import Unpack

__all__ = ["ConfigUpdate", "LoggedRequest", "MockConfig", "MockServer", "PagingFault"]

FaultKind = Literal["respond", "drop", "hang", "truncate", "reset", "trickle"]

PagingFault = Literal["repeat_page", "no_last_page", "total_lies", "stuck_current_page"]
"""How the list endpoints can page wrongly: ``repeat_page`` serves page 1 whatever is asked;
``no_last_page`` omits ``last_page``; ``total_lies`` announces one page more than there is;
``stuck_current_page`` always says ``current_page: 1``."""


class MockConfig(TypedDict):
    """The simulator's run-time settings, as ``MockServer.config()`` gives them."""

    credits: int | None
    """Credits left; ``None`` is unlimited. Each call placed (not a test call) takes one; at
    0, placing a call answers 402 ``INSUFFICIENT_CREDITS``."""
    rate_limit_per_minute: int | None
    """Requests per token per minute before a 429; ``None`` never limits."""
    ring_after_ms: int
    """Milliseconds from creation (plus ``delay_seconds``) until a placed call rings."""
    answer_after_ms: int
    """Milliseconds from creation (plus ``delay_seconds``) until a placed call is answered."""
    duplicate_code: bool
    """Whether a duplicate campaign call's 409 carries ``"code": "DUPLICATE_CALL"``."""
    paging_fault: PagingFault | None
    """How the list endpoints misbehave, if at all."""


class ConfigUpdate(TypedDict, total=False):
    """Any of ``MockConfig``'s fields, for ``MockServer.update_config``."""

    credits: int | None
    rate_limit_per_minute: int | None
    ring_after_ms: int
    answer_after_ms: int
    duplicate_code: bool
    paging_fault: PagingFault | None


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
    headers: dict[str, str]
    """Headers beyond those every request carries (``traceparent``, your own), names in
    lower case."""


_LOG_FIELDS = tuple(f.name for f in dataclasses.fields(LoggedRequest) if f.name != "headers")


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
        created_at: str | _dt.datetime | None = None,
        direction: str | None = None,
        from_: str | None = None,
        sid: str | None = None,
        is_testing: bool | None = None,
    ) -> dict[str, Any]:
        """Stores a call and returns it as the API will serve it; creates its agent
        (published) if there is none. Seeded calls keep their status.

        ``started_at`` defaults to now; the listing fields default too: ``created_at`` (which
        orders listings and is what ``date_from``/``date_to`` match) to ``started_at``,
        ``direction`` to ``"outbound"``, ``from_`` (the API's ``from``) to the agent's number,
        ``sid`` to a fresh ``CA...``, ``is_testing`` to ``False``. Datetimes must be aware.

        Example::

            call = server.seed_call("agent-1", "+5511987654321", status="ringing")
            call["id"]  # 'call_1'
            server.seed_call(
                "agent-1", "+5511900000000", status="completed", direction="inbound",
                created_at=datetime(2024, 1, 15, 10, 30, tzinfo=timezone.utc),
            )
        """
        seed = {
            "agent_id": agent_id,
            "to": to,
            "status": status,
            "id": id,
            "started_at": _instant(started_at),
            "duration_seconds": duration_seconds,
            "extra": extra,
            "created_at": _instant(created_at),
            "direction": direction,
            "from": from_,
            "sid": sid,
            "is_testing": is_testing,
        }
        stored = self._native.seed_call(_dumps(seed))
        return json.loads(stored)  # type: ignore[no-any-return]

    def seed_agent(
        self,
        id: str,
        *,
        name: str | None = None,
        label: str | None = None,
        published: bool = True,
        phone_number: str | None = None,
    ) -> dict[str, Any]:
        """Stores (or replaces) an agent and returns it with its defaults filled in.

        Placing a call needs an agent that exists (else 404 ``AGENT_NOT_FOUND``) and is
        published (else 400 ``AGENT_INACTIVE``); listed calls carry its ``name`` and
        ``label``. ``name`` defaults to ``"Agent <id>"``, ``phone_number`` (the caller id of
        its calls) to ``+15550100000``.

        Example::

            server.seed_agent("agent-1", name="Sales")
            server.seed_agent("agent-draft", published=False)
        """
        seed = {
            "id": id,
            "name": name,
            "label": label,
            "published": published,
            "phone_number": phone_number,
        }
        return json.loads(self._native.seed_agent(_dumps(seed)))  # type: ignore[no-any-return]

    def seed_campaign(
        self,
        id: str,
        *,
        name: str | None = None,
        status: str = "active",
        agent_id: str | None = None,
        scheduled: bool = False,
    ) -> dict[str, Any]:
        """Stores (or replaces) a campaign and returns it with its defaults filled in.

        Only an ``active`` campaign takes calls (else 400); its calls start ``queued``, or
        ``scheduled`` (with a ``scheduled_at``) when ``scheduled``. ``name`` defaults to
        ``"Campaign <id>"``.

        Example::

            server.seed_campaign("camp-1", name="Q1 Outreach", agent_id="agent-1")
            server.seed_campaign("camp-paused", status="paused")
        """
        seed = {
            "id": id,
            "name": name,
            "status": status,
            "agent_id": agent_id,
            "scheduled": scheduled,
        }
        return json.loads(self._native.seed_campaign(_dumps(seed)))  # type: ignore[no-any-return]

    def agents(self) -> list[dict[str, Any]]:
        """Every agent, in seeding order (including those created by seeding a call)."""
        return json.loads(self._native.agents())  # type: ignore[no-any-return]

    def campaigns(self) -> list[dict[str, Any]]:
        """Every campaign, in seeding order."""
        return json.loads(self._native.campaigns())  # type: ignore[no-any-return]

    def campaign_calls(self) -> list[dict[str, Any]]:
        """Every campaign call made through the API, in order: the ``campaign_call`` the API
        answered with, plus the ``payload``, ``context``, ``is_testing`` and
        ``allow_duplicates`` it was made with. Campaign calls are not in ``calls()``.

        Example::

            client.make_campaign_call("camp-1", "+5511987654321")
            [queued] = server.campaign_calls()
            assert queued["status"] == "queued"
        """
        return json.loads(self._native.campaign_calls())  # type: ignore[no-any-return]

    @property
    def credits(self) -> int | None:
        """The credits left; ``None`` (the default) is unlimited."""
        return self._native.credits

    def set_credits(self, credits: int | None) -> None:
        """Sets the account's balance; ``None`` is unlimited. Placing a call that is not a
        test call takes one; with none left it answers 402 ``INSUFFICIENT_CREDITS``.

        Example::

            server.set_credits(0)
            with pytest.raises(talkover.PaymentRequiredError):
                client.make_call("agent-1", "+5511987654321")
        """
        self._native.set_credits(credits)

    def config(self) -> MockConfig:
        """The run-time settings now (``reset()`` restores the defaults).

        Example::

            server.config()["answer_after_ms"]  # 2000
        """
        return json.loads(self._native.config())  # type: ignore[no-any-return]

    def update_config(self, **fields: Unpack[ConfigUpdate]) -> None:
        """Changes some run-time settings (see ``MockConfig``); the others stay. Nothing
        changes if any value is refused (``ValueError``).

        Example::

            server.update_config(ring_after_ms=0, answer_after_ms=0)  # placed calls answer at once
            server.update_config(rate_limit_per_minute=1)  # the second request gets a 429
            server.update_config(paging_fault="repeat_page")
        """
        self._native.update_config(json.dumps(fields))

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
        apply: bool = False,
    ) -> None:
        """Makes the next ``times`` (default 1) requests misbehave.

        ``respond`` answers ``status`` (default 500) with ``headers`` and ``body`` (a str is
        sent verbatim, anything else as JSON) after ``delay_ms``; ``drop`` closes the
        connection; ``hang`` never answers; ``truncate``, ``reset`` and ``trickle`` break the
        body. ``path`` limits the fault to requests whose raw path contains it.

        With ``apply=True`` the request is carried out first (the call placed, queued or
        ended) and only its answer is lost: how a client's retry rules for requests that
        change state are tested.

        Example::

            server.add_fault(status=429, headers={"retry-after": "1"})
            server.add_fault("hang", path="/end-call")
            server.add_fault("drop", path="/call", apply=True)  # placed, but the answer is lost
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
            "apply": apply,
        }
        self._native.add_fault(_dumps(fault, keep=("body",)))

    def requests(self) -> list[LoggedRequest]:
        """The API requests received (the last 10,000), oldest first."""
        entries = json.loads(self._native.requests())
        return [
            LoggedRequest(**{k: e.get(k) for k in _LOG_FIELDS}, headers=e.get("headers") or {})
            for e in entries
        ]

    def calls(self) -> list[dict[str, Any]]:
        """Every stored call, ended ones included, in seeding order."""
        return json.loads(self._native.calls())  # type: ignore[no-any-return]

    def clear_requests(self) -> None:
        """Empties the request log."""
        self._native.clear_requests()

    def reset(self) -> None:
        """Forgets calls, agents, campaigns, campaign calls, faults, the request log and the
        rate-limit windows, and restores the run-time config; call ids start again."""
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


def _instant(value: str | _dt.datetime | None) -> str | None:
    return value.isoformat() if isinstance(value, _dt.datetime) else value


def _dumps(fields: dict[str, Any], keep: tuple[str, ...] = ()) -> str:
    """JSON of ``fields`` without the unset ones, so the simulator's defaults apply."""
    return json.dumps({k: v for k, v in fields.items() if v is not None or k in keep})
