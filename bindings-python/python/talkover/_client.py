"""``AsyncClient`` and its blocking twin ``Client``.

Both are thin shells over one native client: the Rust core validates input, sends the
request, retries, and decodes the answer. ``AsyncClient`` methods are real coroutines that
work on any asyncio loop (``asyncio.run``, Jupyter, uvloop); ``Client`` methods block with
the GIL released and never touch asyncio.
"""

from __future__ import annotations

from ._native import NativeClient, RequestOptions, catalogue
from ._pager import AsyncCallPager, CallPager

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Mapping
    from datetime import date, datetime
    from os import PathLike
    from types import TracebackType
    from typing import Any, TypeVar

    from ._models import CallStatus, Direction
    from ._native import Attempt, Call, CampaignCall, EndedCall, PlacedCall

    _Self = TypeVar("_Self", bound="_Base")

__all__ = ["AsyncClient", "Client"]

# The defaults are the core's (``talkover::catalogue``), so every language agrees on them.
_DEFAULTS = catalogue()["defaults"]
_DEFAULT_TIMEOUT: float = _DEFAULTS["timeout"]
_DEFAULT_MAX_RETRIES: int = _DEFAULTS["max_retries"]


def _options(
    timeout: float | None, max_retries: int | None, headers: Mapping[str, str] | None
) -> RequestOptions | None:
    """One call's options for the native client, checked now; ``None`` when none is given."""
    if timeout is None and max_retries is None and headers is None:
        return None
    return RequestOptions(timeout, max_retries, headers)


class _Base:
    __slots__ = ("_native",)

    def __init__(
        self,
        token: str | None = None,
        *,
        base_url: str | None = None,
        timeout: float = _DEFAULT_TIMEOUT,
        max_retries: int = _DEFAULT_MAX_RETRIES,
        ca_cert: str | bytes | PathLike[str] | None = None,
        connect_timeout: float | None = None,
        proxy: str | None = None,
        app_info: str | None = None,
        default_headers: Mapping[str, str] | None = None,
        on_attempt: Callable[[Attempt], object] | None = None,
    ) -> None:
        self._native = NativeClient(
            token,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            ca_cert=ca_cert,
            connect_timeout=connect_timeout,
            proxy=proxy,
            app_info=app_info,
            default_headers=default_headers,
            on_attempt=on_attempt,
        )

    def with_options(
        self: _Self,
        *,
        token: str | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
        default_headers: Mapping[str, str] | None = None,
    ) -> _Self:
        """A client of the same kind with some settings changed, sharing this one's
        connection pool (and its base URL, proxy, certificates, logging and hook).

        Cheap: make one per tenant (``token``) or per kind of work (a longer ``timeout``,
        no retries). ``default_headers`` are added to this client's. Closing it releases
        only its own handle: the pool closes with the last client using it.

        Example::

            patient = client.with_options(timeout=120, max_retries=5)
            tenant = client.with_options(token=os.environ["TENANT_B_TOKEN"])
        """
        derived = object.__new__(type(self))
        derived._native = self._native.with_options(
            token=token, timeout=timeout, max_retries=max_retries, default_headers=default_headers
        )
        return derived

    @property
    def user_agent(self) -> str:
        """The ``User-Agent`` header sent: package, Python, platform, then ``app_info``."""
        return self._native.user_agent

    @property
    def default_headers(self) -> dict[str, str]:
        """The headers sent with every request (``default_headers``), names in lower case."""
        return dict(self._native.default_headers)

    @property
    def base_url(self) -> str:
        """The API base URL requests go to."""
        return self._native.base_url

    @property
    def timeout(self) -> float:
        """The default per-attempt timeout, in seconds."""
        return self._native.timeout

    @property
    def max_retries(self) -> int:
        """Retries after the first attempt for transient failures."""
        return self._native.max_retries

    @property
    def closed(self) -> bool:
        """Whether ``close()`` was called."""
        return self._native.closed

    def __repr__(self) -> str:
        if self._native.closed:
            return f"{type(self).__name__}(closed)"
        return (
            f"{type(self).__name__}(base_url={self.base_url!r}, "
            f"timeout={self.timeout!r}, max_retries={self.max_retries!r})"
        )


