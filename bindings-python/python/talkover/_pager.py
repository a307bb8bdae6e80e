"""``AsyncCallPager`` and ``CallPager``: what ``list_calls`` returns.

Both read one native pager, which holds the core's paging loop: one request per page, made
only when the next page is needed, with the client's retries and timeouts, stopping at the
last page and refusing pages that contradict the ones before (``APIResponseError``). These
classes only give it Python's iteration protocols.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Iterator

    from ._native import CallPage, CallRecord, NativeCallPager

__all__ = ["AsyncCallPager", "CallPager"]


class AsyncCallPager:
    """A call listing, read lazily with ``async for``: returned by ``AsyncClient.list_calls``.

    ``async for call in pager`` gives every call of every page, fetching each page when the
    previous one is used up; ``async for page in pager.pages()`` gives whole pages, and
    ``await pager.next_page()`` one page (``None`` once the listing is over). All three read
    the same listing, once: a page read one way is not read again another way. Leaving a
    loop early sends no further request; cancelling the task drops the page request in
    flight. After an error, the listing is over.

    Example::

        pager = client.list_calls(agent_id="agent-uuid", status="completed")
        async for call in pager:
            print(call.id, call.status, call.duration)

        async for page in client.list_calls(per_page=100).pages():
            print(f"page {page.number}: {len(page)} calls, {page.total} in all")
    """

    __slots__ = ("_native", "_pending")

    def __init__(self, native: NativeCallPager) -> None:
        self._native = native
        # The unread calls of the current page, last first.
        self._pending: list[CallRecord] = []

    async def next_page(self) -> CallPage | None:
        """The next page, fetched now; ``None`` once the listing is over.

        Example::

            first = await pager.next_page()
            if first is not None and first.has_more:
                second = await pager.next_page()
        """
        future, op = self._native.next_page_async()
        try:
            return await future
        except BaseException:
            op.cancel()  # cancelled: drop the page request and its connection now
            raise

    async def pages(self) -> AsyncIterator[CallPage]:
        """Every remaining page, each fetched as the loop reaches it.

        Example::

            async for page in pager.pages():
                print(page.number, [call.id for call in page.items])
        """
        while (page := await self.next_page()) is not None:
            yield page

    def __aiter__(self) -> AsyncCallPager:
        return self

    async def __anext__(self) -> CallRecord:
        while not self._pending:
            page = await self.next_page()
            if page is None:
                raise StopAsyncIteration
            self._pending = page.items[::-1]
        return self._pending.pop()


class CallPager:
    """A call listing, read lazily with ``for``: returned by ``Client.list_calls``.

    ``AsyncCallPager``'s blocking twin: ``for call in pager``, ``for page in pager.pages()``
    and ``pager.next_page()``, each page fetched when needed, with the GIL released while it
    waits (Ctrl-C drops the request in flight).

    Example::

        for call in client.list_calls(agent_id="agent-uuid", date_from="2024-01-01"):
            print(call.id, call.created_at, call.direction)
    """

    __slots__ = ("_native", "_pending")

    def __init__(self, native: NativeCallPager) -> None:
        self._native = native
        self._pending: list[CallRecord] = []

    def next_page(self) -> CallPage | None:
        """The next page, fetched now; ``None`` once the listing is over.

        Example::

            while (page := pager.next_page()) is not None:
                print(page.number, len(page))
        """
        return self._native.next_page()

    def pages(self) -> Iterator[CallPage]:
        """Every remaining page, each fetched as the loop reaches it.

        Example::

            for page in pager.pages():
                print(page.number, [call.id for call in page.items])
        """
        while (page := self.next_page()) is not None:
            yield page

    def __iter__(self) -> CallPager:
        return self

    def __next__(self) -> CallRecord:
        while not self._pending:
            page = self.next_page()
            if page is None:
                raise StopIteration
            self._pending = page.items[::-1]
        return self._pending.pop()
