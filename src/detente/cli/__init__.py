"""The detente command line: thin commands over keyword-only library functions.

Each command group lives in its own module and registers itself on :data:`app`.
Exit codes: 0 ok, 1 user error (one clear line on stderr), 2 usage, 3 some inputs skipped,
4 ``serve`` cannot listen (address in use), 130 interrupted.
"""

from __future__ import annotations

import typer

app = typer.Typer(
    name="detente",
    help="Structured, sourced data from news about conflicts and negotiations.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # Plain help: click joins a docstring's lines into paragraphs and wraps them to the
    # terminal (rich markup mode kept every source line break, and read [..] as markup).
    rich_markup_mode=None,
    context_settings={"max_content_width": 100},
)

# Command modules register their commands on `app` when imported.
from . import coding, fetch, link, query, serve  # noqa: E402,F401


def main() -> None:
    """Console-script entry point."""
    app()
