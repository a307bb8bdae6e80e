"""Type stubs for the compiled module ``talkover._native``.

Users import these classes from ``talkover``; the rest is private plumbing for
``talkover.AsyncClient``, ``talkover.Client`` and ``talkover.testing.MockServer``.
"""

import asyncio
import datetime
from collections.abc import Callable, Mapping
from os import PathLike
from typing import Any, final

from ._models import CallStatus, Direction

__version__: str
# PyO3 lists every name the module adds; stubtest compares the two lists.
__all__ = [
    "AgentRef",
    "Attempt",
    "Call",
    "CallPage",
    "CallRecord",
    "Campaign",
    "CampaignCall",
    "EndedCall",
    "LoopBridge",
    "NativeCallPager",
    "NativeClient",
    "NativeMockServer",
    "Op",
    "PlacedCall",
    "RateLimit",
    "RequestOptions",
    "__version__",
    "_after_fork_in_child",
    "_panicking_operation",
    "_shutdown",
    "_stop_logging",
    "catalogue",
    "cli_main",
]

class _Model:
    # Not a class at runtime: the methods every model has, written once for the type
    # checkers (each class gets them from models/data.rs in the extension).
    def to_dict(self) -> dict[str, Any]:
        """The API's JSON for this object, as plain data that ``json.dumps`` takes.

        Field names as the API spells them (``CallRecord.from_`` is ``"from"``), timestamps
        as ISO 8601 strings in UTC (ending in ``Z``), statuses as their strings, nested
        models as dicts, and the fields of ``extra`` merged back at the top level, where the
        API sent them. So the dict is what the API answered, and a list of them is a table
        with a column per field.

        Example::

            >>> call = Call("call-1", "agent-1", "+5511987654321", "answered",
            ...             extra={"region": "sa-east-1"})
            >>> call.to_dict()["status"], call.to_dict()["region"]
            ('answered', 'sa-east-1')
            >>> rows = [record.to_dict() for record in page]  # doctest: +SKIP
            >>> pandas.DataFrame(rows)  # doctest: +SKIP
        """
    def to_json(self, **kwargs: Any) -> str:
        """``json.dumps(self.to_dict(), **kwargs)``: ``indent=2``, ``sort_keys=True``, ...

        Example::

            >>> Campaign("camp-1", name="Q1").to_json()
            '{"id": "camp-1", "name": "Q1", "status": null}'
        """
    def _repr_html_(self) -> str:
        """The fields as an HTML table (escaped), which Jupyter shows for the object."""

class _FromResponse:
    # Not a class at runtime: what every result has (models/data.rs, `response`).
    @property
    def _request_id(self) -> str | None:
        """The ``x-request-id`` of the response this came from, to quote to support;
        ``None`` for a value you built. Not a field: ``to_dict()`` leaves it out.

        Example::

            calls = client.active_call("agent-uuid", "+5511987654321")
            log.info("looked up", extra={"request_id": calls[0]._request_id if calls else None})
        """
    @property
    def _rate_limit(self) -> RateLimit | None:
        """The rate-limit state the response this came from reported."""

@final
class Call(_Model, _FromResponse):
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

    def __new__(
        cls,
        id: str,
        agent_id: str,
        to: str,
        status: CallStatus | str,
        started_at: datetime.datetime | None = None,
        duration_seconds: int | None = None,
        extra: dict[str, Any] | None = None,
    ) -> Call: ...
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
    __match_args__ = ("id", "agent_id", "to", "status", "started_at", "duration_seconds")
    def __hash__(self) -> int: ...
    def __eq__(self, other: object, /) -> bool: ...

@final
class EndedCall(_Model, _FromResponse):
    """The result of ``end_call`` (frozen; compares by value).

    Example::

        >>> ended = EndedCall("call-1", "completed", ended_reason="ended_by_api")
        >>> ended.status == "completed", ended.ended_at
        (True, None)
    """

    def __new__(
        cls,
        id: str,
        status: CallStatus | str,
        ended_at: datetime.datetime | None = None,
        ended_reason: str | None = None,
        extra: dict[str, Any] | None = None,
    ) -> EndedCall: ...
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
    __match_args__ = ("id", "status", "ended_at", "ended_reason")
    def __hash__(self) -> int: ...
    def __eq__(self, other: object, /) -> bool: ...

