"""CLI commands that code articles: ``code`` (stateless, JSON lines to stdout),
``ingest`` (into a store) and ``demo`` (the sample corpus into a demo database).

Thin wrappers: the work is in :mod:`detente.read`, :mod:`detente.pipeline.coding`,
:mod:`detente.pipeline.ingest` and :mod:`detente.link`.
"""

from __future__ import annotations

import io
import sys
from collections import Counter
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import Any

import typer

from ..records import Article, Problem
from ._app import app
from ._common import (
    EXIT_INTERRUPTED,
    EXIT_SKIPPED,
    DbOpt,
    fail,
    open_db,
    progress,
    user_errors,
)

__all__ = ["demo_summary", "read_items"]


class CodeFormat(StrEnum):
    jsonl = "jsonl"


InputsArg = typer.Argument(None, help="Files, folders, manifests, or - for standard input.",
                           show_default=False)
ManifestOpt = typer.Option(None, "--manifest", "-m",
                           help="Manifest (JSONL or CSV: path, outlet, url, title, published, "
                                "language) giving metadata for the inputs.")
PublishedOpt = typer.Option(None, "--published",
                            help="Publication date (YYYY-MM-DD) for inputs that have none.")
OutletOpt = typer.Option(None, "--outlet", help="Outlet for inputs that have none.")
LanguageOpt = typer.Option(None, "--language",
                           help="Language (ISO 639-1) for inputs that have none.")
BatchOpt = typer.Option(32, "--batch-size", min=1, max=1024, help="Articles per spaCy batch.")
#: The readers' default size limit per file (per line of a JSONL file).
MAX_BYTES = 10_000_000
MaxBytesOpt = typer.Option(MAX_BYTES, "--max-bytes", min=1,
                           help="Largest input read, in bytes: per file, per JSONL line, "
                                "for standard input. Longer texts are parsed in parts.")


def read_items(inputs: list[str] | None, *, manifest: Path | None, published: str | None,
               outlet: str | None, language: str | None = None,
               max_bytes: int = MAX_BYTES) -> Iterator[Article | Problem]:
    """What the readers yield for the command's inputs and default metadata."""
    from ..read import read_inputs

    if not inputs and manifest is None:
        fail("give files, folders, a manifest (--manifest) or - for standard input")
    if published is not None:
        from ..timeparse import parse_publication_date

        with user_errors():
            parse_publication_date(published, source="--published")
    defaults = {k: v for k, v in (("published", published), ("outlet", outlet),
                                  ("language", language)) if v}
    return read_inputs(list(inputs or []), manifest=manifest, defaults=defaults or None,
                       max_bytes=max_bytes)


def count_items(inputs: list[str] | None, *, manifest: Path | None,
                max_bytes: int = MAX_BYTES) -> int | None:
    """How many inputs :func:`read_items` will give, when known ahead (progress total)."""
    from ..read import count_inputs

    return count_inputs(list(inputs or []), manifest=manifest, max_bytes=max_bytes)


def _echo_notes(article: Article) -> None:
    """The readers' notes on an article (an unparseable date left empty) on stderr."""
    from ..pipeline.coding import NOTE_KEY

    for key, note in article.meta:
        if key == NOTE_KEY:
            typer.echo(f"  note {note}", err=True)


def _problem_line(p: Problem) -> str:
    from ..errors import TooLargeError

    reason = p.reason if p.reason.startswith(p.source) else f"{p.source}: {p.reason}"
    if p.code == TooLargeError.code:
        reason += " (raise the limit with --max-bytes)"
    return f"  skipped {reason}" + (f" [{p.code}]" if p.code else "")


