"""talkover.testing.MockServer's call-workflow state: agents, campaigns, campaign calls,
credits, the run-time config, the listing fields of seeded calls and apply-then-fail faults."""

from __future__ import annotations

import time
from datetime import datetime, timezone

import pytest
import talkover
from conftest import AGENT, PHONE
from talkover.testing import MockServer

DEFAULT_CONFIG = {
    "credits": None,
    "rate_limit_per_minute": None,
    "ring_after_ms": 500,
    "answer_after_ms": 2000,
    "duplicate_code": False,
    "paging_fault": None,
}


def test_agents(talkover_mock: MockServer, talkover_client: talkover.Client) -> None:
    stored = talkover_mock.seed_agent(AGENT, name="Sales", label="Tier 1")
    assert stored["id"] == AGENT and stored["name"] == "Sales" and stored["label"] == "Tier 1"
    assert stored["published"] is True and stored["phone_number"] == "+15550100000"
    draft = talkover_mock.seed_agent("agent-draft", published=False, phone_number="+15550100009")
    assert draft["name"] == "Agent agent-draft"
    talkover_mock.seed_call("agent-from-a-call", PHONE)
    assert [a["id"] for a in talkover_mock.agents()] == [AGENT, "agent-draft", "agent-from-a-call"]

    with pytest.raises(talkover.BadRequestError) as info:
        talkover_client.make_call("agent-draft", PHONE)
    assert info.value.code == "AGENT_INACTIVE"
    with pytest.raises(talkover.NotFoundError):
        talkover_client.make_call("agent-nobody", PHONE)
    [record] = talkover_client.list_calls()
    assert record.agent == talkover.AgentRef("agent-from-a-call", name="Agent agent-from-a-call")


def test_campaigns_and_their_calls(
    talkover_mock: MockServer, talkover_client: talkover.Client
) -> None:
    campaign = talkover_mock.seed_campaign("camp-1", name="Q1 Outreach", agent_id=AGENT)
    assert campaign["status"] == "active"
    talkover_mock.seed_campaign("camp-later", scheduled=True)
    talkover_mock.seed_campaign("camp-paused", status="paused")
    assert [c["id"] for c in talkover_mock.campaigns()] == ["camp-1", "camp-later", "camp-paused"]

    talkover_client.make_campaign_call(
        "camp-1", PHONE, payload={"plan": "gold"}, context={"crm": 7}, is_testing=True
    )
    later = talkover_client.make_campaign_call("camp-later", PHONE)
    assert later.status is talkover.CallStatus.SCHEDULED and later.scheduled_at is not None
    with pytest.raises(talkover.BadRequestError):
        talkover_client.make_campaign_call("camp-paused", PHONE)

    first, second = talkover_mock.campaign_calls()
    assert first["campaign_id"] == "camp-1" and first["status"] == "queued"
    assert first["payload"] == {"plan": "gold"} and first["context"] == {"crm": 7}
    assert first["is_testing"] is True and first["allow_duplicates"] is False
    assert second["status"] == "scheduled"
    assert talkover_mock.calls() == [], "campaign calls are queued, not dialled"


def test_duplicate_code(talkover_mock: MockServer, talkover_client: talkover.Client) -> None:
    talkover_mock.seed_campaign("camp-1")
    talkover_client.make_campaign_call("camp-1", PHONE)
    with pytest.raises(talkover.DuplicateCallError) as info:
        talkover_client.make_campaign_call("camp-1", PHONE)
    assert info.value.code is None, "the vendor's example has no code"
    talkover_mock.update_config(duplicate_code=True)
    with pytest.raises(talkover.DuplicateCallError) as info:
        talkover_client.make_campaign_call("camp-1", PHONE)
    assert info.value.code == "DUPLICATE_CALL"


