"""Stories: articles grouped as reports of one story.

Three signals join two articles: they are wire copies of each other; their title and
lead are similar (TF-IDF cosine, blocked by rare keywords and publication date); or they
share an event cluster and their texts agree at least a little. Articles with no
publication date are joined by content alone and counted in ``Story.undated``.
"""

from __future__ import annotations

import bisect
import dataclasses
import heapq
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

from ..records import CodedArticle, EventCluster, Story
from ._text import UnionFind, config, cosine, stable_id, tfidf_vectors, tokens
from .dedupe import body_text, find_duplicates

__all__ = ["article_title", "assign_stories", "group_stories"]


def article_title(coded: CodedArticle) -> str:
    """The article's title, else its first non-empty line (cut at 200 characters)."""
    a = coded.article
    if a.title:
        return a.title.strip()
    for line in a.text.splitlines():
        if line.strip():
            return line.strip()[:200]
    return ""


def _profile_text(coded: CodedArticle, lead_chars: int) -> str:
    title = article_title(coded)
    body = body_text(coded.article)
    # The title twice: it names the story more reliably than any body sentence.
    return f"{title}\n{title}\n{body[:lead_chars]}"


def _keywords(vec: dict[str, float], n: int) -> tuple[str, ...]:
    # Party tokens ("@RUS") are folded spellings, not words a reader would search for.
    ranked = sorted(vec.items(), key=lambda kv: (-kv[1], kv[0]))
    return tuple(w for w, _ in ranked if not w.startswith("@"))[:n]


