"""What the client and the workers of a cluster ingest agree on: the worker plugin's name
and the record one task returns (a leaf module: :mod:`.ingest` and :mod:`.worker` both
import it, so neither imports the other at module level)."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["PLUGIN_NAME", "PartitionResult"]

PLUGIN_NAME = "detente"


@dataclass(frozen=True)
class PartitionResult:
    """What one task did. ``n``: articles given; ``new``: stored by this task;
    ``already``: found stored (an earlier attempt of this task stored them before its
    worker died, or another writer); ``not_coded``, ``events``, ``quotes``: over all ``n``
    articles, as in :class:`~detente.pipeline.ingest.IngestReport`; ``rows``: database rows
    written by this task; ``cpu_s``: CPU seconds of the worker process for the task;
    ``store_s``: wall seconds spent in ``Store.save``; ``worker``: the worker's address."""

    n: int
    new: int
    already: int
    not_coded: int
    events: int
    quotes: int
    rows: int
    cpu_s: float
    store_s: float
    worker: str
