"""Call, EndedCall and CallStatus: typed, frozen, comparable, picklable, user-constructible."""

from __future__ import annotations

import copy
import pickle
from datetime import datetime, timedelta, timezone

import pytest
from talkover import Call, CallStatus, EndedCall

UTC = timezone.utc
T0 = datetime(2024, 1, 15, 11, 0, tzinfo=UTC)


def make_call(**overrides: object) -> Call:
    fields: dict[str, object] = {
        "id": "call-1",
        "agent_id": "agent-1",
        "to": "+5511987654321",
        "status": "answered",
        "started_at": T0,
        "duration_seconds": 42,
        "extra": {"region": "sa-east-1"},
    }
    fields.update(overrides)
    return Call(**fields)  # type: ignore[arg-type]


def test_call_fields_are_typed() -> None:
    call = make_call()
    assert call.id == "call-1" and call.agent_id == "agent-1" and call.to == "+5511987654321"
    assert call.status is CallStatus.ANSWERED
    assert isinstance(call.status, str) and call.status == "answered"
    assert call.started_at == T0 and call.started_at.tzinfo is not None
    assert call.duration_seconds == 42
    assert call.extra == {"region": "sa-east-1"}


def test_models_are_frozen_and_extra_is_a_copy() -> None:
    call = make_call()
    with pytest.raises(AttributeError):
        call.id = "other"  # type: ignore[misc]
    call.extra["region"] = "changed"
    assert call.extra == {"region": "sa-east-1"}


def test_equality_and_hash_follow_the_values() -> None:
    assert make_call() == make_call()
    assert hash(make_call()) == hash(make_call())
    assert make_call() != make_call(status="ringing")
    assert make_call() != make_call(extra={})
    assert make_call() != "call-1"
    assert len({make_call(), make_call(), make_call(id="call-2")}) == 2


def test_repr_is_readable_and_shows_every_field() -> None:
    text = repr(make_call())
    assert text.startswith("Call(id='call-1', agent_id='agent-1', to='+5511987654321'")
    assert "status='answered'" in text and "duration_seconds=42" in text
    assert "extra={'region': 'sa-east-1'}" in text
    assert "extra" not in repr(make_call(extra=None))


def test_models_pickle_and_copy() -> None:
    call = make_call()
    assert pickle.loads(pickle.dumps(call)) == call
    assert copy.deepcopy(call) == call
    ended = EndedCall("call-1", CallStatus.COMPLETED, ended_at=T0, ended_reason="ended_by_api")
    assert pickle.loads(pickle.dumps(ended)) == ended


def test_timestamps_are_converted_to_utc_and_naive_ones_refused() -> None:
    brt = timezone(timedelta(hours=-3))
    call = make_call(started_at=datetime(2024, 1, 15, 8, 0, tzinfo=brt))
    assert call.started_at == T0
    assert call.started_at is not None and call.started_at.utcoffset() == timedelta(0)
    with pytest.raises(TypeError):
        make_call(started_at=datetime(2024, 1, 15, 11, 0))


def test_optional_fields_default_to_none() -> None:
    call = Call("call-1", "agent-1", "+5511987654321", CallStatus.RINGING)
    assert call.started_at is None and call.duration_seconds is None and call.extra == {}
    ended = EndedCall(id="call-1", status="completed")
    assert ended.ended_at is None and ended.ended_reason is None and ended.extra == {}
    assert ended.status is CallStatus.COMPLETED


def test_call_status_keeps_unknown_values() -> None:
    status = CallStatus("on-hold")
    assert isinstance(status, CallStatus) and status == "on-hold"
    assert status.value == "on-hold" and str(status) == "on-hold" and f"{status}" == "on-hold"
    assert make_call(status="on-hold").status.value == "on-hold"
    assert CallStatus("no-answer") is CallStatus.NO_ANSWER
    assert [s.value for s in CallStatus] == [
        "initiated",
        "ringing",
        "answered",
        "completed",
        "failed",
        "busy",
        "no-answer",
        "queued",
        "scheduled",
    ]


def test_public_classes_live_in_the_talkover_namespace() -> None:
    for cls in (Call, EndedCall, CallStatus):
        assert cls.__module__ == "talkover"
