"""CLI commands of the link stage: ``link``, ``stories``, ``disputes``, ``positions``,
``compare``. Thin wrappers: the work is in :mod:`detente.link` and the store."""

from __future__ import annotations

import csv
import datetime as _dt
import io
import json
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from typing import Any

import typer

from ..errors import DetenteError, QueryError
from ..records import to_dict
from . import app

__all__ = ["render_rows"]


class Format(StrEnum):
    table = "table"
    csv = "csv"
    jsonl = "jsonl"


DbOpt = typer.Option(
    None, "--db", help="Database URL or SQLite path (default: DETENTE_DB or ./detente.db)."
)
FormatOpt = typer.Option(Format.table, "--format", "-f", help="Output format.")
LimitOpt = typer.Option(100, "--limit", min=1, help="Rows to show.")
OffsetOpt = typer.Option(0, "--offset", min=0, help="Rows to skip.")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (dict, list, tuple)):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def render_rows(rows: list[dict[str, Any]], *, fmt: str, columns: list[str] | None = None) -> str:
    """Rows as a rich table, CSV or JSON lines (one string; the caller writes it)."""
    cols = columns or (list(rows[0].keys()) if rows else [])
    if fmt == "jsonl":
        return "".join(json.dumps(r, ensure_ascii=False, default=str) + "\n" for r in rows)
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow(cols)
        for r in rows:
            w.writerow([_cell(r.get(c)) for c in cols])
        return buf.getvalue()
    from rich.console import Console
    from rich.table import Table

    table = Table(show_lines=False)
    for c in cols:
        table.add_column(c, overflow="fold")
    for r in rows:
        table.add_row(*(_cell(r.get(c))[:200] for c in cols))
    console = Console(file=io.StringIO(), width=200, force_terminal=False)
    console.print(table)
    return console.file.getvalue()  # type: ignore[attr-defined]


def _emit(rows: list[dict[str, Any]], fmt: Format, columns: list[str] | None = None) -> None:
    if fmt is Format.table and not rows:
        typer.echo("(nothing)")
        return
    typer.echo(
        render_rows(rows, fmt=fmt.value, columns=columns if fmt is Format.table else None), nl=False
    )


@contextmanager
def _store(db: str | None) -> Iterator[Any]:
    try:
        from ..store import open_store  # type: ignore[attr-defined]
    except ImportError as exc:  # the store package is not installed in this tree yet
        typer.echo(f"error: the store is not available: {exc}", err=True)
        raise typer.Exit(1) from exc
    try:
        with open_store(db, create=True) as store:
            yield store
    except DetenteError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from exc


def _date(value: str | None, name: str) -> _dt.date | None:
    if value is None:
        return None
    try:
        return _dt.date.fromisoformat(value)
    except ValueError:
        typer.echo(f"error: {name} must be a date like 2022-04-22, not {value!r}", err=True)
        raise typer.Exit(1) from None


@app.command("link")
def link_cmd(
    db: str | None = DbOpt,
    embeddings: bool = typer.Option(
        False,
        "--embeddings/--no-embeddings",
        help="Use sentence embeddings (extra 'embeddings') when installed.",
    ),
    fmt: Format = FormatOpt,
) -> None:
    """Link the stored articles: stories, event clusters, disputes, positions."""
    from ..link import run_links

    embedder = None
    if embeddings:
        from ..link.embed import get_embedder

        embedder = get_embedder()
    with _store(db) as store:
        summary = run_links(store, embedder=embedder)
    for msg in summary.skipped:
        typer.echo(f"detente: skipped {msg}", err=True)
    row = to_dict(summary)
    row["skipped"] = len(summary.skipped)
    _emit([row], fmt)


@app.command("stories")
def stories_cmd(
    db: str | None = DbOpt, limit: int = LimitOpt, offset: int = OffsetOpt, fmt: Format = FormatOpt
) -> None:
    """Stories found by the link stage (detente link), largest first."""
    with _store(db) as store:
        rows = store.stories(limit=limit, offset=offset)
    _emit(
        rows,
        fmt,
        ["id", "n_articles", "n_outlets", "first_reported", "last_reported", "undated", "title"],
    )