@final
class PlacedCall(_Model, _FromResponse):
    """The call the API accepted from ``make_call`` (frozen; compares by value).

    The call is placed asynchronously: it starts ``initiated``, and ``active_call`` finds it
    while it is active. Only ``id`` is always present; the API's answers differ in the rest.

    Example::

        >>> placed = PlacedCall("call-1", agent_id="agent-1", status="initiated")
        >>> placed.status is CallStatus.INITIATED, placed.to
        (True, None)
    """

    def __new__(
        cls,
        id: str,
        agent_id: str | None = None,
        to: str | None = None,
        status: CallStatus | str | None = None,
        created_at: datetime.datetime | None = None,
        extra: dict[str, Any] | None = None,
    ) -> PlacedCall: ...
    @property
    def id(self) -> str:
        """The call id: what ``end_call`` takes and webhooks carry."""
    @property
    def agent_id(self) -> str | None:
        """The agent placing the call, when the API said."""
    @property
    def to(self) -> str | None:
        """The number dialled, in E.164, when the API said."""
    @property
    def status(self) -> CallStatus | None:
        """The status, usually ``CallStatus.INITIATED``, when the API said."""
    @property
    def created_at(self) -> datetime.datetime | None:
        """When the API accepted the call (aware, UTC)."""
    @property
    def extra(self) -> dict[str, Any]:
        """Fields the API sent that this version does not know, as a new dict."""
    __match_args__ = ("id", "agent_id", "to", "status", "created_at")
    def __hash__(self) -> int: ...
    def __eq__(self, other: object, /) -> bool: ...

@final
class Campaign(_Model):
    """A campaign, as described next to a ``CampaignCall`` (frozen; compares by value).

    Example::

        >>> Campaign("camp-1", name="Q1 follow-ups", status="active").name
        'Q1 follow-ups'
    """

    def __new__(
        cls,
        id: str,
        name: str | None = None,
        status: str | None = None,
        extra: dict[str, Any] | None = None,
    ) -> Campaign: ...
    @property
    def id(self) -> str:
        """The campaign id."""
    @property
    def name(self) -> str | None:
        """Its name."""
    @property
    def status(self) -> str | None:
        """``draft``, ``active``, ``paused``, ``completed``, ``cancelled``, or a later one."""
    @property
    def extra(self) -> dict[str, Any]:
        """Fields the API sent that this version does not know, as a new dict."""
    __match_args__ = ("id", "name", "status")
    def __hash__(self) -> int: ...
    def __eq__(self, other: object, /) -> bool: ...

@final
class CampaignCall(_Model, _FromResponse):
    """A call queued in a campaign (frozen; compares by value).

    Returned by ``make_campaign_call``, and given as ``existing_call`` by a
    ``DuplicateCallError``.

    Example::

        >>> call = CampaignCall("cc-1", "queued", campaign_id="camp-1", to="+5511987654321")
        >>> call.status is CallStatus.QUEUED, call.campaign
        (True, None)
    """

    def __new__(
        cls,
        id: str,
        status: CallStatus | str,
        campaign_id: str | None = None,
        to: str | None = None,
        scheduled_at: datetime.datetime | None = None,
        created_at: datetime.datetime | None = None,
        campaign: Campaign | None = None,
        extra: dict[str, Any] | None = None,
    ) -> CampaignCall: ...
    @property
    def id(self) -> str:
        """The campaign call's id, to correlate with webhooks."""
    @property
    def status(self) -> CallStatus:
        """``QUEUED`` (waiting for dispatch) or ``SCHEDULED``, then any call's statuses."""
    @property
    def campaign_id(self) -> str | None:
        """The campaign it belongs to, when the API said."""
    @property
    def to(self) -> str | None:
        """The number to call, in E.164, when the API said."""
    @property
    def scheduled_at(self) -> datetime.datetime | None:
        """When a ``SCHEDULED`` call will be placed (aware, UTC)."""
    @property
    def created_at(self) -> datetime.datetime | None:
        """When the campaign call was created (aware, UTC)."""
    @property
    def campaign(self) -> Campaign | None:
        """The campaign, when the API described it in the same answer."""
    @property
    def extra(self) -> dict[str, Any]:
        """Fields the API sent that this version does not know, as a new dict."""
    __match_args__ = (
        "id",
        "status",
        "campaign_id",
        "to",
        "scheduled_at",
        "created_at",
        "campaign",
    )
    def __hash__(self) -> int: ...
    def __eq__(self, other: object, /) -> bool: ...

