"""Text helpers for linking: tokens, sparse TF-IDF vectors, bottom-k sketches, union-find.

Everything here is linear in the input size; pairing code calls these on the few pairs
that blocking lets through.
"""

from __future__ import annotations

import math
import re
import zlib
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

from ..ids import stable_id
from ..lexicon import load_data

__all__ = [
    "UnionFind",
    "config",
    "cosine",
    "jaccard_estimate",
    "normalize_words",
    "sketch",
    "stable_id",
    "tfidf_vectors",
    "tokens",
]

_WORD = re.compile(r"[^\W\d_][\w'’-]*", re.UNICODE)


@lru_cache(maxsize=1)
def config() -> dict[str, Any]:
    """The link-stage settings (``lexicon/linking.toml``), loaded once."""
    return load_data("linking.toml")


@lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    return frozenset(config()["text"]["stopwords"])


@lru_cache(maxsize=1)
def _concepts() -> dict[str, str]:
    out: dict[str, str] = {}
    for concept, words in config().get("concepts", {}).items():
        for w in words:
            out[w] = concept
    for party, words in config().get("party_words", {}).items():
        for w in words:
            out[w] = f"@{party}"
    return out


def _norm(word: str) -> str:
    # A light stemmer: plural and possessive endings only, so "talks"/"talk" and
    # "Russia's"/"Russia" meet without a lemmatiser (none is loaded at link time).
    w = word.lower().replace("’", "'").strip("'-")
    if w.endswith("'s"):
        w = w[:-2]
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 5 and w.endswith(("shes", "ches", "xes", "sses", "zes")):
        return w[:-2]
    # Not the s of -ss, -us, -is: "numerous", "status" and "crisis" are no plurals.
    if len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        return w[:-1]
    return w


def tokens(text: str) -> list[str]:
    """Content tokens of ``text``: lower-cased, plural-stripped, stopwords and numbers out."""
    stop = _stopwords()
    concepts = _concepts()
    out = []
    for m in _WORD.finditer(text):
        w = m.group(0).lower()
        if len(w) < 3 or w in stop:
            continue
        w = _norm(w)
        if w not in stop:
            out.append(concepts.get(w, w))
    return out


def normalize_words(words: Iterable[str]) -> set[str]:
    """Keyword lemmas from an extractor, folded like :func:`tokens` (stopwords out)."""
    stop = _stopwords()
    concepts = _concepts()
    out = set()
    for w in words:
        w = _norm(w)
        if len(w) >= 3 and w not in stop and not w.isdigit():
            out.add(concepts.get(w, w))
    return out


def tfidf_vectors(docs: Sequence[Sequence[str]]) -> list[dict[str, float]]:
    """L2-normalised sparse TF-IDF vectors (sublinear tf, smoothed idf) of token lists."""
    df: Counter[str] = Counter()
    for doc in docs:
        df.update(set(doc))
    n = len(docs)
    idf = {w: math.log((1 + n) / (1 + c)) + 1.0 for w, c in df.items()}
    out = []
    for doc in docs:
        tf = Counter(doc)
        vec = {w: (1.0 + math.log(c)) * idf[w] for w, c in tf.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        out.append({w: v / norm for w, v in vec.items()})
    return out


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    """Cosine of two normalised sparse vectors."""
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(w, 0.0) for w, v in a.items())


def sketch(words: Sequence[str], *, shingle: int, size: int) -> tuple[int, ...]:
    """Bottom-k sketch of the word shingles of a text: the ``size`` smallest shingle hashes.

    One hash per shingle (crc32, deterministic across runs) instead of k hash functions
    keeps this cheap in pure Python; two sketches estimate the Jaccard of the shingle sets.
    """
    if len(words) < shingle:
        grams = {" ".join(words)} if words else set()
    else:
        grams = {" ".join(words[i : i + shingle]) for i in range(len(words) - shingle + 1)}
    hashes = sorted({zlib.crc32(g.encode("utf-8")) for g in grams})
    return tuple(hashes[:size])


def jaccard_estimate(a: tuple[int, ...], b: tuple[int, ...]) -> float:
    """Jaccard of two shingle sets estimated from their bottom-k sketches."""
    if not a or not b:
        return 0.0
    k = min(len(a), len(b))
    union_bottom = sorted(set(a) | set(b))[:k]
    sa, sb = set(a), set(b)
    both = sum(1 for h in union_bottom if h in sa and h in sb)
    return both / k


class UnionFind:
    """Disjoint sets over hashable items, path-halving, union by size.

    With ``max_span`` (days), each set tracks the range of its members' dates and a
    union that would stretch it beyond ``max_span`` is refused: single-linkage chains
    (A close to B, B close to C, ...) cannot grow one happening across months.

    A member may also carry an ``upper`` bound (a day it cannot be later than: a report's
    publication date bounds the happening it reports). A member added with ``upper``
    counts for the span, but not as a stated date: a union is refused when any stated
    ``day`` of the merged set lies after the earliest ``upper`` of the set. With
    ``max_bound_span``, a set that has no stated day at all (only bounds) spans at most
    that many days: bounds alone say little about a shared day, and a member with no
    date at all must not bridge two bounds weeks apart.
    """

    def __init__(self, *, max_span: int | None = None, max_bound_span: int | None = None) -> None:
        self.parent: dict[Any, Any] = {}
        self.size: dict[Any, int] = {}
        self.max_span = max_span
        self.max_bound_span = max_bound_span
        self.span: dict[Any, tuple[int, int]] = {}
        # Per root: the latest stated day and the earliest upper bound of the set.
        self.stated: dict[Any, int] = {}
        self.upper: dict[Any, int] = {}

    def add(self, x: Any, *, day: int | None = None, upper: int | None = None) -> None:
        if x not in self.parent:
            self.parent[x] = x
            self.size[x] = 1
            if day is not None:
                self.span[x] = (day, day)
                if upper is None:
                    self.stated[x] = day
            if upper is not None:
                self.upper[x] = upper

    def find(self, x: Any) -> Any:
        self.add(x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: Any, b: Any) -> bool:
        """Join the sets of ``a`` and ``b``; False when refused by ``max_span`` or by an
        ``upper`` bound."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        sa, sb = self.span.get(ra), self.span.get(rb)
        merged = (min(sa[0], sb[0]), max(sa[1], sb[1])) if sa and sb else (sa or sb)
        if self.max_span is not None and merged and merged[1] - merged[0] > self.max_span:
            return False
        stated = max(
            (v for v in (self.stated.get(ra), self.stated.get(rb)) if v is not None), default=None
        )
        upper = min(
            (v for v in (self.upper.get(ra), self.upper.get(rb)) if v is not None), default=None
        )
        if stated is not None and upper is not None and stated > upper:
            return False
        if (
            stated is None
            and merged
            and self.max_bound_span is not None
            and merged[1] - merged[0] > self.max_bound_span
        ):
            return False
        if self.size[ra] < self.size[rb]:
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.size[ra] += self.size[rb]
        if merged:
            self.span[ra] = merged
        if stated is not None:
            self.stated[ra] = stated
        if upper is not None:
            self.upper[ra] = upper
        return True

    def groups(self) -> list[list[Any]]:
        out: dict[Any, list[Any]] = {}
        for x in self.parent:
            out.setdefault(self.find(x), []).append(x)
        return list(out.values())
