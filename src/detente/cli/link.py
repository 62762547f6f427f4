"""CLI commands of the link stage: ``link``, ``stories``, ``disputes``, ``positions``,
``compare``. Thin wrappers: the work is in :mod:`detente.link` and the store."""

from __future__ import annotations

from typing import Any

import typer

from ..records import to_dict
from ._app import app
from ._common import (
    DbOpt,
    Format,
    FormatOpt,
    LimitOpt,
    OffsetOpt,
    emit,
    fail,
    filter_option,
    open_db,
    option_date,
)

__all__: list[str] = []


def _emit(rows: list[dict[str, Any]], fmt: Format, columns: list[str] | None = None) -> None:
    emit(rows, fmt=fmt, columns=columns if fmt is Format.table else None)


@app.command("link")
def link_cmd(
    db: str = DbOpt,
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
    with open_db(db, create=False) as store:
        summary = run_links(store, embedder=embedder)
    for msg in summary.skipped:
        typer.echo(f"detente: skipped {msg}", err=True)
    row = to_dict(summary)
    row["skipped"] = len(summary.skipped)
    _emit([row], fmt)


@app.command("stories")
def stories_cmd(
    db: str = DbOpt, limit: int = LimitOpt, offset: int = OffsetOpt, fmt: Format = FormatOpt
) -> None:
    """Stories found by the link stage (detente link), largest first."""
    with open_db(db, create=False) as store:
        rows = store.stories(limit=limit, offset=offset)
    _emit(
        rows,
        fmt,
        ["id", "n_articles", "n_outlets", "first_reported", "last_reported", "undated", "title"],
    )


@app.command("disputes")
def disputes_cmd(
    db: str = DbOpt,
    actor: str = filter_option("actor", "disputes"),
    story: str = filter_option("story_id", "disputes"),
    limit: int = LimitOpt,
    offset: int = OffsetOpt,
    fmt: Format = FormatOpt,
) -> None:
    """Disputes: a claim and the counter-claim that denies or contradicts it."""
    with open_db(db, create=False) as store:
        rows = store.disputes(actor=actor, story_id=story, limit=limit, offset=offset)
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
    db: str = DbOpt,
    issue: str = filter_option("issue", "positions"),
    party: str = filter_option("party", "positions"),
    since: str = filter_option("since", "positions"),
    until: str = filter_option("until", "positions"),
    limit: int = LimitOpt,
    offset: int = OffsetOpt,
    fmt: Format = FormatOpt,
) -> None:
    """Negotiation positions (party x issue), with evidence."""
    s, u = option_date(since, "--since"), option_date(until, "--until")
    with open_db(db, create=False) as store:
        rows = store.positions(
            issue=issue, party=party, since=s, until=u, limit=limit, offset=offset
        )
    _emit(rows, fmt, ["party", "proposition", "polarity", "stance", "date", "source_kind",
                      "evidence"])


@app.command("compare")
def compare_cmd(
    db: str = DbOpt,
    story: str = filter_option("story_id", "compare"),
    since: str = filter_option("since", "compare"),
    until: str = filter_option("until", "compare"),
    fmt: Format = FormatOpt,
) -> None:
    """Compare outlets: who each quotes, which event types, what only it carries."""
    from ..link import compare_outlets

    if story is None and since is None and until is None:
        fail("give --story ID or --since/--until", code=2)
    s, u = option_date(since, "--since"), option_date(until, "--until")
    with open_db(db, create=False) as store:
        ids = None
        if story is not None:
            found = store.story(story)
            if found is None:
                fail(f"no story {story!r} (run `detente link` first?)")
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
