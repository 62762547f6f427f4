"""Cost of the coreference pass: per-article coding time with and without it.

Reads the first N PolNeAR training texts from ../shared (skips when absent), parses each
once, then codes every parsed article with the full pipeline (:func:`detente.pipeline.coding.
code_doc`) and with the coreference pass switched off (titles and pronouns left
unresolved), the two interleaved article by article, R rounds each; per article the
median of its rounds is kept. Prints one JSON line: median per-article parse time, median
coding time with and without coreference, the coreference share, and the throughput ratio
(parse + code without coreference) / (parse + code with it). The machine may be shared:
the interleaving makes the ratio fair, absolute times are indicative.

    .venv/bin/python bench/coref_cost.py [N] [R]
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any

TEXTS = Path(__file__).resolve().parent.parent.parent / "shared/data/polnear/train/text"


@contextmanager
def _without_coref() -> Any:
    from detente.extract.actors import coref as actors_coref

    saved = actors_coref.resolve
    actors_coref.resolve = lambda ctx, **_: None  # type: ignore[assignment]
    try:
        yield
    finally:
        actors_coref.resolve = saved  # type: ignore[assignment]


def main(n: int = 60, rounds: int = 3) -> int:
    if not TEXTS.is_dir():
        print(f"{TEXTS} not found: nothing to measure")
        return 0
    from detente.parse.model import get_nlp
    from detente.pipeline.coding import code_doc, make_article, masked_text

    nlp = get_nlp()
    files = sorted(TEXTS.iterdir())[:n]
    arts = [make_article(f.read_text(encoding="utf-8"), published="2016-10-01") for f in files]
    parse, docs = [], []
    for a in arts:
        t0 = time.perf_counter()
        docs.append(nlp(masked_text(a)))
        parse.append(time.perf_counter() - t0)
    code_doc(docs[0], arts[0])  # warm the lexicons
    on: list[list[float]] = [[] for _ in arts]
    off: list[list[float]] = [[] for _ in arts]
    chains = 0
    for r in range(rounds):
        for i, (doc, a) in enumerate(zip(docs, arts, strict=True)):
            order = (True, False) if (i + r) % 2 == 0 else (False, True)
            for with_coref in order:
                t0 = time.perf_counter()
                if with_coref:
                    coded = code_doc(doc, a)
                    on[i].append(time.perf_counter() - t0)
                    if r == 0:
                        chains += len(coded.chains)
                else:
                    with _without_coref():
                        code_doc(doc, a)
                    off[i].append(time.perf_counter() - t0)
    m_on = [statistics.median(x) for x in on]
    m_off = [statistics.median(x) for x in off]
    total_on = sum(p + c for p, c in zip(parse, m_on, strict=True))
    total_off = sum(p + c for p, c in zip(parse, m_off, strict=True))
    print(json.dumps({
        "articles": len(arts), "rounds": rounds, "chains": chains,
        "median_parse_ms": round(1000 * statistics.median(parse), 1),
        "median_code_ms_with_coref": round(1000 * statistics.median(m_on), 1),
        "median_code_ms_without_coref": round(1000 * statistics.median(m_off), 1),
        "median_coref_ms": round(1000 * statistics.median(
            [a - b for a, b in zip(m_on, m_off, strict=True)]), 1),
        "throughput_ratio": round(total_off and total_on and total_off / total_on, 3)}))
    return 0


if __name__ == "__main__":
    sys.exit(main(*(int(x) for x in sys.argv[1:3])))
