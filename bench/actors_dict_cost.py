"""Per-article cost of the event coder's dictionary look-up of unmarked names.

Parses the first N PolNeAR training texts once, runs the other stages once, then times
``extract_events`` (best of R rounds) with ``ActorResolver._from_dictionary`` as it is
and replaced by a no-op; prints the difference per article, the time spent inside the
look-up itself, and how many argument phrases it resolved. Skips when ../shared is absent.

    .venv/bin/python bench/actors_dict_cost.py [N] [R]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

TEXTS = Path(__file__).resolve().parent.parent.parent / "shared/data/polnear/train/text"


def main(n: int = 50, rounds: int = 3) -> None:
    if not TEXTS.is_dir():
        sys.stderr.write(f"{TEXTS} not found: nothing to measure\n")
        return
    from detente.extract.actors.mentions import extract_mentions
    from detente.extract.dates.find import extract_dates
    from detente.extract.events.actors import ActorResolver
    from detente.extract.events.code import extract_events
    from detente.extract.places.find import extract_places
    from detente.extract.quotes.find import extract_quotes
    from detente.lexicon.actors import load_extra_actors
    from detente.pipeline.coding import make_article, parse_text

    texts = [p.read_text(encoding="utf-8") for p in sorted(TEXTS.glob("*.txt"))[:n]]
    arts = [make_article(t, published="2016-10-01") for t in texts]
    docs = [parse_text(a) for a in arts]
    stages = []
    for d, a in zip(docs, arts, strict=True):
        m = extract_mentions(d, article=a)
        stages.append((d, a, m, extract_dates(d, article=a), extract_places(d, article=a),
                       extract_quotes(d, article=a, mentions=m)))
    t0 = time.perf_counter()
    load_extra_actors()
    load = time.perf_counter() - t0
    real = ActorResolver._from_dictionary
    hits = [0, 0]
    inside = [0.0]

    def counting(self, toks):  # type: ignore[no-untyped-def]
        t = time.perf_counter()
        out = real(self, toks)
        inside[0] += time.perf_counter() - t
        hits[0] += bool(out)
        hits[1] += 1
        return out

    def run() -> float:
        t = time.perf_counter()
        for d, a, m, dt, pl, q in stages:
            extract_events(d, article=a, mentions=m, dates=dt, places=pl, quotes=q)
        return time.perf_counter() - t

    best: dict[str, float] = {}
    in_best = float("inf")
    for _ in range(rounds):
        for name, fn in (("off", lambda self, toks: []), ("on", counting)):
            ActorResolver._from_dictionary = fn  # type: ignore[method-assign]
            inside[0] = 0.0
            best[name] = min(best.get(name, float("inf")), run())
        in_best = min(in_best, inside[0])
    ActorResolver._from_dictionary = real  # type: ignore[method-assign]
    k = len(texts)
    print(f"{k} articles; dictionary load {load:.2f} s (once per process)")
    print(f"extract_events without look-up {best['off']:.3f} s, with {best['on']:.3f} s: "
          f"+{1000 * (best['on'] - best['off']) / k:.2f} ms/article; "
          f"{hits[0] // rounds} of {hits[1] // rounds} phrases resolved by the look-up")
    print(f"time inside the look-up (best round; the difference above is noisy on a "
          f"shared machine) {1000 * in_best:.1f} ms = {1000 * in_best / k:.2f} ms/article")


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))
