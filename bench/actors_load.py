"""Start-up and per-article cost of coding with the actor dictionaries.

Times, in one fresh process: loading the model with the actor rulers (``get_nlp``) and
the actor dictionary; then ``detente.code_text`` over the first N PolNeAR training
texts (best of R rounds, per article). Skips when ../shared is absent.

    .venv/bin/python bench/actors_load.py [N] [R]
"""

from __future__ import annotations

import resource
import sys
import time
from pathlib import Path

TEXTS = Path(__file__).resolve().parent.parent.parent / "shared/data/polnear/train/text"


def main(n: int = 50, rounds: int = 2) -> None:
    if not TEXTS.is_dir():
        sys.stderr.write(f"{TEXTS} not found: nothing to measure\n")
        return
    t0 = time.perf_counter()
    import detente
    from detente.lexicon.actors import load_actors
    from detente.parse.model import get_nlp

    load_actors()
    get_nlp()
    load = time.perf_counter() - t0
    texts = [p.read_text(encoding="utf-8") for p in sorted(TEXTS.glob("*.txt"))[:n]]
    detente.code_text(texts[0], published="2016-10-01")  # first-call lazies
    best = float("inf")
    for _ in range(rounds):
        t0 = time.perf_counter()
        for t in texts:
            detente.code_text(t, published="2016-10-01")
        best = min(best, time.perf_counter() - t0)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"load {load:.2f} s; {len(texts)} articles best {best:.2f} s "
          f"({1000 * best / len(texts):.0f} ms/article); peak RSS {rss:.0f} MiB")


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))
