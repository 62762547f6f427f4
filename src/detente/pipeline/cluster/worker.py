"""The worker side of a cluster ingest: the plugin that loads the model and opens the
store once per Dask worker, and the task that codes and stores one partition.

Imported on the workers (and by :func:`detente.pipeline.cluster.cluster_ingest`); it imports
``distributed`` at the top, so it is kept apart from the light :mod:`detente.pipeline.cluster.ingest`.
"""

from __future__ import annotations

import threading
import time
from typing import Any

from distributed import WorkerPlugin, get_worker

from ...errors import ClusterError, DetenteError
from ...records import Article, CodedArticle
from ..ingest import code_in_zones
from .tasks import PLUGIN_NAME, PartitionResult

__all__ = ["DetentePlugin", "code_partition"]

# Event-loop callbacks of a Dask worker that wake often and take the GIL from the coding
# thread, which then waits to be scheduled again: on a busy machine that wait is where a
# worker's wall time went (issue 16: ~12,000 voluntary context switches per 60 articles
# against ~600 in a plain process; see bench/scale_profile.py). While the plugin is
# registered it stops Dask's statistical profiler ("profile", every 10 ms: it walks the
# task thread's stack; "profile-cycle" rolls its history) and slows the event-loop health
# tick ("tick", every 20 ms; it only warns when the loop stalls for seconds) to QUIET_TICK_MS.
# Heartbeats and the memory monitor are left alone.
STOPPED_CALLBACKS = ("profile", "profile-cycle")
QUIET_TICK_MS = 500.0


def _quiet(worker: Any) -> dict[str, float | None]:
    """Quieten ``worker``'s event loop; what to give back to :func:`_restore` (callback
    name -> its former interval in ms, or None for a callback stopped)."""
    callbacks = getattr(worker, "periodic_callbacks", None) or {}
    changed: dict[str, float | None] = {}
    for name in STOPPED_CALLBACKS:
        pc = callbacks.get(name)
        if pc is not None and pc.is_running():
            pc.stop()
            changed[name] = None
    tick = callbacks.get("tick")
    if tick is not None and tick.callback_time < QUIET_TICK_MS:
        changed["tick"] = tick.callback_time
        tick.callback_time = QUIET_TICK_MS
    return changed


def _restore(worker: Any, changed: dict[str, float | None]) -> None:
    callbacks = getattr(worker, "periodic_callbacks", None) or {}
    for name, ms in changed.items():
        pc = callbacks.get(name)
        if pc is None:
            continue
        if ms is None:
            pc.start()
        else:
            pc.callback_time = ms


class DetentePlugin(WorkerPlugin):
    """Loads the spaCy pipeline (with the lexicons) and opens the store once per worker;
    :func:`code_partition` uses them. ``loads`` counts the loads (1 per worker process).

    The store URL travels to the workers with the plugin: on a shared scheduler keep the
    password out of it (``PGPASSWORD`` or ``~/.pgpass`` on each worker, read by psycopg).
    """

    name = PLUGIN_NAME

    def __init__(self, db_url: str, *, batch_size: int = 32) -> None:
        self.db_url = db_url
        self.batch_size = batch_size
        self.nlp: Any = None
        self.store: Any = None
        self.loads = 0
        self.error: str | None = None
        self.quietened: dict[str, float | None] = {}
        # One coding at a time per worker process: a spaCy pipeline is not thread-safe,
        # and under the GIL a second thread would gain nothing (run workers --nthreads 1).
        self.lock = threading.Lock()

    def __getstate__(self) -> dict[str, Any]:
        return {"db_url": self.db_url, "batch_size": self.batch_size}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["db_url"], batch_size=state["batch_size"])  # type: ignore[misc]

    def setup(self, worker: Any) -> None:
        from ...parse.model import get_nlp
        from ...store import open_store

        self.quietened = _quiet(worker)

        # A failure here is kept and raised by each task (its partition is then reported
        # as skipped), rather than stopping the worker from starting.
        try:
            self.nlp = get_nlp()
            self.store = open_store(self.db_url, create=False)
        except DetenteError as exc:
            self.error = str(exc)
            return
        self.loads += 1

    def teardown(self, worker: Any) -> None:
        if self.store is not None:
            self.store.close()
            self.store = None
        _restore(worker, self.quietened)  # the worker outlives the run
        self.quietened = {}


def _rows(coded: CodedArticle) -> int:
    return 1 + sum(len(x) for x in (coded.article.noise, coded.mentions, coded.dates,
                                    coded.places, coded.quotes, coded.claims, coded.events))


def code_partition(articles: list[Article]) -> PartitionResult:
    """Code and store one partition on this worker (the task the cluster runs)."""
    worker = get_worker()
    plugin = worker.plugins.get(PLUGIN_NAME)
    if not isinstance(plugin, DetentePlugin) or plugin.store is None:
        why = plugin.error if isinstance(plugin, DetentePlugin) and plugin.error else (
            "the detente worker plugin is not set up on this worker")
        raise ClusterError(why, source=str(worker.address))
    new = already = not_coded = events = quotes = rows = 0
    store_s = 0.0
    with plugin.lock:
        cpu0 = time.process_time()
        for coded in code_in_zones(articles, nlp=plugin.nlp, batch_size=plugin.batch_size):
            t0 = time.perf_counter()
            saved = plugin.store.save(coded)
            store_s += time.perf_counter() - t0
            if saved:
                new += 1
                rows += _rows(coded)
            else:  # a retried partition, or another writer got there first
                already += 1
            events += len(coded.events)
            quotes += len(coded.quotes)
            if coded.notes and not (coded.events or coded.quotes or coded.mentions):
                not_coded += 1
        cpu = time.process_time() - cpu0
    return PartitionResult(n=len(articles), new=new, already=already, not_coded=not_coded,
                           events=events, quotes=quotes, rows=rows, cpu_s=cpu,
                           store_s=store_s, worker=str(worker.address))
