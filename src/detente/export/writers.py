"""Writing exports: JSON lines, CSV, Parquet (pyarrow), streaming in batches."""

from __future__ import annotations

import csv
import datetime as _dt
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..errors import DetenteError, QueryError
from .jsonl import dumps_line
from .tables import KINDS, columns, flatten, iter_rows, parquet_type

__all__ = ["FORMATS", "export_store"]

FORMATS = ("jsonl", "csv", "parquet", "plover", "gdelt")
_BATCH = 2000


def _write_csv(kind: str, rows: Iterable[dict[str, Any]], path: Path) -> int:
    n = 0
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns(kind))
        writer.writeheader()
        for row in rows:
            writer.writerow(flatten(kind, row))
            n += 1
    return n


def _write_parquet(kind: str, rows: Iterable[dict[str, Any]], path: Path) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    cols = columns(kind)
    types = {c: parquet_type(kind, c) for c in cols}
    arrow = {"int64": pa.int64(), "float64": pa.float64(), "bool": pa.bool_(),
             "date32": pa.date32(), "string": pa.string()}
    schema = pa.schema([(c, arrow[types[c]]) for c in cols])

    def cast(c: str, v: Any) -> Any:
        if v is None or v == "":
            return None if types[c] != "string" else v
        if types[c] == "date32":
            return v if isinstance(v, _dt.date) else _dt.date.fromisoformat(str(v)[:10])
        if types[c] == "string" and not isinstance(v, str):
            return str(v)
        return v

    n = 0
    with pq.ParquetWriter(str(path), schema) as writer:
        batch: list[dict[str, Any]] = []

        def flush() -> None:
            if batch:
                data = {c: [cast(c, r[c]) for r in batch] for c in cols}
                writer.write_table(pa.Table.from_pydict(data, schema=schema))
                batch.clear()

        for row in rows:
            batch.append(flatten(kind, row))
            n += 1
            if len(batch) >= _BATCH:
                flush()
        flush()
    return n


def export_store(store: Any, *, kind: str = "all", fmt: str = "jsonl",
                 out: str | Path) -> dict[str, int]:
    """Export ``kind`` (or ``all`` kinds) of ``store`` to ``out``; returns rows per kind.

    ``all`` as JSON lines is one file (each row has its ``kind``); ``all`` as CSV or
    Parquet is a directory with one ``<kind>.<fmt>`` file per kind. ``plover`` writes the
    events as PLOVER JSON lines to the file ``out``; ``gdelt`` writes ``events.tsv`` and
    ``mentions.tsv`` (GDELT 2.0 columns) into the folder ``out``.
    """
    if fmt not in FORMATS:
        raise QueryError(f"parameter 'format': {fmt!r} is not one of {', '.join(FORMATS)}")
    if fmt in ("plover", "gdelt"):  # standard event data: events only (export/plover.py, gdelt.py)
        if kind not in ("all", "events"):
            raise QueryError(f"parameter 'kind': format {fmt} exports events only, not {kind!r}")
        from .gdelt import write_gdelt
        from .plover import write_plover

        return write_plover(store, out=out) if fmt == "plover" else write_gdelt(store, out=out)
    kinds = list(KINDS) if kind == "all" else [kind]
    if kind != "all" and kind not in KINDS:
        raise QueryError(f"parameter 'kind': {kind!r} is not one of all, {', '.join(KINDS)}")
    target = Path(out)
    counts: dict[str, int] = {}
    try:
        if fmt == "jsonl":
            if target.parent and not target.parent.exists():
                raise DetenteError(f"directory {target.parent} does not exist",
                                   source=str(target))
            with target.open("w", encoding="utf-8") as fh:
                for k in kinds:
                    counts[k] = 0
                    for row in iter_rows(store, k):
                        fh.write(dumps_line(row))
                        counts[k] += 1
            return counts
        if kind == "all":
            target.mkdir(parents=True, exist_ok=True)
        write = _write_csv if fmt == "csv" else _write_parquet
        for k in kinds:
            path = target / f"{k}.{fmt}" if kind == "all" else target
            counts[k] = write(k, iter_rows(store, k), path)
    except OSError as exc:
        raise DetenteError(f"cannot write export: {exc.strerror or exc}",
                           source=str(target)) from exc
    return counts
