"""Outlet comparison: per outlet, who is quoted, which event types, what only it carries."""

from __future__ import annotations

import datetime as _dt
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..records import CodedArticle, EventCluster
from ._text import normalize_words, tokens
from .clusters import cluster_events, party_of

__all__ = ["OutletProfile", "compare_outlets"]


@dataclass(frozen=True, slots=True)
class OutletProfile:
    """What one outlet reports.

    Fields: ``outlet``; ``n_articles``; ``quoted`` ((speaker, country, n): persons, or the
    speaker text when unnamed, most quoted first); ``quoted_countries`` ((country, n));
    ``event_types`` ((PLOVER type, n)); ``exclusive_clusters`` (ids of event clusters only
    this outlet reports); ``exclusive_claims`` ((article_id, quote_id, speaker, text) of
    claims no other outlet carries).
    """

    outlet: str
    n_articles: int
    quoted: tuple[tuple[str, str | None, int], ...]
    quoted_countries: tuple[tuple[str, int], ...]
    event_types: tuple[tuple[str, int], ...]
    exclusive_clusters: tuple[str, ...] = ()
    exclusive_claims: tuple[tuple[str, str, str | None, str], ...] = ()
    kind: str = field(default="outlet_profile", init=False)


def _in_range(c: CodedArticle, since: _dt.date | None, until: _dt.date | None) -> bool:
    p = c.article.published
    if since is None and until is None:
        return True
    if p is None:
        return False
    return (since is None or p >= since) and (until is None or p <= until)


def compare_outlets(
    coded: Iterable[CodedArticle],
    *,
    story_id: str | None = None,
    since: _dt.date | None = None,
    until: _dt.date | None = None,
    clusters: list[EventCluster] | None = None,
    story_articles: Iterable[str] | None = None,
) -> list[OutletProfile]:
    """One :class:`OutletProfile` per outlet over ``coded`` (most articles first).

    ``story_articles`` (article ids) restricts to those articles; ``story_id`` restricts
    to one story computed from ``coded`` (when ``story_articles`` is not given);
    ``since``/``until`` filter on publication date. Articles with no outlet are grouped as ``"(unknown)"``. A claim is exclusive
    when no other outlet has a claim by the same party sharing half its keywords.
    """
    selected = [c for c in coded if _in_range(c, since, until)]
    if story_id is not None and story_articles is None:
        from .stories import group_stories

        stories = group_stories(selected)
        story_articles = next((s.article_ids for s in stories if s.id == story_id), ())
    if story_articles is not None:
        keep = set(story_articles)
        selected = [c for c in selected if c.article.id in keep]
    if clusters is None:
        clusters = cluster_events(selected)
    # A wire story carried by several outlets counts for each of them (its mentions).
    outlets_of = {c.article.id: sorted({m.outlet or "(unknown)" for m in c.article_mentions})
                  or [c.article.outlet or "(unknown)"] for c in selected}

    quoted: dict[str, Counter] = defaultdict(Counter)
    countries: dict[str, Counter] = defaultdict(Counter)
    types: dict[str, Counter] = defaultdict(Counter)
    n_articles: Counter[str] = Counter()
    claims: list[tuple[str, str | None, set[str], tuple]] = []
    for c in selected:
        for o in outlets_of[c.article.id]:
            n_articles[o] += 1
            for q in c.quotes:
                sp = q.speaker
                name = (sp.person if sp and sp.person else None) or q.speaker_text or "(unattributed)"
                country = party_of(sp)
                quoted[o][(name, country)] += 1
                if country:
                    countries[o][country] += 1
            for e in c.events:
                types[o][e.plover_type] += 1
            for cl in c.claims:
                words = normalize_words(cl.keywords) or set(tokens(c.article.text[cl.start : cl.end]))
                sp = cl.speaker
                rec = (
                    c.article.id,
                    cl.quote_id,
                    sp.person if sp else None,
                    c.article.text[cl.start : cl.end],
                )
                claims.append((o, party_of(sp), words, rec))

    # Exclusive claims: an inverted index over keywords finds the few claims to compare.
    index: dict[str, list[int]] = defaultdict(list)
    for i, (_, _, words, _) in enumerate(claims):
        for w in words:
            index[w].append(i)
    exclusive: dict[str, list[tuple]] = defaultdict(list)
    for o, party, words, rec in claims:
        hits: Counter[int] = Counter()
        for w in words:
            hits.update(j for j in index[w] if claims[j][0] != o)
        shared = any(
            n * 2 >= min(len(words), len(claims[j][2])) and claims[j][1] == party
            for j, n in hits.items()
        )
        if not shared:
            exclusive[o].append(rec)

    excl_clusters: dict[str, list[str]] = defaultdict(list)
    for cluster in clusters:
        outs = {o for a, _ in cluster.event_ids for o in outlets_of.get(a, ())}
        if len(outs) == 1:
            excl_clusters[next(iter(outs))].append(cluster.id)

    profiles = []
    for o in sorted(n_articles, key=lambda x: (-n_articles[x], x)):
        profiles.append(
            OutletProfile(
                outlet=o,
                n_articles=n_articles[o],
                quoted=tuple(
                    (name, country, n)
                    for (name, country), n in sorted(
                        quoted[o].items(), key=lambda kv: (-kv[1], kv[0][0])
                    )
                ),
                quoted_countries=tuple(
                    sorted(countries[o].items(), key=lambda kv: (-kv[1], kv[0]))
                ),
                event_types=tuple(sorted(types[o].items(), key=lambda kv: (-kv[1], kv[0]))),
                exclusive_clusters=tuple(sorted(excl_clusters[o])),
                exclusive_claims=tuple(exclusive[o]),
            )
        )
    return profiles
