"""The sample corpus: 24 short reports on the April-May 2022 Russia-Ukraine talks.

Written for detente (fictional outlets, real and widely reported happenings), so the demo,
the web UI and the link-stage tests have a small corpus in which the same happening is
reported by several outlets with differing dates, numbers and voices. ``FACTS.md`` (next
to this file) says which files report which happening and which disputes the corpus holds.

The corpus is package data: ``articles/NNN_slug.txt`` plus ``manifest.jsonl`` (one JSON
object per line: ``path`` relative to :func:`sample_dir`, ``outlet``, ``url``, ``title``,
``published`` (ISO date or null), ``language``).

>>> sample_manifest().name
'manifest.jsonl'
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..errors import ManifestError

__all__ = ["load_sample_articles", "sample_dir", "sample_facts", "sample_manifest"]

_HERE = Path(__file__).resolve().parent


def sample_dir() -> Path:
    """The directory holding the sample corpus (``manifest.jsonl``, ``articles/``)."""
    return _HERE


def sample_manifest() -> Path:
    """The sample corpus manifest (``manifest.jsonl``); its paths are relative to
    :func:`sample_dir`."""
    return _HERE / "manifest.jsonl"


def sample_facts() -> Path:
    """``FACTS.md``: which reports carry which happening, dates, numbers and disputes."""
    return _HERE / "FACTS.md"


def _rows(manifest: Path) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for n, line in enumerate(manifest.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ManifestError(f"bad JSON on line {n}: {exc.msg}", source=str(manifest)) from exc
        if not isinstance(row, dict) or "path" not in row:
            raise ManifestError(f"line {n} has no 'path'", source=str(manifest))
        rows.append(row)
    return rows


def load_sample_articles(*, limit: int | None = None) -> list[Any]:
    """The sample corpus as :class:`detente.records.Article` objects, in manifest order
    (not yet cleaned), with outlet, url, title, publication date and language set."""
    from ..read.article import make_article

    base = sample_dir()
    out = []
    for row in _rows(sample_manifest())[:limit]:
        path = base / row["path"]
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise ManifestError(f"cannot read sample article: {exc.strerror}",
                            source=str(path)) from exc
        out.append(
            make_article(
                text,
                published=row.get("published"),
                outlet=row.get("outlet"),
                url=row.get("url"),
                title=row.get("title"),
                language=row.get("language"),
                source=f"sample/{row['path']}",
            )
        )
    return out
