"""Ingest: read -> code -> store, one transaction per article, resumable.

Articles whose id (the hash of their text) is already stored are skipped before they
are parsed, so re-running an interrupted ingest only codes what is missing. Each
article is committed on its own: an exception or Ctrl-C in the middle loses nothing
already committed.

>>> from detente.store import open_store
>>> from detente.pipeline.ingest import ingest
>>> with open_store("sqlite://") as store:
...     ingest([], store=store).new
0
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator
from contextlib import nullcontext
from dataclasses import dataclass, field
from typing import Any

from ..records import Article, ArticleMention, CodedArticle, Problem

__all__ = ["ZONE_SIZE", "IngestReport", "code_in_zones", "ingest"]

#: Articles coded per spaCy memory zone. spaCy keeps every string and lexeme it has seen
#: for the life of the pipeline, so a long run grows without bound; inside
#: ``nlp.memory_zone()`` (spaCy >= 3.8) what the zone added is freed when it closes. The
#: records we keep are plain Python strings, never spaCy objects, so nothing dangles.
ZONE_SIZE = 256


def code_in_zones(
    articles: Iterable[Article],
    *,
    nlp: Any = None,
    batch_size: int = 32,
    zone_size: int = ZONE_SIZE,
) -> Iterator[CodedArticle]:
    """:func:`detente.pipeline.coding.code_articles` in chunks of ``zone_size`` articles, each
    inside a spaCy memory zone, so memory stays flat however many articles stream by.
    Yields one :class:`CodedArticle` per article, in order."""
    from . import coding as pipeline

    if nlp is None:
        from ..parse.model import get_nlp

        nlp = get_nlp()
    zone = getattr(nlp, "memory_zone", None)
    it = iter(articles)
    while chunk := list(itertools.islice(it, zone_size)):
        with zone() if callable(zone) else nullcontext():
            yield from pipeline.code_articles(chunk, nlp=nlp, batch_size=batch_size)


@dataclass
class IngestReport:
    """What an ingest did so far (mutable: it is filled in as the run goes, so a caller
    that catches an interruption still has the counts).

    ``new``: articles coded and stored; ``already``: articles already in the store (not
    parsed again); ``repeated``: the same text given twice in this run; ``mentions``: new
    outlets, URLs or dates recorded for a text already stored or read (wire copies: the
    already stored and repeated inputs that carried something new); ``not_coded``:
    stored but not coded (unsupported language; see the article notes); ``problems``:
    inputs skipped, with reasons; ``events``, ``quotes``: records stored.
    """

    new: int = 0
    already: int = 0
    repeated: int = 0
    mentions: int = 0
    not_coded: int = 0
    events: int = 0
    quotes: int = 0
    problems: list[Problem] = field(default_factory=list)
    interrupted: bool = False

    @property
    def skipped(self) -> int:
        return len(self.problems)

    def as_dict(self) -> dict[str, Any]:
        return {"new": self.new, "already_stored": self.already, "repeated": self.repeated,
                "mentions": self.mentions,
                "not_coded": self.not_coded, "skipped": self.skipped, "events": self.events,
                "quotes": self.quotes, "interrupted": self.interrupted,
                "problems": [{"source": p.source, "reason": p.reason, "code": p.code}
                             for p in self.problems]}


def ingest(
    items: Iterable[Article | Problem],
    *,
    store: Any,
    nlp: Any = None,
    batch_size: int = 32,
    report: IngestReport | None = None,
    on_article: Callable[[CodedArticle | None, Article | Problem], None] | None = None,
) -> IngestReport:
    """Code and store ``items`` (what :func:`detente.read.read_inputs` yields).

    ``report`` (optional) is filled in place, so the counts survive an exception or
    ``KeyboardInterrupt``, which propagate. ``on_article(coded, item)`` is called after
    each input is handled (``coded`` is None for skipped, repeated and already stored
    inputs): progress bars hook in here.
    """
    from .coding import SUPPORTED_LANGUAGES

    rep = report if report is not None else IngestReport()
    # Loaded once: one indexed query per article would cost more than the set.
    stored = store.article_ids()
    seen: set[str] = set()

    def note(coded: CodedArticle | None, item: Article | Problem) -> None:
        if on_article is not None:
            on_article(coded, item)

    # Copies of a text read while its first copy is still being coded: recorded as
    # mentions once that copy is stored.
    waiting: dict[str, list[ArticleMention]] = {}

    def mention(item: Article) -> None:
        m = ArticleMention.of(item)
        if item.id in waiting:
            waiting[item.id].append(m)
        elif store.add_mention(m):
            rep.mentions += 1

    def fresh() -> Iterator[Article]:
        for item in items:
            if isinstance(item, Problem):
                rep.problems.append(item)
                note(None, item)
                continue
            if item.id in stored:
                rep.already += 1
                mention(item)
                note(None, item)
                continue
            if item.id in seen:
                rep.repeated += 1
                mention(item)
                note(None, item)
                continue
            seen.add(item.id)
            waiting[item.id] = []
            yield item

    for coded in code_in_zones(fresh(), nlp=nlp, batch_size=batch_size):
        later = waiting.pop(coded.article.id, [])
        if store.save(coded):
            rep.new += 1
            rep.events += len(coded.events)
            rep.quotes += len(coded.quotes)
            if coded.article.language not in SUPPORTED_LANGUAGES:
                rep.not_coded += 1
        else:  # stored by another process meanwhile
            rep.already += 1
            later.insert(0, ArticleMention.of(coded.article))
        for m in later:
            if store.add_mention(m):
                rep.mentions += 1
        note(coded, coded.article)
    return rep
