"""The shared cross-language cases (``tests/cases/*.json``), through the Python API.

Every case runs twice: through ``AsyncClient`` under ``asyncio.run`` and through the
blocking ``Client``; both must observe exactly what the case says.
"""

from __future__ import annotations

import asyncio
import json
from datetime import datetime
from typing import Any

import pytest
import talkover
from conftest import REPO
from talkover.testing import MockServer

CASE_FILES = sorted((REPO / "tests" / "cases").glob("*.json"))
CASES = [case for path in CASE_FILES for case in json.loads(path.read_text())]


def test_every_case_file_is_loaded() -> None:
    assert CASE_FILES, "no conformance cases found in tests/cases"
    names = [case["name"] for case in CASES]
    assert len(names) == len(set(names)), "case names must be unique"


@pytest.mark.parametrize("mode", ["async", "blocking"])
@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_case(case: dict[str, Any], mode: str, talkover_mock: MockServer) -> None:
    server = talkover_mock
    for seed in case.get("seed") or []:
        server.seed_call(**seed)
    for fault in case.get("faults") or []:
        server.add_fault(**fault)

    outcome: Any
    try:
        outcome = _run(case, mode, server)
    except talkover.TalkoverError as err:
        outcome = err

    expect = case["expect"]
    if "error" in expect:
        _check_error(outcome, expect["error"])
    else:
        assert not isinstance(outcome, Exception), f"unexpected {outcome!r}"
        _check_result(case["call"]["op"], outcome, expect["result"])

    log = server.requests()
    assert len(log) == case["requests"]
    if "last_path" in case:
        assert log[-1].path == case["last_path"]


def _run(case: dict[str, Any], mode: str, server: MockServer) -> Any:
    settings = case.get("client") or {}
    kwargs: dict[str, Any] = {"base_url": server.url}
    if "max_retries" in settings:
        kwargs["max_retries"] = settings["max_retries"]
    if "timeout_ms" in settings:
        kwargs["timeout"] = settings["timeout_ms"] / 1000
    token = settings.get("token", server.token)
    call = dict(case["call"])
    op = call.pop("op")
    if "timeout_ms" in call:
        call["timeout"] = call.pop("timeout_ms") / 1000
    agent_id = call.pop("agent_id")
    target = call.pop("phone", None) or call.pop("call_sid")

    if mode == "blocking":
        with talkover.Client(token, **kwargs) as client:
            return getattr(client, op)(agent_id, target, **call)

    async def main() -> Any:
        async with talkover.AsyncClient(token, **kwargs) as client:
            return await getattr(client, op)(agent_id, target, **call)

    return asyncio.run(main())


def _check_error(actual: Any, expected: dict[str, Any]) -> None:
    assert isinstance(actual, talkover.TalkoverError), f"expected an error, got {actual!r}"
    assert type(actual).__name__ == expected["class"]
    assert isinstance(actual, getattr(talkover, expected["class"]))
    assert actual.status == expected["status"]
    assert actual.code == expected["code"]
    if "retry_after" in expected:
        assert actual.retry_after == expected["retry_after"]
    if "retry_after_at_least" in expected:
        assert actual.retry_after is not None
        assert actual.retry_after >= expected["retry_after_at_least"]
    if expected.get("request_id"):
        assert isinstance(actual.request_id, str) and actual.request_id


def _check_result(op: str, actual: Any, expected: Any) -> None:
    if op == "active_call":
        assert isinstance(actual, list)
        assert len(actual) == len(expected)
        for call, fields in zip(actual, expected, strict=True):
            assert isinstance(call, talkover.Call)
            _check_fields(call, fields)
    else:
        assert isinstance(actual, talkover.EndedCall)
        _check_fields(actual, expected)


def _check_fields(obj: Any, fields: dict[str, Any]) -> None:
    for name, want in fields.items():
        got = getattr(obj, name)
        if name == "status":
            assert isinstance(got, talkover.CallStatus)
            assert got.value == want
        elif name in ("started_at", "ended_at"):
            _check_instant(got, want)
        else:
            assert got == want, name


def _check_instant(got: datetime | None, want: str | None) -> None:
    if want is None:
        assert got is None
        return
    assert isinstance(got, datetime)
    assert got.utcoffset() is not None and got.utcoffset().total_seconds() == 0  # type: ignore[union-attr]
    if want != "<any>":
        assert got == datetime.fromisoformat(want.replace("Z", "+00:00"))
