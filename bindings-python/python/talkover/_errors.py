"""The exception hierarchy. Every error the library raises is a ``TalkoverError``.

The native module decides nothing here: the Rust core classifies each failure and the
binding instantiates the class of that name with the structured fields below.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

__all__ = [
    "APIConnectionError",
    "APIResponseError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "CallNotActiveError",
    "ConflictError",
    "InternalServerError",
    "InvalidRequestError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "TalkoverError",
    "UnprocessableEntityError",
]


class TalkoverError(Exception):
    """Base class of everything the library raises.

    Attributes are ``None`` when they do not apply (no response arrived, the server sent no
    code, ...). The API token never appears in an error.

    Example::

        try:
            client.end_call("agent-uuid", "call-sid")
        except talkover.CallNotActiveError:
            pass  # already over
        except talkover.APIStatusError as e:
            print(e.status, e.code, e.request_id)
    """

    message: str
    """What went wrong: the server's message for status errors."""
    status: int | None
    """The HTTP status, when a response arrived."""
    code: str | None
    """The API's error code (``"CALL_NOT_ACTIVE"``, ``"INVALID_TOKEN"``, ...), if sent."""
    request_id: str | None
    """The ``x-request-id`` response header, if sent: quote it to support."""
    body: Any
    """The response body: parsed JSON when it parses, else the text; ``None`` if empty."""
    retry_after: float | None
    """Seconds the server asked to wait (``Retry-After``), if it said."""

    def __init__(
        self,
        *args: object,
        message: str | None = None,
        status: int | None = None,
        code: str | None = None,
        request_id: str | None = None,
        body: Any = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(*args)
        self.message = message if message is not None else (str(args[0]) if args else "")
        self.status = status
        self.code = code
        self.request_id = request_id
        self.body = body
        self.retry_after = retry_after

    def __reduce__(self) -> tuple[Any, ...]:
        # Exceptions pickle as ``cls(*args)``, which would drop the keyword-only fields.
        return (_restore, (type(self), self.args, self.__dict__.copy()))


def _restore(cls: type[TalkoverError], args: tuple[object, ...], state: dict[str, Any]) -> Any:
    err = cls(*args)
    err.__dict__.update(state)
    return err


class InvalidRequestError(TalkoverError, ValueError):
    """Bad input, refused before any network I/O (also a ``ValueError``)."""


class APIConnectionError(TalkoverError):
    """No HTTP response arrived: DNS failure, connection refused or reset, TLS failure."""


class APITimeoutError(APIConnectionError):
    """An attempt took longer than its ``timeout``."""


class APIResponseError(TalkoverError):
    """A response arrived but is not the documented shape (bad JSON, a proxy's HTML page)."""


class APIStatusError(TalkoverError):
    """The API answered with a non-2xx status; see ``status``, ``code`` and ``request_id``."""


class BadRequestError(APIStatusError):
    """HTTP 400."""


class AuthenticationError(APIStatusError):
    """HTTP 401: the token is missing, wrong or revoked."""


class PermissionDeniedError(APIStatusError):
    """HTTP 403."""


class NotFoundError(APIStatusError):
    """HTTP 404: for ``end_call``, the agent has no such call."""


class ConflictError(APIStatusError):
    """HTTP 409."""


class CallNotActiveError(ConflictError):
    """HTTP 409 with code ``CALL_NOT_ACTIVE``: the call already ended."""


class UnprocessableEntityError(APIStatusError):
    """HTTP 422: the API refused the input (code ``VALIDATION_ERROR``)."""


class RateLimitError(APIStatusError):
    """HTTP 429. ``retry_after`` holds the server's requested wait, when it sent one."""


class InternalServerError(APIStatusError):
    """HTTP 500 or above."""
