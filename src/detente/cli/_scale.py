"""``detente ingest --cluster``: the cluster path of the ingest command (thin: the work
is in :mod:`detente.pipeline.cluster`). Progress goes to stderr as lines (done/total, rate, ETA),
at most one every few seconds, so it reads well in a terminal and in a log file."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from typing import Any

import typer

from ..records import Article, Problem
from ._common import fail, user_errors

__all__ = ["ingest_on_cluster"]

_EVERY_S = 5.0


def _duration(seconds: float) -> str:
    s = int(round(seconds))
    h, rest = divmod(s, 3600)
    m, s = divmod(rest, 60)
    return f"{h}h{m:02d}m" if h else (f"{m}m{s:02d}s" if m else f"{s}s")


def _bokeh_note(link: str | None) -> str:
    try:
        import bokeh  # noqa: F401
    except ImportError:  # the scheduler serves the page, but its charts need bokeh
        return " (its charts need bokeh: pip install bokeh)" if link else ""
    return ""


def progress_line(p: Any) -> str:
    """One progress line from a :class:`detente.pipeline.cluster.ClusterProgress`."""
    done = f"{p.handled}/{p.total}" if p.total else f"{p.handled}"
    pct = f" ({100 * p.handled / p.total:.0f}%)" if p.total else ""
    eta = f", ETA {_duration(p.eta_s)}" if p.eta_s is not None else ""
    return (f"  {done} articles{pct}, {p.rate:.1f} articles/s{eta}, "
            f"{p.workers} worker(s), {_duration(p.elapsed_s)} elapsed")


def ingest_on_cluster(items: Iterable[Article | Problem], *, db: str | None, cluster: str,
                      batch_size: int, total: Callable[[], int | None] | None,
                      report: Any) -> str:
    """Run the ingest on ``cluster`` into ``db``, filling ``report``; returns the store
    URL to show (password hidden). ``items`` are read once, as they are scheduled;
    ``total()`` counts the inputs ahead without reading the articles (for the ETA; see
    :func:`detente.read.count_inputs`; None: no ETA). Reading everything twice, once to
    count, cost the client a second parse of every HTML or WARC input (issue 16)."""
    from sqlalchemy.engine import make_url

    from ..pipeline.cluster import (
        check_store_url,
        cluster_ingest,
        dashboard_link,
        open_client,
        parse_cluster,
    )
    from ..store.engine import DEFAULT_URL
    from ._common import open_db

    with user_errors():
        parse_cluster(cluster)  # the cheap checks first: the spec, then the URL's scheme
        url = check_store_url(db or DEFAULT_URL)
        with open_db(url):  # fails fast (and creates the schema) before any cluster
            pass
        known = total() if total is not None else None
        with open_client(cluster) as client:
            link = dashboard_link(client)
            workers = len(client.scheduler_info().get("workers", {}))
            typer.echo(f"cluster {cluster}: {workers} worker(s); dashboard: "
                       f"{link or 'not running'}{_bokeh_note(link)}", err=True)
            if workers == 0:
                fail("the cluster has no workers: start some with `dask worker <scheduler>`")
            last = [0.0]

            def show(p: Any) -> None:
                now = time.monotonic()
                if now - last[0] >= _EVERY_S or (p.total and p.handled >= p.total):
                    last[0] = now
                    typer.echo(progress_line(p), err=True)

            try:
                cluster_ingest(items, db=url, client=client, batch_size=batch_size,
                               total=known, report=report, on_progress=show)
            except KeyboardInterrupt:
                report.interrupted = True
    return make_url(url).render_as_string(hide_password=True)
