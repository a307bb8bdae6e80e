"""list_calls: pages fetched lazily, one request each, through ``for``, ``async for``, page by
page; leaving early sends nothing more; cancelling drops the page request in flight."""

from __future__ import annotations

import asyncio

import pytest
import talkover
from conftest import AGENT, wait_until
from talkover.testing import MockServer


def seed_calls(server: MockServer, n: int) -> list[str]:
    """``n`` calls, newest last; returns their ids newest first, as listings order them."""
    ids = []
    for i in range(n):
        call_id = f"c{i:02}"
        server.seed_call(
            AGENT,
            f"+55119000000{i:02}",
            id=call_id,
            status="completed",
            created_at=f"2024-01-{i + 1:02}T12:00:00Z",
        )
        ids.append(call_id)
    return ids[::-1]


def page_requests(server: MockServer) -> list[str | None]:
    return [r.query for r in server.requests()]


def test_blocking_iteration_fetches_each_page_when_it_is_needed(
    talkover_mock: MockServer, talkover_client: talkover.Client
) -> None:
    ids = seed_calls(talkover_mock, 5)
    pager = talkover_client.list_calls(per_page=2)
    assert isinstance(pager, talkover.CallPager)
    assert page_requests(talkover_mock) == [], "nothing is sent before the first page is needed"
    seen = []
    requests_after_each = []
    for call in pager:
        assert isinstance(call, talkover.CallRecord)
        seen.append(call.id)
        requests_after_each.append(len(talkover_mock.requests()))
    assert seen == ids
    assert requests_after_each == [1, 1, 2, 2, 3]
    assert page_requests(talkover_mock) == [
        "page=1&per_page=2",
        "page=2&per_page=2",
        "page=3&per_page=2",
    ]
    assert pager.next_page() is None and list(pager) == []
    assert len(talkover_mock.requests()) == 3, "a finished listing sends nothing more"


def test_async_iteration_fetches_each_page_when_it_is_needed(
    talkover_mock: MockServer, talkover_async_client: talkover.AsyncClient
) -> None:
    ids = seed_calls(talkover_mock, 5)

    async def main() -> tuple[list[str], list[int]]:
        pager = talkover_async_client.list_calls(per_page=2)
        assert isinstance(pager, talkover.AsyncCallPager)
        assert talkover_mock.requests() == []
        seen, counts = [], []
        async for call in pager:
            seen.append(call.id)
            counts.append(len(talkover_mock.requests()))
        assert await pager.next_page() is None
        return seen, counts

    seen, counts = asyncio.run(main())
    assert seen == ids
    assert counts == [1, 1, 2, 2, 3]
    assert len(talkover_mock.requests()) == 3


def test_page_by_page(talkover_mock: MockServer, talkover_client: talkover.Client) -> None:
    ids = seed_calls(talkover_mock, 5)
    pager = talkover_client.list_calls(per_page=2)
    first = pager.next_page()
    assert isinstance(first, talkover.CallPage)
    assert (first.number, first.has_more, first.total, first.last_page) == (1, True, 5, 3)
    assert [c.id for c in first.items] == ids[:2]
    assert len(talkover_mock.requests()) == 1
    rest = list(pager.pages())
    assert [(p.number, len(p), p.has_more) for p in rest] == [(2, 2, True), (3, 1, False)]
    assert len(talkover_mock.requests()) == 3


def test_async_pages(
    talkover_mock: MockServer, talkover_async_client: talkover.AsyncClient
) -> None:
    seed_calls(talkover_mock, 3)

    async def main() -> list[tuple[int, int]]:
        pager = talkover_async_client.list_calls(per_page=2)
        return [(page.number, len(page)) async for page in pager.pages()]

    assert asyncio.run(main()) == [(1, 2), (2, 1)]


def test_an_empty_listing_is_one_empty_page(
    talkover_mock: MockServer, talkover_client: talkover.Client
) -> None:
    pages = list(talkover_client.list_calls().pages())
    assert [(p.number, len(p), p.has_more) for p in pages] == [(1, 0, False)]
    assert list(talkover_client.list_calls()) == []


