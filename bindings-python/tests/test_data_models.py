"""The models as data: ``to_dict``/``to_json`` (the API's JSON), ``__match_args__``,
docstrings on every field, the HTML repr for notebooks, and the package's ``__dir__``."""

from __future__ import annotations

import json
import pydoc
from datetime import datetime, timedelta, timezone
from html.parser import HTMLParser
from typing import Any

import pytest
import talkover
from conftest import AGENT, PHONE, run_python
from talkover import (
    AgentRef,
    Call,
    CallPage,
    CallRecord,
    Campaign,
    CampaignCall,
    EndedCall,
    PlacedCall,
)
from talkover.testing import MockServer

# 12:00 in São Paulo is 15:00 UTC: to_dict must give the instant in UTC, with a Z.
LOCAL = datetime(2024, 1, 15, 12, 0, tzinfo=timezone(timedelta(hours=-3)))
UTC_TEXT = "2024-01-15T15:00:00Z"

AGENT_REF = AgentRef("agent-1", name="Sales", extra={"team": "emea"})
CAMPAIGN = Campaign("camp-1", name="Q1", status="active")
RECORD = CallRecord(
    "call-1",
    "completed",
    "+1234567890",
    from_="+0987654321",
    direction="outbound",
    duration=120,
    agent=AGENT_REF,
    created_at=LOCAL,
    extra={"cost": 0.25, "tags": ["a", "b"]},
)

# One of each model, and the dict the API would have sent for it.
CASES: list[tuple[Any, dict[str, Any]]] = [
    (
        Call("call-1", AGENT, PHONE, "answered", LOCAL, 42, extra={"region": "sa-east-1"}),
        {
            "id": "call-1",
            "agent_id": AGENT,
            "to": PHONE,
            "status": "answered",
            "started_at": UTC_TEXT,
            "duration_seconds": 42,
            "region": "sa-east-1",
        },
    ),
    (
        EndedCall("call-1", "completed", LOCAL, "ended_by_api"),
        {
            "id": "call-1",
            "status": "completed",
            "ended_at": UTC_TEXT,
            "ended_reason": "ended_by_api",
        },
    ),
    (
        PlacedCall("call-2", agent_id=AGENT, status="initiated"),
        {"id": "call-2", "agent_id": AGENT, "to": None, "status": "initiated", "created_at": None},
    ),
    (
        CampaignCall(
            "cc-1", "scheduled", campaign_id="camp-1", scheduled_at=LOCAL, campaign=CAMPAIGN
        ),
        {
            "id": "cc-1",
            "campaign_id": "camp-1",
            "to": None,
            "status": "scheduled",
            "scheduled_at": UTC_TEXT,
            "created_at": None,
            "campaign": {"id": "camp-1", "name": "Q1", "status": "active"},
        },
    ),
    (CAMPAIGN, {"id": "camp-1", "name": "Q1", "status": "active"}),
    (AGENT_REF, {"id": "agent-1", "name": "Sales", "label": None, "team": "emea"}),
    (
        RECORD,
        {
            "id": "call-1",
            "status": "completed",
            "to": "+1234567890",
            "sid": None,
            "to_formatted": None,
            "from": "+0987654321",
            "from_formatted": None,
            "is_testing": None,
            "direction": "outbound",
            "duration": 120,
            "agent": {"id": "agent-1", "name": "Sales", "label": None, "team": "emea"},
            "created_at": UTC_TEXT,
            "updated_at": None,
            "cost": 0.25,
            "tags": ["a", "b"],
        },
    ),
]
MODELS = [model for model, _ in CASES] + [CallPage([RECORD], 1, has_more=True, total=30)]
IDS = [type(m).__name__ for m in MODELS]


@pytest.mark.parametrize(("model", "expected"), CASES, ids=IDS[:-1])
def test_to_dict_is_the_apis_json(model: Any, expected: dict[str, Any]) -> None:
    data = model.to_dict()
    assert data == expected
    # Plain data only (statuses are str, not the enum), in the API's field order.
    assert json.loads(json.dumps(data)) == data
    assert list(data) == list(expected)
    assert type(data["status"] if "status" in data else data["id"]) is str


def test_a_page_is_its_items_and_the_servers_pagination() -> None:
    page = CallPage([RECORD], 1, has_more=True, current_page=1, last_page=3, per_page=10, total=30)
    assert page.to_dict() == {
        "items": [RECORD.to_dict()],
        "number": 1,
        "pagination": {"current_page": 1, "last_page": 3, "per_page": 10, "total": 30},
        "has_more": True,
    }


def test_to_dict_of_a_response_is_what_the_api_sent(talkover_mock: MockServer) -> None:
    sent = talkover_mock.seed_call(AGENT, PHONE, id="call-1", extra={"region": "sa-east-1"})
    talkover_mock.seed_call(AGENT, "+5511900000000", id="call-2", status="completed")
    with talkover.Client(talkover_mock.token, base_url=talkover_mock.url) as client:
        (call,) = client.active_call(AGENT, PHONE)
        records = list(client.list_calls())
    assert call.to_dict() == sent
    # The dicts make a table (pd.DataFrame([r.to_dict() for r in records])): a column per
    # field under the API's names, and one per unknown field, empty where a call lacks it.
    rows = {row["id"]: row for row in (r.to_dict() for r in records)}
    assert rows["call-1"]["region"] == "sa-east-1" and "region" not in rows["call-2"]
    assert set(rows["call-1"]) - {"region"} == set(rows["call-2"])
    assert "from" in rows["call-2"] and "from_" not in rows["call-2"]


