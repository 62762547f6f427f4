"""Per-article fingerprints of a store: to check that two ingests (one process, a
cluster) stored the same things.

>>> from detente.store import open_store
>>> with open_store("sqlite://") as store:
...     store_fingerprints(store=store)
{}
"""

from __future__ import annotations

import hashlib
from typing import Any

import orjson

from ...records import CodedArticle, to_dict

__all__ = ["coded_fingerprint", "store_fingerprints"]


def coded_fingerprint(coded: CodedArticle) -> str:
    """A hash of everything stored for one article (text, metadata, notes and every
    record with its offsets); the same article coded and stored twice gives the same."""
    blob = orjson.dumps(to_dict(coded), option=orjson.OPT_SORT_KEYS, default=str)
    return hashlib.sha256(blob).hexdigest()[:32]


def store_fingerprints(*, store: Any) -> dict[str, str]:
    """``{article id: fingerprint}`` for every article in ``store``."""
    return {c.article.id: coded_fingerprint(c) for c in store.iter_coded()}
