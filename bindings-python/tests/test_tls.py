"""HTTPS: a self-signed server is refused by default and trusted through ``ca_cert`` or
``SSL_CERT_FILE``."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import talkover
from conftest import AGENT, PHONE, run_python
from talkover.testing import MockServer


@pytest.fixture(scope="module")
def tls_server() -> Iterator[MockServer]:
    with MockServer(tls=True) as server:
        server.seed_call(AGENT, PHONE)
        yield server


@pytest.fixture
def ca_pem(tls_server: MockServer) -> str:
    assert tls_server.ca_pem is not None
    return tls_server.ca_pem


def test_the_simulator_serves_https_and_shows_its_certificate(
    tls_server: MockServer, ca_pem: str, talkover_mock: MockServer
) -> None:
    assert tls_server.url.startswith("https://127.0.0.1:")
    assert ca_pem.startswith("-----BEGIN CERTIFICATE-----")
    assert talkover_mock.ca_pem is None


@pytest.mark.parametrize("mode", ["blocking", "async"])
def test_the_default_client_refuses_a_self_signed_server(tls_server: MockServer, mode: str) -> None:
    settings: dict[str, Any] = {"base_url": tls_server.url, "max_retries": 0}
    with pytest.raises(talkover.APIConnectionError) as info:
        if mode == "blocking":
            talkover.Client(tls_server.token, **settings).active_call(AGENT, PHONE)
        else:
            client = talkover.AsyncClient(tls_server.token, **settings)
            asyncio.run(client.active_call(AGENT, PHONE))
    assert type(info.value) is talkover.APIConnectionError  # refused at once, not a timeout
    assert "certificate" in info.value.message  # says why, and how to trust the server


@pytest.mark.parametrize("form", ["pem_str", "pem_bytes", "path", "path_str"])
def test_ca_cert_as_pem_or_path_is_trusted(
    tls_server: MockServer, ca_pem: str, form: str, tmp_path: Path
) -> None:
    path = tmp_path / "ca.pem"
    path.write_text(ca_pem)
    ca_cert = {"pem_str": ca_pem, "pem_bytes": ca_pem.encode(), "path": path}.get(form, str(path))
    with talkover.Client(tls_server.token, base_url=tls_server.url, ca_cert=ca_cert) as client:
        [call] = client.active_call(AGENT, PHONE)
        assert call.to == PHONE


def test_ca_cert_works_for_the_async_client(tls_server: MockServer, ca_pem: str) -> None:
    async def main() -> list[talkover.Call]:
        client = talkover.AsyncClient(tls_server.token, base_url=tls_server.url, ca_cert=ca_pem)
        async with client:
            return await client.active_call(AGENT, PHONE)

    assert len(asyncio.run(main())) == 1


BAD_PEM = "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n"
KEY_PEM = "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"


@pytest.mark.parametrize(
    "ca_cert", [BAD_PEM, KEY_PEM, b"", b"junk", "/no/such/ca.pem", Path("/no/such/ca.pem")]
)
def test_a_bad_ca_cert_is_refused_at_construction(ca_cert: Any) -> None:
    for cls in (talkover.Client, talkover.AsyncClient):
        with pytest.raises(talkover.InvalidRequestError):
            cls("talq_x", base_url="https://127.0.0.1:1/api/v1", ca_cert=ca_cert)


def test_a_ca_cert_of_another_type_is_a_type_error() -> None:
    with pytest.raises(TypeError):
        talkover.Client("talq_x", ca_cert=42)  # type: ignore[arg-type]


def test_ssl_cert_file_is_trusted(tls_server: MockServer, ca_pem: str, tmp_path: Path) -> None:
    # The environment is process-wide, so this runs in an interpreter of its own.
    bundle = tmp_path / "bundle.pem"
    bundle.write_text(ca_pem)
    script = f"""
import asyncio, talkover
client = talkover.Client({tls_server.token!r}, base_url={tls_server.url!r}, max_retries=0)
aclient = talkover.AsyncClient({tls_server.token!r}, base_url={tls_server.url!r}, max_retries=0)
blocking = client.active_call({AGENT!r}, {PHONE!r})
awaited = asyncio.run(aclient.active_call({AGENT!r}, {PHONE!r}))
print(len(blocking), len(awaited))
"""
    proc = run_python(script, timeout=30, env={"SSL_CERT_FILE": str(bundle)})
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "1 1\n"
