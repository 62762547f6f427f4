"""The records one article's coding produces (extract stage): mentions and the actors
they resolve to, coreference chains, dates, places, quotes, claims, events, and the
:class:`CodedArticle` that holds them all.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import Any, Literal

from .article import Article

__all__ = ["ActorRef", "ArticleMention", "Claim", "CodedArticle", "CorefChain", "CorefMention",
           "DateRef", "Event", "Mention", "Modality", "Place", "Quote", "QuoteKind"]

Modality = Literal[
    "asserted", "reported", "intended", "conditional", "negated", "hypothetical", "denied"
]
QuoteKind = Literal["direct", "indirect", "mixed"]


@dataclass(frozen=True, slots=True)
class ArticleMention:
    """One outlet's publication of an article's text: the same text (a wire story) carried
    by several outlets is one :class:`Article` with one mention per outlet, URL and date
    that carried it, the way GDELT's Mentions table keeps every report.

    Fields: ``article_id``; ``outlet``; ``url``; ``title``; ``published`` (that outlet's
    date, or None); ``source`` (where this copy was read from: a path,
    ``file.jsonl:12``).
    """

    article_id: str
    outlet: str | None = None
    url: str | None = None
    title: str | None = None
    published: _dt.date | None = None
    source: str | None = None
    kind: str = field(default="article_mention", init=False)

    @classmethod
    def of(cls, article: Article) -> ArticleMention:
        """The mention an article's own metadata makes."""
        return cls(article_id=article.id, outlet=article.outlet, url=article.url,
                   title=article.title, published=article.published, source=article.source)


@dataclass(frozen=True, slots=True)
class ActorRef:
    """A resolved actor.

    Fields: ``code`` (``"RUS GOV"``, ``"UKR MIL"``, ``"NATO"``: country or IGO code, then
    the PLOVER sector if known); ``country`` (ISO-3166 alpha-3, or None for IGOs);
    ``sector`` (``GOV``, ``MIL``, ``REB``, ``OPP``, ``CVL``, ``MED``, ``BUS``, ... or None);
    ``igo`` (IGO code such as ``NATO``, ``EU``, ``UN``, or None); ``person`` (canonical
    name, e.g. ``Sergei Lavrov``, or None); ``role`` (``Foreign Minister``, or None);
    ``actor_id`` (the dictionary entry id, or None when resolved by NER alone).
    """

    code: str
    country: str | None = None
    sector: str | None = None
    igo: str | None = None
    person: str | None = None
    role: str | None = None
    actor_id: str | None = None


@dataclass(frozen=True, slots=True)
class Mention:
    """A span of text naming a participant.

    Fields: ``article_id``; ``start``, ``end``, ``text``; ``label`` (entity label:
    ``PERSON``, ``GPE``, ``NORP``, ``ORG``, ``ACTOR`` for dictionary nominals, ``PRON``
    for pronouns); ``actor`` (resolved :class:`ActorRef`, or None); ``how`` (how it was
    resolved: ``dictionary``, ``metonymy``, ``coref``, ``ner``, ``unresolved``);
    ``antecedent_start`` (for coreference: start offset of the mention it points back
    to, else None).
    """

    article_id: str
    start: int
    end: int
    text: str
    label: str
    actor: ActorRef | None = None
    how: str = "dictionary"
    antecedent_start: int | None = None
    kind: str = field(default="mention", init=False)


@dataclass(frozen=True, slots=True)
class CorefMention:
    """One mention of a coreference chain: ``start``, ``end`` (offsets into
    ``Article.text``), ``text``, ``label`` (as on :class:`Mention`: ``PERSON``, ``ACTOR``,
    ``PRON``...) and ``antecedent_start`` (start of the mention it was resolved to)."""

    start: int
    end: int
    text: str
    label: str
    antecedent_start: int | None = None


@dataclass(frozen=True, slots=True)
class CorefChain:
    """The mentions of one entity in an article (rule-based coreference).

    Fields: ``article_id``; ``id`` (``<article_id>:c<n>``, in order of first mention);
    ``entity_id`` (the dictionary id, else ``person:<name>``, else ``<article_id>:e<n>``);
    ``actor`` (the entity's :class:`ActorRef`); ``start``, ``end``, ``text`` (the head
    mention: the fullest name among the mentions); ``mentions`` (every
    :class:`CorefMention`, in text order: who "he" is).
    """

    article_id: str
    id: str
    entity_id: str
    actor: ActorRef | None
    start: int
    end: int
    text: str
    mentions: tuple[CorefMention, ...] = ()
    kind: str = field(default="coref_chain", init=False)


@dataclass(frozen=True, slots=True)
class DateRef:
    """A time expression resolved against the publication date.

    Fields: ``article_id``; ``start``, ``end``, ``text`` (the raw expression, kept);
    ``value`` (the resolved date, or None when vague); ``value_end`` (last day for
    ranges such as "last week", else equal to ``value`` or None); ``granularity``
    (``day``, ``week``, ``month``, ``year``, ``vague``); ``anchor`` (the date it was
    resolved against, usually the publication date).
    """

    article_id: str
    start: int
    end: int
    text: str
    value: _dt.date | None
    value_end: _dt.date | None = None
    granularity: str = "day"
    anchor: _dt.date | None = None
    kind: str = field(default="date", init=False)


