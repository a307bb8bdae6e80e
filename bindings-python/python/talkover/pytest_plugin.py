"""Opt-in pytest fixtures that run a test suite against the offline simulator.

Enable them in a ``conftest.py``::

    pytest_plugins = ["talkover.pytest_plugin"]

    def test_hangs_up(talkover_mock, talkover_client):
        talkover_mock.seed_call("agent-1", "+5511987654321")
        [call] = talkover_client.active_call("agent-1", "+5511987654321")
        assert talkover_client.end_call("agent-1", call.id).status == "completed"

One simulator serves the whole session; it is reset before each test that uses it.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from ._client import AsyncClient, Client
from .testing import MockServer

__all__ = ["talkover_async_client", "talkover_client", "talkover_mock", "talkover_mock_server"]


@pytest.fixture(scope="session")
def talkover_mock_server() -> Iterator[MockServer]:
    """The session's simulator, as left by earlier tests."""
    with MockServer() as server:
        yield server


@pytest.fixture
def talkover_mock(talkover_mock_server: MockServer) -> MockServer:
    """The simulator, reset: no calls, no faults, an empty request log."""
    talkover_mock_server.reset()
    return talkover_mock_server


@pytest.fixture
def talkover_client(talkover_mock: MockServer) -> Iterator[Client]:
    """A blocking ``Client`` pointed at the simulator, without retries."""
    with Client(talkover_mock.token, base_url=talkover_mock.url, max_retries=0) as client:
        yield client


@pytest.fixture
def talkover_async_client(talkover_mock: MockServer) -> Iterator[AsyncClient]:
    """An ``AsyncClient`` pointed at the simulator, without retries. It is not tied to an
    event loop, so it works from any async test runner or ``asyncio.run``."""
    client = AsyncClient(talkover_mock.token, base_url=talkover_mock.url, max_retries=0)
    yield client
    client._native.close()