@final
class AgentRef(_Model):
    """The agent of a ``CallRecord`` (frozen; compares by value).

    Example::

        >>> AgentRef("agent-1", name="Sales").name
        'Sales'
    """

    def __new__(
        cls,
        id: str,
        name: str | None = None,
        label: str | None = None,
        extra: dict[str, Any] | None = None,
    ) -> AgentRef: ...
    @property
    def id(self) -> str:
        """The agent id."""
    @property
    def name(self) -> str | None:
        """Its name."""
    @property
    def label(self) -> str | None:
        """Its label."""
    @property
    def extra(self) -> dict[str, Any]:
        """Fields the API sent that this version does not know, as a new dict."""
    __match_args__ = ("id", "name", "label")
    def __hash__(self) -> int: ...
    def __eq__(self, other: object, /) -> bool: ...

@final
class CallRecord(_Model):
    """A call as listed by ``list_calls``: any call, past or present (frozen).

    The API's ``from`` field is ``from_``, as ``from`` is a Python keyword.

    Example::

        >>> record = CallRecord("call-1", "completed", "+1234567890", from_="+0987654321",
        ...                     direction="outbound", duration=120)
        >>> record.direction is Direction.OUTBOUND, record.from_
        (True, '+0987654321')
    """

    def __new__(
        cls,
        id: str,
        status: CallStatus | str,
        to: str,
        sid: str | None = None,
        to_formatted: str | None = None,
        from_: str | None = None,
        from_formatted: str | None = None,
        is_testing: bool | None = None,
        direction: Direction | str | None = None,
        duration: int | None = None,
        agent: AgentRef | None = None,
        created_at: datetime.datetime | None = None,
        updated_at: datetime.datetime | None = None,
        extra: dict[str, Any] | None = None,
    ) -> CallRecord: ...
    @property
    def id(self) -> str:
        """The call id: what ``end_call`` takes."""
    @property
    def status(self) -> CallStatus:
        """Where the call is in its life."""
    @property
    def to(self) -> str:
        """The other party's number (E.164)."""
    @property
    def sid(self) -> str | None:
        """The telephony provider's call SID (not the id ``end_call`` takes)."""
    @property
    def to_formatted(self) -> str | None:
        """``to`` formatted for display."""
    @property
    def from_(self) -> str | None:
        """The caller's number (the API's ``from``)."""
    @property
    def from_formatted(self) -> str | None:
        """``from_`` formatted for display."""
    @property
    def is_testing(self) -> bool | None:
        """Whether it was a test call (no credits used, not in analytics)."""
    @property
    def direction(self) -> Direction | None:
        """``INBOUND`` or ``OUTBOUND``; unknown directions are kept."""
    @property
    def duration(self) -> int | None:
        """Length in seconds (0 while the call has not completed)."""
    @property
    def agent(self) -> AgentRef | None:
        """The agent, in the all-calls listing (an agent's own listing leaves it out)."""
    @property
    def created_at(self) -> datetime.datetime | None:
        """When the call was created (aware, UTC)."""
    @property
    def updated_at(self) -> datetime.datetime | None:
        """When the call last changed (aware, UTC)."""
    @property
    def extra(self) -> dict[str, Any]:
        """Fields the API sent that this version does not know, as a new dict."""
    __match_args__ = (
        "id",
        "status",
        "to",
        "sid",
        "to_formatted",
        "from_",
        "from_formatted",
        "is_testing",
        "direction",
        "duration",
        "agent",
        "created_at",
        "updated_at",
    )
    def __hash__(self) -> int: ...
    def __eq__(self, other: object, /) -> bool: ...

