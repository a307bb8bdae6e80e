"""Client construction, configuration and lifecycle (both flavours)."""

from __future__ import annotations

import asyncio

import pytest
import talkover
from conftest import AGENT, PHONE
from talkover.testing import MockServer


@pytest.fixture(params=[talkover.Client, talkover.AsyncClient])
def client_cls(
    request: pytest.FixtureRequest,
) -> type[talkover.Client] | type[talkover.AsyncClient]:
    return request.param  # type: ignore[no-any-return]


def test_defaults_and_settings(
    client_cls: type[talkover.Client], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("TALKOVER_BASE_URL", raising=False)
    client = client_cls("talq_x")
    assert client.base_url == "https://app.talkover.ai/api/v1"
    assert client.timeout == 30.0 and client.max_retries == 2
    client = client_cls("talq_x", base_url="http://127.0.0.1:9/api/v1/", timeout=2.5, max_retries=0)
    assert (client.base_url, client.timeout, client.max_retries) == (
        "http://127.0.0.1:9/api/v1",
        2.5,
        0,
    )


def test_token_and_base_url_come_from_the_environment(
    client_cls: type[talkover.Client], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TALKOVER_API_TOKEN", "talq_from_env")
    monkeypatch.setenv("TALKOVER_BASE_URL", "http://127.0.0.1:9/api/v1")
    client = client_cls()
    assert client.base_url == "http://127.0.0.1:9/api/v1"
    monkeypatch.delenv("TALKOVER_API_TOKEN")
    with pytest.raises(talkover.InvalidRequestError):
        client_cls()


@pytest.mark.parametrize(
    "kwargs",
    [
        {"token": "talq bad"},
        {"token": ""},
        {"base_url": "ftp://example.com"},
        {"base_url": "https://user:pw@example.com/api"},
        {"timeout": 0},
        {"timeout": float("nan")},
        {"timeout": -1},
        {"max_retries": -1},
    ],
)
def test_bad_settings_are_refused_at_construction(
    client_cls: type[talkover.Client], kwargs: dict[str, object]
) -> None:
    kwargs = {"token": "talq_x", **kwargs}
    with pytest.raises(talkover.InvalidRequestError):
        client_cls(**kwargs)  # type: ignore[arg-type]


def test_bad_per_call_timeout_is_invalid_request(talkover_client: talkover.Client) -> None:
    with pytest.raises(talkover.InvalidRequestError):
        talkover_client.active_call(AGENT, PHONE, timeout=-1)


def test_blocking_close_is_idempotent_and_later_calls_raise(talkover_mock: MockServer) -> None:
    with talkover.Client(talkover_mock.token, base_url=talkover_mock.url) as client:
        assert client.active_call(AGENT, PHONE) == []
        assert not client.closed
    assert client.closed
    client.close()
    assert repr(client) == "Client(closed)"
    with pytest.raises(talkover.InvalidRequestError):
        client.active_call(AGENT, PHONE)


def test_async_close_is_idempotent_and_later_calls_raise(talkover_mock: MockServer) -> None:
    async def main() -> None:
        async with talkover.AsyncClient(talkover_mock.token, base_url=talkover_mock.url) as client:
            assert await client.active_call(AGENT, PHONE) == []
        assert client.closed
        await client.close()
        with pytest.raises(talkover.InvalidRequestError):
            await client.active_call(AGENT, PHONE)

    asyncio.run(main())


def test_wrong_argument_types_are_type_errors(talkover_client: talkover.Client) -> None:
    with pytest.raises(TypeError):
        talkover_client.active_call(AGENT, 5511987654321)  # type: ignore[arg-type]


def test_connection_refused_is_api_connection_error() -> None:
    client = talkover.Client("talq_x", base_url="http://127.0.0.1:1/api/v1", max_retries=0)
    with pytest.raises(talkover.APIConnectionError) as info:
        client.active_call(AGENT, PHONE)
    assert type(info.value) is talkover.APIConnectionError and info.value.status is None


def test_user_agent_names_the_python_package(
    talkover_mock: MockServer, talkover_client: talkover.Client
) -> None:
    talkover_client.active_call(AGENT, PHONE)
    [entry] = talkover_mock.requests()
    assert entry.user_agent is not None
    assert entry.user_agent.startswith(f"talkover-python/{talkover.__version__} ")
