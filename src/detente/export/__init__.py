"""Exports: JSON lines (one record per line), CSV and Parquet (flat columns)."""

from __future__ import annotations

from .jsonl import coded_records, record_json, write_jsonl
from .tables import KINDS, columns, flatten, iter_rows
from .writers import FORMATS, export_store

__all__ = ["FORMATS", "KINDS", "coded_records", "columns", "export_store", "flatten",
           "iter_rows", "record_json", "write_jsonl"]
