"""Event precision on PolNeAR (US political news): a sample to judge by hand, then a score.

Method (docs/events.md, "Precision on political news"): the split's text files, sorted,
are shuffled with ``random.Random(seed)``; the first ``--texts`` are coded with the full
pipeline (``code_articles``). The coded events are grouped by PLOVER type and up to
``--per-type`` are drawn from each type (same seed), at most ``--total`` in all. Each
drawn event is written as a TSV row with an empty ``real`` column for the judge:
``1`` = a real event of that type between those actors (source and target as coded,
a missing side allowed), ``0`` = not.

    .venv/bin/python bench/event_precision.py sample --split train --seed 2026 \
        --out bench/data/event_precision_train.tsv
    .venv/bin/python bench/event_precision.py score bench/data/event_precision_train.tsv

``score`` recodes the judged texts with the current code and reports, for the judged
events, how many are still coded with the same type (kept), retyped, or dropped, and
precision before (real / judged) and after (real kept / kept), per type and pooled; a
judged event now coded with the same type but other actors counts as kept when the row's
optional ``real_after`` column judges it again, else as changed (listed to be judged);
pooled figures weight each type by its share of all events coded in the sample texts
(stratified sample). Retyped rows are listed to be judged again; new events on the
judged texts are counted (not judged).
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
POLNEAR = ROOT.parent / "shared" / "data" / "polnear"
COLS = ["file", "trigger_start", "type", "cameo", "trigger", "source", "target",
        "source_text", "target_text", "modality", "sentence", "real", "note", "real_after"]


def _texts(split: str, seed: int, n: int) -> list[Path]:
    files = sorted((POLNEAR / split / "text").glob("*.txt"))
    random.Random(seed).shuffle(files)
    return files[:n]


def _code(files: list[Path]):  # type: ignore[no-untyped-def]
    from detente.pipeline.coding import code_articles, make_article

    arts = []
    for f in files:
        parts = f.stem.split("_")
        date = parts[1] if len(parts) > 1 else None
        arts.append(make_article(f.read_text(encoding="utf-8"), published=date,
                                 outlet=parts[0], title=f.stem))
    for f, coded in zip(files, code_articles(arts), strict=True):
        yield f, coded


def _codes(refs) -> str:  # type: ignore[no-untyped-def]
    return "|".join(r.code + (f"={r.person}" if r.person else "") for r in refs)


def _row(f: Path, coded, e) -> dict[str, str]:  # type: ignore[no-untyped-def]
    text = coded.article.text
    return {"file": f.name, "trigger_start": str(e.trigger_start), "type": e.plover_type,
            "cameo": e.cameo or "", "trigger": e.trigger, "source": _codes(e.source),
            "target": _codes(e.target), "source_text": e.source_text or "",
            "target_text": e.target_text or "", "modality": str(e.modality),
            "sentence": " ".join(text[e.start:e.end].split()), "real": "", "note": "",
            "real_after": ""}


def sample(args: argparse.Namespace) -> int:
    files = _texts(args.split, args.seed, args.texts)
    by_type: dict[str, list[dict[str, str]]] = defaultdict(list)
    for f, coded in _code(files):
        for e in coded.events:
            by_type[e.plover_type].append(_row(f, coded, e))
    rng = random.Random(args.seed)
    counts = {t: len(v) for t, v in by_type.items()}
    # stratified: an equal share per type, the unused share of small types spread on
    quota = {t: 0 for t in by_type}
    left = min(args.total, sum(counts.values()))
    while left > 0:
        open_types = [t for t in sorted(by_type) if quota[t] < min(counts[t], args.per_type)]
        if not open_types:
            break
        for t in open_types:
            if left == 0:
                break
            quota[t] += 1
            left -= 1
    rows = []
    for t in sorted(by_type):
        rows.extend(rng.sample(by_type[t], quota[t]))
    with open(args.out, "w", encoding="utf-8", newline="") as fh:
        fh.write(f"# split={args.split} seed={args.seed} texts={args.texts} "
                 f"events={sum(counts.values())} "
                 + " ".join(f"{t}={c}" for t, c in sorted(counts.items())) + "\n")
        w = csv.DictWriter(fh, COLS, delimiter="\t", lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    print(f"{len(rows)} events drawn from {sum(counts.values())} in {len(files)} texts:",
          dict(sorted(counts.items())), file=sys.stderr)
    return 0


def _read(path: Path) -> tuple[dict[str, str], list[dict[str, str]]]:
    with open(path, encoding="utf-8") as fh:
        head = fh.readline().lstrip("# ").split()
        meta = dict(h.split("=", 1) for h in head)
        rows = list(csv.DictReader(fh, delimiter="\t"))
    return meta, rows


def score(args: argparse.Namespace) -> int:
    meta, rows = _read(Path(args.tsv))
    files = _texts(meta["split"], int(meta["seed"]), int(meta["texts"]))
    before_counts = Counter({k: int(v) for k, v in meta.items()
                             if k.isupper()})
    now: dict[tuple[str, str], list[tuple[str, str, str]]] = defaultdict(list)
    after_counts: Counter[str] = Counter()
    shown = []
    for f, coded in _code(files):
        for e in coded.events:
            now[(f.name, str(e.trigger_start))].append(
                (e.plover_type, _codes(e.source), _codes(e.target)))
            after_counts[e.plover_type] += 1
            if e.plover_type in args.show:
                shown.append(_row(f, coded, e))
    per: dict[str, Counter[str]] = defaultdict(Counter)
    retyped = []
    for r in rows:
        t, real = r["type"], r["real"].strip() == "1"
        coded_now = now.get((r["file"], r["trigger_start"]), [])
        types_now = [x[0] for x in coded_now]
        c = per[t]
        c["judged"] += 1
        c["real"] += real
        if (t, r["source"], r["target"]) in coded_now:
            c["kept"] += 1
            c["real_kept"] += real
        elif t in types_now and r.get("real_after", "").strip():
            # same type, other actors: judged again in the "real_after" column
            c["kept"] += 1
            c["real_kept"] += r["real_after"].strip() == "1"
        elif types_now:
            c["retyped"] += 1
            retyped.append((r, coded_now))
        else:
            c["dropped"] += 1
            c["real_dropped"] += real
    total_before = sum(before_counts.values())
    print(f"{meta['split']} seed={meta['seed']} texts={meta['texts']}: events "
          f"{total_before} -> {sum(after_counts.values())}")
    print("type        coded b->a  judged real P_before  kept real_kept P_after  "
          "changed dropped(real)")
    pb = pa = wb = wa = 0.0
    for t in sorted(per):
        c = per[t]
        p_b = c["real"] / c["judged"]
        p_a = c["real_kept"] / c["kept"] if c["kept"] else float("nan")
        print(f"{t:11} {before_counts[t]:5}->{after_counts[t]:<5} {c['judged']:6} "
              f"{c['real']:4} {p_b:8.2f} {c['kept']:5} {c['real_kept']:9} {p_a:7.2f}  "
              f"{c['retyped']:7} {c['dropped']}({c['real_dropped']})")
        pb += before_counts[t] * p_b
        wb += before_counts[t]
        if c["kept"]:
            pa += after_counts[t] * p_a
            wa += after_counts[t]
    n_j = sum(c["judged"] for c in per.values())
    n_r = sum(c["real"] for c in per.values())
    n_k = sum(c["kept"] for c in per.values())
    n_rk = sum(c["real_kept"] for c in per.values())
    print(f"pooled (unweighted): before {n_r}/{n_j} = {n_r / n_j:.2f}; after "
          f"{n_rk}/{n_k} = {n_rk / max(n_k, 1):.2f}")
    print(f"weighted by type share: before {pb / wb:.2f}; after {pa / max(wa, 1):.2f}")
    for r, coded_now in retyped:
        print("CHANGED", r["type"], r["source"], r["target"], "->", coded_now, r["real"],
              r["trigger"], "|", r["sentence"][:160])
    for r in shown:
        print("SHOW", r["type"], r["trigger"], r["source"], r["target"], "|",
              r["sentence"][:200])
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("sample")
    s.add_argument("--split", choices=("train", "dev"), default="train")
    s.add_argument("--seed", type=int, default=2026)
    s.add_argument("--texts", type=int, default=60)
    s.add_argument("--per-type", type=int, default=6)
    s.add_argument("--total", type=int, default=60)
    s.add_argument("--out", required=True)
    s.set_defaults(func=sample)
    c = sub.add_parser("score")
    c.add_argument("tsv")
    c.add_argument("--show", nargs="*", default=[], help="list the events of these types")
    c.set_defaults(func=score)
    args = ap.parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
