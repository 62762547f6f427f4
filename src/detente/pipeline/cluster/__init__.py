"""Scale-out: ingest on a Dask cluster into a shared PostgreSQL store.

See :mod:`detente.pipeline.cluster.ingest` for the design and ``docs/scale.md`` for running it.
``dask`` and ``distributed`` (extra ``cluster``) are imported only when a cluster is used.
"""

from __future__ import annotations

from .fingerprint import coded_fingerprint, store_fingerprints
from .ingest import (
    PLUGIN_NAME,
    ClusterProgress,
    ClusterTotals,
    PartitionResult,
    check_store_url,
    cluster_ingest,
    dashboard_link,
    open_client,
    parse_cluster,
)

__all__ = [
    "PLUGIN_NAME",
    "ClusterProgress",
    "ClusterTotals",
    "PartitionResult",
    "check_store_url",
    "cluster_ingest",
    "coded_fingerprint",
    "dashboard_link",
    "open_client",
    "parse_cluster",
    "store_fingerprints",
]
