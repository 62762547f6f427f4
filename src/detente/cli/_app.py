"""The ``detente`` Typer application that every command module registers on (its own
module, so the command modules and the package do not import each other)."""

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
