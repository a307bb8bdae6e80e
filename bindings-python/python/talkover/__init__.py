"""Client for the TalkOver voice-agent API, natively async, over a Rust core.

Example::

    import talkover

    client = talkover.AsyncClient()  # token from TALKOVER_API_TOKEN
    calls = await client.active_call("agent-uuid", "+5511987654321")
    if calls:
        await client.end_call("agent-uuid", calls[0].id)

``talkover.Client`` is the blocking twin; ``talkover.testing.MockServer`` is an offline
simulator of the API for tests. The package also puts the ``talkover`` command on the PATH
(``talkover --help``).
"""

from __future__ import annotations

import atexit as _atexit
import os as _os

from . import _errors, _native
from ._client import AsyncClient, Client
from ._errors import *  # noqa: F403  (every class of the catalogue; see _errors.py)
from ._native import (
    AgentRef,
    Attempt,
    Call,
    CallPage,
    CallRecord,
    Campaign,
    CampaignCall,
    EndedCall,
    PlacedCall,
    RateLimit,
)
from ._pager import AsyncCallPager, CallPager

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ._models import CallStatus, Direction

__version__: str = _native.__version__

__all__ = [
    "AgentRef",
    "AsyncCallPager",
    "AsyncClient",
    "Attempt",
    "Call",
    "CallPage",
    "CallPager",
    "CallRecord",
    "CallStatus",
    "Campaign",
    "CampaignCall",
    "Client",
    "Direction",
    "EndedCall",
    "PlacedCall",
    "RateLimit",
    "__version__",
]
# The exception classes come from the generated module, so a class added to the core's
# catalogue is exported without a line here.
__all__ += _errors.__all__

for _name in __all__:
    _obj = globals().get(_name)
    if isinstance(_obj, type):
        _obj.__module__ = __name__
del _name, _obj


def __dir__() -> list[str]:
    # The public names only: ``dir()``, ``help()`` and tab completion show what ``__all__``
    # exports (``CallStatus`` and ``Direction`` included before their first use), not
    # ``TYPE_CHECKING`` or the private helpers of this module.
    return sorted(__all__)


def __getattr__(name: str) -> object:
    # ``CallStatus`` and ``Direction`` are ``enum.Enum``s; importing ``enum`` costs more than
    # the rest of the package, so they load on first use (by user code, or by the first
    # status read).
    if name in ("CallStatus", "Direction"):
        from . import _models

        value = getattr(_models, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# The runtime's threads do not survive fork() and must stop before the interpreter does;
# see bindings-python/src/runtime.rs.
if hasattr(_os, "register_at_fork"):
    _os.register_at_fork(after_in_child=_native._after_fork_in_child)
_atexit.register(_native._shutdown)