@app.command("code")
def code_cmd(
    inputs: list[str] = InputsArg,
    manifest: Path = ManifestOpt,
    published: str = PublishedOpt,
    outlet: str = OutletOpt,
    language: str = LanguageOpt,
    fmt: CodeFormat = typer.Option(CodeFormat.jsonl, "--format", "-f", help="Output format."),
    batch_size: int = BatchOpt,
    max_bytes: int = MaxBytesOpt,
) -> None:
    """Code articles without storing them: one JSON record per line on stdout.

    Records: article, noise, mention, date, place, quote, claim, event, problem. Each
    has kind, article_id, start and end (offsets into the article text).
    """
    from ..export.jsonl import coded_records, dumps_line, record_json
    from ..parse.model import get_nlp
    from ..pipeline.coding import SUPPORTED_LANGUAGES
    from ..pipeline.ingest import code_in_zones

    items = read_items(inputs, manifest=manifest, published=published, outlet=outlet,
                       language=language, max_bytes=max_bytes)
    total = count_items(inputs, manifest=manifest, max_bytes=max_bytes)
    pending: list[Problem] = []
    problems = 0
    step: list[Any] = []  # the progress callback, once the display is up

    def articles() -> Iterator[Article]:
        for item in items:
            if isinstance(item, Problem):
                pending.append(item)
                if step:
                    step[0]()
            else:
                yield item

    out = sys.stdout

    def flush_problems() -> None:
        nonlocal problems
        for p in pending:
            out.write(dumps_line(record_json(p)))
            typer.echo(_problem_line(p), err=True)
            problems += 1
        pending.clear()

    try:
        with user_errors():
            nlp = get_nlp()
        with progress("coding", total=total) as advance:
            step.append(advance)
            for coded in code_in_zones(articles(), nlp=nlp, batch_size=batch_size):
                flush_problems()
                _echo_notes(coded.article)
                if coded.article.language not in SUPPORTED_LANGUAGES:
                    # Read but not coded (unsupported language): say so, as ingest does.
                    art = coded.article
                    typer.echo(f"  not coded {art.source or art.id}: {'; '.join(coded.notes)}",
                               err=True)
                for row in coded_records(coded):
                    out.write(dumps_line(row))
                out.flush()
                advance()
        flush_problems()
    except KeyboardInterrupt:
        typer.echo("detente: interrupted", err=True)
        raise typer.Exit(EXIT_INTERRUPTED) from None
    except BrokenPipeError:  # `detente code … | head`: the reader went away
        _silence_stdout()
        raise typer.Exit(0) from None
    if problems:
        raise typer.Exit(EXIT_SKIPPED)


def _silence_stdout() -> None:
    # Python would complain at exit while flushing the closed pipe (its docs' recipe).
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, io.UnsupportedOperation):
        pass


@app.command("ingest")
def ingest_cmd(
    inputs: list[str] = InputsArg,
    manifest: Path = ManifestOpt,
    published: str = PublishedOpt,
    outlet: str = OutletOpt,
    language: str = LanguageOpt,
    db: str = DbOpt,
    batch_size: int = BatchOpt,
    max_bytes: int = MaxBytesOpt,
    cluster: str = typer.Option(None, "--cluster",
                                help="Code on a Dask cluster: local:N (N worker processes "
                                     "here) or tcp://scheduler:8786; needs a PostgreSQL "
                                     "--db (docs/scale.md)."),
) -> None:
    """Code articles and store them (articles already stored are skipped unparsed).

    Each article is committed on its own: an interrupted run keeps what it stored and a
    re-run resumes.
    """
    from ..parse.model import get_nlp
    from ..pipeline.ingest import IngestReport, ingest

    items = read_items(inputs, manifest=manifest, published=published, outlet=outlet,
                       language=language, max_bytes=max_bytes)
    report = IngestReport()
    if cluster:
        from ._scale import ingest_on_cluster

        shown = ingest_on_cluster(
            items, db=db, cluster=cluster, batch_size=batch_size,
            total=lambda: count_items(inputs, manifest=manifest, max_bytes=max_bytes),
            report=report)
        _print_report(report, url=shown)
        raise typer.Exit(EXIT_INTERRUPTED if report.interrupted
                         else EXIT_SKIPPED if report.problems else 0)
    with open_db(db) as store:
        try:
            nlp = get_nlp()
            total = count_items(inputs, manifest=manifest, max_bytes=max_bytes)
            with progress("ingesting", total=total) as advance:
                def step(coded: Any, item: Any) -> None:
                    if isinstance(item, Article):
                        _echo_notes(item)
                    advance(note=f"{report.new} new, {report.already} stored, "
                                 f"{report.skipped} skipped")

                ingest(items, store=store, nlp=nlp, batch_size=batch_size, report=report,
                       on_article=step)
        except KeyboardInterrupt:
            report.interrupted = True
        _print_report(report, url=store.url)
    if report.interrupted:
        raise typer.Exit(EXIT_INTERRUPTED)
    if report.problems:
        raise typer.Exit(EXIT_SKIPPED)


