"""``AsyncClient`` and its blocking twin ``Client``.

Both are thin shells over one native client: the Rust core validates input, sends the
request, retries, and decodes the answer. ``AsyncClient`` methods are real coroutines that
work on any asyncio loop (``asyncio.run``, Jupyter, uvloop); ``Client`` methods block with
the GIL released and never touch asyncio.
"""

from __future__ import annotations

from ._native import NativeClient, catalogue

TYPE_CHECKING = False
if TYPE_CHECKING:
    from os import PathLike
    from types import TracebackType

    from ._native import Call, EndedCall

__all__ = ["AsyncClient", "Client"]

# The defaults are the core's (``talkover::catalogue``), so every language agrees on them.
_DEFAULTS = catalogue()["defaults"]
_DEFAULT_TIMEOUT: float = _DEFAULTS["timeout"]
_DEFAULT_MAX_RETRIES: int = _DEFAULTS["max_retries"]


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
    ) -> None:
        self._native = NativeClient(
            token, base_url=base_url, timeout=timeout, max_retries=max_retries, ca_cert=ca_cert
        )

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
        self, agent_id: str, phone: str, *, timeout: float | None = None
    ) -> list[Call]:
        """The active calls (initiated, ringing or answered) of ``agent_id`` with ``phone``.

        Usually one; ``[]`` when there is none. ``phone`` is E.164 (``+5511987654321``);
        spaces, ``-``, ``.``, ``(`` and ``)`` are ignored. ``timeout`` overrides the
        client's per-attempt timeout. Cancelling the task drops the request at once.

        Example::

            calls = await client.active_call("agent-uuid", "+5511987654321")
            if calls:
                print(calls[0].id, calls[0].status, calls[0].started_at)
        """
        future, op = self._native.active_call_async(agent_id, phone, timeout)
        try:
            return await future
        except BaseException:
            op.cancel()  # cancelled (or closed): drop the request and its connection now
            raise

    async def end_call(
        self, agent_id: str, call_sid: str, *, timeout: float | None = None
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
        future, op = self._native.end_call_async(agent_id, call_sid, timeout)
        try:
            return await future
        except BaseException:
            op.cancel()
            raise

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

    def active_call(self, agent_id: str, phone: str, *, timeout: float | None = None) -> list[Call]:
        """The active calls of ``agent_id`` with ``phone``; see ``AsyncClient.active_call``.

        Example::

            calls = client.active_call("agent-uuid", "+5511987654321")
        """
        return self._native.active_call(agent_id, phone, timeout)

    def end_call(self, agent_id: str, call_sid: str, *, timeout: float | None = None) -> EndedCall:
        """Hangs up a call; see ``AsyncClient.end_call``.

        Example::

            ended = client.end_call("agent-uuid", "call-sid")
        """
        return self._native.end_call(agent_id, call_sid, timeout)

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
