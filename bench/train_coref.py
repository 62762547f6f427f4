"""Fit the pronoun ranker of :mod:`detente.extract.coref.resolve` on GAP development.

Usage::

    .venv/bin/python bench/train_coref.py [--out src/detente/lexicon/coref_weights.json]
        [--folds 5] [--c 0.3]

Every row of ``../shared/data/gap/gap-development.tsv`` is coded as ``bench/score_gap.py``
codes it, with :func:`detente.extract.coref.resolve.tracing` on: the row's pronoun gives one
training group, its candidate entities with their features; an entity is right when one
of its mentions overlaps the gold A (B) span marked TRUE. A logistic regression
(scikit-learn, a development tool only: the pass reads the weights from the JSON file
with plain arithmetic) learns the weights; the threshold under which the best candidate
is refused ("neither") is picked for GAP F1. ``--folds`` reports a cross-validated
estimate (fit on k-1 parts, scored on the held part) before the final fit on all rows.
Only GAP development is read: validation is never used here. Prints one JSON line.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import score_gap as g  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "detente" / "lexicon" / "coref_weights.json"


def groups(rows: list[Any], docs: list[Any]) -> list[tuple[Any, list[tuple[dict[str, float], bool, bool]]]]:
    """Per row: the candidates of its pronoun as (features, is A, is B)."""
    from detente.extract.actors.mentions import extract_mentions
    from detente.extract.coref.resolve import _key, tracing
    from detente.records import Article

    out = []
    for row, doc in zip(rows, docs, strict=True):
        with tracing() as trace:
            mentions = extract_mentions(doc, article=Article(id=row.id, text=row.text))

        def keys(off: int, text: str, mentions: list[Any] = mentions) -> set[str]:
            return {_key(m.actor) for m in mentions if m.actor is not None
                    and m.label != "PRON" and m.start < off + len(text) and off < m.end}

        a_keys, b_keys = keys(row.a_off, row.a) - {""}, keys(row.b_off, row.b) - {""}
        cands: list[tuple[dict[str, float], bool, bool]] = []
        for tok, rows_ in trace:
            if tok.idx != row.p_off:
                continue
            for ent, feats in rows_:
                spans = [(m.draft.start, m.draft.end) for m in ent.mentions
                         if m.draft.start != row.p_off]
                key = _key(ent.actor)
                a = key in a_keys or any(s < row.a_off + len(row.a) and row.a_off < e
                                         for s, e in spans)
                b = key in b_keys or any(s < row.b_off + len(row.b) and row.b_off < e
                                         for s, e in spans)
                cands.append((feats, a, b))
        out.append((row, cands))
    return out


def fit(data: list[Any], names: list[str], c: float) -> dict[str, float]:
    """Conditional logit: per pronoun, a softmax over its candidates (the gold one must
    win), L2-penalised by 1/c; pronouns whose gold is not a candidate are left out."""
    import numpy as np
    from scipy.optimize import minimize

    xs, ys = [], []
    for row, cands in data:
        gold = [int((a and row.a_gold) or (b and row.b_gold)) for _, a, b in cands]
        if sum(gold) < 1 or len(cands) < 2:
            continue
        xs.append(np.array([[f.get(n, 0.0) for n in names] for f, _, _ in cands]))
        ys.append(np.array(gold, dtype=float) / sum(gold))
    bias = names.index("bias") if "bias" in names else -1

    def loss(w: Any) -> tuple[float, Any]:
        total, grad = 0.5 * float(w @ w) / c, w / c
        for x, y in zip(xs, ys, strict=True):
            z = x @ w
            z = z - z.max()
            p = np.exp(z)
            p /= p.sum()
            total -= float(y @ np.log(p + 1e-12))
            grad = grad + x.T @ (p - y)
        return total, grad

    res = minimize(loss, np.zeros(len(names)), jac=True, method="L-BFGS-B")
    w = res.x
    if bias >= 0:  # the softmax cannot see a shared bias; the threshold sets it
        w[bias] = 0.0
    return {n: round(float(v), 4) for n, v in zip(names, w, strict=True)}


def fit_binary(data: list[Any], names: list[str], c: float) -> dict[str, float]:
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    x, y = [], []
    for row, cands in data:
        for feats, a, b in cands:
            x.append([feats.get(n, 0.0) for n in names])
            y.append(int((a and row.a_gold) or (b and row.b_gold)))
    model = LogisticRegression(C=c, max_iter=2000, fit_intercept=False)
    model.fit(np.array(x), np.array(y))
    return {n: round(float(w), 4) for n, w in zip(names, model.coef_[0], strict=True)}


def decide(data: list[Any], w: dict[str, float], threshold: float) -> g.F1:
    f1 = g.F1()
    for row, cands in data:
        best = None
        for feats, a, b in cands:
            s = sum(w.get(n, 0.0) * v for n, v in feats.items())
            if best is None or s > best[0]:
                best = (s, a, b)
        pa = pb = False
        if best is not None and best[0] >= threshold:
            pa, pb = best[1], best[2]
        f1.add(pa, row.a_gold)
        f1.add(pb, row.b_gold)
    return f1


def pick_threshold(data: list[Any], w: dict[str, float]) -> float:
    grid = [x / 4 for x in range(-40, 41)]
    return max(grid, key=lambda t: (decide(data, w, t).f1(), -t))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--c", type=float, default=0.3)
    args = ap.parse_args(argv)
    path = g.DATA / "gap-development.tsv"
    if not path.is_file():
        print(f"GAP data not found at {path} (../shared absent): nothing to fit")
        return 0
    rows = g.read_rows(path)
    docs = g.parsed_docs(rows, path, cache=True)
    data = groups(rows, docs)
    names = sorted({n for _, cands in data for feats, _, _ in cands for n in feats})
    cv = g.F1()
    k = max(1, args.folds)
    if k > 1:
        for i in range(k):
            train = [d for j, d in enumerate(data) if j % k != i]
            test = [d for j, d in enumerate(data) if j % k == i]
            w = fit(train, names, args.c)
            part = decide(test, w, pick_threshold(train, w))
            cv.tp += part.tp
            cv.fp += part.fp
            cv.fn += part.fn
    w = fit(data, names, args.c)
    threshold = pick_threshold(data, w)
    fitted = decide(data, w, threshold)
    reach = sum(1 for row, cands in data if any((a and row.a_gold) or (b and row.b_gold)
                                                 for _, a, b in cands))
    gold = sum(1 for row, _ in data if row.a_gold or row.b_gold)
    args.out.write_text(json.dumps({
        "version": "gap-development",
        "about": "Pronoun ranker of detente.extract.coref.resolve, fitted by bench/train_coref.py "
                 "on GAP development (logistic regression over candidate entities).",
        "threshold": threshold, "weights": w}, indent=1, sort_keys=False) + "\n",
        encoding="utf-8")
    print(json.dumps({"rows": len(rows), "features": len(names), "gold_reachable": reach,
                      "gold_rows": gold, "cv_f1": round(100 * cv.f1(), 1) if k > 1 else None,
                      "fit_f1": round(100 * fitted.f1(), 1), "threshold": threshold}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
