"""Stories: articles grouped as reports of one story.

Three signals join two articles: they are wire copies of each other; their title and
lead are similar (TF-IDF cosine, blocked by rare keywords and publication date); or they
share an event cluster and their texts agree at least a little. Articles with no
publication date are joined by content alone and counted in ``Story.undated``.
"""

from __future__ import annotations

import bisect
import dataclasses
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
        rep = duplicates.get(aid, aid)
        if rep != aid and rep in by_id:
            uf.union(rep, aid)

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

    for c in reps:
        aid = c.article.id
        pub = c.article.published
        cands: set[str] = set()
        for w in block_words[aid]:
            cands.update(undated.get(w, ()))
            plist = postings.get(w, [])
            if pub is None:
                cands.update(x for _, x in plist)
                continue
            lo = bisect.bisect_left(plist, (pub.toordinal() - window, ""))
            hi = bisect.bisect_right(plist, (pub.toordinal() + window, "\uffff"))
            cands.update(x for _, x in plist[lo:hi])
        for other in sorted(cands):  # sorted: the span guard makes order matter
            if other <= aid or uf.find(other) == uf.find(aid):
                continue
            if cosine(vec_of[aid], vec_of[other]) >= min_sim:
                uf.union(aid, other)

    # A shared event cluster joins two articles when their texts also agree a little:
    # one common dyad and type alone is too weak in a corpus about one war.
    support = float(cfg["cluster_support_similarity"])
    for cl in clusters:
        arts = sorted({duplicates.get(a, a) for a, _ in cl.event_ids} & vec_of.keys())
        for other in arts[1:]:
            if cosine(vec_of[arts[0]], vec_of[other]) >= support:
                uf.union(arts[0], other)
    for a, b in article_links:
        if a in by_id and b in by_id:
            uf.union(a, b)

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
