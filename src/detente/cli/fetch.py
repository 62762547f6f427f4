"""``detente fetch``: read RSS/Atom feeds and article URLs from the web, code and store.

Thin: the fetching is :mod:`detente.read.fetch`, the storing
:func:`detente.pipeline.ingest.ingest`.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import typer

from ..records import Article, Problem
from ._app import app
from ._common import EXIT_INTERRUPTED, EXIT_SKIPPED, DbOpt, fail, open_db, progress, user_errors

__all__: list[str] = []


@app.command("fetch")
def fetch_cmd(
    inputs: list[str] = typer.Argument(..., help="Feed or article URLs, or files listing "
                                                 "them (one URL a line, # comments)."),
    db: str = DbOpt,
    cache_dir: Path = typer.Option(None, "--cache-dir",
                                   help="HTTP cache folder (default $DETENTE_CACHE_DIR or "
                                        "~/.cache/detente/http)."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Fetch everything again."),
    max_age: float = typer.Option(86_400.0, "--max-age", min=0,
                                  help="Seconds a cached page is used without asking again "
                                       "(feeds are always revalidated)."),
    interval: float = typer.Option(1.0, "--interval", min=0,
                                   help="Seconds between two requests to one host."),
    timeout: float = typer.Option(20.0, "--timeout", min=0.1, help="Seconds per read."),
    retries: int = typer.Option(3, "--retries", min=0, max=10,
                                help="Retries after timeouts, 429 and 5xx."),
    max_bytes: int = typer.Option(10_000_000, "--max-bytes", min=1024,
                                  help="Largest response read."),
    max_entries: int = typer.Option(200, "--max-entries", min=1,
                                    help="Entries read per feed."),
    published: str = typer.Option(None, "--published",
                                  help="Publication date for pages that have none."),
    outlet: str = typer.Option(None, "--outlet", help="Outlet for pages that have none."),
    batch_size: int = typer.Option(32, "--batch-size", min=1, max=1024,
                                   help="Articles per spaCy batch."),
) -> None:
    """Fetch feeds and pages politely (robots.txt, per-host interval, retries, cache),
    code the articles and store them. Prints what was fetched and skipped on stderr."""
    from ..parse.model import get_nlp
    from ..pipeline.ingest import IngestReport, ingest
    from ..read.feeds import read_urls
    from ..read.fetch import FetchConfig, Fetcher, default_cache_dir, is_url, url_lines
    from .coding import _print_report

    urls: list[str] = []
    for item in inputs:
        if is_url(item):
            urls.append(item)
            continue
        path = Path(item)
        try:
            found = url_lines(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as exc:
            fail(f"{item}: cannot be read as a list of URLs ({exc})")
        if found is None:
            fail(f"{item}: not a list of URLs (one http(s) URL a line)")
        urls += found
    if published is not None:
        from ..pipeline.coding import parse_date

        with user_errors():
            parse_date(published, source="--published")
    defaults = {k: v for k, v in (("published", published), ("outlet", outlet)) if v} or None
    config = FetchConfig(cache_dir=None if no_cache else (cache_dir or default_cache_dir()),
                         max_age=max_age, per_host_interval=interval, timeout=timeout,
                         retries=retries, max_bytes=max_bytes, max_entries=max_entries)
    report = IngestReport()
    with Fetcher(config=config) as fetcher, open_db(db) as store:
        def items() -> Iterator[Article | Problem]:
            yield from read_urls(urls, fetcher=fetcher, defaults=defaults)

        try:
            nlp = get_nlp()
            with progress("fetching") as advance:
                ingest(items(), store=store, nlp=nlp, batch_size=batch_size, report=report,
                       on_article=lambda coded, item: advance())
        except KeyboardInterrupt:
            report.interrupted = True
        st = fetcher.stats
        failed = ", ".join(f"{k} {n}" for k, n in sorted(st.failed.items()))
        typer.echo(f"fetched: {st.requests} request(s), {st.cached} from cache, "
                   f"{st.not_modified} not modified, {st.retried} retried"
                   + (f"; failed: {failed}" if failed else ""), err=True)
        _print_report(report, url=store.url)
    if report.interrupted:
        raise typer.Exit(EXIT_INTERRUPTED)
    if report.problems:
        raise typer.Exit(EXIT_SKIPPED)
