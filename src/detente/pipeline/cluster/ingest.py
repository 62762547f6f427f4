"""Ingest on a Dask cluster: the inputs are read where the command runs, articles already
stored are dropped before anything is scheduled, the rest go out in partitions of
``partition_size`` articles, and each Dask worker codes its partitions and writes every
article in its own transaction into one shared PostgreSQL store.

Why these choices:

* **Dask, not a home-made pool.** ``distributed`` gives the scheduler, retries when a worker
  dies (its tasks are rescheduled elsewhere), a dashboard and the ordinary ``dask
  scheduler`` / ``dask worker`` commands for real clusters.
* **The model once per worker.** :class:`~detente.pipeline.cluster.worker.DetentePlugin` is a worker plugin: on each worker
  it loads the spaCy pipeline (with the lexicons) and opens the store once; every task
  reuses them.
* **Exactly once without coordination.** :meth:`Store.save` checks and inserts in one
  transaction and the primary key catches a race, so a partition coded twice (its worker
  was killed after storing half of it, then it was retried elsewhere) stores nothing
  twice; a re-run of the command skips what is stored, as the single-machine ingest does.
* **PostgreSQL only.** Workers on other machines cannot reach a SQLite file, and SQLite
  lets one writer in at a time, so a SQLite URL is refused with the reason
  (:class:`~detente.errors.StoreError`). Funnelling every write through the client would
  make one process the bottleneck of the whole cluster.
* **Workers need no access to the input files.** Articles travel in the task arguments
  (a partition of 64 news articles is a few hundred kilobytes).

``dask`` and ``distributed`` are the optional extra ``cluster``; this module imports them
only inside its functions (the worker side, which needs them, is
:mod:`detente.pipeline.cluster.worker`), so ``import detente.pipeline.cluster`` is cheap.
"""

from __future__ import annotations

import hashlib
import itertools
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from ...errors import ClusterError, StoreError
from ...records import Article, ArticleMention, Problem
from ..ingest import IngestReport
from .tasks import PLUGIN_NAME, PartitionResult

__all__ = [
    "PLUGIN_NAME",
    "ClusterProgress",
    "ClusterTotals",
    "PartitionResult",
    "check_store_url",
    "cluster_ingest",
    "dashboard_link",
    "local_worker_env",
    "open_client",
    "parse_cluster",
]


@dataclass(frozen=True)
class ClusterProgress:
    """A progress snapshot, taken when a partition completes. ``handled``: inputs done
    (coded, or skipped before scheduling); ``total``: all inputs when known; ``coded``:
    articles coded by the cluster so far; ``rate``: coded articles per second since the
    start; ``eta_s``: seconds left at that rate (None when the total is unknown);
    ``workers``: workers connected now; ``in_flight``: partitions scheduled, not done."""

    handled: int
    total: int | None
    coded: int
    elapsed_s: float
    rate: float
    eta_s: float | None
    workers: int
    in_flight: int


def parse_cluster(spec: str) -> tuple[str, int | str]:
    """``local:N`` -> ``("local", N)``; ``tcp://host:port`` (or ``tls://``) ->
    ``("address", spec)``.

    >>> parse_cluster("local:2")
    ('local', 2)
    """
    text = (spec or "").strip()
    if text.startswith("local:"):
        n = text[len("local:"):]
        if not n.isdigit() or int(n) < 1:
            raise ClusterError(f"--cluster {spec!r}: local:N needs N >= 1 worker processes")
        return "local", int(n)
    if text == "local":
        return "local", 2
    if text.startswith(("tcp://", "tls://", "ucx://")) and len(text.split("://", 1)[1]) > 0:
        return "address", text
    raise ClusterError(f"--cluster {spec!r}: use local:N (N worker processes here) or the "
                       "scheduler address, tcp://host:8786")


def check_store_url(url: str) -> str:
    """The store URL, normalised, if a cluster can write to it; else :class:`StoreError`
    saying why PostgreSQL is needed."""
    from ...store.engine import normalise_url

    full = normalise_url(url)
    if not full.startswith("postgresql"):
        raise StoreError(
            "a cluster ingest needs a PostgreSQL store (--db postgresql://user@host/db): "
            "workers on other machines cannot reach a SQLite file and SQLite admits one "
            "writer at a time; without --cluster, ingest into SQLite on one machine",
            source=url)
    return full


