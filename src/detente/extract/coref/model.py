"""The learned ranker's model (``lexicon/coref_weights.json``): its linear weights
(:func:`_weights`), its boosted trees read, regrouped and compiled to one scoring function
(:func:`_scorer`), :func:`using_trees` to score with other trees, and :func:`tracing`,
which records each pronoun's candidates and features for ``bench/train_coref.py``. The
features themselves are :mod:`.ranking`'s."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from typing import Any

from ...errors import LexiconError
from ...lexicon import load_data

#: Set by :func:`tracing`: each pronoun's candidates and their features are appended
#: (the ranker's training script reads them; the pass itself never needs it).
_TRACE: ContextVar[list[Any] | None] = ContextVar("coref_trace", default=None)


@contextmanager
def tracing() -> Iterator[list[Any]]:
    """Within the block, every singular pronoun resolved appends ``(token, [(entity,
    features), ...])`` to the list yielded (for ``bench/train_coref.py``)."""
    out: list[Any] = []
    reset = _TRACE.set(out)
    try:
        yield out
    finally:
        _TRACE.reset(reset)


@lru_cache(maxsize=1)
def _weights() -> dict[str, float] | None:
    """The learned ranker's weights (``lexicon/coref_weights.json``), None when the file
    is absent or its ``weights`` table empty (the hand salience then decides, and a
    pronoun with no antecedent before it takes the subject after it)."""
    try:
        data = load_data("coref_weights.json")
    except LexiconError:
        return None
    w = data.get("weights")
    if not isinstance(w, dict):
        raise LexiconError("coref_weights.json: 'weights' must be an object")
    if not w:
        return None  # an empty table turns the ranker off
    out = {str(k): float(v) for k, v in w.items()}
    out["threshold"] = float(data.get("threshold", -1e9))
    return out


#: A regression tree as read from ``coref_weights.json``: a leaf value, or (feature,
#: threshold, subtree when the feature's value is at most the threshold, subtree else).
_Tree = float | tuple[str, float, "_Tree", "_Tree"]


def _tree(node: Any) -> _Tree:
    if isinstance(node, list):
        if len(node) != 4:
            raise LexiconError("coref_weights.json: a tree node is [feature, threshold, "
                               "left, right]")
        return (str(node[0]), float(node[1]), _tree(node[2]), _tree(node[3]))
    return float(node)


@lru_cache(maxsize=1)
def _trees() -> tuple[_Tree, ...] | None:
    """The ranker's boosted regression trees (``trees`` in ``coref_weights.json``), None
    when absent or empty (the linear ``weights`` then score the candidates)."""
    try:
        data = load_data("coref_weights.json")
    except LexiconError:
        return None
    trees = data.get("trees") or []
    if not isinstance(trees, list):
        raise LexiconError("coref_weights.json: 'trees' must be a list")
    return tuple(_tree(t) for t in trees) or None


def score_trees(trees: tuple[_Tree, ...], feats: dict[str, float]) -> float:
    """The sum of the trees' leaves for a candidate's features (absent features are 0)."""
    total = 0.0
    get = feats.get
    for node in trees:
        while isinstance(node, tuple):
            node = node[2] if get(node[0], 0.0) <= node[1] else node[3]
        total += node
    return total


#: The trees regrouped for speed (:func:`_compile`): per root split, the two sides, each
#: a constant (the leaves right under the root), its child splits with their two summed
#: leaves, and any deeper subtrees walked as they are.
_Side = tuple[float, tuple[tuple[str, float, float, float], ...], tuple[_Tree, ...]]
_Compiled = tuple[tuple[str, float, _Side, _Side], ...]


def _side(nodes: list[_Tree]) -> _Side:
    const = 0.0
    splits: dict[tuple[str, float], list[float]] = {}
    deep: list[_Tree] = []
    for n in nodes:
        if not isinstance(n, tuple):
            const += n
        elif not isinstance(n[2], tuple) and not isinstance(n[3], tuple):
            acc = splits.setdefault((n[0], n[1]), [0.0, 0.0])
            acc[0] += n[2]
            acc[1] += n[3]
        else:
            deep.append(n)
    return (const, tuple((k[0], k[1], v[0], v[1]) for k, v in splits.items()), tuple(deep))


def compile_trees(trees: tuple[_Tree, ...]) -> _Compiled:
    """The same sum as walking every tree, with each split tested once: trees sharing a
    root split share one test, and their children sharing a split sum their leaves."""
    roots: dict[tuple[str, float], tuple[list[_Tree], list[_Tree]]] = {}
    const: list[_Tree] = []
    for t in trees:
        if isinstance(t, tuple):
            lo, hi = roots.setdefault((t[0], t[1]), ([], []))
            lo.append(t[2])
            hi.append(t[3])
        else:
            const.append(t)
    out = [(k[0], k[1], _side(lo), _side(hi)) for k, (lo, hi) in roots.items()]
    if const:  # a tree that is a single leaf: a constant on both sides of any test
        c = _side(const)
        out.append(("", 0.0, c, c))
    return tuple(out)


@lru_cache(maxsize=1)
def _shipped_compiled() -> _Compiled | None:
    trees = _trees()
    return compile_trees(trees) if trees is not None else None


#: Set by :func:`using_trees`: trees that replace the shipped ones (for
#: ``bench/train_coref.py``, which traces each fold with trees not fitted on it).
_USING: ContextVar[_Compiled | None] = ContextVar("coref_trees", default=None)


@contextmanager
def using_trees(trees: list[Any]) -> Iterator[None]:
    """Within the block the pass scores candidates with ``trees`` (JSON trees, as in
    ``coref_weights.json``) instead of the shipped ones."""
    reset = _USING.set(compile_trees(tuple(_tree(t) for t in trees)))
    try:
        yield
    finally:
        _USING.reset(reset)


def _compiled() -> _Compiled | None:
    """The trees the pass scores with: :func:`using_trees`' when set, else the shipped."""
    return _USING.get() or _shipped_compiled()