@final
class CallPage(_Model, _FromResponse):
    """One page of a call listing (frozen; compares by value).

    Its ``to_dict()`` is ``{"items": [...], "number": ..., "pagination": {...},
    "has_more": ...}``: ``current_page``, ``last_page``, ``per_page`` and ``total`` stay in
    the ``pagination`` object the server sent.

    Example::

        >>> page = CallPage([CallRecord("call-1", "completed", "+1234567890")], 1, total=1)
        >>> len(page), page.items[0].id, page.has_more
        (1, 'call-1', False)
    """

    def __new__(
        cls,
        items: list[CallRecord],
        number: int,
        has_more: bool = False,
        current_page: int | None = None,
        last_page: int | None = None,
        per_page: int | None = None,
        total: int | None = None,
    ) -> CallPage: ...
    @property
    def items(self) -> list[CallRecord]:
        """The calls on this page, in the server's order, as a new list."""
    @property
    def number(self) -> int:
        """Which page this is (1-based): the one asked for."""
    @property
    def has_more(self) -> bool:
        """Whether another page follows."""
    @property
    def current_page(self) -> int | None:
        """The page the server says this is."""
    @property
    def last_page(self) -> int | None:
        """The last page there is, as the server said."""
    @property
    def per_page(self) -> int | None:
        """Items per page, as the server said."""
    @property
    def total(self) -> int | None:
        """Items in the whole listing, as the server said."""
    def __len__(self) -> int: ...
    __match_args__ = (
        "items",
        "number",
        "has_more",
        "current_page",
        "last_page",
        "per_page",
        "total",
    )
    def __hash__(self) -> int: ...
    def __eq__(self, other: object, /) -> bool: ...

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

    def __new__(
        cls,
        token: str | None = None,
        *,
        base_url: str | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
        ca_cert: str | bytes | PathLike[str] | None = None,
        connect_timeout: float | None = None,
        proxy: str | None = None,
        app_info: str | None = None,
        default_headers: Mapping[str, str] | None = None,
        on_attempt: Callable[[Attempt], object] | None = None,
    ) -> NativeClient: ...
    def with_options(
        self,
        *,
        token: str | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
        default_headers: Mapping[str, str] | None = None,
    ) -> NativeClient: ...
    @property
    def user_agent(self) -> str: ...
    @property
    def default_headers(self) -> list[tuple[str, str]]: ...
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
        self, agent_id: str, phone: str, options: RequestOptions | None = None
    ) -> tuple[asyncio.Future[list[Call]], Op]: ...
    def end_call_async(
        self, agent_id: str, call_sid: str, options: RequestOptions | None = None
    ) -> tuple[asyncio.Future[EndedCall], Op]: ...
    def active_call(
        self, agent_id: str, phone: str, options: RequestOptions | None = None
    ) -> list[Call]: ...
    def end_call(
        self, agent_id: str, call_sid: str, options: RequestOptions | None = None
    ) -> EndedCall: ...
    def make_call_async(
        self,
        agent_id: str,
        to: str,
        payload: dict[str, Any] | None = None,
        context: dict[str, Any] | None = None,
        delay_seconds: int | None = None,
        is_testing: bool = False,
        options: RequestOptions | None = None,
    ) -> tuple[asyncio.Future[PlacedCall], Op]: ...
    def make_call(
        self,
        agent_id: str,
        to: str,
        payload: dict[str, Any] | None = None,
        context: dict[str, Any] | None = None,
        delay_seconds: int | None = None,
        is_testing: bool = False,
        options: RequestOptions | None = None,
    ) -> PlacedCall: ...
    def make_campaign_call_async(
        self,
        campaign_id: str,
        to: str,
        payload: dict[str, Any] | None = None,
        context: dict[str, Any] | None = None,
        is_testing: bool = False,
        allow_duplicates: bool = False,
        options: RequestOptions | None = None,
    ) -> tuple[asyncio.Future[CampaignCall], Op]: ...
    def make_campaign_call(
        self,
        campaign_id: str,
        to: str,
        payload: dict[str, Any] | None = None,
        context: dict[str, Any] | None = None,
        is_testing: bool = False,
        allow_duplicates: bool = False,
        options: RequestOptions | None = None,
    ) -> CampaignCall: ...
    def list_calls(
        self,
        agent_id: str | None = None,
        status: CallStatus | str | None = None,
        direction: Direction | str | None = None,
        date_from: datetime.date | datetime.datetime | str | None = None,
        date_to: datetime.date | datetime.datetime | str | None = None,
        search: str | None = None,
        per_page: int | None = None,
        options: RequestOptions | None = None,
    ) -> NativeCallPager: ...

