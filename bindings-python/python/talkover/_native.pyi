"""Type stubs for the compiled module ``talkover._native``.

Users import these classes from ``talkover``; the rest is private plumbing for
``talkover.AsyncClient``, ``talkover.Client`` and ``talkover.testing.MockServer``.
"""

import asyncio
import datetime
from os import PathLike
from typing import Any, final

from ._models import CallStatus

__version__: str

@final
class Call:
    """A call between an agent and a phone number (frozen; compares by value).

    Returned by ``active_call``. Construct one yourself for tests and fixtures; ``status``
    accepts a ``CallStatus`` or its string value, timestamps must be aware datetimes.

    Example::

        >>> from datetime import datetime, timezone
        >>> call = Call(id="call-1", agent_id="agent-1", to="+5511987654321",
        ...             status="answered", started_at=datetime(2024, 1, 15, tzinfo=timezone.utc))
        >>> call.status is CallStatus.ANSWERED
        True
        >>> call == Call("call-1", "agent-1", "+5511987654321", "answered",
        ...              datetime(2024, 1, 15, tzinfo=timezone.utc))
        True
    """

    def __init__(
        self,
        id: str,
        agent_id: str,
        to: str,
        status: CallStatus | str,
        started_at: datetime.datetime | None = None,
        duration_seconds: int | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None: ...
    @property
    def id(self) -> str:
        """The call id: the ``call_sid`` that ``end_call`` takes."""
    @property
    def agent_id(self) -> str:
        """The agent placing or receiving the call."""
    @property
    def to(self) -> str:
        """The other party, in E.164."""
    @property
    def status(self) -> CallStatus:
        """Where the call is in its life; unknown statuses are kept, never an error."""
    @property
    def started_at(self) -> datetime.datetime | None:
        """When the call started (aware, UTC); ``None`` while it has not."""
    @property
    def duration_seconds(self) -> int | None:
        """Seconds since the call started; ``None`` while it has not."""
    @property
    def extra(self) -> dict[str, Any]:
        """Fields the API sent that this version does not know, as a new dict.

        Example::

            region = call.extra.get("region")
        """
    def __hash__(self) -> int: ...
    def __eq__(self, other: object) -> bool: ...

@final
class EndedCall:
    """The result of ``end_call`` (frozen; compares by value).

    Example::

        >>> ended = EndedCall("call-1", "completed", ended_reason="ended_by_api")
        >>> ended.status == "completed", ended.ended_at
        (True, None)
    """

    def __init__(
        self,
        id: str,
        status: CallStatus | str,
        ended_at: datetime.datetime | None = None,
        ended_reason: str | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None: ...
    @property
    def id(self) -> str:
        """The call id."""
    @property
    def status(self) -> CallStatus:
        """``CallStatus.COMPLETED`` once the hang-up is accepted."""
    @property
    def ended_at(self) -> datetime.datetime | None:
        """When the call ended (aware, UTC)."""
    @property
    def ended_reason(self) -> str | None:
        """Why it ended: ``"ended_by_api"`` for calls ended through the API."""
    @property
    def extra(self) -> dict[str, Any]:
        """Fields the API sent that this version does not know, as a new dict."""
    def __hash__(self) -> int: ...
    def __eq__(self, other: object) -> bool: ...

@final
class Op:
    """Cancels the request it was returned with."""

    def cancel(self) -> None: ...

@final
class LoopBridge:
    """Resolves an event loop's futures; stored on the loop as ``_talkover_bridge``."""

@final
class NativeClient:
    """The core client behind ``AsyncClient`` and ``Client``."""

    def __init__(
        self,
        token: str | None = None,
        *,
        base_url: str | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
        ca_cert: str | bytes | PathLike[str] | None = None,
    ) -> None: ...
    @property
    def base_url(self) -> str: ...
    @property
    def timeout(self) -> float: ...
    @property
    def max_retries(self) -> int: ...
    @property
    def closed(self) -> bool: ...
    def close(self) -> None: ...
    def active_call_async(
        self, agent_id: str, phone: str, timeout: float | None = None
    ) -> tuple[asyncio.Future[list[Call]], Op]: ...
    def end_call_async(
        self, agent_id: str, call_sid: str, timeout: float | None = None
    ) -> tuple[asyncio.Future[EndedCall], Op]: ...
    def active_call(
        self, agent_id: str, phone: str, timeout: float | None = None
    ) -> list[Call]: ...
    def end_call(self, agent_id: str, call_sid: str, timeout: float | None = None) -> EndedCall: ...

@final
class NativeMockServer:
    """The simulator behind ``talkover.testing.MockServer``; shapes travel as JSON text."""

    def __init__(self, token: str | None = None, port: int = 0, tls: bool = False) -> None: ...
    @property
    def url(self) -> str: ...
    @property
    def token(self) -> str: ...
    @property
    def ca_pem(self) -> str | None: ...
    @property
    def running(self) -> bool: ...
    def seed_call(self, json: str) -> str: ...
    def add_fault(self, json: str) -> None: ...
    def requests(self) -> str: ...
    def calls(self) -> str: ...
    def clear_requests(self) -> None: ...
    def reset(self) -> None: ...
    def connections_open(self) -> int: ...
    def connections_total(self) -> int: ...
    def stop(self) -> None: ...

def _after_fork_in_child() -> None: ...
def _shutdown() -> None: ...
def _stop_logging() -> None: ...
def _panicking_operation(blocking: bool) -> Any: ...
