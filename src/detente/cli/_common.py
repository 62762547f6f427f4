"""Shared pieces of the CLI: option definitions, error handling, output rendering and
progress bars. Every command module may import these; nothing here registers commands.

Conventions (see ``docs/cli.md``): results go to stdout, everything else (progress,
summaries of long work, errors) to stderr; a user error is one line on stderr and exit
code 1; exit 3 means some inputs were skipped after everything else was done; Ctrl-C
keeps what was stored and exits 130.
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import json
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from enum import StrEnum
from typing import Any, NoReturn

import typer

from ..errors import DetenteError

__all__ = [
    "EXIT_INTERRUPTED",
    "EXIT_SKIPPED",
    "EXIT_USER",
    "DbOpt",
    "Format",
    "FormatOpt",
    "LimitOpt",
    "OffsetOpt",
    "SinceOpt",
    "UntilOpt",
    "cell",
    "emit",
    "fail",
    "open_db",
    "option_date",
    "progress",
    "render_rows",
    "user_errors",
]

EXIT_USER = 1
EXIT_SKIPPED = 3
EXIT_INTERRUPTED = 130  # the shell convention for SIGINT (128 + 2)


class Format(StrEnum):
    """Output formats of the listing commands."""

    table = "table"
    csv = "csv"
    jsonl = "jsonl"


DbOpt = typer.Option(
    None, "--db", envvar="DETENTE_DB",
    help="Database URL or SQLite path (sqlite:///x.db, postgresql://…); default ./detente.db.")
FormatOpt = typer.Option(Format.table, "--format", "-f", help="Output format.")
LimitOpt = typer.Option(100, "--limit", min=1, max=100_000, help="Rows to show.")
OffsetOpt = typer.Option(0, "--offset", min=0, help="Rows to skip.")
SinceOpt = typer.Option(None, "--since", help="From this date (YYYY-MM-DD), inclusive.")
UntilOpt = typer.Option(None, "--until", help="Up to this date (YYYY-MM-DD), inclusive.")


def fail(message: str, *, code: int = EXIT_USER) -> NoReturn:
    """Print one line on stderr (``detente: error: …``) and exit with ``code``."""
    first = str(message).strip().splitlines()[0] if str(message).strip() else "failed"
    typer.echo(f"detente: error: {first}", err=True)
    raise typer.Exit(code)


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn :class:`~detente.errors.DetenteError` into one stderr line and exit 1."""
    try:
        yield
    except DetenteError as exc:
        fail(str(exc))


@contextmanager
def open_db(db: str | None, *, create: bool = True) -> Iterator[Any]:
    """The store at ``db`` (see :func:`detente.store.open_store`), closed afterwards; a
    store that cannot be opened is a user error."""
    from ..store import open_store

    try:
        store = open_store(db, create=create)
    except DetenteError as exc:
        fail(str(exc))
    try:
        with user_errors():
            yield store
    finally:
        store.close()


def option_date(value: str | None, name: str) -> _dt.date | None:
    """A ``--since``/``--until`` value as a date (a user error when it is not one)."""
    if value is None or not value.strip():
        return None
    try:
        return _dt.date.fromisoformat(value.strip())
    except ValueError:
        fail(f"{name} must be a date like 2022-04-22, not {value!r}")


# --- output -----------------------------------------------------------------------------


def cell(value: Any) -> str:
    """A value as table/CSV cell text: actors by code (person), lists joined."""
    if value is None:
        return ""
    if isinstance(value, dict) and "code" in value:
        return f"{value['code']} ({value['person']})" if value.get("person") else value["code"]
    if isinstance(value, (list, tuple)):
        if all(isinstance(v, dict) and "code" in v for v in value):
            return "|".join(cell(v) for v in value)
        if all(isinstance(v, (str, int, float)) for v in value):
            return "; ".join(str(v) for v in value)
        return json.dumps(value, ensure_ascii=False, default=str)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def render_rows(rows: Sequence[dict[str, Any]], *, fmt: str,
                columns: Sequence[str] | None = None, width: int | None = None,
                max_cell: int = 160) -> str:
    """Rows as a rich table, CSV or JSON lines, returned as one string.

    ``columns`` picks and orders the table/CSV columns (default: the first row's keys);
    JSON lines always carry the whole row.
    """
    if fmt == "jsonl":
        return "".join(json.dumps(r, ensure_ascii=False, default=str) + "\n" for r in rows)
    cols = list(columns) if columns else (list(rows[0].keys()) if rows else [])
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(cols)
        for r in rows:
            writer.writerow([cell(r.get(c)) for c in cols])
        return buf.getvalue()
    from rich.console import Console
    from rich.table import Table

    table = Table(show_lines=False, header_style="bold")
    for c in cols:
        table.add_column(c, overflow="fold")
    for r in rows:
        table.add_row(*(_clip(cell(r.get(c)), max_cell) for c in cols))
    console = Console(file=io.StringIO(), width=width or _terminal_width(),
                      force_terminal=False, highlight=False)
    console.print(table)
    return console.file.getvalue()  # type: ignore[attr-defined]


def _clip(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _terminal_width() -> int:
    import shutil

    # Piped output still gets a readable table (not the 80-column fallback squeeze).
    return max(100, shutil.get_terminal_size((160, 24)).columns)


def emit(rows: Sequence[dict[str, Any]], *, fmt: Format | str,
         columns: Sequence[str] | None = None) -> None:
    """Write rows to stdout in ``fmt``; an empty table says ``(nothing)`` on stderr."""
    fmt = Format(fmt)
    if fmt is Format.table and not rows:
        typer.echo("(nothing)", err=True)
        return
    typer.echo(render_rows(rows, fmt=fmt.value, columns=columns), nl=False)


@contextmanager
def progress(label: str, *, total: int | None = None) -> Iterator[Callable[..., None]]:
    """A rich progress bar on stderr (only when stderr is a terminal).

    Yields ``advance(n=1, **fields)``; the bar shows a count and rate, and a bar proper
    when ``total`` is known.
    """
    if not sys.stderr.isatty():
        yield lambda n=1, **_: None
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    columns: list[Any] = [SpinnerColumn(), TextColumn("{task.description}")]
    if total:
        columns += [BarColumn(), MofNCompleteColumn()]
    else:
        columns += [TextColumn("{task.completed} done")]
    columns += [TimeElapsedColumn(), TextColumn("{task.fields[note]}")]
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(label, total=total, note="")

        def advance(n: int = 1, **fields: Any) -> None:
            bar.update(task, advance=n, **fields)

        yield advance