@contextmanager
def open_client(spec: str, *, dashboard: bool = True, timeout_s: float = 30) -> Iterator[Any]:
    """A ``distributed.Client`` for ``spec`` (see :func:`parse_cluster`): a LocalCluster
    of N single-threaded worker processes, started here and closed afterwards, or a
    connection to a running scheduler. With ``dashboard`` the local scheduler serves its
    dashboard on 8787 (another free port when that is taken; its charts need bokeh)."""
    kind, value = parse_cluster(spec)
    try:
        import dask
        from distributed import Client, LocalCluster
    except ImportError as exc:
        raise ClusterError("--cluster needs Dask: pip install 'detente[cluster]'") from exc
    cluster = None
    try:
        if kind == "local":
            # The scheduler always serves its HTTP routes; without a dashboard wanted, on
            # a free port, so a busy 8787 (another cluster) is no warning.
            dash = ":8787" if dashboard else ":0"
            import logging

            with dask.config.set({NANNY_ENV: local_worker_env()}):
                cluster = LocalCluster(n_workers=int(value), threads_per_worker=1,
                                       processes=True, dashboard_address=dash,
                                       silence_logs=logging.ERROR)
            client = Client(cluster, timeout=timeout_s)
        else:
            client = Client(str(value), timeout=timeout_s)
    except (OSError, TimeoutError) as exc:
        if cluster is not None:
            cluster.close()
        raise ClusterError(f"cannot reach the Dask scheduler: {exc}", source=spec) from exc
    try:
        yield client
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


NANNY_ENV = "distributed.nanny.pre-spawn-environ"


def local_worker_env() -> dict[str, Any]:
    """The environment Dask's nanny gives the worker processes it starts, without
    ``MALLOC_TRIM_THRESHOLD_``: Dask sets it to 64 KiB so that glibc hands freed memory back
    to the system at once, which suits long-lived arrays but not spaCy, which allocates and
    frees a parse's worth of memory per article. With it, a worker took 13 times the page
    faults of a plain process and about 20 % more CPU per article (issue 16; see
    ``bench/scale_profile.py``). Memory stays flat without it: detente codes in spaCy memory
    zones, as the single-machine ingest does. Call after ``import distributed`` (which
    registers Dask's defaults)."""
    import dask

    env = dict(dask.config.get(NANNY_ENV, default={}) or {})
    env.pop("MALLOC_TRIM_THRESHOLD_", None)
    return env


def dashboard_link(client: Any) -> str | None:
    """The Dask dashboard's address, or None when the scheduler runs none."""
    try:
        services = client.scheduler_info().get("services", {})
    except Exception:  # noqa: BLE001 - an old scheduler or a closing client: no link
        return None
    if "dashboard" not in services:
        return None
    try:
        return str(client.dashboard_link)
    except (KeyError, AttributeError):
        return None


def _key(part: list[Article]) -> str:
    h = hashlib.sha1("".join(a.id for a in part).encode()).hexdigest()[:20]
    return f"detente-code-{h}"


@dataclass
class ClusterTotals:
    """Sums over the completed partitions (for benchmarks and the report);
    ``per_worker``: articles coded by each worker address."""

    partitions: int = 0
    rows: int = 0
    cpu_s: float = 0.0
    store_s: float = 0.0
    workers_seen: int = 0
    per_worker: dict[str, int] = field(default_factory=dict)