@final
class RequestOptions:
    """One call's ``timeout``, ``max_retries`` and ``headers``, checked when made."""

    def __new__(
        cls,
        timeout: float | None = None,
        max_retries: int | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> RequestOptions: ...

@final
class RateLimit:
    """The rate-limit state a response reported (``X-RateLimit-Limit``, ``-Remaining``,
    ``-Reset``); each value is ``None`` when its header was absent or unreadable.

    Example::

        rate = calls[0]._rate_limit if calls else None
        if rate and rate.remaining == 0 and rate.reset_at:
            time.sleep((rate.reset_at - datetime.now(timezone.utc)).total_seconds())
    """

    def __new__(
        cls,
        limit: int | None = None,
        remaining: int | None = None,
        reset_at: datetime.datetime | None = None,
    ) -> RateLimit: ...
    @property
    def limit(self) -> int | None:
        """Requests allowed per window."""
    @property
    def remaining(self) -> int | None:
        """Requests left in the current window."""
    @property
    def reset_at(self) -> datetime.datetime | None:
        """When the window resets (aware, UTC)."""
    def __eq__(self, other: object, /) -> bool: ...
    __hash__: None  # type: ignore[assignment]
    def __reduce__(self) -> tuple[Any, ...]: ...

@final
class Attempt:
    """One HTTP attempt, given to the client's ``on_attempt`` hook once it is over (a retry
    is a new attempt). Holds no token; ``path`` masks the phone number as logs do.

    Example::

        def record(attempt: talkover.Attempt) -> None:
            metrics.observe("talkover.attempt", attempt.duration, status=attempt.status)

        client = talkover.Client(on_attempt=record)
    """

    @property
    def method(self) -> str:
        """The HTTP method, ``"GET"`` or ``"POST"``."""
    @property
    def path(self) -> str:
        """The path after the base URL, the phone number masked; never the query."""
    @property
    def retry(self) -> int:
        """0 for a call's first attempt, then 1, 2, ... for its retries."""
    @property
    def started_at(self) -> datetime.datetime:
        """When the attempt started (aware, UTC)."""
    @property
    def duration(self) -> float:
        """How long the attempt took, in seconds."""
    @property
    def status(self) -> int | None:
        """The HTTP status, when a response arrived."""
    @property
    def request_id(self) -> str | None:
        """The response's ``x-request-id``, when one arrived."""
    @property
    def error(self) -> str | None:
        """The exception class the attempt failed with (``"RateLimitError"``), else ``None``."""
    @property
    def will_retry(self) -> bool:
        """Whether the client tries again after this attempt."""

@final
class NativeCallPager:
    """One call listing, read a page at a time, behind ``AsyncCallPager`` and ``CallPager``."""

    def next_page_async(self) -> tuple[asyncio.Future[CallPage | None], Op]: ...
    def next_page(self) -> CallPage | None: ...

@final
class NativeMockServer:
    """The simulator behind ``talkover.testing.MockServer``; shapes travel as JSON text."""

    def __new__(
        cls, token: str | None = None, port: int = 0, tls: bool = False
    ) -> NativeMockServer: ...
    @property
    def url(self) -> str: ...
    @property
    def token(self) -> str: ...
    @property
    def ca_pem(self) -> str | None: ...
    @property
    def running(self) -> bool: ...
    @property
    def credits(self) -> int | None: ...
    def seed_call(self, json: str) -> str: ...
    def seed_agent(self, json: str) -> str: ...
    def seed_campaign(self, json: str) -> str: ...
    def agents(self) -> str: ...
    def campaigns(self) -> str: ...
    def campaign_calls(self) -> str: ...
    def set_credits(self, credits: int | None) -> None: ...
    def config(self) -> str: ...
    def update_config(self, json: str) -> None: ...
    def add_fault(self, json: str) -> None: ...
    def requests(self) -> str: ...
    def calls(self) -> str: ...
    def clear_requests(self) -> None: ...
    def reset(self) -> None: ...
    def connections_open(self) -> int: ...
    def connections_total(self) -> int: ...
    def stop(self) -> None: ...

def catalogue() -> dict[str, Any]:
    """The core's catalogue: ``{"base_class", "errors", "defaults", "operations"}``.

    Every error class (name, parent, status, code, doc), default and operation of the
    library, in the core's words (snake_case, seconds). The generator of ``_errors.py`` and
    the drift tests read it.

    Example::

        >>> catalogue()["defaults"]["max_retries"]
        2
    """

def cli_main(argv: list[str]) -> int:
    """Runs the ``talkover`` command line with ``argv`` (program name first) and returns its
    exit code; the ``talkover`` console script calls it (see ``talkover._cli``).

    Example::

        >>> cli_main(["talkover", "--version"])  # doctest: +SKIP
        talkover 0.1.0
        0
    """

def _after_fork_in_child() -> None: ...
def _shutdown() -> None: ...
def _stop_logging() -> None: ...
def _panicking_operation(blocking: bool) -> Any: ...