def group_stories(
    coded: Iterable[CodedArticle],
    *,
    clusters: Sequence[EventCluster] = (),
    duplicates: dict[str, str] | None = None,
    article_links: Iterable[tuple[str, str]] = (),
) -> list[Story]:
    """Group articles into :class:`Story` records (every article in exactly one story).

    ``clusters`` (from :func:`cluster_events`) and ``article_links`` (pairs of article ids
    known to discuss the same thing, e.g. the two sides of a cross-article dispute) add
    evidence; ``duplicates`` maps wire copies to their representative.
    Stories come back largest first.
    """
    coded = list(coded)
    cfg = config()["stories"]
    if duplicates is None:
        duplicates = find_duplicates(coded)
    by_id = {c.article.id: c for c in coded}
    uf = UnionFind(max_span=int(cfg["max_span_days"]))
    for aid, c in by_id.items():
        pub = c.article.published
        uf.add(aid, day=pub.toordinal() if pub else None)

    reps = [c for c in coded if duplicates.get(c.article.id, c.article.id) == c.article.id]
    lead = int(cfg["lead_chars"])
    vecs = tfidf_vectors([tokens(_profile_text(c, lead)) for c in reps])
    vec_of = {c.article.id: v for c, v in zip(reps, vecs, strict=True)}
    window = int(cfg["window_days"])
    min_sim = float(cfg["min_similarity"])

    # Blocking: each article is indexed under its few rarest keywords; keywords held by
    # too many articles are dropped, and postings are sorted by date so a candidate
    # search is a bisect on the date window.
    df: Counter[str] = Counter()
    for v in vecs:
        df.update(v.keys())
    cap = max(30, int(float(cfg["max_keyword_share"]) * len(reps)))
    postings: dict[str, list[tuple[int, str]]] = defaultdict(list)
    undated: dict[str, list[str]] = defaultdict(list)
    block_k = int(cfg["block_keywords"])
    block_words: dict[str, list[str]] = {}
    for c, v in zip(reps, vecs, strict=True):
        words = [w for w in v if 1 < df[w] <= cap]
        words.sort(key=lambda w: (df[w], w))
        block_words[c.article.id] = words[:block_k]
        for w in words[:block_k]:
            if c.article.published is None:
                undated[w].append(c.article.id)
            else:
                postings[w].append((c.article.published.toordinal(), c.article.id))
    for plist in postings.values():
        plist.sort()

    # Candidate links, each with the group-average bar it needs (see _agglomerate).
    edges: list[tuple[float, str, str]] = []
    per_word = int(cfg["max_candidates_per_keyword"])
    strong_bar = float(cfg["min_group_similarity"])
    scored: set[tuple[str, str]] = set()
    for c in reps:
        aid = c.article.id
        pub = c.article.published
        cands: set[str] = set()
        for w in block_words[aid]:
            cands.update(undated.get(w, ()))
            plist = postings.get(w, [])
            if pub is None:
                cands.update(x for _, x in plist[:per_word])
                continue
            day = pub.toordinal()
            lo = bisect.bisect_left(plist, (day - window, ""))
            hi = bisect.bisect_right(plist, (day + window, "\uffff"))
            if hi - lo > per_word:
                # Only the articles nearest in date: a denser corpus must not make each
                # lookup longer.
                mid = bisect.bisect_left(plist, (day, ""), lo, hi)
                lo = max(lo, min(mid - per_word // 2, hi - per_word))
                hi = lo + per_word
            cands.update(x for _, x in plist[lo:hi])
        # Candidates are not symmetric (each side keeps its nearest few), so a pair is
        # scored from whichever side finds it first.
        for other in cands:
            key = (aid, other) if aid < other else (other, aid)
            if other != aid and key not in scored:
                scored.add(key)
                if cosine(vec_of[aid], vec_of[other]) >= min_sim:
                    edges.append((strong_bar, *key))

    # Weaker evidence, each with a pair bar and a lower group bar. A shared event cluster
    # is a shared happening: its articles join when their texts also agree a little (one
    # common dyad and type alone is too weak in a corpus about one war). Claim links (the
    # two sides of a cross-article dispute, two outlets echoing one side's claim) are no
    # shared happening: they need more text in common.
    weak_bar = float(cfg["min_group_similarity_weak"])
    support = float(cfg["cluster_support_similarity"])
    weak: dict[tuple[str, str], float] = {}
    for cl in clusters:
        arts = sorted({duplicates.get(a, a) for a, _ in cl.event_ids} & vec_of.keys())
        for other in arts[1:]:
            if (arts[0], other) not in weak:
                sim = cosine(vec_of[arts[0]], vec_of[other])
                if sim >= support:
                    weak[(arts[0], other)] = sim
    claim_bar = float(cfg["claim_support_similarity"])
    for a, b in article_links:
        a, b = duplicates.get(a, a), duplicates.get(b, b)
        if a in vec_of and b in vec_of and a != b:
            key = (a, b) if a < b else (b, a)
            if key not in weak:
                sim = cosine(vec_of[a], vec_of[b])
                if sim >= claim_bar:
                    weak[key] = sim
    # Each article keeps only its most similar weak links.
    per_article: dict[str, list[tuple[float, str, str]]] = defaultdict(list)
    for (a, b), sim in weak.items():
        per_article[a].append((sim, a, b))
        per_article[b].append((sim, a, b))
    cap = int(cfg["max_weak_links"])
    kept: set[tuple[str, str]] = set()
    for links in per_article.values():
        links.sort(key=lambda t: (-t[0], t[1], t[2]))
        kept.update((a, b) for _, a, b in links[:cap])
    edges.extend((weak_bar, a, b) for a, b in sorted(kept))
    _agglomerate(uf, _Centroids(vec_of), edges)

    # Wire copies follow their representative.
    for aid in by_id:
        rep = duplicates.get(aid, aid)
        if rep != aid and rep in by_id:
            uf.union(rep, aid)

    stories = []
    for group in uf.groups():
        members = sorted((by_id[a] for a in group), key=_order)
        acc: dict[str, float] = defaultdict(float)
        for m in members:
            for w, x in vec_of.get(m.article.id, {}).items():
                acc[w] += x
        outlets = sorted({m.article.outlet for m in members if m.article.outlet})
        pubs = [m.article.published for m in members if m.article.published]
        stories.append(
            Story(
                id=stable_id("s", [members[0].article.id]),
                article_ids=tuple(m.article.id for m in members),
                title=article_title(members[0]),
                outlets=tuple(outlets),
                n_articles=len(members),
                n_outlets=len(outlets),
                first_reported=min(pubs, default=None),
                last_reported=max(pubs, default=None),
                keywords=_keywords(acc, 8),
                undated=sum(1 for m in members if m.article.published is None),
            )
        )
    stories.sort(key=lambda s: (-s.n_articles, -s.n_outlets, s.id))
    return stories


_MAX_TERMS = 400


class _Centroids:
    """Sum vectors of the current groups (keyed by union-find root), for group-average
    linkage: the mean cosine over all cross pairs of two groups is the dot product of
    their summed (unit) vectors divided by the two sizes, so it costs one sparse dot
    product, not |A| x |B| cosines."""

    def __init__(self, vec_of: dict[str, dict[str, float]]) -> None:
        self.vec_of = vec_of
        self.sums: dict[str, dict[str, float]] = {}
        self.count: dict[str, int] = {}

    def _get(self, root: str, member: str) -> tuple[dict[str, float], int]:
        if root not in self.sums:
            v = self.vec_of.get(member, {})
            return v, 1 if v else 0
        return self.sums[root], self.count[root]

    def similarity(self, ra: str, a: str, rb: str, b: str) -> float:
        va, na = self._get(ra, a)
        vb, nb = self._get(rb, b)
        if not na or not nb:
            return 0.0
        if len(va) > len(vb):
            va, vb = vb, va
        return sum(x * vb.get(w, 0.0) for w, x in va.items()) / (na * nb)

    def merge(self, root: str, ra: str, a: str, rb: str, b: str) -> None:
        va, na = self._get(ra, a)
        vb, nb = self._get(rb, b)
        self.sums.pop(ra, None)
        self.sums.pop(rb, None)
        self.count.pop(ra, None)
        self.count.pop(rb, None)
        # Add the smaller sum into the larger (union by size keeps this n log n); an
        # article's own vector is copied first, never changed.
        big, small = (va, vb) if len(va) >= len(vb) else (vb, va)
        if (big is va and na == 1) or (big is vb and nb == 1):
            big = dict(big)
        for w, x in small.items():
            big[w] = big.get(w, 0.0) + x
        if len(big) > _MAX_TERMS:
            # A story's summed vector keeps its heaviest terms only: the mean similarity
            # barely moves (the tail is words single reports use once), and merges and
            # dot products stay bounded however large the story grows.
            big = dict(sorted(big.items(), key=lambda kv: -kv[1])[:_MAX_TERMS])
        self.sums[root] = big
        self.count[root] = na + nb


def _agglomerate(uf: UnionFind, centroids: _Centroids, edges: list[tuple[float, str, str]]) -> None:
    """Group-average agglomeration over candidate links.

    Each link (bar, a, b) proposes merging the groups of ``a`` and ``b``; the most alike
    pair of groups (mean cross-pair cosine) merges first, and a merge happens only while
    that mean reaches the link's bar. Single linkage would let a chain of links (A~B,
    B~C, ...) grow one story through a hub that touches everything; here a report joins
    a story only when it is like the story's reports on average. Links are re-scored
    lazily: a popped link whose groups changed is pushed back with its new score.
    """
    best: dict[tuple[str, str], float] = {}
    for bar, a, b in edges:
        key = (a, b) if a < b else (b, a)
        best[key] = min(bar, best.get(key, bar))
    heap = []
    for (a, b), bar in best.items():
        heap.append((-centroids.similarity(uf.find(a), a, uf.find(b), b), a, b, bar))
    heapq.heapify(heap)
    while heap:
        neg, a, b, bar = heapq.heappop(heap)
        ra, rb = uf.find(a), uf.find(b)
        if ra == rb:
            continue
        cur = centroids.similarity(ra, a, rb, b)
        if cur < bar:
            continue
        if cur < -neg - 1e-9:
            heapq.heappush(heap, (-cur, a, b, bar))  # groups changed since scored
            continue
        if uf.union(a, b):
            centroids.merge(uf.find(a), ra, a, rb, b)


def _order(c: CodedArticle) -> tuple:
    # The earliest report names the story; undated articles come last.
    a = c.article
    return (a.published is None, a.published.toordinal() if a.published else 0, a.id)


def assign_stories(
    clusters: Sequence[EventCluster], *, stories: Sequence[Story]
) -> list[EventCluster]:
    """The clusters with ``story_id`` set: the story holding most of their articles."""
    story_of = {aid: s.id for s in stories for aid in s.article_ids}
    out = []
    for cl in clusters:
        votes = Counter(story_of[a] for a, _ in cl.event_ids if a in story_of)
        sid = votes.most_common(1)[0][0] if votes else None
        out.append(dataclasses.replace(cl, story_id=sid))
    return out
