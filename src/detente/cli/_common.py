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
    "ProgressLog",
    "SinceOpt",
    "UntilOpt",
    "cell",
    "emit",
    "fail",
    "filter_option",
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


def filter_option(name: str, kind: str) -> Any:
    """The Typer option of a listing filter (:mod:`detente.store.kinds`) on the command
    listing ``kind``: its flag(s) and help come from the registry."""
    from ..store.kinds import FILTERS

    f = FILTERS[name]
    flags = (f.cli, f.cli_short) if f.cli_short else (f.cli,)
    return typer.Option(None, *flags, help=f.cli_help_for(kind))


SinceOpt = filter_option("since", "")
UntilOpt = filter_option("until", "")


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
    from ..timeparse import parse_iso_date

    if value is None or not value.strip():
        return None
    try:
        return parse_iso_date(value.strip(), name=name)
    except DetenteError as exc:
        fail(str(exc))


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


def _duration(seconds: float) -> str:
    seconds = int(round(seconds))
    h, rest = divmod(seconds, 3600)
    m, sec = divmod(rest, 60)
    return f"{h}h{m:02d}m{sec:02d}s" if h else f"{m}m{sec:02d}s" if m else f"{sec}s"


class ProgressLog:
    """Plain progress lines for a stderr that is not a terminal (a scheduler's log): one
    line every ``interval`` seconds while work goes on, with the count, the rate and,
    when ``total`` is known, the percentage and the time left::

        detente: ingesting: 120/422 (28%), 3.1/s, 1m37s left; 118 new, 2 skipped
    """

    def __init__(self, label: str, *, total: int | None, interval: float = 10.0,
                 write: Callable[[str], Any] | None = None,
                 clock: Callable[[], float] | None = None) -> None:
        import time

        self.label, self.total, self.interval = label, total, interval
        self.write = write or (lambda line: typer.echo(line, err=True))
        self.clock = clock or time.monotonic
        self.start = self.last = self.clock()
        self.done = 0

    def line(self, note: str = "") -> str:
        elapsed = max(self.clock() - self.start, 1e-9)
        rate = self.done / elapsed
        if self.total:
            head = f"{self.done}/{self.total} ({100 * self.done / self.total:.0f}%)"
        else:
            head = f"{self.done} done"
        parts = [head, f"{rate:.1f}/s"]
        if self.total and rate > 0 and self.done < self.total:
            parts.append(f"{_duration((self.total - self.done) / rate)} left")
        return f"detente: {self.label}: {', '.join(parts)}" + (f"; {note}" if note else "")

    def advance(self, n: int = 1, **fields: Any) -> None:
        self.done += n
        now = self.clock()
        if now - self.last >= self.interval:
            self.last = now
            self.write(self.line(str(fields.get("note") or "")))


#: Seconds between progress lines when stderr is not a terminal
#: (``DETENTE_PROGRESS_INTERVAL`` overrides).
PROGRESS_INTERVAL = 10.0


@contextmanager
def progress(label: str, *, total: int | None = None) -> Iterator[Callable[..., None]]:
    """Progress on stderr: a rich bar when stderr is a terminal, else plain periodic log
    lines (:class:`ProgressLog`).

    Yields ``advance(n=1, **fields)`` (``note=`` adds a remark). With ``total`` known the
    bar shows the count out of the total, the percentage, the rate and the time left;
    without, the count and the rate.
    """
    if not sys.stderr.isatty():
        import os

        try:
            interval = float(os.environ.get("DETENTE_PROGRESS_INTERVAL") or PROGRESS_INTERVAL)
        except ValueError:
            interval = PROGRESS_INTERVAL
        log = ProgressLog(label, total=total, interval=interval)
        yield log.advance
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TaskProgressColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    columns: list[Any] = [SpinnerColumn(), TextColumn("{task.description}")]
    if total:
        columns += [BarColumn(), MofNCompleteColumn(), TaskProgressColumn()]
    else:
        columns += [TextColumn("{task.completed} done")]
    columns += [TextColumn("{task.fields[rate]}"), TimeElapsedColumn()]
    if total:
        columns += [TextColumn("left"), TimeRemainingColumn()]
    columns += [TextColumn("{task.fields[note]}")]
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(label, total=total, note="", rate="")

        def advance(n: int = 1, **fields: Any) -> None:
            speed = bar.tasks[0].speed if bar.tasks else None
            bar.update(task, advance=n, rate=f"{speed:.1f}/s" if speed else "", **fields)

        yield advance
