"""Fit the pronoun ranker of :mod:`detente.extract.coref.resolve` on GAP development.

Usage::

    .venv/bin/python bench/train_coref.py [--out src/detente/lexicon/coref_weights.json]
        [--folds 5] [--c 0.3] [--fold-split 0]

Every row of ``../shared/data/gap/gap-development.tsv`` is coded as ``bench/score_gap.py``
codes it, with :func:`detente.extract.coref.resolve.tracing` on: the row's pronoun gives one
training group, its candidate entities with their features; an entity is right when one
of its mentions overlaps the gold A (B) span marked TRUE. A logistic regression
(scikit-learn, a development tool only: the pass reads the weights from the JSON file
with plain arithmetic) learns the weights; the threshold under which the best candidate
is refused ("neither") is picked for GAP F1. ``--folds`` reports a cross-validated
estimate (fit on k-1 parts, scored on the held part) before the final fit on all rows.
With trees (the default) the rows are first traced again part by part with trees
fitted on the other parts (:func:`out_of_fold`, v6): a text's earlier pronouns are then
resolved as on unseen text, so the features that depend on those decisions are as
noisy in the fit as in use (``--in-sample-traces`` keeps the traces of the shipped
trees, as before v6). Only GAP development is read: validation is never used here.
Prints one JSON line.
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


def groups(rows: list[Any], docs: list[Any], trees: list[Any] | None = None,
           ) -> list[tuple[Any, list[tuple[dict[str, float], bool, bool]]]]:
    """Per row: the candidates of its pronoun as (features, is A, is B), traced with
    the shipped trees or with ``trees``."""
    from contextlib import nullcontext

    from detente.extract.actors.mentions import extract_mentions
    from detente.extract.coref.model import using_trees
    from detente.extract.coref.resolve import _key, tracing
    from detente.records import Article

    out = []
    for row, doc in zip(rows, docs, strict=True):
        with tracing() as trace, using_trees(trees) if trees is not None else nullcontext():
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


#: Boosted trees: depth-2 regression trees (a feature conjunction each), bagged over seeds.
GBM = {"n_estimators": 400, "max_depth": 2, "learning_rate": 0.1, "subsample": 0.8,
       "min_samples_leaf": 20}
SEEDS = (0, 1, 2)


def fit_trees(data: list[Any], names: list[str]) -> list[Any]:
    """Gradient-boosted trees (scikit-learn, binary: is this candidate the gold one?)
    over the candidates of pronouns whose gold is a candidate, one ensemble per seed;
    returned as JSON trees whose leaves already carry the learning rate and the 1/seeds
    average, so the pass sums leaves (``ranking.score_trees``)."""
    import numpy as np
    from sklearn.ensemble import GradientBoostingClassifier

    x, y = [], []
    for row, cands in data:
        gold = [int((a and row.a_gold) or (b and row.b_gold)) for _, a, b in cands]
        if sum(gold) < 1:
            continue
        for (feats, _, _), gl in zip(cands, gold, strict=True):
            x.append([feats.get(n, 0.0) for n in names])
            y.append(gl)
    out: list[Any] = []
    for seed in SEEDS:
        model = GradientBoostingClassifier(**GBM, random_state=seed)  # type: ignore[arg-type]
        model.fit(np.array(x), np.array(y))
        scale = model.learning_rate / len(SEEDS)
        for est in model.estimators_[:, 0]:
            t = est.tree_

            def node(i: int, t: Any = t, scale: float = scale) -> Any:
                if t.children_left[i] < 0:
                    return round(float(t.value[i][0][0]) * scale, 6)
                return [names[t.feature[i]], round(float(t.threshold[i]), 6),
                        node(t.children_left[i]), node(t.children_right[i])]

            out.append(node(0))
    return out


def folds(n: int, k: int) -> list[list[int]]:
    """Row indices of the k cross-validation parts (row j in part j mod k)."""
    return [list(range(i, n, k)) for i in range(k)]


def cv_parts(n: int, k: int, split: int) -> list[int]:
    """The CV part of each row: j mod k for split 0, else the position of row j in the
    rows shuffled with ``random.Random(split)``, mod k (docs/coref.md: fold splits 0 /
    1 / 2)."""
    import random

    order = list(range(n))
    if split:
        random.Random(split).shuffle(order)
    part = [0] * n
    for pos, j in enumerate(order):
        part[j] = pos % max(1, k)
    return part


def out_of_fold(rows: list[Any], docs: list[Any], data: list[Any], names: list[str],
                k: int) -> list[Any]:
    """The rows traced again, each part with trees fitted on the other parts: earlier
    pronouns in a text are then resolved as on unseen text, so features that depend on
    them (pronoun chains, entity genders, rivals) are as noisy in training as in use."""
    out: list[Any] = [None] * len(rows)
    for part in folds(len(rows), k):
        held = set(part)
        trees = fit_trees([d for j, d in enumerate(data) if j not in held], names)
        traced = groups([rows[j] for j in part], [docs[j] for j in part], trees)
        for j, d in zip(part, traced, strict=True):
            out[j] = d
    return out


def decide(data: list[Any], w: dict[str, float], threshold: float,
           trees: list[Any] | None = None) -> g.F1:
    from detente.extract.coref.model import _tree, score_trees

    compiled = tuple(_tree(t) for t in trees) if trees is not None else None
    f1 = g.F1()
    for row, cands in data:
        best = None
        for feats, a, b in cands:
            s = (score_trees(compiled, feats) if compiled is not None
                 else sum(w.get(n, 0.0) * v for n, v in feats.items()))
            if best is None or s > best[0]:
                best = (s, a, b)
        pa = pb = False
        if best is not None and best[0] >= threshold:
            pa, pb = best[1], best[2]
        f1.add(pa, row.a_gold)
        f1.add(pb, row.b_gold)
    return f1


def pick_threshold(data: list[Any], w: dict[str, float],
                   trees: list[Any] | None = None) -> float:
    grid = [x / 4 for x in range(-40, 41)]
    return max(grid, key=lambda t: (decide(data, w, t, trees).f1(), -t))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--c", type=float, default=0.3)
    ap.add_argument("--learner", choices=["trees", "linear"], default="trees",
                    help="boosted trees decide (linear weights still fitted and shipped "
                         "as the fallback), or the conditional logit alone")
    ap.add_argument("--fold-split", type=int, default=0,
                    help="which assignment of rows to the CV parts: 0 = row j in part j "
                         "mod k; S > 0 = the rows shuffled with random.Random(S) first "
                         "(the traces are made out of fold as with 0 either way)")
    ap.add_argument("--in-sample-traces", action="store_true",
                    help="fit on traces made with the shipped trees (before v6), not on "
                         "out-of-fold traces")
    args = ap.parse_args(argv)
    path = g.DATA / "gap-development.tsv"
    if not path.is_file():
        print(f"GAP data not found at {path} (../shared absent): nothing to fit")
        return 0
    rows = g.read_rows(path)
    docs = g.parsed_docs(rows, path, cache=True)
    data = groups(rows, docs)
    names = sorted({n for _, cands in data for feats, _, _ in cands for n in feats})
    use_trees = args.learner == "trees"
    k = max(1, args.folds)
    if use_trees and k > 1 and not args.in_sample_traces:
        data = out_of_fold(rows, docs, data, names, k)
        names = sorted({n for _, cands in data for feats, _, _ in cands for n in feats})
    cv, cv_linear = g.F1(), g.F1()
    part_of = cv_parts(len(data), k, args.fold_split)
    if k > 1:
        for i in range(k):
            train = [d for j, d in enumerate(data) if part_of[j] != i]
            test = [d for j, d in enumerate(data) if part_of[j] == i]
            w = fit(train, names, args.c)
            parts = [(cv_linear, decide(test, w, pick_threshold(train, w)))]
            if use_trees:
                tr = fit_trees(train, names)
                parts.append((cv, decide(test, w, -1e9, tr)))
            for total, part in parts:
                total.tp += part.tp
                total.fp += part.fp
                total.fn += part.fn
    w = fit(data, names, args.c)
    trees = fit_trees(data, names) if use_trees else None
    # the trees always resolve (a threshold picked on the data they were fitted on
    # would only say how well they fit it)
    threshold = -1e9 if use_trees else pick_threshold(data, w)
    fitted = decide(data, w, threshold, trees)
    reach = sum(1 for row, cands in data if any((a and row.a_gold) or (b and row.b_gold)
                                                 for _, a, b in cands))
    gold = sum(1 for row, _ in data if row.a_gold or row.b_gold)
    out: dict[str, Any] = {
        "version": "gap-development",
        "about": "Pronoun ranker of detente.extract.coref.resolve, fitted by bench/train_coref.py "
                 "on GAP development: 'trees' (boosted depth-2 regression trees, summed) "
                 "decide; 'weights' (a conditional logit over candidate entities) score "
                 "when 'trees' is empty.",
        "threshold": threshold, "weights": w}
    if trees is not None:
        out["trees"] = trees
    # readable diffs: the header and weights indented, one tree per line
    trees_json = out.pop("trees", None)
    text = json.dumps(out, indent=1)
    if trees_json is not None:
        lines = ",\n".join("  " + json.dumps(t, separators=(",", ":")) for t in trees_json)
        text = text[:-2] + ',\n "trees": [\n' + lines + "\n ]\n}"
    args.out.write_text(text + "\n", encoding="utf-8")
    print(json.dumps({"rows": len(rows), "features": len(names), "gold_reachable": reach,
                      "gold_rows": gold,
                      "cv_f1": round(100 * (cv if use_trees else cv_linear).f1(), 1)
                      if k > 1 else None,
                      "cv_f1_linear": round(100 * cv_linear.f1(), 1) if k > 1 else None,
                      "fit_f1": round(100 * fitted.f1(), 1), "threshold": threshold}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
