"""CLI commands that query a store: ``articles``, ``events``, ``quotes``, ``show`` and
``export``. Thin wrappers over :class:`detente.store.Store` listings and
:func:`detente.export.export_store`."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Any

import typer

from ._app import app
from ._common import (
    DbOpt,
    Format,
    FormatOpt,
    LimitOpt,
    OffsetOpt,
    SinceOpt,
    UntilOpt,
    emit,
    fail,
    filter_option,
    open_db,
    option_date,
)

__all__ = ["highlight_article"]

OutletOpt = filter_option("outlet", "")


def _short(text: Any, n: int = 120) -> str:
    text = " ".join(str(text or "").split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _codes(actors: Any) -> str:
    return "|".join(a.get("code") or "?" for a in actors or [])


@app.command("articles")
def articles_cmd(
    db: str = DbOpt,
    outlet: str = OutletOpt,
    since: str = SinceOpt,
    until: str = UntilOpt,
    q: str = filter_option("q", "articles"),
    story: str = filter_option("story_id", "articles"),
    limit: int = LimitOpt,
    offset: int = OffsetOpt,
    fmt: Format = FormatOpt,
) -> None:
    """Stored articles, newest first."""
    s, u = option_date(since, "--since"), option_date(until, "--until")
    with open_db(db, create=False) as store:
        rows = store.articles(outlet=outlet, since=s, until=u, q=q, story_id=story,
                              limit=limit, offset=offset)
    if fmt is Format.jsonl:
        emit(rows, fmt=fmt)
        return
    flat = [{"id": r["id"], "published": r.get("published"), "outlet": r.get("outlet"),
             "title": _short(r.get("title") or r.get("text"), 80),
             "events": r.get("n_events"), "quotes": r.get("n_quotes"),
             "notes": "; ".join(r.get("notes") or [])} for r in rows]
    emit(flat, fmt=fmt)


@app.command("events")
def events_cmd(
    db: str = DbOpt,
    actor: str = filter_option("actor", "events"),
    type_: str = filter_option("type", "events"),
    modality: str = filter_option("modality", "events"),
    article: str = filter_option("article_id", "events"),
    outlet: str = OutletOpt,
    since: str = SinceOpt,
    until: str = UntilOpt,
    limit: int = LimitOpt,
    offset: int = OffsetOpt,
    fmt: Format = FormatOpt,
) -> None:
    """Coded events, newest first (by event date, else publication date)."""
    s, u = option_date(since, "--since"), option_date(until, "--until")
    with open_db(db, create=False) as store:
        rows = store.events(actor=actor, type=type_, outlet=outlet, since=s, until=u,
                            article_id=article, modality=modality, limit=limit, offset=offset)
    if fmt is Format.jsonl:
        emit(rows, fmt=fmt)
        return
    flat = [{"date": r.get("date"), "type": r["plover_type"], "cameo": r.get("cameo"),
             "source": _codes(r.get("source")), "target": _codes(r.get("target")),
             "trigger": r.get("trigger"), "modality": r.get("modality"),
             "source_text": _short(r.get("source_text") or "", 40),
             "outlet": r.get("outlet"), "article_id": r["article_id"]} for r in rows]
    emit(flat, fmt=fmt)


@app.command("quotes")
def quotes_cmd(
    db: str = DbOpt,
    speaker: str = filter_option("speaker", "quotes"),
    actor: str = filter_option("actor", "quotes"),
    article: str = filter_option("article_id", "quotes"),
    outlet: str = OutletOpt,
    since: str = SinceOpt,
    until: str = UntilOpt,
    limit: int = LimitOpt,
    offset: int = OffsetOpt,
    fmt: Format = FormatOpt,
) -> None:
    """Quotes with their resolved speakers, newest first."""
    s, u = option_date(since, "--since"), option_date(until, "--until")
    with open_db(db, create=False) as store:
        rows = store.quotes(speaker=speaker, actor=actor, outlet=outlet, since=s, until=u,
                            article_id=article, limit=limit, offset=offset)
    if fmt is Format.jsonl:
        emit(rows, fmt=fmt)
        return
    flat = []
    for r in rows:
        sp = r.get("speaker") or {}
        flat.append({"published": r.get("published"),
                     "speaker": sp.get("person") or r.get("speaker_text"),
                     "actor": sp.get("code"), "type": r.get("quote_type"),
                     "cue": r.get("cue"),
                     "text": _short(r.get("text"), 120) if fmt is Format.table else r.get("text"),
                     "outlet": r.get("outlet"), "article_id": r["article_id"]})
    emit(flat, fmt=fmt)


# --- show -------------------------------------------------------------------------------

#: Span kinds in the order they are painted (later ones win where spans overlap: an actor
#: that is also a place shows as an actor), with their style and legend label.
_STYLES: tuple[tuple[str, str, str], ...] = (
    ("quote", "green", "quote"),
    ("place", "yellow", "place"),
    ("date", "magenta", "date"),
    ("mention", "bold cyan", "actor"),
    ("trigger", "bold white on red", "event trigger"),
    ("noise", "dim strike", "noise (not coded)"),
)


def highlight_article(coded: Any) -> Any:
    """The article text as a :class:`rich.text.Text` with its spans styled (noise dim,
    actors, quotes, event triggers, dates, places), and the legend as a second Text."""
    from rich.text import Text

    art = coded.article
    text = Text(art.text)
    spans: dict[str, list[tuple[int, int]]] = {
        "quote": [(q.start, q.end) for q in coded.quotes],
        "mention": [(m.start, m.end) for m in coded.mentions if m.actor is not None],
        "date": [(d.start, d.end) for d in coded.dates],
        "place": [(p.start, p.end) for p in coded.places],
        "trigger": [(e.trigger_start, e.trigger_end) for e in coded.events],
        "noise": [(n.start, n.end) for n in art.noise],
    }
    for key, style, _label in _STYLES:
        for start, end in spans[key]:
            text.stylize(style, start, end)
    legend = Text("legend: ")
    for _key, style, label in _STYLES:
        legend.append(label, style=style)
        legend.append("  ")
    return text, legend


@app.command("show")
def show_cmd(
    article_id: str = typer.Argument(..., help="Article id (a unique prefix is enough)."),
    db: str = DbOpt,
    events: bool = typer.Option(True, "--events/--no-events",
                                help="List the article's events and quotes under the text."),
) -> None:
    """An article's text with what was coded from it highlighted."""
    from rich.console import Console
    from rich.rule import Rule

    with open_db(db, create=False) as store:
        found = store.find_article_ids(article_id.strip(), limit=5)
        if not found:
            fail(f"no article with id {article_id!r} in {store.url}")
        if len(found) > 1 and article_id.strip() not in found:
            fail(f"article id prefix {article_id!r} is ambiguous: "
                 f"{', '.join(found[:4])}{', …' if len(found) > 4 else ''}")
        aid = article_id.strip() if article_id.strip() in found else found[0]
        coded = store.coded(aid)
    if coded is None:  # deleted between the two queries
        fail(f"no article with id {article_id!r}")
    art = coded.article
    console = Console(highlight=False, soft_wrap=False)
    body, legend = highlight_article(coded)
    console.print(Rule(f"{art.id}  {art.outlet or ''}  {art.published or ''}".strip()))
    if art.title:
        console.print(art.title, style="bold")
    console.print(legend)
    console.print(body)
    if coded.notes:
        console.print("notes: " + "; ".join(coded.notes), style="italic")
    if events:
        console.print(Rule(f"{len(coded.events)} events, {len(coded.quotes)} quotes"))
        for e in coded.events:
            src = "|".join(a.code for a in e.source) or "?"
            tgt = "|".join(a.code for a in e.target) or "?"
            console.print(f"[{e.start}:{e.end}] {e.plover_type} {src} -> {tgt} "
                          f"'{e.trigger}' {e.modality} {e.date or ''}", markup=False)
        for q in coded.quotes:
            who = (q.speaker.person or q.speaker.code) if q.speaker else q.speaker_text
            console.print(f"[{q.start}:{q.end}] {who or '?'}: {_short(q.text, 100)}",
                          markup=False)


