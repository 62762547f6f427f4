"""Cross-article records (link stage): event clusters, stories, disputes and positions."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field

__all__ = ["Dispute", "DisputeSide", "EventCluster", "Position", "Story"]


@dataclass(frozen=True, slots=True)
class EventCluster:
    """Events from several articles that report the same happening.

    Fields: ``id``; ``event_ids`` (tuple of ``(article_id, event_id)``); ``plover_type``;
    ``source_code``, ``target_code`` (the dyad); ``n_articles``; ``n_outlets``;
    ``outlets``; ``first_reported``, ``last_reported`` (publication dates);
    ``date_min``, ``date_max`` (spread of the event dates the reports give);
    ``amounts`` (spread of amounts reported); ``label`` (a short description);
    ``story_id``.
    """

    id: str
    event_ids: tuple[tuple[str, str], ...]
    plover_type: str
    source_code: str | None
    target_code: str | None
    n_articles: int
    n_outlets: int
    outlets: tuple[str, ...]
    first_reported: _dt.date | None
    last_reported: _dt.date | None
    date_min: _dt.date | None
    date_max: _dt.date | None
    amounts: tuple[str, ...] = ()
    label: str = ""
    story_id: str | None = None
    kind: str = field(default="event_cluster", init=False)


@dataclass(frozen=True, slots=True)
class Story:
    """Articles grouped as reports of one story.

    Fields: ``id``; ``article_ids``; ``title`` (representative headline); ``outlets``;
    ``n_articles``; ``n_outlets``; ``first_reported``; ``last_reported``;
    ``keywords``; ``undated`` (number of member articles with no publication date).
    """

    id: str
    article_ids: tuple[str, ...]
    title: str
    outlets: tuple[str, ...]
    n_articles: int
    n_outlets: int
    first_reported: _dt.date | None
    last_reported: _dt.date | None
    keywords: tuple[str, ...] = ()
    undated: int = 0
    kind: str = field(default="story", init=False)


@dataclass(frozen=True, slots=True)
class DisputeSide:
    """One side of a dispute: who said what, where.

    Fields: ``article_id``; ``quote_id`` (or None when the side is an event);
    ``speaker`` (person name or None); ``actor_code``; ``text`` (the claim text);
    ``start``, ``end`` (evidence offsets); ``date``; ``outlet``.
    """

    article_id: str
    quote_id: str | None
    speaker: str | None
    actor_code: str | None
    text: str
    start: int
    end: int
    date: _dt.date | None
    outlet: str | None = None


@dataclass(frozen=True, slots=True)
class Dispute:
    """A claim and the counter-claim that denies or contradicts it.

    Fields: ``id``; ``claim`` and ``counter`` (:class:`DisputeSide`); ``basis``
    (``explicit_denial`` or ``opposing_claims``); ``topic`` (short description);
    ``story_id``; ``score`` (0..1).
    """

    id: str
    claim: DisputeSide
    counter: DisputeSide
    basis: str
    topic: str = ""
    story_id: str | None = None
    score: float = 0.5
    kind: str = field(default="dispute", init=False)


@dataclass(frozen=True, slots=True)
class Position:
    """A party's polarity toward a proposition, read from a stance verb's arguments.

    Fields: ``id``; ``party`` (the holder's code, e.g. ``RUS``); ``issue`` (the broad
    issue, e.g. ``nato_membership``); ``stance`` (the stance verb's class: ``demands``,
    ``proposes``, ``accepts``, ``supports``, ``rejects``, ``opposes``); ``date`` (when the
    stance was stated); ``article_id``; ``start``, ``end`` (evidence: the sentence);
    ``evidence``; ``source_kind`` (``event``, ``quote``, ``text`` or ``deed``);
    ``source_id``; ``modality``; ``proposition`` (id with its subject:
    ``nato_membership:UKR``); ``proposition_label`` ("Ukraine's NATO membership");
    ``polarity`` (``for``, ``against``, ``conditional``); ``condition`` (the condition's
    text when conditional); ``verb`` (the stance verb as written); ``confidence`` (0..1);
    ``basis`` (``stated``, ``inferred`` from the sentence before, ``implied`` by the
    opposite proposition).
    """

    id: str
    party: str
    issue: str
    stance: str
    date: _dt.date | None
    article_id: str
    start: int
    end: int
    evidence: str
    source_kind: str
    source_id: str
    modality: str = "asserted"
    proposition: str = ""
    proposition_label: str = ""
    polarity: str = "for"
    condition: str | None = None
    verb: str = ""
    confidence: float = 0.5
    basis: str = "stated"
    kind: str = field(default="position", init=False)
