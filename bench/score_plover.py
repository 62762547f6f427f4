"""Score detente's event coder against the PLOVER gold standard, on two fixed halves.

Usage::

    .venv/bin/python bench/score_plover.py [--gold PATH] [--no-events PATH]
                                           [--half a|b|both] [--show-errors]

Reads ``../shared/data/plover/gsr_dev.json`` (exits with a message if absent), codes each
gold sentence with the full pipeline (no publication date) and prints the figures below
for each half of it:

* **dev-a** / **dev-b**: a record belongs to dev-a when the first byte of the SHA-256 of
  its ``id`` (UTF-8) is even, else to dev-b (:func:`half_of`; no id: the text is hashed).
  The split is fixed by the ids, not by file order, so it never moves. dev-a is for
  tuning and reading errors; dev-b is only scored: ``--show-errors`` and the confusion
  table cover dev-a only, and dev-b prints nothing but its figures.
  The no-event sentences are split the same way by a hash of their text.

* event-type accuracy on sentences with a gold event. PLOVER 0.5 names in the gold are
  mapped to the 2021 types: DEMAND->REQUEST, DISAPPROVE->ACCUSE, FIGHT->ASSAULT,
  INVESTIGATE->ACCUSE (mode investigate). The predicted event of a sentence is its most
  confident one; a sentence with no predicted event counts as wrong.
* source / target country accuracy. "Country" compares the gold actor ``code`` (an
  ISO-3166 alpha-3 code, or ``IGO``) with the predicted actor's ``country``, or ``IGO``
  when the predicted actor is an IGO. A sentence counts as right when the gold and
  predicted sets share a code. Only gold sentences with at least one comparable actor
  (ISO-3 or IGO code) on that side are counted; the predicted event is the most
  confident one, scored whatever its type; no prediction counts as wrong.
* a confusion table (gold type x predicted type, "-" = nothing predicted);
* false positives: events per sentence on ``bench/data/no_event_sentences.txt``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT.parent / "shared" / "data" / "plover" / "gsr_dev.json"
NO_EVENTS = ROOT / "bench" / "data" / "no_event_sentences.txt"

OLD_TO_NEW = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "FIGHT": "ASSAULT",
              "INVESTIGATE": "ACCUSE"}
TARGETS = {"type": 0.80, "source": 0.85, "target": 0.75, "fp": 0.10}


def half_of(key: str) -> str:
    """"a" or "b": the fixed half of a record id (first SHA-256 byte even -> "a")."""
    return "a" if hashlib.sha256(key.encode("utf-8")).digest()[0] % 2 == 0 else "b"


def _gold_codes(actors: list[dict | str] | None) -> set[str]:
    """Comparable codes of a gold actor list; an entry is a dict with ``code`` or a plain
    code string ("USA", "USAGOV", "USA GOV": the first three letters are the country)."""
    out = set()
    for a in actors or []:
        raw = a.get("code", "") if isinstance(a, dict) else a
        code = str(raw or "").upper().replace(" ", "")
        if not isinstance(a, dict) and code[:3] == "IGO":
            code = "IGO"
        elif not isinstance(a, dict):
            code = code[:3]
        if code == "IGO" or (len(code) == 3 and code.isalpha() and code not in (
                "NGO", "IMG", "ISM", "ITL", "MNC", "UAF", "REB", "OPP")):
            out.add(code)
    return out


def _pred_codes(refs) -> set[str]:
    out = set()
    for r in refs:
        if r.igo:
            out.add("IGO")
        elif r.country:
            out.add(r.country)
    return out


def _code_texts(texts: list[str]):
    from detente.pipeline.coding import code_articles, make_article

    arts = (make_article(t, published=None, source=f"gold:{i}") for i, t in enumerate(texts))
    return list(code_articles(arts, batch_size=64))


def _report(half: str, recs: list, negs: list, *, show: bool, show_errors: bool) -> None:
    """Print one half's figures; ``show`` (dev-a only) adds FPs, confusion and errors."""
    n_type = ok_type = n_src = ok_src = n_tgt = ok_tgt = 0
    confusion: Counter[tuple[str, str]] = Counter()
    errors: list[str] = []
    for rec, ca in recs:
        gold_type = OLD_TO_NEW.get(rec["event"], rec["event"])
        best = max(ca.events, key=lambda e: e.confidence, default=None)
        pred_type = best.plover_type if best is not None else "-"
        n_type += 1
        ok_type += pred_type == gold_type
        confusion[(gold_type, pred_type)] += 1
        gs, gt = _gold_codes(rec.get("source")), _gold_codes(rec.get("target"))
        ps = _pred_codes(best.source) if best is not None else set()
        pt = _pred_codes(best.target) if best is not None else set()
        if gs:
            n_src += 1
            ok_src += bool(gs & ps)
        if gt:
            n_tgt += 1
            ok_tgt += bool(gt & pt)
        if pred_type != gold_type or (gs and not gs & ps) or (gt and not gt & pt):
            errors.append(f"{gold_type:9} {sorted(gs)}->{sorted(gt)} | pred {pred_type:9} "
                          f"{sorted(ps)}->{sorted(pt)} | {rec['text'][:110]}")
    n_fp = sum(len(ca.events) for ca in negs)
    fp_rate = n_fp / max(len(negs), 1)
    type_acc = ok_type / max(n_type, 1)
    src_acc = ok_src / max(n_src, 1)
    tgt_acc = ok_tgt / max(n_tgt, 1)
    print(f"\n== dev-{half}: {len(recs)} sentences ==")
    print(f"event type accuracy : {type_acc:.3f}  ({ok_type}/{n_type}; target >= {TARGETS['type']})")
    print(f"source country acc. : {src_acc:.3f}  ({ok_src}/{n_src}; target >= {TARGETS['source']})")
    print(f"target country acc. : {tgt_acc:.3f}  ({ok_tgt}/{n_tgt}; target >= {TARGETS['target']})")
    print(f"false positives     : {fp_rate:.3f} events/sentence ({n_fp} on {len(negs)} "
          f"no-event sentences; target <= {TARGETS['fp']})")
    if not show:
        return
    for ca in negs:
        for e in ca.events:
            print(f"  FP {e.plover_type} '{e.trigger}': {ca.article.text[:90]}")
    types = sorted({g for g, _ in confusion} | {p for _, p in confusion})
    print("\nconfusion (rows gold, columns predicted):")
    width = max(len(t) for t in types)
    print(" " * (width + 1) + " ".join(t[:4].rjust(4) for t in types))
    for g in types:
        if not any(confusion[(g, p)] for p in types):
            continue
        print(g.ljust(width + 1) + " ".join(
            (str(confusion[(g, p)]) if confusion[(g, p)] else ".").rjust(4) for p in types))
    if show_errors:
        print("\nerrors:")
        for line in errors:
            print("  " + line)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--gold", type=Path, default=GOLD)
    ap.add_argument("--no-events", type=Path, default=NO_EVENTS)
    ap.add_argument("--half", choices=("a", "b", "both"), default="both",
                    help="which fixed half to score (dev-b: figures only)")
    ap.add_argument("--show-errors", action="store_true", help="dev-a errors")
    args = ap.parse_args(argv)
    if not args.gold.is_file():
        print(f"gold file not found: {args.gold} (it lives in ../shared/data/plover; "
              "nothing to score)", file=sys.stderr)
        return 2
    records = json.loads(args.gold.read_text(encoding="utf-8"))
    if not isinstance(records, list):
        print(f"{args.gold}: expected a JSON list of gold records", file=sys.stderr)
        return 2
    texts = [str(r["text"]).strip().strip("{}") for r in records]
    t0 = time.perf_counter()
    coded = _code_texts(texts)
    elapsed = time.perf_counter() - t0
    lines = [ln.strip() for ln in args.no_events.read_text(encoding="utf-8").splitlines()]
    neg = [ln for ln in lines if ln and not ln.startswith("#")]
    neg_coded = _code_texts(neg)
    print(f"PLOVER gold: {len(records)} sentences, coded in {elapsed:.1f}s")
    halves = ("a", "b") if args.half == "both" else (args.half,)
    for h in halves:
        recs = [(r, ca) for r, ca in zip(records, coded, strict=True)
                if half_of(str(r.get("id") or r["text"])) == h]
        negs = [ca for t, ca in zip(neg, neg_coded, strict=True) if half_of(t) == h]
        _report(h, recs, negs, show=(h == "a"), show_errors=args.show_errors)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
