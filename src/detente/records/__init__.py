"""Records: the frozen dataclasses that cross every stage boundary.

Everything detente produces points back at the exact characters of the article it came
from: ``start``/``end`` are character offsets into ``Article.text`` (the original text,
noise included), ``text[start:end]`` is the evidence.

The flow is::

    read -> Article -> clean -> Article(noise=...) -> parse -> extract -> CodedArticle
         -> store -> link -> Story / EventCluster / Dispute / Position

Every record has a ``kind`` (the value of the ``kind`` field in JSONL output) and can be
turned into a JSON-ready dict with :func:`to_dict`.

The records are declared by role in four modules (:mod:`.article`: the input;
:mod:`.coded`: one article's coding; :mod:`.linked`: cross-article records;
:mod:`.dicts`: :func:`to_dict`); every public name is re-exported here, so
``from detente.records import Article`` is the way to import them.
"""

from __future__ import annotations

from .article import Article, NoiseSpan, Problem, article_id_for
from .coded import (
    ActorRef,
    ArticleMention,
    Claim,
    CodedArticle,
    CorefChain,
    CorefMention,
    DateRef,
    Event,
    Mention,
    Place,
    Quote,
)
from .coded import Modality as Modality  # a type alias: importable as before, not in __all__
from .coded import QuoteKind as QuoteKind  # a type alias: importable as before, not in __all__
from .dicts import to_dict
from .linked import Dispute, DisputeSide, EventCluster, Position, Story

__all__ = [
    "ActorRef",
    "Article",
    "ArticleMention",
    "Claim",
    "CodedArticle",
    "CorefChain",
    "CorefMention",
    "DateRef",
    "Dispute",
    "DisputeSide",
    "Event",
    "EventCluster",
    "Mention",
    "NoiseSpan",
    "Place",
    "Position",
    "Problem",
    "Quote",
    "Story",
    "article_id_for",
    "to_dict",
]
