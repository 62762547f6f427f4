"""Cost of the event coder against spaCy parsing.

Reads the first N PolNeAR training texts from ../shared (skips when absent), cleans and
parses them once (timed), runs the stages the coder consumes (mentions, dates, places,
quotes) once, then times ``extract_events`` alone, best of R rounds (the machine is
shared: the best round is the least disturbed).

    .venv/bin/python bench/events_cost.py [N] [R]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from detente.extract.actors.mentions import extract_mentions
from detente.extract.dates.find import extract_dates
from detente.extract.events.code import extract_events
from detente.extract.places.find import extract_places
from detente.extract.quotes.find import extract_quotes
from detente.parse.model import get_nlp
from detente.pipeline.coding import _prepare, make_article, masked_text

TEXTS = Path(__file__).resolve().parent.parent.parent / "shared/data/polnear/train/text"


def main(n: int = 50, rounds: int = 3) -> None:
    if not TEXTS.is_dir():
        sys.stderr.write(f"{TEXTS} not found: nothing to measure\n")
        return
    texts = [p.read_text(encoding="utf-8") for p in sorted(TEXTS.glob("*.txt"))[:n]]
    articles = [_prepare(make_article(t, published="2016-10-01"))[0] for t in texts]
    nlp = get_nlp()
    list(nlp.pipe(texts[:2]))
    t0 = time.perf_counter()
    docs = list(nlp.pipe([masked_text(a) for a in articles], batch_size=32))
    parse = time.perf_counter() - t0
    inputs = []
    for doc, art in zip(docs, articles, strict=True):
        mentions = extract_mentions(doc, article=art)
        inputs.append((doc, art, mentions, extract_dates(doc, article=art),
                       extract_places(doc, article=art),
                       extract_quotes(doc, article=art, mentions=mentions)))
    best = float("inf")
    n_events = 0
    for _ in range(rounds):
        t0 = time.perf_counter()
        n_events = sum(len(extract_events(d, article=a, mentions=m, dates=ds, places=ps,
                                          quotes=qs)) for d, a, m, ds, ps, qs in inputs)
        best = min(best, time.perf_counter() - t0)
    words = sum(len(d) for d in docs)
    print(f"{len(texts)} texts, {words} tokens, {n_events} events")
    print(f"parse (full pipeline) {parse:7.3f} s  ({words / parse:,.0f} tokens/s)")
    print(f"extract_events        {best:7.3f} s  (+{100 * best / parse:.1f}% of parsing)")


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))
