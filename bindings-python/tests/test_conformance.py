"""The shared cross-language cases (``tests/cases/*.json`` and ``tests/cases/workflow/*.json``),
through the Python API.

Every case runs twice: through ``AsyncClient`` under ``asyncio.run`` and through the
blocking ``Client``; both must observe exactly what the case says. The format, including the
workflow keys (agents, campaigns, config, ``then`` steps, pages, wire and state checks), is
described in ``tests/README.md``.
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

CASES_DIR = REPO / "tests" / "cases"
CASE_FILES = sorted(CASES_DIR.glob("*.json")) + sorted((CASES_DIR / "workflow").glob("*.json"))
CASES = [case for path in CASE_FILES for case in json.loads(path.read_text())]

# What each operation returns, one item at a time for the operations that return lists.
RESULT_TYPES: dict[str, type] = {
    "active_call": talkover.Call,
    "end_call": talkover.EndedCall,
    "make_call": talkover.PlacedCall,
    "make_campaign_call": talkover.CampaignCall,
    "list_calls": talkover.CallRecord,
}
# The open enums of the models, by field name.
OPEN_ENUMS: dict[str, type] = {"status": talkover.CallStatus, "direction": talkover.Direction}


def test_every_case_file_is_loaded() -> None:
    assert any(path.parent.name == "workflow" for path in CASE_FILES)
    # As many as the Rust suite requires of itself (core/tests/conformance.rs).
    assert len(CASES) >= 140, f"only {len(CASES)} cases found"
    names = [case["name"] for case in CASES]
    assert len(names) == len(set(names)), "case names must be unique"
    ops = {step["op"] for case in CASES for step in _calls(case)}
    assert ops == set(RESULT_TYPES), "every operation has cases, and the runner knows each"


@pytest.mark.parametrize("mode", ["async", "blocking"])
@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_case(case: dict[str, Any], mode: str, talkover_mock: MockServer) -> None:
    server = talkover_mock
    for agent in case.get("agents") or []:
        server.seed_agent(**agent)
    for campaign in case.get("campaigns") or []:
        server.seed_campaign(**campaign)
    if "config" in case:
        server.update_config(**case["config"])
    for seed in case.get("seed") or []:
        server.seed_call(**{("from_" if k == "from" else k): v for k, v in seed.items()})
    for fault in case.get("faults") or []:
        server.add_fault(**fault)

    steps = [{"call": case["call"], "expect": case["expect"]}, *(case.get("then") or [])]
    outcomes = (
        _run_blocking(case, steps, server)
        if mode == "blocking"
        else _run_async(case, steps, server)
    )
    for i, (step, outcome) in enumerate(zip(steps, outcomes, strict=True)):
        where = "call" if i == 0 else f"then[{i - 1}]"
        _check_outcome(step["call"]["op"], outcome, step["expect"], where)

    log = server.requests()
    assert len(log) == case.get("requests", 0), [(r.method, r.path, r.status) for r in log]
    if "last_headers" in case:
        assert log[-1].headers == case["last_headers"]
    if "last_user_agent_ends_with" in case:
        assert (log[-1].user_agent or "").endswith(case["last_user_agent_ends_with"])
    if "last_path" in case:
        assert log[-1].path == case["last_path"]
    if "last_query" in case:
        assert log[-1].query == case["last_query"]
    if "last_body" in case:
        assert json.loads(log[-1].body) == case["last_body"]
    state = case.get("state") or {}
    if "calls" in state:
        assert len(server.calls()) == state["calls"]
    if "campaign_calls" in state:
        assert len(server.campaign_calls()) == state["campaign_calls"]


def _calls(case: dict[str, Any]) -> list[dict[str, Any]]:
    return [case["call"], *(step["call"] for step in case.get("then") or [])]


def _client_args(case: dict[str, Any], server: MockServer) -> tuple[str, dict[str, Any]]:
    settings = case.get("client") or {}
    kwargs: dict[str, Any] = {"base_url": server.url}
    if "max_retries" in settings:
        kwargs["max_retries"] = settings["max_retries"]
    if "timeout_ms" in settings:
        kwargs["timeout"] = settings["timeout_ms"] / 1000
    if "headers" in settings:
        kwargs["default_headers"] = settings["headers"]
    if "app_info" in settings:
        kwargs["app_info"] = settings["app_info"]
    return settings.get("token", server.token), kwargs


def _derive(client: Any, case: dict[str, Any]) -> Any:
    """The client a case's calls go through: ``client``, or one derived from it."""
    changes = case.get("derive")
    if changes is None:
        return client
    kwargs: dict[str, Any] = {}
    if "token" in changes:
        kwargs["token"] = changes["token"]
    if "max_retries" in changes:
        kwargs["max_retries"] = changes["max_retries"]
    if "timeout_ms" in changes:
        kwargs["timeout"] = changes["timeout_ms"] / 1000
    if "headers" in changes:
        kwargs["default_headers"] = changes["headers"]
    return client.with_options(**kwargs)


def _arguments(call: dict[str, Any], first: Any) -> tuple[str, list[Any], dict[str, Any]]:
    """The method, positional and keyword arguments of a case's call, in Python's names;
    ``"$0.id"`` becomes the ``id`` of the first call's result."""
    kwargs = dict(call)
    op = kwargs.pop("op")
    for key, value in kwargs.items():
        if isinstance(value, str) and value.startswith("$0."):
            kwargs[key] = getattr(first, value.removeprefix("$0."))
    if "timeout_ms" in kwargs:
        kwargs["timeout"] = kwargs.pop("timeout_ms") / 1000
    positional = {
        "active_call": ["agent_id", "phone"],
        "end_call": ["agent_id", "call_sid"],
        "make_call": ["agent_id", "to"],
        "make_campaign_call": ["campaign_id", "to"],
        "list_calls": [],
    }[op]
    return op, [kwargs.pop(name) for name in positional], kwargs


