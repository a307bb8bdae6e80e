"""``TALKOVER_LOG`` feeds the ``talkover`` logger, and no secret reaches a log or an error."""

from __future__ import annotations

import asyncio
import logging
import socket
import sys
import traceback
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
import talkover
from conftest import AGENT, PHONE, run_python
from talkover.testing import MockServer

TOKEN = "talq_S3cretT0kenForLogs"
WRONG_TOKEN = "talq_Wr0ngT0kenForLogs"
SECRETS = (TOKEN, WRONG_TOKEN, TOKEN.removeprefix("talq_"), WRONG_TOKEN.removeprefix("talq_"))
DIGITS = PHONE.removeprefix("+")
HTML = {"content-type": "text/html"}
NO_RETRIES = {"max_retries": 0}


@pytest.fixture(scope="module")
def module_server() -> Iterator[MockServer]:
    with MockServer(token=TOKEN) as server:
        yield server


@pytest.fixture
def server(module_server: MockServer) -> MockServer:
    module_server.reset()
    module_server.seed_call(AGENT, PHONE)
    module_server.seed_call(AGENT, "+5511900000000", status="completed", id="ended-call")
    return module_server


@pytest.fixture
def debug_log(monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> Any:
    monkeypatch.setenv("TALKOVER_LOG", "debug")
    caplog.set_level(logging.DEBUG, logger="talkover")
    return caplog


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Case:
    name: str
    expect: type[Exception] | None
    faults: list[dict[str, Any]] = field(default_factory=list)
    op: str = "active_call"
    client: dict[str, Any] = field(default_factory=dict)
    retried: bool = False


CASES = [
    Case("401", talkover.AuthenticationError, client={"token": WRONG_TOKEN}),
    Case(
        "404_html",
        talkover.NotFoundError,
        [{"status": 404, "body": "<html>Not Found</html>", "headers": HTML}],
    ),
    Case("409", talkover.CallNotActiveError, op="end_call"),
    Case(
        "429_retry_after_120",
        talkover.RateLimitError,
        [{"status": 429, "headers": {"retry-after": "120"}}],
    ),
    Case("500_retried", None, [{"status": 500, "headers": {"retry-after": "0"}}], retried=True),
    Case("bad_json_200", talkover.APIResponseError, [{"status": 200, "body": '{"success": tr'}]),
    Case("drop", None, [{"kind": "drop"}], retried=True),
    Case("truncate", talkover.APIConnectionError, [{"kind": "truncate"}], client=NO_RETRIES),
    Case(
        "hang",
        talkover.APITimeoutError,
        [{"kind": "hang"}],
        client={"max_retries": 0, "timeout": 0.3},
    ),
    Case("refused_port", talkover.APIConnectionError, client={"max_retries": 1}, retried=True),
]


def run(case: Case, mode: str, server: MockServer) -> tuple[object, str]:
    settings = dict(case.client)
    token = settings.pop("token", TOKEN)
    base_url = server.url
    if case.name == "refused_port":
        base_url = f"http://127.0.0.1:{free_port()}/api/v1"
    target = "ended-call" if case.op == "end_call" else PHONE
    if mode == "blocking":
        with talkover.Client(token, base_url=base_url, **settings) as client:
            try:
                return getattr(client, case.op)(AGENT, target), repr(client)
            except talkover.TalkoverError as err:
                return err, repr(client)

    async def main() -> tuple[object, str]:
        async with talkover.AsyncClient(token, base_url=base_url, **settings) as client:
            try:
                return await getattr(client, case.op)(AGENT, target), repr(client)
            except talkover.TalkoverError as err:
                return err, repr(client)

    return asyncio.run(main())


def error_texts(err: BaseException) -> list[str]:
    texts = [str(err), repr(err), repr(err.args), "".join(traceback.format_exception(err))]
    return texts + [repr(value) for value in vars(err).values()]


@pytest.mark.parametrize("mode", ["blocking", "async"])
@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_fault_matrix_at_debug_level_leaks_no_secret(
    case: Case, mode: str, server: MockServer, debug_log: pytest.LogCaptureFixture
) -> None:
    for fault in case.faults:
        server.add_fault(**fault)
    outcome, client_repr = run(case, mode, server)

    if case.expect is None:
        assert not isinstance(outcome, Exception), repr(outcome)
    else:
        assert type(outcome) is case.expect
    texts = [client_repr]
    if isinstance(outcome, Exception):
        texts += error_texts(outcome)

    records = [r for r in debug_log.records if r.name == "talkover"]
    lines = [r.getMessage() for r in records]
    assert any(line.startswith("sending request") for line in lines), lines
    assert any(line.startswith("retrying request") for line in lines) == case.retried, lines
    assert all(r.levelno in (logging.DEBUG, logging.INFO) for r in records)
    if case.op == "active_call":
        assert any(DIGITS[-4:] in line for line in lines), lines
    for record in records:
        texts.append(repr(vars(record)))
        assert DIGITS not in record.getMessage(), record.getMessage()
    for text in texts:
        for secret in SECRETS:
            assert secret not in text, text


def test_levels_map_onto_logging_levels(
    server: MockServer, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("TALKOVER_LOG", "info")
    caplog.set_level(logging.DEBUG, logger="talkover")
    server.add_fault(status=503, headers={"retry-after": "0"})
    with talkover.Client(TOKEN, base_url=server.url) as client:
        assert len(client.active_call(AGENT, PHONE)) == 1
    records = [r for r in caplog.records if r.name == "talkover"]
    assert [(r.levelno, r.getMessage().split()[0]) for r in records] == [(logging.INFO, "retrying")]


def test_the_variable_alone_is_enough_to_see_the_lines(
    server: MockServer, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    logger = logging.getLogger("talkover")
    before = logger.level
    logger.setLevel(logging.NOTSET)
    monkeypatch.setenv("TALKOVER_LOG", "DEBUG")
    try:
        with talkover.Client(TOKEN, base_url=server.url) as client:
            assert logger.level == logging.DEBUG  # set because the application had not set one
            client.active_call(AGENT, PHONE)
    finally:
        logger.setLevel(before)
    assert any(r.name == "talkover" and r.levelno == logging.DEBUG for r in caplog.records)


def test_a_failing_log_filter_never_fails_the_request(
    server: MockServer, debug_log: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    unraisable: list[Any] = []
    monkeypatch.setattr(sys, "unraisablehook", unraisable.append)

    def broken(record: logging.LogRecord) -> bool:
        raise RuntimeError("broken filter")

    logger = logging.getLogger("talkover")
    logger.addFilter(broken)
    try:
        with talkover.Client(TOKEN, base_url=server.url) as client:
            assert len(client.active_call(AGENT, PHONE)) == 1
    finally:
        logger.removeFilter(broken)
    assert unraisable and all(isinstance(u.exc_value, RuntimeError) for u in unraisable)


def test_without_talkover_log_there_is_no_sink_and_logging_is_not_imported(
    server: MockServer,
) -> None:
    script = f"""
import os, sys, talkover
os.environ.pop("TALKOVER_LOG", None)
client = talkover.Client({TOKEN!r}, base_url={server.url!r})
assert len(client.active_call({AGENT!r}, {PHONE!r})) == 1
assert "logging" not in sys.modules and "talkover._log" not in sys.modules, "imported"
os.environ["TALKOVER_LOG"] = "off"
talkover.Client({TOKEN!r}, base_url={server.url!r}).active_call({AGENT!r}, {PHONE!r})
assert "talkover._log" not in sys.modules
print("ok")
"""
    proc = run_python(script, timeout=30)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "ok\n" and proc.stderr == ""
