"""The package against the core's catalogue: no class, parent, default or method may drift.

The Rust core defines every error class, default and operation once
(``core/src/catalogue.rs``) and exports them as ``talkover._native.catalogue()``. The error
classes are generated from it (``make generate``); these tests fail when the package and the
catalogue disagree, whatever the reason: a class missing or not exported, a wrong parent,
docstring or status mapping, a default restated by hand, an operation without a method, or
the stub of the native module out of step with the module itself.
"""

from __future__ import annotations

import inspect
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import talkover
from talkover import _errors, _native

HERE = Path(__file__).resolve().parent
CATALOGUE: dict[str, Any] = _native.catalogue()
ERRORS: list[dict[str, Any]] = CATALOGUE["errors"]


def test_the_catalogue_has_the_shape_the_generator_reads() -> None:
    assert CATALOGUE["base_class"] == "TalkoverError"
    assert {"name", "parent", "status", "or_above", "code", "doc"} <= set(ERRORS[0])
    assert {"timeout", "max_retries", "base_url"} <= set(CATALOGUE["defaults"])


@pytest.mark.parametrize("error", ERRORS, ids=lambda e: e["name"])
def test_every_class_is_exported_with_its_parent_and_doc(error: dict[str, Any]) -> None:
    cls = getattr(talkover, error["name"])
    assert error["name"] in talkover.__all__ and error["name"] in dir(talkover)
    assert cls.__bases__[0] is getattr(talkover, error["parent"])
    assert issubclass(cls, talkover.TalkoverError)
    assert cls.__module__ == "talkover"
    assert cls.__doc__ is not None
    assert " ".join(cls.__doc__.split()).startswith(error["doc"][:-1])


def test_no_class_exists_that_the_catalogue_does_not_name() -> None:
    named = {CATALOGUE["base_class"], *(e["name"] for e in ERRORS)}
    assert set(_errors.__all__) == named
    exported = {n for n in talkover.__all__ if n.endswith("Error")}
    assert exported == named


def _class_for(status: int, code: str | None) -> str:
    """The class the catalogue's rules give a response: a status-and-code match wins over a
    status match; ``APIStatusError`` when nothing matches."""

    def matches(e: dict[str, Any]) -> bool:
        s = e["status"]
        return s is not None and (status >= s if e["or_above"] else status == s)

    for e in ERRORS:
        if matches(e) and e["code"] is not None and e["code"] == code:
            return str(e["name"])
    for e in ERRORS:
        if matches(e) and e["code"] is None:
            return str(e["name"])
    return "APIStatusError"


@pytest.mark.parametrize("error", [e for e in ERRORS if e["status"]], ids=lambda e: e["name"])
def test_each_status_class_is_what_the_client_raises(
    error: dict[str, Any], talkover_mock: Any, talkover_client: talkover.Client
) -> None:
    body: dict[str, Any] = {"success": False, "message": "from the catalogue test"}
    if error["code"]:
        body["code"] = error["code"]
    talkover_mock.add_fault(status=error["status"], body=body, times=3)
    with pytest.raises(talkover.APIStatusError) as info:
        talkover_client.end_call("agent-1", "call-1")
    assert _class_for(error["status"], error["code"]) == error["name"]
    assert type(info.value).__name__ == error["name"]
    assert info.value.status == error["status"]


def test_defaults_are_the_catalogue_s() -> None:
    defaults = CATALOGUE["defaults"]
    for cls in (talkover.AsyncClient, talkover.Client):
        params = inspect.signature(cls).parameters
        assert params["timeout"].default == defaults["timeout"]
        assert params["max_retries"].default == defaults["max_retries"]
    client = talkover.Client("talq_x", base_url="http://127.0.0.1:9/api/v1")
    assert client.timeout == defaults["timeout"]
    assert client.max_retries == defaults["max_retries"]


# Operations the core has and this package does not offer yet: each fails its test below
# (strict xfail) as soon as both clients have the method, so the entry cannot outlive it.
NOT_YET: set[str] = set()


@pytest.mark.parametrize(
    "operation",
    [
        pytest.param(o, marks=pytest.mark.xfail(strict=True, reason="not offered yet"))
        if o["name"] in NOT_YET
        else o
        for o in CATALOGUE["operations"]
    ],
    ids=lambda o: o["name"],
)
def test_both_clients_have_a_method_per_operation(operation: dict[str, Any]) -> None:
    name = operation["name"]
    method = getattr(talkover.AsyncClient, name)
    # An operation is awaited, except a listing: it returns its pager at once, and the pager's
    # pages are awaited (``async for``), each one request.
    returns = inspect.signature(method).return_annotation
    if returns == "AsyncCallPager":
        assert not inspect.iscoroutinefunction(method)
        assert inspect.signature(getattr(talkover.Client, name)).return_annotation == "CallPager"
    else:
        assert inspect.iscoroutinefunction(method)
    assert callable(getattr(talkover.Client, name))
    assert not inspect.iscoroutinefunction(getattr(talkover.Client, name))


def test_the_generated_module_is_up_to_date() -> None:
    proc = subprocess.run(
        [sys.executable, str(HERE.parent / "tools" / "generate.py"), "--check"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr


def test_the_stub_matches_the_native_module() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "mypy.stubtest", "talkover._native"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        cwd=HERE,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