@pytest.mark.parametrize("model", MODELS, ids=IDS)
def test_to_json_is_json_dumps_of_to_dict(model: Any) -> None:
    assert model.to_json() == json.dumps(model.to_dict())
    assert model.to_json(indent=2, sort_keys=True) == json.dumps(
        model.to_dict(), indent=2, sort_keys=True
    )
    with pytest.raises(TypeError):
        model.to_json(no_such_option=True)


@pytest.mark.parametrize("model", MODELS, ids=IDS)
def test_match_args_are_the_constructors_fields(model: Any) -> None:
    cls = type(model)
    # __reduce__ passes the constructor's arguments in order; match binds all but `extra`.
    _, args = model.__reduce__()
    assert isinstance(cls.__match_args__, tuple)
    assert len(cls.__match_args__) == len(args) - (0 if cls is CallPage else 1)
    assert tuple(getattr(model, f) for f in cls.__match_args__) == args[: len(cls.__match_args__)]


def test_a_call_matches_by_position() -> None:
    model: object = Call("call-1", AGENT, PHONE, "ringing")
    match model:
        case Call(call_id, agent_id, _, talkover.CallStatus.RINGING):
            assert (call_id, agent_id) == ("call-1", AGENT)
        case _:
            pytest.fail("no match")


@pytest.mark.parametrize("model", MODELS, ids=IDS)
def test_every_field_has_a_docstring(model: Any) -> None:
    cls = type(model)
    assert cls.__doc__
    fields = [
        name for name, value in vars(cls).items() if type(value).__name__ == "getset_descriptor"
    ]
    assert set(cls.__match_args__) <= set(fields)
    for name in fields:
        doc = getattr(cls, name).__doc__
        assert doc and doc.strip(), f"{cls.__name__}.{name} has no docstring"
    for method in ("to_dict", "to_json", "_repr_html_"):
        assert getattr(cls, method).__doc__


def test_help_shows_the_field_docs() -> None:
    text = pydoc.render_doc(Call, renderer=pydoc.plaintext)
    assert "The agent placing or receiving the call." in text
    assert "to_dict" in text


class _Table(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


@pytest.mark.parametrize("model", MODELS, ids=IDS)
def test_the_html_repr_is_a_table_of_the_fields(model: Any) -> None:
    table = _Table()
    table.feed(model._repr_html_())
    assert table.tags[0] == "table" and set(table.tags) <= {
        "table",
        "caption",
        "b",
        "tr",
        "th",
        "td",
    }
    assert type(model).__name__ in table.text
    assert set(model.to_dict()) <= set(table.text)


def test_the_html_repr_escapes_what_the_api_sent() -> None:
    hostile = "<script>alert('x')</script> & \"q\""
    call = Call("call-1", AGENT, PHONE, "answered", extra={"<b>": hostile})
    html = call._repr_html_()
    assert "<script>" not in html and "<b>" not in html.replace(
        '<caption style="text-align:left"><b>', ""
    )
    table = _Table()
    table.feed(html)
    # Unescaped by the parser, the text is the API's text again.
    assert hostile in table.text and "<b>" in table.text
    assert table.tags.count("b") == 1


def test_dir_lists_the_public_names() -> None:
    names = dir(talkover)
    assert names == sorted(talkover.__all__)
    assert {"CallStatus", "Direction", "Call", "TalkoverError"} <= set(names)
    assert "TYPE_CHECKING" not in names
    assert not [n for n in names if n.startswith("_") and n != "__version__"]


def test_dir_keeps_the_enums_lazy() -> None:
    # Listing the names must not load the enums; reading one still does.
    code = (
        "import sys, talkover\n"
        "names = dir(talkover)\n"
        "assert 'CallStatus' in names and 'talkover._models' not in sys.modules, sys.modules\n"
        "assert talkover.CallStatus.ANSWERED == 'answered'\n"
        "assert 'talkover._models' in sys.modules\n"
    )
    result = run_python(code)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("build", "key"),
    [
        (lambda extra: Call("call-1", AGENT, PHONE, "answered", extra=extra), "id"),
        (lambda extra: EndedCall("call-1", "completed", extra=extra), "ended_at"),
        (lambda extra: CallRecord("call-1", "completed", PHONE, extra=extra), "from"),
        (lambda extra: AgentRef("agent-1", extra=extra), "label"),
    ],
)
def test_extra_may_not_hold_a_field(build: Any, key: str) -> None:
    # to_dict() merges extra among the fields, where a field's key would stand for the field.
    with pytest.raises(ValueError, match=key):
        build({key: "shadow"})
    # Keys that are not the API's field names are extra fields like any other.
    assert build({"from_": 1, "extra": 2}).to_dict()["extra"] == 2