@app.command("disputes")
def disputes_cmd(
    db: str | None = DbOpt,
    actor: str | None = typer.Option(None, "--actor", help="Actor code prefix or person."),
    story: str | None = typer.Option(None, "--story", help="Story id."),
    limit: int = LimitOpt,
    offset: int = OffsetOpt,
    fmt: Format = FormatOpt,
) -> None:
    """Disputes: a claim and the counter-claim that denies or contradicts it."""
    with _store(db) as store:
        try:
            rows = store.disputes(actor=actor, story_id=story, limit=limit, offset=offset)
        except QueryError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(1) from exc
    if fmt is Format.table:
        rows = [_flat_dispute(r) for r in rows]
    _emit(rows, fmt)


def _flat_dispute(r: dict[str, Any]) -> dict[str, Any]:
    def side(s: dict[str, Any] | None) -> str:
        if not s:
            return ""
        who = s.get("speaker") or s.get("actor_code") or "?"
        return f"{who} ({s.get('actor_code') or '?'}, {s.get('outlet') or '?'}, {s.get('date') or '?'}): {s.get('text', '')}"

    return {
        "id": r.get("id"),
        "basis": r.get("basis"),
        "claim": side(r.get("claim")),
        "counter": side(r.get("counter")),
        "topic": r.get("topic"),
    }


@app.command("positions")
def positions_cmd(
    db: str | None = DbOpt,
    issue: str | None = typer.Option(None, "--issue", help="Issue id, e.g. nato_membership."),
    party: str | None = typer.Option(None, "--party", help="Party code, e.g. RUS."),
    since: str | None = typer.Option(None, "--since"),
    until: str | None = typer.Option(None, "--until"),
    limit: int = LimitOpt,
    offset: int = OffsetOpt,
    fmt: Format = FormatOpt,
) -> None:
    """Negotiation positions (party x issue), with evidence."""
    s, u = _date(since, "--since"), _date(until, "--until")
    with _store(db) as store:
        try:
            rows = store.positions(
                issue=issue, party=party, since=s, until=u, limit=limit, offset=offset
            )
        except QueryError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(1) from exc
    _emit(rows, fmt, ["party", "proposition", "polarity", "stance", "date", "source_kind",
                      "evidence"])


@app.command("compare")
def compare_cmd(
    db: str | None = DbOpt,
    story: str | None = typer.Option(None, "--story", help="Story id."),
    since: str | None = typer.Option(None, "--since"),
    until: str | None = typer.Option(None, "--until"),
    fmt: Format = FormatOpt,
) -> None:
    """Compare outlets: who each quotes, which event types, what only it carries."""
    from ..link import compare_outlets

    if story is None and since is None and until is None:
        typer.echo("error: give --story ID or --since/--until", err=True)
        raise typer.Exit(2)
    s, u = _date(since, "--since"), _date(until, "--until")
    with _store(db) as store:
        ids = None
        if story is not None:
            found = store.story(story)
            if found is None:
                typer.echo(f"error: no story {story!r} (run `detente link` first?)", err=True)
                raise typer.Exit(1)
            ids = _story_article_ids(found)
        coded = list(store.iter_coded(since=s, until=u, article_ids=ids))
    profiles = compare_outlets(coded, since=s, until=u)
    rows = [to_dict(p) for p in profiles]
    if fmt is Format.table:
        rows = [
            {
                "outlet": r["outlet"],
                "articles": r["n_articles"],
                "quoted": "; ".join(f"{n} ({c or '?'}) x{k}" for n, c, k in r["quoted"]),
                "countries": ", ".join(f"{c} {k}" for c, k in r["quoted_countries"]),
                "event types": ", ".join(f"{t} {k}" for t, k in r["event_types"]),
                "only here": f"{len(r['exclusive_claims'])} claims, "
                f"{len(r['exclusive_clusters'])} clusters",
            }
            for r in rows
        ]
    _emit(rows, fmt)


def _story_article_ids(story: dict[str, Any]) -> set[str]:
    # The store returns the story's article list; accept ids or article dicts.
    raw = story.get("article_ids") or story.get("articles") or []
    return {a["id"] if isinstance(a, dict) else str(a) for a in raw}