# --- export -----------------------------------------------------------------------------


class ExportFormat(StrEnum):
    csv = "csv"
    jsonl = "jsonl"
    parquet = "parquet"
    plover = "plover"
    gdelt = "gdelt"


@app.command("export")
def export_cmd(
    fmt: ExportFormat = typer.Option(..., "--format", "-f",
                                     help="csv, jsonl, parquet, plover (PLOVER JSON lines) "
                                          "or gdelt (events.tsv + mentions.tsv)."),
    out: Path = typer.Option(..., "--out", "-o",
                             help="Output file (a directory for --kind all as csv/parquet, "
                                  "and for gdelt)."),
    kind: str = typer.Option("all", "--kind",
                             help="events, quotes, claims, mentions, dates, places, noise, "
                                  "articles, stories, clusters, disputes, positions, or all."),
    db: str = DbOpt,
) -> None:
    """Export the store (every article's records, and the link results)."""
    from ..export import export_store

    with open_db(db, create=False) as store:
        counts = export_store(store, kind=kind, fmt=fmt.value, out=out)
    total = sum(counts.values())
    detail = ", ".join(f"{k} {n}" for k, n in counts.items() if n)
    typer.echo(f"exported {total} rows to {out}" + (f" ({detail})" if detail else ""), err=True)
