"""The call workflow's models (``PlacedCall``, ``CampaignCall``, ``Campaign``, ``CallRecord``,
``AgentRef``, ``CallPage``) and the error attributes that carry them."""

from __future__ import annotations

import copy
import pickle
from datetime import datetime, timezone
from typing import Any

import pytest
import talkover
from conftest import AGENT, PHONE
from talkover import (
    AgentRef,
    CallPage,
    CallRecord,
    CallStatus,
    Campaign,
    CampaignCall,
    Direction,
    PlacedCall,
)
from talkover.testing import MockServer

WHEN = datetime(2024, 1, 15, 10, 30, tzinfo=timezone.utc)


def _examples() -> list[Any]:
    campaign = Campaign("camp-1", name="Q1", status="active", extra={"budget": 3})
    agent = AgentRef("agent-1", name="Sales", label="EN")
    record = CallRecord(
        "call-1",
        "completed",
        "+1234567890",
        sid="CA1",
        from_="+0987654321",
        direction="outbound",
        duration=120,
        is_testing=False,
        agent=agent,
        created_at=WHEN,
        extra={"cost": 1},
    )
    return [
        PlacedCall("call-1", agent_id="agent-1", status="initiated", created_at=WHEN),
        campaign,
        CampaignCall("cc-1", "queued", campaign_id="camp-1", campaign=campaign, scheduled_at=WHEN),
        agent,
        record,
        CallPage([record], 1, has_more=True, current_page=1, last_page=2, per_page=1, total=2),
    ]


@pytest.mark.parametrize("obj", _examples(), ids=lambda o: type(o).__name__)
def test_models_compare_hash_pickle_and_copy_by_value(obj: Any) -> None:
    assert type(obj).__module__ == "talkover"
    clone = pickle.loads(pickle.dumps(obj))
    assert clone == obj and hash(clone) == hash(obj)
    assert copy.copy(obj) == obj
    assert repr(obj).startswith(f"{type(obj).__name__}(")
    with pytest.raises(AttributeError):
        obj.id = "other"


def test_fields_are_typed() -> None:
    placed, campaign, queued, agent, record, page = _examples()
    assert placed.status is CallStatus.INITIATED and placed.created_at == WHEN and placed.to is None
    assert queued.status is CallStatus.QUEUED and queued.campaign == campaign
    assert queued.campaign is not None and queued.campaign.extra == {"budget": 3}
    assert record.direction is Direction.OUTBOUND and record.from_ == "+0987654321"
    assert record.agent == agent and record.extra == {"cost": 1} and record.duration == 120
    assert page.items == [record] and len(page) == 1 and page.total == 2 and page.has_more
    assert Direction("transfer").value == "transfer"
    assert CallStatus("scheduled") is CallStatus.SCHEDULED


def test_a_duplicate_carries_the_existing_call(
    talkover_mock: MockServer, talkover_client: talkover.Client
) -> None:
    existing = {"id": "cc-9", "campaign_id": "camp-1", "to": PHONE, "status": "queued"}
    body = {"success": False, "message": "duplicate", "existing_call": existing}
    talkover_mock.add_fault(status=409, body=body)
    with pytest.raises(talkover.DuplicateCallError) as info:
        talkover_client.end_call(AGENT, "call-1")
    err = info.value
    assert isinstance(err, talkover.ConflictError)
    assert err.existing_call == CampaignCall("cc-9", "queued", campaign_id="camp-1", to=PHONE)
    assert pickle.loads(pickle.dumps(err)).existing_call == err.existing_call


def test_validation_failures_keep_the_field_messages(
    talkover_mock: MockServer, talkover_client: talkover.Client
) -> None:
    body = {"message": "invalid", "errors": {"to": ["The to field is required."]}}
    talkover_mock.add_fault(status=422, body=body)
    with pytest.raises(talkover.UnprocessableEntityError) as info:
        talkover_client.end_call(AGENT, "call-1")
    assert info.value.field_errors == {"to": ["The to field is required."]}
    assert info.value.may_have_succeeded is False


def test_bad_input_names_the_argument_as_python_callers_write_it() -> None:
    client = talkover.Client("talq_x", base_url="http://127.0.0.1:9/api/v1")
    with pytest.raises(talkover.InvalidRequestError) as info:
        client.active_call(AGENT, "12345")
    assert info.value.param == "phone" and str(info.value).startswith("invalid phone: ")
    with pytest.raises(talkover.InvalidRequestError) as info:
        client.active_call(AGENT, PHONE, timeout=-1)
    assert info.value.param == "timeout"
    with pytest.raises(talkover.InvalidRequestError) as info:
        talkover.Client("talq_x", max_retries=-1)
    assert info.value.param == "max_retries"
    assert talkover.TalkoverError("x").field_errors == {}
