"""Manifests: a JSONL or CSV list of files with their metadata.

Columns (CSV header or JSON keys): ``path`` (required, relative to the manifest's folder
or absolute), ``outlet``, ``url``, ``title``, ``published``, ``language``; any other
column is kept in ``Article.meta``.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import DetenteError, ManifestError
from ..records import Problem
from .decode import decode_bytes

__all__ = ["MANIFEST_NAMES", "ManifestRow", "is_manifest_name", "load_manifest"]

#: File names treated as a folder's manifest (found automatically in a directory input).
MANIFEST_NAMES = ("manifest.jsonl", "manifest.csv")

# Column names accepted for the file path (``path`` is documented; the others are common).
_PATH_KEYS = ("path", "file", "filename")


@dataclass(frozen=True, slots=True)
class ManifestRow:
    """One manifest row. Fields: ``path`` (resolved), ``source`` (``manifest.csv:3``),
    ``fields`` (the row's metadata, path excluded)."""

    path: Path
    source: str
    fields: tuple[tuple[str, Any], ...]


def is_manifest_name(path: Path) -> bool:
    """True for a file named like a manifest (``manifest.jsonl``, ``manifest.csv``)."""
    return path.name.lower() in MANIFEST_NAMES


def _rows_jsonl(text: str, source: str) -> list[tuple[int, dict[str, Any] | str]]:
    out: list[tuple[int, dict[str, Any] | str]] = []
    for lineno, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            out.append((lineno, f"not valid JSON: {exc.msg} at column {exc.colno}"))
            continue
        out.append((lineno, obj if isinstance(obj, dict) else "not a JSON object"))
    return out


def _delimiter(header: str) -> str:
    """The header's delimiter: spreadsheets save ``;`` (European locales) or tabs too."""
    counts = {d: header.count(d) for d in (",", ";", "\t", "|")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _rows_csv(text: str, source: str) -> list[tuple[int, dict[str, Any] | str]]:
    reader = csv.DictReader(io.StringIO(text), delimiter=_delimiter(text.split("\n", 1)[0]))
    if not reader.fieldnames:
        raise ManifestError("manifest has no header row", source=source)
    out: list[tuple[int, dict[str, Any] | str]] = []
    for row in reader:
        # line_num counts physical lines read so far: the row just read ends there.
        out.append((reader.line_num, {k.strip(): v for k, v in row.items() if k is not None}))
    return out


def load_manifest(path: str | Path, *, max_bytes: int = 10_000_000) -> tuple[list[ManifestRow], list[Problem]]:
    """Read a manifest. Returns its good rows and one :class:`Problem` per bad row.

    A manifest that cannot be read at all gives no rows and one Problem. Rows pointing at
    missing files are returned (the caller reports them, knowing what it reads).
    """
    p = Path(path)
    name = str(p)
    try:
        if not p.is_file():
            raise ManifestError("manifest not found", source=name)
        if p.stat().st_size > max_bytes:
            raise ManifestError(f"manifest larger than {max_bytes} bytes", source=name)
        text = decode_bytes(p.read_bytes(), source=name)
        # CSV unless the content is JSON lines: the extension is only a hint.
        is_jsonl = p.suffix.lower() in (".jsonl", ".ndjson", ".json") or text.lstrip().startswith("{")
        raw = _rows_jsonl(text, name) if is_jsonl else _rows_csv(text, name)
    except DetenteError as exc:
        return [], [Problem(name, str(exc), exc.code)]
    base = p.parent
    rows: list[ManifestRow] = []
    problems: list[Problem] = []
    for lineno, obj in raw:
        where = f"{name}:{lineno}"
        if isinstance(obj, str):
            problems.append(Problem(where, f"{where}: {obj}", ManifestError.code))
            continue
        rel = next((obj[k] for k in _PATH_KEYS if isinstance(obj.get(k), str) and obj[k].strip()), None)
        if rel is None:
            problems.append(Problem(where, f"{where}: row has no 'path'", ManifestError.code))
            continue
        target = Path(rel.strip())
        if not target.is_absolute():
            target = base / target
        fields = tuple((k, v) for k, v in obj.items() if k not in _PATH_KEYS)
        rows.append(ManifestRow(path=target.resolve(), source=where, fields=fields))
    return rows, problems
