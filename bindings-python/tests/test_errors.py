"""The exception hierarchy: classes, attributes, pickling, and no token anywhere."""

from __future__ import annotations

import pickle

import pytest
import talkover
from conftest import AGENT, PHONE
from talkover.testing import MockServer

HIERARCHY = {
    "InvalidRequestError": "TalkoverError",
    "APIConnectionError": "TalkoverError",
    "APITimeoutError": "APIConnectionError",
    "APIResponseError": "TalkoverError",
    "APIStatusError": "TalkoverError",
    "BadRequestError": "APIStatusError",
    "AuthenticationError": "APIStatusError",
    "PermissionDeniedError": "APIStatusError",
    "NotFoundError": "APIStatusError",
    "ConflictError": "APIStatusError",
    "CallNotActiveError": "ConflictError",
    "UnprocessableEntityError": "APIStatusError",
    "RateLimitError": "APIStatusError",
    "InternalServerError": "APIStatusError",
}


@pytest.mark.parametrize(("name", "parent"), HIERARCHY.items())
def test_hierarchy_matches_the_spec(name: str, parent: str) -> None:
    cls = getattr(talkover, name)
    assert cls.__bases__[0] is getattr(talkover, parent)
    assert issubclass(cls, talkover.TalkoverError) and issubclass(cls, Exception)
    assert cls.__module__ == "talkover"


def test_invalid_request_is_also_a_value_error() -> None:
    assert issubclass(talkover.InvalidRequestError, ValueError)
    with pytest.raises(ValueError):
        talkover.Client("talq_x", base_url="http://127.0.0.1:1/api/v1").active_call(AGENT, "123")


def test_status_error_carries_every_attribute_and_pickles(talkover_client: talkover.Client) -> None:
    with pytest.raises(talkover.NotFoundError) as info:
        talkover_client.end_call(AGENT, "no-such-call")
    err = info.value
    assert err.status == 404 and err.code is None and err.retry_after is None
    assert isinstance(err.message, str) and err.message
    assert isinstance(err.request_id, str) and err.request_id
    assert isinstance(err.body, dict) and err.body["success"] is False
    clone = pickle.loads(pickle.dumps(err))
    assert type(clone) is talkover.NotFoundError
    for attr in ("status", "code", "message", "request_id", "body", "retry_after"):
        assert getattr(clone, attr) == getattr(err, attr)
    assert str(clone) == str(err)


def test_rate_limit_error_has_retry_after(
    talkover_mock: MockServer, talkover_client: talkover.Client
) -> None:
    talkover_mock.add_fault(status=429, headers={"retry-after": "90"}, body={"success": False})
    with pytest.raises(talkover.RateLimitError) as info:
        talkover_client.active_call(AGENT, PHONE)
    assert info.value.retry_after == 90.0


def test_errors_never_show_the_token(talkover_mock: MockServer) -> None:
    secret = "talq_super_secret_value"
    client = talkover.Client(secret, base_url=talkover_mock.url, max_retries=0)
    assert secret not in repr(client) and secret not in str(client)
    with pytest.raises(talkover.AuthenticationError) as info:
        client.active_call(AGENT, PHONE)
    err = info.value
    assert err.code == "INVALID_TOKEN"
    for text in (str(err), repr(err), repr(err.body), repr(err.__dict__)):
        assert secret not in text
    with pytest.raises(talkover.InvalidRequestError) as bad:
        talkover.Client(secret + " x", base_url=talkover_mock.url)
    assert secret not in str(bad.value) and secret not in repr(bad.value.__dict__)


def test_errors_can_be_raised_and_built_by_users() -> None:
    err = talkover.CallNotActiveError("gone", status=409, code="CALL_NOT_ACTIVE")
    assert err.message == "gone" and err.status == 409 and err.request_id is None
    assert pickle.loads(pickle.dumps(err)).code == "CALL_NOT_ACTIVE"
    assert talkover.TalkoverError().message == ""