def _print_report(report: Any, *, url: str) -> None:
    head = "interrupted: " if report.interrupted else ""
    typer.echo(
        f"{head}{report.new} new article(s) stored in {url}"
        f" ({report.events} events, {report.quotes} quotes); "
        f"{report.already} already stored; {report.repeated} repeated in input; "
        f"{report.skipped} skipped"
        + (f"; {report.mentions} copies from other outlets, URLs or dates kept as mentions"
           if report.mentions else "")
        + (f"; {report.not_coded} not coded (unsupported language)" if report.not_coded else ""),
        err=True)
    for p in report.problems:
        typer.echo(_problem_line(p), err=True)
    if report.interrupted:
        typer.echo("stored work is kept: run the same command again to resume", err=True)


# --- demo -------------------------------------------------------------------------------


def demo_summary(store: Any, *, link: Any = None, top: int = 5) -> str:
    """A readable summary of a store: articles per outlet, top event types, top dyads,
    most-quoted speakers, disputes (plain text, one section per block)."""
    lines: list[str] = []
    outlets = Counter(a.get("outlet") or "(no outlet)"
                      for a in store.articles(limit=100_000))
    lines.append(f"Articles: {sum(outlets.values())} from {len(outlets)} outlet(s)")
    lines += [f"  {n:>4}  {o}" for o, n in outlets.most_common()]
    types: Counter[str] = Counter()
    for row in store.event_counts_by_day():
        types[row["plover_type"]] += row["n"]
    lines.append(f"Events: {store.count('events')}; top types:")
    lines += [f"  {n:>4}  {t}" for t, n in types.most_common(top)]
    dyads = store.top_dyads(limit=top)
    lines.append("Top dyads (source -> target):")
    lines += [f"  {d['n']:>4}  {d['source']} -> {d['target']}" for d in dyads] or ["  (none)"]
    speakers: Counter[str] = Counter()
    for q in store.quotes(limit=100_000):
        sp = q.get("speaker") or {}
        who = sp.get("person") or sp.get("code")
        if who:
            speakers[who] += 1
    lines.append(f"Quotes: {store.count('quotes')}; most quoted:")
    lines += [f"  {n:>4}  {s}" for s, n in speakers.most_common(top)] or ["  (none)"]
    if link is not None:
        lines.append(f"Stories: {link.stories}; event clusters: {link.clusters} "
                     f"({link.multi_article_clusters} reported by several articles); "
                     f"positions: {link.positions}")
        disputes = store.disputes(limit=top)
        lines.append(f"Disputes: {link.disputes}")
        for d in disputes:
            c, k = d.get("claim") or {}, d.get("counter") or {}
            lines.append(f"  {_side(c)}\n    vs {_side(k)}")
    else:
        lines.append("Link stage not available: stories and disputes were not computed")
    return "\n".join(lines) + "\n"


def _side(side: dict[str, Any]) -> str:
    who = side.get("speaker") or side.get("actor_code") or "?"
    where = ", ".join(str(x) for x in (side.get("outlet"), side.get("date")) if x)
    return f"{who}{f' ({where})' if where else ''}: \"{_short(side.get('text') or '', 70)}\""


def _short(text: str, n: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


@app.command("demo")
def demo_cmd(
    db: str = typer.Option("detente-demo.db", "--db",
                           help="Where to put the demo database (SQLite path or URL)."),
    serve_hint: bool = typer.Option(True, "--serve-hint/--no-serve-hint",
                                    help="End with how to open the web UI."),
) -> None:
    """Ingest the shipped sample corpus, link it, and summarise what was found."""
    from ..parse.model import get_nlp
    from ..pipeline.ingest import IngestReport, ingest
    from ..sample import sample_manifest

    try:
        from ..link import run_links
    except ImportError:  # the link stage is optional for the demo
        run_links = None  # type: ignore[assignment]

    report = IngestReport()
    with open_db(db) as store:
        try:
            items = read_items([], manifest=sample_manifest(), published=None, outlet=None)
            with progress("coding the sample corpus") as advance:
                ingest(items, store=store, nlp=get_nlp(), report=report,
                       on_article=lambda coded, item: advance())
        except KeyboardInterrupt:
            report.interrupted = True
            _print_report(report, url=store.url)
            raise typer.Exit(EXIT_INTERRUPTED) from None
        _print_report(report, url=store.url)
        summary = run_links(store) if run_links is not None else None
        typer.echo(demo_summary(store, link=summary), nl=False)
    if serve_hint:
        typer.echo(f"\nOpen http://127.0.0.1:8000 after: detente serve --db {db}")
    if report.problems:
        raise typer.Exit(EXIT_SKIPPED)