def test_leaving_a_loop_early_sends_no_further_request(
    talkover_mock: MockServer,
    talkover_client: talkover.Client,
    talkover_async_client: talkover.AsyncClient,
) -> None:
    seed_calls(talkover_mock, 6)
    for call in talkover_client.list_calls(per_page=2):
        assert call.id == "c05"
        break
    for _page in talkover_client.list_calls(per_page=2).pages():
        break

    async def main() -> None:
        async for _call in talkover_async_client.list_calls(per_page=2):
            break
        async for _page in talkover_async_client.list_calls(per_page=2).pages():
            break

    asyncio.run(main())
    assert page_requests(talkover_mock) == ["page=1&per_page=2"] * 4


def test_the_listing_is_read_once_whichever_way(
    talkover_mock: MockServer, talkover_client: talkover.Client
) -> None:
    ids = seed_calls(talkover_mock, 6)
    pager = talkover_client.list_calls(per_page=2)
    iterator = iter(pager)
    assert next(iterator).id == ids[0]
    # Page 1's second call is still to be read; the pages that follow are 2 and 3.
    assert [p.number for p in pager.pages()] == [2, 3]
    assert [c.id for c in pager] == [ids[1]]
    assert len(talkover_mock.requests()) == 3


def test_tasks_sharing_a_pager_read_successive_pages(
    talkover_mock: MockServer, talkover_async_client: talkover.AsyncClient
) -> None:
    seed_calls(talkover_mock, 4)

    async def main() -> list[int]:
        pager = talkover_async_client.list_calls(per_page=2)
        pages = await asyncio.gather(pager.next_page(), pager.next_page(), pager.next_page())
        return sorted(p.number for p in pages if p is not None)

    assert asyncio.run(main()) == [1, 2]
    assert len(talkover_mock.requests()) == 2


def test_filters_are_checked_when_list_calls_is_called(
    talkover_mock: MockServer,
    talkover_client: talkover.Client,
    talkover_async_client: talkover.AsyncClient,
) -> None:
    for client in (talkover_client, talkover_async_client):
        with pytest.raises(talkover.InvalidRequestError) as info:
            client.list_calls(per_page=0)  # not awaited: raised at once
        assert info.value.param == "per_page"
        with pytest.raises(talkover.InvalidRequestError) as info:
            client.list_calls(date_from="2024-02-01", date_to="2024-01-01")
        assert info.value.param == "date_to"
    assert talkover_mock.requests() == []


def test_an_inconsistent_page_raises_and_ends_the_listing(
    talkover_mock: MockServer, talkover_client: talkover.Client
) -> None:
    seed_calls(talkover_mock, 5)
    talkover_mock.update_config(paging_fault="repeat_page")
    pager = talkover_client.list_calls(per_page=2)
    seen = []
    with pytest.raises(talkover.APIResponseError) as info:
        for call in pager:
            seen.append(call.id)
    assert "inconsistent pagination" in info.value.message
    assert seen == ["c04", "c03"]
    assert pager.next_page() is None
    assert len(talkover_mock.requests()) == 2


def test_each_page_request_has_the_timeout(fresh_server: MockServer) -> None:
    fresh_server.add_fault("hang", path="/calls")
    client = talkover.Client(fresh_server.token, base_url=fresh_server.url, max_retries=0)
    with pytest.raises(talkover.APITimeoutError):
        client.list_calls(timeout=0.3).next_page()


def test_cancelling_the_task_drops_the_page_request(fresh_server: MockServer) -> None:
    fresh_server.add_fault("hang", path="/calls")
    client = talkover.AsyncClient(fresh_server.token, base_url=fresh_server.url, max_retries=0)

    async def main() -> None:
        pager = client.list_calls()
        task = asyncio.ensure_future(pager.__anext__())
        while fresh_server.connections_open() != 1 or not fresh_server.requests():
            await asyncio.sleep(0.01)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        # The cancelled request released the pager and left it where it was: reading on
        # does not wait for it, and asks for the same page again (the fault hung only one).
        page = await asyncio.wait_for(pager.next_page(), 5)
        assert page is not None and page.number == 1
        # The re-read's connection stays in the pool until the client closes.
        await client.close()

    asyncio.run(main())
    wait_until(lambda: fresh_server.connections_open() == 0)
    wait_until(lambda: fresh_server.requests()[0].outcome == "cancelled")
