"""Run every link step over a corpus, or over a store.

What is recomputed: everything. Linking reads the coded records (never the text through
spaCy again), so a full pass is cheap (seconds for thousands of articles, see
docs/benchmarks.md "Linking"); ``run_links`` redoes it from the store and swaps the
results in one transaction. Ids are derived from members (a cluster from its
earliest-keyed event, a story from its earliest article), so re-running after new
articles arrive keeps the ids of groups whose anchor did not change.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from ..records import CodedArticle, Dispute, EventCluster, Position, Story
from .clusters import cluster_events
from .dedupe import find_duplicates
from .disputes import disputes_and_echoes
from .embed import Embedder
from .positions import extract_positions
from .stories import assign_stories, group_stories

__all__ = ["LinkResult", "LinkSummary", "link_all", "run_links"]


@dataclass(frozen=True, slots=True)
class LinkResult:
    """Everything the link stage found: ``stories``, ``clusters``, ``disputes``,
    ``positions``, ``duplicates`` (article id -> wire-copy representative, only for
    articles that are copies) and ``skipped`` (one message per record left out because
    another of the same kind already had its id; the first is kept)."""

    stories: tuple[Story, ...]
    clusters: tuple[EventCluster, ...]
    disputes: tuple[Dispute, ...]
    positions: tuple[Position, ...]
    duplicates: tuple[tuple[str, str], ...] = ()
    skipped: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class LinkSummary:
    """Counts and timing of one link run: ``articles``, ``duplicates`` (articles that are
    wire copies), ``stories``, ``clusters``, ``multi_article_clusters``, ``disputes``,
    ``positions``, ``seconds``, ``embedder`` (name, or None for lexical only), ``skipped``
    (records left out for a repeated id, named)."""

    articles: int
    duplicates: int
    stories: int
    clusters: int
    multi_article_clusters: int
    disputes: int
    positions: int
    seconds: float
    embedder: str | None = None
    skipped: tuple[str, ...] = ()
    kind: str = field(default="link_summary", init=False)


def link_all(coded: Iterable[CodedArticle], *, embedder: Embedder | None = None) -> LinkResult:
    """Clusters, stories, disputes and positions of ``coded``, cross-referenced
    (``story_id`` set on clusters and disputes)."""
    coded = list(coded)
    dups = find_duplicates(coded)
    clusters = cluster_events(coded, embedder=embedder, duplicates=dups)
    disputes, echoes = disputes_and_echoes(coded, duplicates=dups)
    # Two sides of a dispute in different articles are talking about the same thing.
    links = [
        (d.claim.article_id, d.counter.article_id)
        for d in disputes
        if d.claim.article_id != d.counter.article_id
    ]
    # So are two outlets reporting one party's same claim.
    links += echoes
    stories = group_stories(coded, clusters=clusters, duplicates=dups, article_links=links)
    clusters = assign_stories(clusters, stories=stories)
    story_of = {a: s.id for s in stories for a in s.article_ids}
    disputes = [dataclasses.replace(d, story_id=story_of.get(d.claim.article_id)) for d in disputes]
    positions = extract_positions(coded)
    skipped: list[str] = []
    return LinkResult(
        stories=_unique("story", stories, skipped),
        clusters=_unique("cluster", clusters, skipped),
        disputes=_unique("dispute", disputes, skipped),
        positions=_unique("position", positions, skipped),
        duplicates=tuple(sorted((a, r) for a, r in dups.items() if a != r)),
        skipped=tuple(skipped),
    )


_R = TypeVar("_R", Story, EventCluster, Dispute, Position)


def _unique(what: str, records: Iterable[_R], skipped: list[str]) -> tuple[_R, ...]:
    """``records`` with one record per id, the first kept: one bad pair (two records of
    one kind given the same id, as colliding quote ids in stores coded before ids were
    made unique did) must never sink the whole link run. Each one left out is named."""
    seen: dict[str, _R] = {}
    for r in records:
        first = seen.get(r.id)
        if first is None:
            seen[r.id] = r
        elif r != first:
            skipped.append(f"{what} {r.id}: same id as an earlier {what} "
                           f"({_where(first)} / {_where(r)}); kept the first")
    return tuple(seen.values())


def _where(r: Story | EventCluster | Dispute | Position) -> str:
    if isinstance(r, Dispute):
        return (f"{r.claim.article_id}:{r.claim.start}-{r.claim.end} vs "
                f"{r.counter.article_id}:{r.counter.start}-{r.counter.end}")
    if isinstance(r, Position):
        return f"{r.article_id}:{r.start}-{r.end}"
    return ",".join(sorted(getattr(r, "article_ids", ()) or ())[:3])


class _LinkStore(Protocol):
    def iter_coded(self, **kwargs: Any) -> Iterable[CodedArticle]: ...

    def replace_links(self, **kwargs: Any) -> None: ...


def run_links(store: _LinkStore, *, embedder: Embedder | None = None) -> LinkSummary:
    """Link everything in ``store`` and replace its previous link results."""
    t0 = time.perf_counter()
    coded = list(store.iter_coded())
    result = link_all(coded, embedder=embedder)
    store.replace_links(
        stories=list(result.stories),
        clusters=list(result.clusters),
        disputes=list(result.disputes),
        positions=list(result.positions),
    )
    return LinkSummary(
        articles=len(coded),
        duplicates=len(result.duplicates),
        stories=len(result.stories),
        clusters=len(result.clusters),
        multi_article_clusters=sum(1 for c in result.clusters if c.n_articles > 1),
        disputes=len(result.disputes),
        positions=len(result.positions),
        seconds=round(time.perf_counter() - t0, 3),
        embedder=getattr(embedder, "name", None),
        skipped=result.skipped,
    )