@dataclass(frozen=True, slots=True)
class Place:
    """A place named in the article, resolved offline.

    Fields: ``article_id``; ``start``, ``end``, ``text``; ``name`` (gazetteer name);
    ``country`` (ISO-3166 alpha-3); ``lat``, ``lon``; ``geonameid`` (or None);
    ``feature`` (``city``, ``region``, ``country``).
    """

    article_id: str
    start: int
    end: int
    text: str
    name: str
    country: str | None
    lat: float | None
    lon: float | None
    geonameid: int | None = None
    feature: str = "city"
    kind: str = field(default="place", init=False)


@dataclass(frozen=True, slots=True)
class Quote:
    """Who said what.

    Fields: ``article_id``; ``id`` (stable within the article: ``q<start>``);
    ``start``, ``end``, ``text`` (the content span); ``cue_start``, ``cue_end``, ``cue``
    (``said``, ``according to``, ... or None); ``speaker_start``, ``speaker_end``,
    ``speaker_text`` (the speaker span in the text, possibly a pronoun, or None);
    ``speaker`` (resolved :class:`ActorRef` with ``person`` where known, or None);
    ``quote_type`` (``direct``, ``indirect``, ``mixed``); ``via`` (the reporting chain,
    outermost last: ``("Interfax",)``, ``("The New York Times",)``);
    ``sentence_start``, ``sentence_end`` (the sentence(s) holding it); ``confidence``.
    """

    article_id: str
    id: str
    start: int
    end: int
    text: str
    cue_start: int | None
    cue_end: int | None
    cue: str | None
    speaker_start: int | None
    speaker_end: int | None
    speaker_text: str | None
    speaker: ActorRef | None
    quote_type: QuoteKind
    via: tuple[str, ...] = ()
    sentence_start: int = 0
    sentence_end: int = 0
    confidence: float = 0.5
    kind: str = field(default="quote", init=False)


@dataclass(frozen=True, slots=True)
class Claim:
    """The proposition a quote asserts, normalised for dispute finding.

    Fields: ``article_id``; ``quote_id``; ``speaker`` (:class:`ActorRef` or None);
    ``polarity`` (+1 asserts, -1 denies); ``proposition`` (normalised text: lower-case
    lemmas of the content without negation); ``keywords`` (content lemmas, sorted);
    ``denial`` (True when the quote is an explicit denial or refutation: "refuted these
    claims", "never received", "fakes and lies"); ``date`` (date of the statement);
    ``start``, ``end`` (evidence span).
    """

    article_id: str
    quote_id: str
    speaker: ActorRef | None
    polarity: int
    proposition: str
    keywords: tuple[str, ...]
    denial: bool
    date: _dt.date | None
    start: int
    end: int
    kind: str = field(default="claim", init=False)


@dataclass(frozen=True, slots=True)
class Event:
    """Who did what to whom, when and where.

    Fields: ``article_id``; ``id`` (``e<trigger_start>``); ``start``, ``end`` (the
    sentence span: the evidence); ``trigger_start``, ``trigger_end``, ``trigger``;
    ``plover_type`` (one of PLOVER 2021's 16 types); ``mode``; ``context``; ``cameo``
    (CAMEO code, string); ``goldstein`` (CAMEO Goldstein score); ``quad_class`` (1 verbal
    cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict);
    ``source``, ``target`` (tuples of :class:`ActorRef`); ``source_text``,
    ``target_text`` (the spans' text); ``modality``; ``date`` (resolved date or None);
    ``date_text`` (the raw time expression used, or None); ``date_basis``
    (``sentence`` when the sentence's own expression was used, ``context`` when the
    previous sentence's past year dated a background sequel, ``article`` when the
    publication date was); ``places`` (tuple of :class:`Place`); ``quote_id`` (the quote
    the event was read from, if any); ``amounts`` (numbers with units, e.g.
    ``("$40 billion",)``); ``confidence`` (0..1).
    """

    article_id: str
    id: str
    start: int
    end: int
    trigger_start: int
    trigger_end: int
    trigger: str
    plover_type: str
    mode: str | None
    context: str | None
    cameo: str | None
    goldstein: float | None
    quad_class: int | None
    source: tuple[ActorRef, ...]
    target: tuple[ActorRef, ...]
    source_text: str | None
    target_text: str | None
    modality: Modality
    date: _dt.date | None
    date_text: str | None
    date_basis: str
    places: tuple[Place, ...] = ()
    quote_id: str | None = None
    amounts: tuple[str, ...] = ()
    confidence: float = 0.5
    kind: str = field(default="event", init=False)


@dataclass(frozen=True, slots=True)
class CodedArticle:
    """An article with everything extracted from it.

    Fields: ``article`` (with its noise spans); ``mentions``; ``dates``; ``places``;
    ``quotes``; ``claims``; ``events``; ``notes`` (human-readable remarks, e.g.
    ``"language 'de' is not supported: not coded"``); ``chains`` (coreference
    :class:`CorefChain` records).
    """

    article: Article
    mentions: tuple[Mention, ...] = ()
    dates: tuple[DateRef, ...] = ()
    places: tuple[Place, ...] = ()
    quotes: tuple[Quote, ...] = ()
    claims: tuple[Claim, ...] = ()
    events: tuple[Event, ...] = ()
    notes: tuple[str, ...] = ()
    chains: tuple[CorefChain, ...] = ()
    article_mentions: tuple[ArticleMention, ...] = ()
    kind: str = field(default="coded_article", init=False)

    def records(self) -> list[Any]:
        """All records in output order: article, noise, mentions, dates, places, quotes,
        claims, events, coreference chains."""
        return [
            self.article,
            *self.article.noise,
            *self.mentions,
            *self.dates,
            *self.places,
            *self.quotes,
            *self.claims,
            *self.events,
            *self.chains,
        ]
