"""Client for the TalkOver voice-agent API, natively async, over a Rust core.

Example::

    import talkover

    client = talkover.AsyncClient()  # token from TALKOVER_API_TOKEN
    calls = await client.active_call("agent-uuid", "+5511987654321")
    if calls:
        await client.end_call("agent-uuid", calls[0].id)

``talkover.Client`` is the blocking twin; ``talkover.testing.MockServer`` is an offline
simulator of the API for tests.
"""

from __future__ import annotations

import atexit as _atexit
import os as _os

from . import _native
from ._client import AsyncClient, Client
from ._errors import (
    APIConnectionError,
    APIResponseError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    CallNotActiveError,
    ConflictError,
    InternalServerError,
    InvalidRequestError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    TalkoverError,
    UnprocessableEntityError,
)
from ._native import Call, EndedCall

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ._models import CallStatus

__version__: str = _native.__version__

__all__ = [
    "APIConnectionError",
    "APIResponseError",
    "APIStatusError",
    "APITimeoutError",
    "AsyncClient",
    "AuthenticationError",
    "BadRequestError",
    "Call",
    "CallNotActiveError",
    "CallStatus",
    "Client",
    "ConflictError",
    "EndedCall",
    "InternalServerError",
    "InvalidRequestError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "TalkoverError",
    "UnprocessableEntityError",
    "__version__",
]

for _name in __all__:
    _obj = globals().get(_name)
    if isinstance(_obj, type):
        _obj.__module__ = __name__
del _name, _obj


def __getattr__(name: str) -> object:
    # ``CallStatus`` is an ``enum.Enum``; importing ``enum`` costs more than the rest of the
    # package, so it loads on first use (by user code, or by the first status read).
    if name == "CallStatus":
        from ._models import CallStatus

        globals()["CallStatus"] = CallStatus
        return CallStatus
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# The runtime's threads do not survive fork() and must stop before the interpreter does;
# see bindings-python/src/runtime.rs.
if hasattr(_os, "register_at_fork"):
    _os.register_at_fork(after_in_child=_native._after_fork_in_child)
_atexit.register(_native._shutdown)
