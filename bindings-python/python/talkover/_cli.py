"""The ``talkover`` console script: the project's command line, from the installed package.

The command line is written once, in Rust (the ``talkover-cli`` crate), and linked into the
native module, so ``talkover`` installed by pip behaves exactly as the ``cargo install`` and
npm ones: ``talkover --help`` documents the commands and the exit codes.
"""

from __future__ import annotations

import sys

from ._native import cli_main

__all__ = ["main"]

# The command line's code for a Ctrl-C, as the Rust binary exits.
_INTERRUPTED = 130


def main() -> None:
    """Runs ``talkover`` with this process's arguments and exits with its code.

    Example (what ``[project.scripts]`` runs)::

        $ talkover calls active agent-uuid +5511987654321 --json
    """
    try:
        code = cli_main(sys.argv)
    except KeyboardInterrupt:
        # A Ctrl-C that reached Python rather than the command (before the command took
        # over the signal, or just after it finished): the command's code, no traceback.
        code = _INTERRUPTED
    sys.exit(code)
