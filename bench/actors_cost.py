"""Cost of the actor rulers and the actor extractor against bare spaCy parsing.

Reads the first N PolNeAR training texts from ../shared (skips when absent) and times,
best of R rounds, each pipeline component separately (the machine is shared: whole-run
differences are noise, per-component times are not), and ``extract_mentions`` over
the parsed Docs.

    .venv/bin/python bench/actors_cost.py [N] [R]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from detente.extract.actors.mentions import extract_mentions
from detente.parse.model import get_nlp
from detente.pipeline.coding import make_article

TEXTS = Path(__file__).resolve().parent.parent.parent / "shared/data/polnear/train/text"


def _timed(nlp, texts: list[str]) -> tuple[dict[str, float], list]:
    times: dict[str, float] = {}
    t0 = time.perf_counter()
    docs = [nlp.make_doc(t) for t in texts]
    times["tokenizer"] = time.perf_counter() - t0
    for name, proc in nlp.pipeline:
        t0 = time.perf_counter()
        docs = list(proc.pipe(docs, batch_size=32)) if hasattr(proc, "pipe") else [
            proc(d) for d in docs]
        times[name] = time.perf_counter() - t0
    return times, docs


def main(n: int = 50, rounds: int = 3) -> None:
    if not TEXTS.is_dir():
        sys.stderr.write(f"{TEXTS} not found: nothing to measure\n")
        return
    texts = [p.read_text(encoding="utf-8") for p in sorted(TEXTS.glob("*.txt"))[:n]]
    articles = [make_article(t, published="2016-10-01") for t in texts]
    bare, full = get_nlp(rulers=False), get_nlp()
    list(bare.pipe(texts[:2]))
    list(full.pipe(texts[:2]))
    best_bare: dict[str, float] = {}
    best_full: dict[str, float] = {}
    t_ext = []
    docs: list = []
    n_mentions = 0
    for _ in range(rounds):
        tb, _docs = _timed(bare, texts)
        tf, docs = _timed(full, texts)
        for k, v in tb.items():
            best_bare[k] = min(v, best_bare.get(k, v))
        for k, v in tf.items():
            best_full[k] = min(v, best_full.get(k, v))
        t0 = time.perf_counter()
        n_mentions = sum(len(extract_mentions(d, article=a)) for d, a in zip(docs, articles, strict=True))
        t_ext.append(time.perf_counter() - t0)
    words = sum(len(d) for d in docs)
    b = sum(best_bare.values())
    rulers = sum(v for k, v in best_full.items() if k.startswith("detente_"))
    e = min(t_ext)
    print(f"{len(texts)} texts, {words} tokens, {n_mentions} mentions")
    print("component times, best of", rounds, "(bare / with rulers):")
    for k, v in best_full.items():
        print(f"  {k:22} {best_bare.get(k, 0.0):7.3f} / {v:7.3f} s")
    print(f"bare parse        {b:7.3f} s  ({words / b:,.0f} tokens/s)")
    print(f"actor rulers      {rulers:7.3f} s  (+{100 * rulers / b:.1f}%)")
    print(f"extract_mentions  {e:7.3f} s  (+{100 * e / b:.1f}%)")
    print(f"rulers+extractor            +{100 * (rulers + e) / b:.1f}% of bare parsing")


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))