class AsyncClient(_Base):
    """The TalkOver API client for ``asyncio``.

    ``token`` defaults to the ``TALKOVER_API_TOKEN`` environment variable and ``base_url``
    to ``TALKOVER_BASE_URL``, else the production API. ``timeout`` (seconds) bounds each
    attempt; transient failures are retried ``max_retries`` times with backoff. A missing
    or malformed token raises ``InvalidRequestError`` here, not on the first call.

    ``ca_cert`` adds a certificate authority to trust, for a corporate proxy or a test server
    with its own: PEM text (a ``str`` starting with ``-----BEGIN``, or ``bytes``) or the path
    of a PEM file, trusted in addition to the system's roots (or to the bundle named by the
    ``SSL_CERT_FILE`` environment variable, which is honoured as OpenSSL does). Bad PEM raises
    ``InvalidRequestError`` here.

    ``connect_timeout`` (seconds, default 10) bounds opening a connection. ``proxy`` sends
    every request through an ``http://`` or ``https://`` proxy (credentials in the URL are
    never shown); by default the ``HTTPS_PROXY``/``NO_PROXY`` environment variables apply.
    ``app_info`` (``"my-app/2.3"``) is appended to the ``User-Agent``, which already names
    the package, Python and the platform. ``default_headers`` go with every request.
    ``on_attempt`` is called with an ``Attempt`` after every HTTP attempt, retries included
    (method, masked path, status, duration, retry number; never the token): the way to feed
    the client's requests to tracing or metrics, since the HTTP stack is native and
    instrumentation of Python's HTTP libraries does not see it. It runs on the client's I/O
    thread, so keep it quick; an exception it raises goes to ``sys.unraisablehook``.

    Every operation also takes ``timeout``, ``max_retries`` and ``headers`` (a
    ``traceparent``, say) for that call alone. Results carry ``_request_id`` and
    ``_rate_limit``, from the response they came from.

    With the ``TALKOVER_LOG`` environment variable set to ``debug``, ``info``, ``warn`` or
    ``error`` when the client is made, its log lines go to the ``talkover`` logger of
    ``logging`` (the token never appears in them, and phone numbers only as their last 4
    digits). Unset, the client logs nothing and pays nothing for logging.

    The client holds one connection pool: make one and share it across tasks, threads and
    event loops. It is not tied to a loop, so it can be created outside ``async`` code.

    Example::

        import asyncio, talkover

        async def main() -> None:
            async with talkover.AsyncClient() as client:
                for call in await client.active_call("agent-uuid", "+55 11 98765-4321"):
                    ended = await client.end_call("agent-uuid", call.id)
                    print(ended.status, ended.ended_at)

        asyncio.run(main())
    """

    __slots__ = ()

    async def active_call(
        self,
        agent_id: str,
        phone: str,
        *,
        timeout: float | None = None,
        max_retries: int | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> list[Call]:
        """The active calls (initiated, ringing or answered) of ``agent_id`` with ``phone``.

        Usually one; ``[]`` when there is none. ``phone`` is E.164 (``+5511987654321``);
        spaces, ``-``, ``.``, ``(`` and ``)`` are ignored. ``timeout`` and ``max_retries``
        override the client's for this call, and ``headers`` are added to its requests (a
        ``traceparent`` to link them into your trace). Cancelling the task drops the
        request at once. Each ``Call`` has ``_request_id`` and ``_rate_limit``.

        Example::

            calls = await client.active_call("agent-uuid", "+5511987654321")
            if calls:
                print(calls[0].id, calls[0].status, calls[0].started_at)
        """
        future, op = self._native.active_call_async(
            agent_id, phone, _options(timeout, max_retries, headers)
        )
        try:
            return await future
        except BaseException:
            op.cancel()  # cancelled (or closed): drop the request and its connection now
            raise

    async def end_call(
        self,
        agent_id: str,
        call_sid: str,
        *,
        timeout: float | None = None,
        max_retries: int | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> EndedCall:
        """Hangs up call ``call_sid`` of ``agent_id``.

        Raises ``CallNotActiveError`` if it already ended and ``NotFoundError`` if the agent
        has no such call. The hang-up propagates asynchronously.

        Example::

            try:
                ended = await client.end_call("agent-uuid", "call-sid")
            except talkover.CallNotActiveError:
                pass  # already over
        """
        future, op = self._native.end_call_async(
            agent_id, call_sid, _options(timeout, max_retries, headers)
        )
        try:
            return await future
        except BaseException:
            op.cancel()
            raise

    async def make_call(
        self,
        agent_id: str,
        to: str,
        *,
        payload: dict[str, Any] | None = None,
        context: dict[str, Any] | None = None,
        delay_seconds: int | None = None,
        is_testing: bool = False,
        timeout: float | None = None,
        max_retries: int | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> PlacedCall:
        """Places an outbound call from ``agent_id`` to ``to`` (E.164, as for ``active_call``).

        ``payload`` fills the placeholders of the agent's prompt, ``context`` is echoed in
        every webhook of the call (both JSON-serialisable dicts), ``delay_seconds`` (0 to
        3600) waits before dialling, and ``is_testing`` places a test call (no credits
        used). The API accepts the call asynchronously: it starts ``initiated``, and
        ``active_call`` finds it while it is active.

        A retry never dials twice: the request is repeated only when the failure shows the
        server did not act (no connection, 429, 503). After any other failure (a timeout or
        a dropped connection once the request was sent, a 500, 502 or 504) the error has
        ``may_have_succeeded`` set: look the call up before placing it again.

        Example::

            try:
                placed = await client.make_call(
                    "agent-uuid", "+5511987654321", payload={"customer_name": "Ana"}
                )
                print(placed.id, placed.status)
            except talkover.TalkoverError as e:
                if not e.may_have_succeeded:
                    raise
                calls = await client.active_call("agent-uuid", "+5511987654321")
        """
        future, op = self._native.make_call_async(
            agent_id,
            to,
            payload,
            context,
            delay_seconds,
            is_testing,
            _options(timeout, max_retries, headers),
        )
        try:
            return await future
        except BaseException:
            op.cancel()
            raise

    async def make_campaign_call(
        self,
        campaign_id: str,
        to: str,
        *,
        payload: dict[str, Any] | None = None,
        context: dict[str, Any] | None = None,
        is_testing: bool = False,
        allow_duplicates: bool = False,
        timeout: float | None = None,
        max_retries: int | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> CampaignCall:
        """Queues a call to ``to`` in campaign ``campaign_id``, with the campaign's agent,
        hours and retry policy; it starts ``queued`` (or ``scheduled``).

        Unless ``allow_duplicates``, the API refuses a second call to the same number with
        ``DuplicateCallError``, whose ``existing_call`` is the call already queued. That
        makes retries safe: when the refusal answers a retry after an attempt that got no
        answer, the existing call is returned, since it is the one this request queued. With
        ``allow_duplicates`` the request is retried like ``make_call``.

        Example::

            try:
                call = await client.make_campaign_call("campaign-uuid", "+5511987654321")
            except talkover.DuplicateCallError as e:
                call = e.existing_call
            print(call.id, call.status, call.campaign)
        """
        future, op = self._native.make_campaign_call_async(
            campaign_id,
            to,
            payload,
            context,
            is_testing,
            allow_duplicates,
            _options(timeout, max_retries, headers),
        )
        try:
            return await future
        except BaseException:
            op.cancel()
            raise

    def list_calls(
        self,
        *,
        agent_id: str | None = None,
        status: CallStatus | str | None = None,
        direction: Direction | str | None = None,
        date_from: date | datetime | str | None = None,
        date_to: date | datetime | str | None = None,
        search: str | None = None,
        per_page: int | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> AsyncCallPager:
        """Calls, newest first: all of them, or one agent's, narrowed by the filters.

        Returns an ``AsyncCallPager`` at once, without a request: the filters are checked
        now (``InvalidRequestError``), and each page is fetched when iteration needs it.
        ``date_from`` and ``date_to`` (inclusive) take a ``date``, a ``datetime`` (its day in
        UTC; a naive one is taken as UTC) or a ``"YYYY-MM-DD"`` string; ``search`` matches
        phone numbers and SIDs; ``per_page`` is 1 to 100 (the API's default is 20).
        ``timeout``, ``max_retries`` and ``headers`` apply to each page request.

        Example::

            from datetime import date, timedelta

            yesterday = date.today() - timedelta(days=1)
            pager = client.list_calls(agent_id="agent-uuid", date_from=yesterday, date_to=yesterday)
            async for call in pager:
                print(call.id, call.status, call.direction, call.duration)
        """
        return AsyncCallPager(
            self._native.list_calls(
                agent_id,
                status,
                direction,
                date_from,
                date_to,
                search,
                per_page,
                _options(timeout, max_retries, headers),
            )
        )

    async def close(self) -> None:
        """Releases the connection pool; idempotent. Later calls raise ``InvalidRequestError``."""
        self._native.close()

    async def __aenter__(self) -> AsyncClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._native.close()


class Client(_Base):
    """The blocking TalkOver API client: ``AsyncClient``'s twin, for scripts and threads.

    Calls wait with the GIL released, so other threads keep running, and stay
    interruptible by Ctrl-C or a Jupyter kernel interrupt. They never use ``asyncio``, so
    they also work inside a running event loop's thread pool and in notebooks.

    Example::

        import talkover

        with talkover.Client(timeout=10) as client:
            calls = client.active_call("agent-uuid", "+5511987654321")
            for call in calls:
                client.end_call("agent-uuid", call.id)
    """

    __slots__ = ()

    def active_call(
        self,
        agent_id: str,
        phone: str,
        *,
        timeout: float | None = None,
        max_retries: int | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> list[Call]:
        """The active calls of ``agent_id`` with ``phone``; see ``AsyncClient.active_call``.

        Example::

            calls = client.active_call("agent-uuid", "+5511987654321")
        """
        return self._native.active_call(agent_id, phone, _options(timeout, max_retries, headers))

    def end_call(
        self,
        agent_id: str,
        call_sid: str,
        *,
        timeout: float | None = None,
        max_retries: int | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> EndedCall:
        """Hangs up a call; see ``AsyncClient.end_call``.

        Example::

            ended = client.end_call("agent-uuid", "call-sid")
        """
        return self._native.end_call(agent_id, call_sid, _options(timeout, max_retries, headers))

    def make_call(
        self,
        agent_id: str,
        to: str,
        *,
        payload: dict[str, Any] | None = None,
        context: dict[str, Any] | None = None,
        delay_seconds: int | None = None,
        is_testing: bool = False,
        timeout: float | None = None,
        max_retries: int | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> PlacedCall:
        """Places an outbound call; see ``AsyncClient.make_call`` (never dialled twice by a
        retry; check ``may_have_succeeded`` on an error).

        Example::

            placed = client.make_call("agent-uuid", "+5511987654321", context={"order": "A-1"})
        """
        return self._native.make_call(
            agent_id,
            to,
            payload,
            context,
            delay_seconds,
            is_testing,
            _options(timeout, max_retries, headers),
        )

    def make_campaign_call(
        self,
        campaign_id: str,
        to: str,
        *,
        payload: dict[str, Any] | None = None,
        context: dict[str, Any] | None = None,
        is_testing: bool = False,
        allow_duplicates: bool = False,
        timeout: float | None = None,
        max_retries: int | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> CampaignCall:
        """Queues a call in a campaign; see ``AsyncClient.make_campaign_call``.

        Example::

            call = client.make_campaign_call("campaign-uuid", "+5511987654321", is_testing=True)
        """
        return self._native.make_campaign_call(
            campaign_id,
            to,
            payload,
            context,
            is_testing,
            allow_duplicates,
            _options(timeout, max_retries, headers),
        )

    def list_calls(
        self,
        *,
        agent_id: str | None = None,
        status: CallStatus | str | None = None,
        direction: Direction | str | None = None,
        date_from: date | datetime | str | None = None,
        date_to: date | datetime | str | None = None,
        search: str | None = None,
        per_page: int | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> CallPager:
        """Calls, newest first, as a ``CallPager`` read lazily with ``for``; see
        ``AsyncClient.list_calls`` for the filters.

        Example::

            for call in client.list_calls(status=talkover.CallStatus.NO_ANSWER, per_page=100):
                print(call.id, call.to, call.created_at)
        """
        return CallPager(
            self._native.list_calls(
                agent_id,
                status,
                direction,
                date_from,
                date_to,
                search,
                per_page,
                _options(timeout, max_retries, headers),
            )
        )

    def close(self) -> None:
        """Releases the connection pool; idempotent. Later calls raise ``InvalidRequestError``."""
        self._native.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._native.close()