def cluster_ingest(
    items: Iterable[Article | Problem],
    *,
    db: str,
    client: Any,
    batch_size: int = 32,
    partition_size: int = 64,
    max_in_flight: int | None = None,
    retries: int = 2,
    total: int | None = None,
    report: IngestReport | None = None,
    totals: ClusterTotals | None = None,
    on_progress: Callable[[ClusterProgress], None] | None = None,
) -> IngestReport:
    """Code and store ``items`` on the Dask cluster behind ``client`` (see
    :func:`open_client`) into the PostgreSQL store ``db``.

    Articles already stored, and repeats within the run, are dropped before scheduling.
    At most ``max_in_flight`` partitions (default: twice the workers, plus two) are
    scheduled at once, so the client's memory stays bounded however long the input.
    A partition whose task fails (after ``retries``, or when its workers keep dying) is
    reported as a :class:`Problem` and the run goes on; running the command again
    retries it. ``total`` (all inputs, when the caller counted them) gives the ETA.
    ``report``/``totals`` are filled in place, so they survive an interruption.
    """
    from distributed import as_completed

    from ...store import open_store
    from .worker import DetentePlugin, code_partition

    url = check_store_url(db)
    rep = report if report is not None else IngestReport()
    sums = totals if totals is not None else ClusterTotals()
    # The client creates or migrates the schema once, before any worker opens the store.
    with open_store(url) as store:
        stored = store.article_ids()
    client.register_plugin(DetentePlugin(url, batch_size=batch_size), name=PLUGIN_NAME)
    workers = len(client.scheduler_info().get("workers", {})) or 1
    limit = max_in_flight or 2 * workers + 2
    seen: set[str] = set()
    # Copies of a text already stored or read earlier in the run (wire copies): kept as
    # mentions of it once the run has stored the first copy, as the single-machine ingest
    # does; a copy of an article that was not stored (its partition failed) adds nothing.
    copies: list[ArticleMention] = []
    start = time.perf_counter()
    handled = 0
    reading_done = False
    in_flight: dict[Any, list[Article]] = {}
    workers_seen: set[str] = set()

    def fresh() -> Iterator[Article]:
        nonlocal handled
        for item in items:
            if isinstance(item, Problem):
                rep.problems.append(item)
                handled += 1
            elif item.id in stored:
                rep.already += 1
                handled += 1
                copies.append(ArticleMention.of(item))
            elif item.id in seen:
                rep.repeated += 1
                handled += 1
                copies.append(ArticleMention.of(item))
            else:
                seen.add(item.id)
                yield item

    def tell() -> None:
        if on_progress is None:
            return
        elapsed = time.perf_counter() - start
        coded = sums_coded[0]
        known = total if total is not None else (handled + _queued() if reading_done else None)
        rate = coded / elapsed if elapsed > 0 else 0.0
        eta = (max(known - handled, 0) / rate) if known is not None and rate > 0 else None
        try:
            n_workers = len(client.scheduler_info().get("workers", {}))
        except Exception:  # noqa: BLE001 - progress is best effort
            n_workers = 0
        on_progress(ClusterProgress(handled=handled, total=known, coded=coded,
                                    elapsed_s=elapsed, rate=rate, eta_s=eta,
                                    workers=n_workers, in_flight=len(in_flight)))

    sums_coded = [0]

    def _queued() -> int:
        return sum(len(p) for p in in_flight.values())

    def finish(fut: Any) -> None:
        nonlocal handled
        part = in_flight.pop(fut)
        handled += len(part)
        sums_coded[0] += len(part)
        if fut.status == "finished":
            res: PartitionResult = fut.result()
            # Articles a task found stored were not stored when the run began (they were
            # dropped before scheduling otherwise): an earlier attempt of the same task,
            # killed after committing them, stored them. They count as new, as they
            # would have without the failure.
            rep.new += res.new + res.already
            rep.not_coded += res.not_coded
            rep.events += res.events
            rep.quotes += res.quotes
            sums.partitions += 1
            sums.rows += res.rows
            sums.cpu_s += res.cpu_s
            sums.store_s += res.store_s
            workers_seen.add(res.worker)
            sums.workers_seen = len(workers_seen)
            sums.per_worker[res.worker] = sums.per_worker.get(res.worker, 0) + res.n
        else:
            exc = fut.exception()
            first, last = part[0].source or part[0].id, part[-1].source or part[-1].id
            rep.problems.append(Problem(
                source=f"partition {first} .. {last} ({len(part)} articles)",
                reason=f"not stored: {type(exc).__name__}: {exc}"
                       "; run the command again to retry it",
                code=ClusterError.code))
        fut.release()
        tell()

    done = as_completed()
    it = fresh()
    try:
        while True:
            part = list(itertools.islice(it, partition_size))
            if not part:
                break
            fut = client.submit(code_partition, part, key=_key(part), retries=retries,
                                pure=False)
            in_flight[fut] = part
            done.add(fut)
            while len(in_flight) >= limit:
                finish(next(done))
        reading_done = True
        tell()
        for fut in done:
            finish(fut)
        if copies:
            with open_store(url) as store:
                rep.mentions += sum(store.add_mention(m) for m in copies)
    except BaseException as exc:
        rep.interrupted = isinstance(exc, KeyboardInterrupt)
        for fut in list(in_flight):
            fut.cancel()
        raise
    finally:
        # Workers close their store; workers joining later do not open this one.
        try:
            client.unregister_worker_plugin(PLUGIN_NAME)
        except Exception:  # noqa: BLE001 - a closing client or an old scheduler: harmless
            pass
    return rep