def _run_blocking(
    case: dict[str, Any], steps: list[dict[str, Any]], server: MockServer
) -> list[Any]:
    token, settings = _client_args(case, server)
    outcomes: list[Any] = []
    try:
        client = _derive(talkover.Client(token, **settings), case)
    except talkover.TalkoverError as err:  # bad settings are the case's outcome
        return [err]
    with client:
        for step in steps:
            op, args, kwargs = _arguments(step["call"], outcomes[0] if outcomes else None)
            try:
                if op == "list_calls":
                    pages = list(client.list_calls(**kwargs).pages())
                    outcomes.append(pages)
                else:
                    outcomes.append(getattr(client, op)(*args, **kwargs))
            except talkover.TalkoverError as err:
                outcomes.append(err)
    return outcomes


def _run_async(case: dict[str, Any], steps: list[dict[str, Any]], server: MockServer) -> list[Any]:
    token, settings = _client_args(case, server)

    async def main() -> list[Any]:
        outcomes: list[Any] = []
        try:
            client = _derive(talkover.AsyncClient(token, **settings), case)
        except talkover.TalkoverError as err:
            return [err]
        async with client:
            for step in steps:
                op, args, kwargs = _arguments(step["call"], outcomes[0] if outcomes else None)
                try:
                    if op == "list_calls":
                        outcomes.append(
                            [page async for page in client.list_calls(**kwargs).pages()]
                        )
                    else:
                        outcomes.append(await getattr(client, op)(*args, **kwargs))
                except talkover.TalkoverError as err:
                    outcomes.append(err)
        return outcomes

    return asyncio.run(main())


def _check_outcome(op: str, actual: Any, expect: dict[str, Any], where: str) -> None:
    if "error" in expect:
        _check_error(actual, expect["error"], where)
        return
    assert not isinstance(actual, Exception), f"{where}: unexpected {actual!r}"
    want = expect["result"]
    if op == "list_calls":
        assert all(isinstance(page, talkover.CallPage) for page in actual)
        if "pages" in expect:
            assert [len(page.items) for page in actual] == expect["pages"], where
        actual = [call for page in actual for call in page.items]
    if isinstance(want, list):
        assert isinstance(actual, list) and len(actual) == len(want), f"{where}: {actual!r}"
        for i, (item, fields) in enumerate(zip(actual, want, strict=True)):
            assert isinstance(item, RESULT_TYPES[op])
            _check_fields(item, fields, f"{where}[{i}]")
    else:
        assert isinstance(actual, RESULT_TYPES[op]), f"{where}: {actual!r}"
        _check_fields(actual, want, where)
    if "meta" in expect:
        _check_meta(actual[0] if isinstance(actual, list) else actual, expect["meta"], where)


def _rate_limit(rate: talkover.RateLimit | None) -> dict[str, int | None] | None:
    return None if rate is None else {"limit": rate.limit, "remaining": rate.remaining}


def _check_meta(result: Any, expected: dict[str, Any], where: str) -> None:
    if expected.get("request_id"):
        assert isinstance(result._request_id, str) and result._request_id, where
    if "rate_limit" in expected:
        assert _rate_limit(result._rate_limit) == expected["rate_limit"], where


def _check_error(actual: Any, expected: dict[str, Any], where: str) -> None:
    assert isinstance(actual, talkover.TalkoverError), f"{where}: expected an error, got {actual!r}"
    assert type(actual).__name__ == expected["class"], f"{where}: {actual!r}"
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
    if "may_have_succeeded" in expected:
        assert actual.may_have_succeeded is expected["may_have_succeeded"], str(actual)
    if "message" in expected:
        assert actual.message == expected["message"]
    if "param" in expected:
        # The core's names are Python's: no renaming back.
        assert actual.param == expected["param"]
    if "field_errors" in expected:
        assert actual.field_errors == expected["field_errors"]
    for name, value in (expected.get("headers") or {}).items():
        assert actual.headers.get(name) == value, f"{where}: headers[{name}]"
    if "rate_limit" in expected:
        assert _rate_limit(actual.rate_limit) == expected["rate_limit"], where
    if "existing_call" in expected:
        assert isinstance(actual.existing_call, talkover.CampaignCall)
        _check_fields(actual.existing_call, expected["existing_call"], f"{where}.existing_call")


def _check_fields(obj: Any, fields: dict[str, Any], where: str) -> None:
    for name, want in fields.items():
        at = f"{where}.{name}"
        got = getattr(obj, "from_" if name == "from" else name)
        if isinstance(want, dict) and name != "extra":
            assert got is not None, at
            _check_fields(got, want, at)
        elif name.endswith("_at"):
            _check_instant(got, want, at)
        elif want == "<any>":
            assert got is not None, at
        elif name in OPEN_ENUMS and want is not None and not isinstance(obj, talkover.Campaign):
            # A member, or a pseudo-member keeping an unknown value verbatim (a campaign's
            # status is a plain str).
            assert isinstance(got, OPEN_ENUMS[name]), at
            assert got.value == want, at
        else:
            assert got == want, f"{at}: expected {want!r}, got {got!r}"


def _check_instant(got: datetime | None, want: str | None, at: str) -> None:
    if want is None:
        assert got is None, at
        return
    assert isinstance(got, datetime), at
    offset = got.utcoffset()
    assert offset is not None and offset.total_seconds() == 0, at
    if want != "<any>":
        assert got == datetime.fromisoformat(want.replace("Z", "+00:00")), at
