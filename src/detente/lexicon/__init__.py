"""Shipped, versioned data files (actor dictionary, event patterns, issue lexicon).

Each file carries a top-level ``version``. :func:`data_path` finds a shipped file;
users point at their own files through the loaders' ``path=`` arguments or the
``DETENTE_LEXICON_DIR`` environment variable (a directory whose files override the
shipped ones by name).
"""

from __future__ import annotations

import json
import os
import tomllib
from pathlib import Path
from typing import Any

from ..errors import LexiconError

__all__ = ["data_path", "load_data"]

_HERE = Path(__file__).parent


def data_path(name: str) -> Path:
    """The path of lexicon file ``name``: the user's override if present, else shipped."""
    override = os.environ.get("DETENTE_LEXICON_DIR")
    if override and (Path(override) / name).is_file():
        return Path(override) / name
    return _HERE / name


def load_data(name: str, *, path: str | Path | None = None) -> dict[str, Any]:
    """Load a JSON or TOML lexicon file; it must have a top-level ``version``."""
    p = Path(path) if path is not None else data_path(name)
    try:
        raw = p.read_bytes()
        data: Any = tomllib.loads(raw.decode("utf-8")) if p.suffix == ".toml" else json.loads(raw)
    except FileNotFoundError as exc:
        raise LexiconError(f"lexicon file not found: {p}") from exc
    except (ValueError, UnicodeDecodeError) as exc:
        raise LexiconError(f"lexicon file {p} is malformed: {exc}") from exc
    if not isinstance(data, dict) or "version" not in data:
        raise LexiconError(f"lexicon file {p} has no top-level 'version'")
    return data
