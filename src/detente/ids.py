"""Record ids: one source for how a record gets an id that is unique by construction.

Extraction ids are local to an article and readable (``q<start>``, ``e<trigger_start>``);
two records built from the same offset (a direct quote and an overlapping indirect one
that start together) must still differ, so :func:`unique_ids` keeps the first as it is
and disambiguates the rest with their end offset, then a counter. Link ids are short
digests of their members (:func:`stable_id`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence

__all__ = ["stable_id", "unique_ids"]


def stable_id(prefix: str, key: Iterable[str]) -> str:
    """A short id derived from a record's members (stable while its members are)."""
    digest = hashlib.blake2b("\x1f".join(key).encode("utf-8"), digest_size=6).hexdigest()
    return f"{prefix}{digest}"


def unique_ids(bases: Sequence[str], *, ends: Sequence[int] | None = None) -> list[str]:
    """``bases`` made unique, in order: a repeated base gets ``-<end>`` (when ``ends`` is
    given), then ``.<n>`` until unused. The first holder of a base keeps it unchanged.

    >>> unique_ids(["q10", "q10", "q10"], ends=[20, 35, 35])
    ['q10', 'q10-35', 'q10-35.2']
    """
    taken: set[str] = set()
    out: list[str] = []
    for i, base in enumerate(bases):
        cand = base
        if cand in taken and ends is not None:
            cand = f"{base}-{ends[i]}"
        n = 2
        stem = cand
        while cand in taken:
            cand = f"{stem}.{n}"
            n += 1
        taken.add(cand)
        out.append(cand)
    return out
