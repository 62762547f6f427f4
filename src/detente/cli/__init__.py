"""The detente command line: thin commands over keyword-only library functions.

Each command group lives in its own module and registers itself on :data:`app`.
Exit codes: 0 ok, 1 user error (one clear line on stderr), 2 usage, 3 some inputs skipped,
4 ``serve`` cannot listen (address in use), 130 interrupted.
"""

from __future__ import annotations

# Command modules register their commands on `app` when imported.
from . import coding, fetch, link, query, serve  # noqa: E402,F401
from ._app import app


def main() -> None:
    """Console-script entry point."""
    app()
