"""Models: the native, frozen result classes and the open enums ``CallStatus``, ``Direction``."""

from __future__ import annotations

import enum

from ._native import (
    AgentRef,
    Call,
    CallPage,
    CallRecord,
    Campaign,
    CampaignCall,
    EndedCall,
    PlacedCall,
)

__all__ = [
    "AgentRef",
    "Call",
    "CallPage",
    "CallRecord",
    "CallStatus",
    "Campaign",
    "CampaignCall",
    "Direction",
    "EndedCall",
    "PlacedCall",
]


class _OpenEnum(str, enum.Enum):
    """A ``str`` enum that keeps values it does not know as pseudo-members, never an error."""

    @classmethod
    def _missing_(cls, value: object) -> _OpenEnum | None:
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_ = value.upper().replace("-", "_")
        member._value_ = value
        return member

    def __str__(self) -> str:
        return str(self.value)

    def __format__(self, spec: str) -> str:
        return format(str(self.value), spec)


class CallStatus(_OpenEnum):
    """The status of a call: a ``str`` enum that keeps values it does not know.

    Example::

        >>> CallStatus("no-answer") is CallStatus.NO_ANSWER
        True
        >>> CallStatus("answered") == "answered"
        True
        >>> CallStatus("on-hold").value  # a status added to the API later
        'on-hold'
    """

    INITIATED = "initiated"
    RINGING = "ringing"
    ANSWERED = "answered"
    COMPLETED = "completed"
    FAILED = "failed"
    BUSY = "busy"
    NO_ANSWER = "no-answer"
    QUEUED = "queued"
    """A campaign call waiting for dispatch."""
    SCHEDULED = "scheduled"
    """A campaign call to be placed later, within the campaign's hours."""


class Direction(_OpenEnum):
    """Which way a listed call went: a ``str`` enum that keeps values it does not know.

    Example::

        >>> Direction("inbound") is Direction.INBOUND
        True
        >>> Direction("transfer").value  # a direction added to the API later
        'transfer'
    """

    INBOUND = "inbound"
    OUTBOUND = "outbound"


# Public as ``talkover.CallStatus`` and ``talkover.Direction`` (loaded lazily by the
# package's ``__getattr__``).
CallStatus.__module__ = "talkover"
Direction.__module__ = "talkover"
