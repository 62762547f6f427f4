"""Readers: files, folders, manifests, JSONL, HTML and stdin to :class:`Article` records.

Bad inputs become :class:`~detente.records.Problem` records; a batch never stops.
"""

from __future__ import annotations

from .decode import decode_bytes, normalise_text
from .html import extract_html
from .inputs import count_inputs, read_inputs
from .manifest import ManifestRow, load_manifest

__all__ = ["ManifestRow", "count_inputs", "decode_bytes", "extract_html", "load_manifest", "normalise_text", "read_inputs"]
