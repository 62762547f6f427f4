"""Near-duplicate articles (wire copies): bottom-k shingle sketches and an inverted index.

A thousand copies of one wire story must cost a thousand sketches, not half a million
comparisons: each sketch hash indexes the articles holding it, and every article is only
compared with the first holder of each of its few smallest hashes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..records import Article, CodedArticle
from ._text import UnionFind, config, jaccard_estimate, sketch

__all__ = ["body_text", "find_duplicates"]

_WORD = re.compile(r"\w+", re.UNICODE)


def body_text(article: Article) -> str:
    """The article text with its noise spans blanked (promos and captions say nothing
    about which story it is, and differ between copies of one story)."""
    if not article.noise:
        return article.text
    chars = list(article.text)
    for span in article.noise:
        chars[span.start : span.end] = " " * max(0, min(span.end, len(chars)) - span.start)
    return "".join(chars)


def find_duplicates(coded: Sequence[CodedArticle]) -> dict[str, str]:
    """Map each article id to the id of its group's representative (itself when unique).

    Two articles are duplicates when their word-shingle sets overlap by at least
    ``stories.duplicate_jaccard`` (estimated). The representative is the earliest
    published member (then the smallest id), so it does not change as copies arrive.
    """
    cfg = config()["stories"]
    k_shingle, size = int(cfg["shingle_words"]), int(cfg["sketch_size"])
    threshold = float(cfg["duplicate_jaccard"])
    # Probing with the few smallest hashes finds any pair of Jaccard >= 0.8 with near
    # certainty (a miss needs all probes to differ).
    probes = 4
    sketches: dict[str, tuple[int, ...]] = {}
    order: dict[str, tuple] = {}
    for c in coded:
        a = c.article
        words = [w.lower() for w in _WORD.findall(body_text(a))]
        sketches[a.id] = sketch(words, shingle=k_shingle, size=size)
        order[a.id] = (a.published is None, a.published or 0, a.id)
    uf = UnionFind()
    first_holder: dict[int, str] = {}
    for aid in sorted(sketches, key=lambda x: order[x]):
        uf.add(aid)
        sk = sketches[aid]
        for h in sk[:probes]:
            holder = first_holder.get(h)
            if holder is None:
                first_holder[h] = aid
            elif uf.find(holder) != uf.find(aid) and (
                jaccard_estimate(sketches[holder], sk) >= threshold
            ):
                uf.union(holder, aid)
    out: dict[str, str] = {}
    for group in uf.groups():
        rep = min(group, key=lambda x: order[x])
        for aid in group:
            out[aid] = rep
    return out
