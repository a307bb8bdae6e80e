"""Where the client's log lines go when ``TALKOVER_LOG`` names a level.

The native module imports this only when a client is made with ``TALKOVER_LOG`` set to
``error``, ``warn``, ``info``, ``debug`` or ``trace``, so ``import talkover`` never pays for
``logging``. Each line the Rust core logs (already redacted: never the token, phone numbers
masked but for their last 4 digits) becomes a record of the ``talkover`` logger.

As with ``OPENAI_LOG`` in openai-python, the variable is enough to see the lines: the logger
gets that level unless it already has one, and if ``logging`` is not configured at all it gets
``logging.basicConfig``. An application that configures ``logging`` itself keeps full control.
"""

from __future__ import annotations

import atexit
import logging

from . import _native

__all__: list[str] = []

_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"

logger = logging.getLogger("talkover")


def _setup(level: int) -> logging.Logger:
    """Readies the ``talkover`` logger for lines at ``level``; returns it."""
    if logger.level == logging.NOTSET:
        logger.setLevel(level)
    if not logger.hasHandlers():
        logging.basicConfig(format=_FORMAT)
    return logger


# Registered after ``logging`` was imported, so it runs before ``logging.shutdown`` at exit:
# lines that arrive later are dropped rather than written to closed handlers.
atexit.register(_native._stop_logging)
