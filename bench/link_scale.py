"""How the link stage scales: 200 and 2,000 articles, and 1,000 wire copies.

Usage::

    .venv/bin/python bench/link_scale.py [--sizes 200 2000] [--wire 1000] [--seed 7]
    .venv/bin/python bench/link_scale.py --sizes 2000 20000 --repeat 1 --wire 0  # archive scale

The base corpus is the shipped sample coded with the pipeline (``detente.sample``), else
the seed articles beside the repository (``../shared/seeds``), else the hand-built
articles of the link tests. Copies are perturbed so they are not wire copies: dates
shifted (publication, event and claim dates, spread over two years), outlets swapped,
numbers changed and a third of the content words swapped for others of the same length
(so every offset stays valid). The wire case is one article copied with a new dateline
each time. Prints link time per size (fastest of ``--repeat`` runs), the growth factor
against n log n and n^2, the sizes of what was found, and the process's peak RSS after
each size (the copies and the link result of the largest size are what it holds).
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import math
import os
import random
import re
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from detente.link import link_all  # noqa: E402
from detente.records import CodedArticle, article_id_for  # noqa: E402

OUTLETS = ["Courier", "Ledger", "Herald", "Gazette", "Tribune", "Observer", "Wire", "Post",
           "Chronicle", "Monitor", "Dispatch", "Sentinel"]


def _base_corpus() -> tuple[str, list[CodedArticle]]:
    try:
        from detente.pipeline.coding import code_articles, make_article
        from detente.sample import sample_dir, sample_manifest

        manifest = Path(sample_manifest())
        rows = [json.loads(x) for x in manifest.read_text(encoding="utf-8").splitlines()
                if x.strip()]
        if rows:
            d = Path(sample_dir())
            arts = [make_article((d / r["path"]).read_text(encoding="utf-8"),
                                 published=r.get("published"), outlet=r.get("outlet"),
                                 language=r.get("language"), title=r.get("title"))
                    for r in rows]
            return "sample corpus", list(code_articles(arts))
    except (ImportError, AttributeError, KeyError, OSError):
        pass
    seeds = ROOT.parent / "shared" / "seeds"
    if (seeds / "manifest.jsonl").is_file():
        from detente.pipeline.coding import code_articles, make_article

        rows = [json.loads(x) for x in (seeds / "manifest.jsonl").read_text().splitlines() if x]
        arts = [make_article((seeds / r["path"]).read_text(encoding="utf-8"),
                             published=r["published"], outlet=r["outlet"],
                             language=r.get("language")) for r in rows]
        return "seed articles", list(code_articles(arts))
    sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "tests" / "link")]
    import test_clusters as t  # type: ignore[import-not-found]

    return "test articles", [t.PROPOSAL_A, t.PROPOSAL_B, t.STORY_1, t.STORY_2, t.STORY_OTHER]


_WORD = re.compile(r"[A-Za-z]{4,}")
_DIGIT = re.compile(r"\d")


def _perturb_text(text: str, rng: random.Random, vocab: dict[int, list[str]], rate: float) -> str:
    def swap(m: re.Match[str]) -> str:
        w = m.group(0)
        pool = vocab.get(len(w))
        return rng.choice(pool) if pool and rng.random() < rate else w

    text = _WORD.sub(swap, text)
    return _DIGIT.sub(lambda m: str(rng.randrange(10)) if rng.random() < 0.3 else m.group(0), text)


def _shift(d: dt.date | None, days: int) -> dt.date | None:
    return d + dt.timedelta(days=days) if d else None


def _copy(c: CodedArticle, text: str, outlet: str, days: int) -> CodedArticle:
    """The coded article moved onto a new text of the same length (offsets stay valid)."""
    assert len(text) == len(c.article.text)
    aid = article_id_for(text)
    a = dataclasses.replace(c.article, id=aid, text=text, outlet=outlet,
                            published=_shift(c.article.published, days))

    def fix(r, **extra):
        return dataclasses.replace(r, article_id=aid, **extra)

    quotes = tuple(fix(q, text=text[q.start : q.end]) for q in c.quotes)
    claims = tuple(fix(cl, date=_shift(cl.date, days)) for cl in c.claims)
    events = tuple(fix(e, date=_shift(e.date, days), trigger=text[e.trigger_start : e.trigger_end])
                   for e in c.events)
    return dataclasses.replace(c, article=a, mentions=(), dates=(), places=(), quotes=quotes,
                               claims=claims, events=events)


def grow(base: list[CodedArticle], n: int, *, seed: int) -> list[CodedArticle]:
    rng = random.Random(seed)
    vocab: dict[int, list[str]] = {}
    for c in base:
        for w in _WORD.findall(c.article.text):
            vocab.setdefault(len(w), []).append(w.lower())
    out = []
    for i in range(n):
        c = base[i % len(base)]
        text = _perturb_text(c.article.text, rng, vocab, rate=0.35)
        out.append(_copy(c, text, rng.choice(OUTLETS), rng.randrange(-365, 365)))
    return out


def wire(base: CodedArticle, n: int) -> list[CodedArticle]:
    out = []
    for i in range(n):
        tag = f"[{i:06d}]"
        text = tag + base.article.text[len(tag) :]
        out.append(_copy(base, text, f"Outlet {i}", 0))
    return out


def _peak_mb() -> float:
    # ru_maxrss is in kilobytes on Linux: the peak of the whole process so far.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _run(coded: list[CodedArticle], embedder=None) -> tuple[float, object]:
    t0 = time.perf_counter()
    result = link_all(coded, embedder=embedder)
    return time.perf_counter() - t0, result


def _describe(result) -> str:
    multi = sum(1 for c in result.clusters if c.n_articles > 1)
    return (f"stories={len(result.stories)} clusters={len(result.clusters)} "
            f"(multi-article {multi}) disputes={len(result.disputes)} "
            f"positions={len(result.positions)} duplicates={len(result.duplicates)}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[200, 2000])
    ap.add_argument("--wire", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--repeat", type=int, default=3,
                    help="time each size this many times and keep the fastest (the box is shared)")
    ap.add_argument("--embeddings", action="store_true",
                    help="also time the sizes with the MiniLM embedder (extra 'embeddings')")
    args = ap.parse_args(argv)
    name, base = _base_corpus()
    base = [c for c in base if c.events or c.claims] or base
    if not any(c.claims for c in base):
        # No claims yet from the extractors: add the link tests' hand-built articles that
        # carry claims, so disputes and claim echoes are exercised at scale too.
        sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "tests" / "link")]
        import test_compare as tc  # type: ignore[import-not-found]
        import test_disputes as td  # type: ignore[import-not-found]

        extra = [tc.FOX, tc.WIRE, td._denial_article(denial=True)]
        base = base + extra
        name += f" + {len(extra)} hand-built articles with claims"
    print(f"base: {name}, {len(base)} coded articles "
          f"({sum(len(c.events) for c in base)} events, {sum(len(c.claims) for c in base)} claims)")
    times = {}
    for n in args.sizes:
        coded = grow(base, n, seed=args.seed)
        runs = [_run(coded) for _ in range(max(1, args.repeat))]
        secs, result = min(runs, key=lambda r: r[0])
        times[n] = secs
        print(f"n={n:>6}: {secs:7.2f} s  {_describe(result)}; peak RSS {_peak_mb():.0f} MB, "
              f"load {os.getloadavg()[0]:.1f}", flush=True)
    if len(times) >= 2:
        small, big = min(times), max(times)
        growth = times[big] / max(times[small], 1e-9)
        r = big / small
        print(f"growth {small}->{big}: x{growth:.1f} (n log n: x{r * math.log(big) / math.log(small):.1f}, "
              f"n^2: x{r * r:.0f})")
    if args.embeddings:
        from detente.link.embed import get_embedder

        emb = get_embedder(prefer="minilm")
        for n in args.sizes:
            secs, result = _run(grow(base, n, seed=args.seed), emb)
            print(f"n={n:>6} with {emb.name}: {secs:7.2f} s  {_describe(result)}")
    if args.wire:
        longest = max(base, key=lambda c: len(c.article.text))
        copies = wire(longest, args.wire)
        secs, result = _run(copies)
        biggest = result.stories[0] if result.stories else None
        print(f"wire copies n={args.wire}: {secs:.2f} s  {_describe(result)}; "
              f"largest story {biggest.n_articles if biggest else 0} articles")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