def test_credits(talkover_mock: MockServer, talkover_client: talkover.Client) -> None:
    talkover_mock.seed_agent(AGENT)
    assert talkover_mock.credits is None
    talkover_mock.set_credits(1)
    talkover_client.make_call(AGENT, PHONE)
    assert talkover_mock.credits == 0
    with pytest.raises(talkover.PaymentRequiredError) as info:
        talkover_client.make_call(AGENT, "+5511900000000")
    assert info.value.code == "INSUFFICIENT_CREDITS"
    talkover_client.make_call(AGENT, "+5511900000000", is_testing=True)  # test calls are free
    talkover_mock.set_credits(None)
    talkover_client.make_call(AGENT, "+5511900000001")
    assert len(talkover_mock.calls()) == 3


def test_config_update_and_reset(talkover_mock: MockServer) -> None:
    assert talkover_mock.config() == DEFAULT_CONFIG
    talkover_mock.update_config(credits=5, paging_fault="total_lies")
    assert talkover_mock.config() == {**DEFAULT_CONFIG, "credits": 5, "paging_fault": "total_lies"}
    talkover_mock.update_config(credits=None)
    assert talkover_mock.config()["credits"] is None
    with pytest.raises(ValueError, match="paging_fault"):
        talkover_mock.update_config(ring_after_ms=1, paging_fault="sideways")  # type: ignore[typeddict-item]
    assert talkover_mock.config()["ring_after_ms"] == 500, "nothing changes on error"
    with pytest.raises(ValueError, match="unknown config field"):
        talkover_mock.update_config(**{"nope": 1})  # type: ignore[typeddict-unknown-key]
    talkover_mock.reset()
    assert talkover_mock.config() == DEFAULT_CONFIG


def test_placed_calls_progress_as_configured(
    talkover_mock: MockServer, talkover_client: talkover.Client
) -> None:
    talkover_mock.seed_agent(AGENT)
    talkover_mock.update_config(ring_after_ms=0, answer_after_ms=50)
    talkover_client.make_call(AGENT, PHONE)
    time.sleep(0.1)
    [call] = talkover_client.active_call(AGENT, PHONE)
    assert call.status is talkover.CallStatus.ANSWERED


def test_rate_limit(talkover_mock: MockServer, talkover_client: talkover.Client) -> None:
    talkover_mock.update_config(rate_limit_per_minute=1)
    assert talkover_client.active_call(AGENT, PHONE) == []
    with pytest.raises(talkover.RateLimitError) as info:
        talkover_client.active_call(AGENT, PHONE)
    assert info.value.retry_after is not None and info.value.retry_after >= 1


def test_seeded_calls_carry_the_listing_fields(
    talkover_mock: MockServer, talkover_client: talkover.Client
) -> None:
    created = datetime(2024, 1, 15, 10, 30, tzinfo=timezone.utc)
    talkover_mock.seed_call(
        AGENT,
        PHONE,
        id="c1",
        status="completed",
        created_at=created,
        direction="inbound",
        from_="+15550100001",
        sid="CAabc",
        is_testing=True,
    )
    talkover_mock.seed_call(AGENT, PHONE, id="c2", created_at="2024-01-14T10:30:00Z")
    first, second = talkover_client.list_calls()
    assert first.id == "c1" and first.created_at == created
    assert first.direction is talkover.Direction.INBOUND
    assert (first.from_, first.sid, first.is_testing) == ("+15550100001", "CAabc", True)
    assert second.direction is talkover.Direction.OUTBOUND
    assert second.from_ == "+15550100000", "the agent's number"
    assert second.is_testing is False and second.sid is not None
    stored = talkover_mock.calls()[0]
    assert stored["from"] == "+15550100001" and stored["sid"] == "CAabc"


def test_a_fault_that_applies_the_request_first(
    talkover_mock: MockServer, talkover_client: talkover.Client
) -> None:
    talkover_mock.seed_call(AGENT, PHONE, id="c1")
    talkover_mock.add_fault("drop", path="/end-call", apply=True)
    with pytest.raises(talkover.APIConnectionError):
        talkover_client.end_call(AGENT, "c1")
    assert talkover_mock.calls()[0]["status"] == "completed", "ended, though the answer was lost"
