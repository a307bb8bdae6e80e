"""Models: ``Call`` and ``EndedCall`` (native, frozen) and the open enum ``CallStatus``."""

from __future__ import annotations

import enum

from ._native import Call, EndedCall

__all__ = ["Call", "CallStatus", "EndedCall"]


class CallStatus(str, enum.Enum):
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

    @classmethod
    def _missing_(cls, value: object) -> CallStatus | None:
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


# Public as ``talkover.CallStatus`` (loaded lazily by the package's ``__getattr__``).
CallStatus.__module__ = "talkover"