def score_compiled(compiled: _Compiled, feats: dict[str, float]) -> float:
    """:func:`score_trees` over :func:`compile_trees`' grouping (what the pass uses)."""
    total = 0.0
    get = feats.get
    for name, thr, lo, hi in compiled:
        const, splits, deep = lo if get(name, 0.0) <= thr else hi
        total += const
        for n, t, a, b in splits:
            total += a if get(n, 0.0) <= t else b
        if deep:
            total += score_trees(deep, feats)
    return total


def tree_scorer(compiled: _Compiled) -> Callable[[dict[str, float]], float]:
    """:func:`score_compiled` as one straight-line Python function written from
    ``compiled`` (every test and leaf a constant in its code, the leaves added in the
    same order, so the sum is the same to the last bit). The pass scores thousands of
    candidates per article; the loop over the groups' tuples cost more than the tests.

    >>> trees = (_tree(["a", 0.5, -1.0, ["b", 0.5, 0.5, 2.0]]), _tree(0.25))
    >>> tree_scorer(compile_trees(trees))({"a": 1.0}) == score_trees(trees, {"a": 1.0})
    True
    """
    numbers = [x for _, thr, lo, hi in compiled for s in (lo, hi)
               for x in (thr, s[0], *(v for split in s[1] for v in split[1:]))]
    if not all(math.isfinite(x) for x in numbers):  # no literal for inf or nan
        return lambda feats: score_compiled(compiled, feats)
    deep: list[tuple[_Tree, ...]] = []
    lines = ["def score(feats):", "    get = feats.get", "    total = 0.0"]

    def side(s: _Side, pad: str) -> None:
        const, splits, subtrees = s
        lines.append(f"{pad}total += {const!r}")
        for n, t, a, b in splits:
            lines.append(f"{pad}total += {a!r} if get({n!r}, 0.0) <= {t!r} else {b!r}")
        if subtrees:
            deep.append(subtrees)
            lines.append(f"{pad}total += score_trees(deep[{len(deep) - 1}], feats)")

    for name, thr, lo, hi in compiled:
        lines.append(f"    if get({name!r}, 0.0) <= {thr!r}:")
        side(lo, " " * 8)
        lines.append("    else:")
        side(hi, " " * 8)
    lines.append("    return total")
    space: dict[str, Any] = {"score_trees": score_trees, "deep": deep}
    exec(compile("\n".join(lines), "<coref trees>", "exec"), space)  # noqa: S102 - our own code
    scorer: Callable[[dict[str, float]], float] = space["score"]
    return scorer


#: :func:`tree_scorer` per compiled tree set (the shipped one, and any set
#: :func:`using_trees` puts in place), keyed by identity with the set kept alive.
_SCORERS: dict[int, tuple[_Compiled, Callable[[dict[str, float]], float]]] = {}


def _scorer() -> Callable[[dict[str, float]], float] | None:
    """The straight-line scorer of the trees in use (:func:`_compiled`)."""
    compiled = _compiled()
    if compiled is None:
        return None
    hit = _SCORERS.get(id(compiled))
    if hit is None or hit[0] is not compiled:
        if len(_SCORERS) > 8:
            _SCORERS.clear()
        hit = _SCORERS[id(compiled)] = (compiled, tree_scorer(compiled))
    return hit[1]
