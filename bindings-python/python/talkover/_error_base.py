"""``TalkoverError``, the base of every exception the library raises.

Its subclasses are generated from the Rust core's catalogue into ``_errors.py`` (run
``make generate``); this module holds what is written by hand: the attributes every error
carries, and pickling.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from ._native import CampaignCall, RateLimit

__all__ = ["TalkoverError"]


class TalkoverError(Exception):
    """Base class of everything the library raises.

    Attributes are ``None`` (or empty, or ``False``) when they do not apply (no response
    arrived, the server sent no code, ...). The API token never appears in an error.

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
    field_errors: dict[str, list[str]]
    """The server's messages per input field (a 422's ``errors``); empty when it sent none.

    Example::

        except talkover.UnprocessableEntityError as e:
            for field, messages in e.field_errors.items():
                print(field, "; ".join(messages))
    """
    existing_call: CampaignCall | None
    """The campaign call that already exists, for a ``DuplicateCallError``."""
    headers: dict[str, str]
    """The response's headers (names in lower case) for a status error; empty otherwise."""
    rate_limit: RateLimit | None
    """The rate-limit state the response reported (``X-RateLimit-*``), for a status error.

    Example::

        except talkover.RateLimitError as e:
            if e.rate_limit and e.rate_limit.reset_at:
                print("window resets at", e.rate_limit.reset_at)
    """
    may_have_succeeded: bool
    """Whether the server may have carried out the request that failed (a call placed whose
    answer was lost): check before doing it again."""
    param: str | None
    """The argument at fault, for an ``InvalidRequestError`` (``"phone"``, ``"timeout"``)."""

    def __init__(
        self,
        *args: object,
        message: str | None = None,
        status: int | None = None,
        code: str | None = None,
        request_id: str | None = None,
        body: Any = None,
        retry_after: float | None = None,
        field_errors: dict[str, list[str]] | None = None,
        existing_call: CampaignCall | None = None,
        headers: dict[str, str] | None = None,
        rate_limit: RateLimit | None = None,
        may_have_succeeded: bool = False,
        param: str | None = None,
    ) -> None:
        super().__init__(*args)
        self.message = message if message is not None else (str(args[0]) if args else "")
        self.status = status
        self.code = code
        self.request_id = request_id
        self.body = body
        self.retry_after = retry_after
        self.field_errors = field_errors if field_errors is not None else {}
        self.existing_call = existing_call
        self.headers = headers if headers is not None else {}
        self.rate_limit = rate_limit
        self.may_have_succeeded = may_have_succeeded
        self.param = param

    def __reduce__(self) -> tuple[Any, ...]:
        # Exceptions pickle as ``cls(*args)``, which would drop the keyword-only fields.
        return (_restore, (type(self), self.args, self.__dict__.copy()))


def _restore(cls: type[TalkoverError], args: tuple[object, ...], state: dict[str, Any]) -> Any:
    err = cls(*args)
    err.__dict__.update(state)
    return err
