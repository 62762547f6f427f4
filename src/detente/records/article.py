"""The input records: :class:`Article` (with its content-hash id), the :class:`NoiseSpan`
that cleaning marks in it, and :class:`Problem` (an input that could not be read or coded).
"""

from __future__ import annotations

import datetime as _dt
import hashlib
from dataclasses import dataclass, field

__all__ = ["Article", "NoiseSpan", "Problem", "article_id_for"]


def article_id_for(text: str) -> str:
    """The article id: the first 16 hex digits of the SHA-256 of the text (NFC, as read).

    The same text read twice, from any source, is one article.

    >>> article_id_for("Peace talks stalled.")
    'd037a805b78676e1'
    """
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class NoiseSpan:
    """A stretch of scraping noise kept in place (never deleted).

    Fields: ``start``, ``end`` (offsets into the article text); ``label``, one of
    ``title_repeat``, ``promo``, ``teaser``, ``caption``, ``credit``, ``byline``, ``bio``,
    ``boilerplate``, ``dateline`` (a line-start prefix only); ``rule``, the cleaning rule that found it (for auditing).
    Text inside a noise span is never coded as the article's own news.
    """

    start: int
    end: int
    label: str
    rule: str = ""
    kind: str = field(default="noise", init=False)


@dataclass(frozen=True, slots=True)
class Article:
    """One news article as read.

    Fields: ``id`` (content hash, see :func:`article_id_for`); ``text`` (the original text,
    never modified after reading); ``outlet``; ``url``; ``title``; ``published`` (date of
    publication or None); ``language`` (ISO 639-1, e.g. ``en``); ``source`` (where it was
    read from: a path, ``<stdin>``, ``file.jsonl:12``); ``noise`` (noise spans found by
    cleaning); ``meta`` (other metadata from the manifest or page, as (key, value) pairs).
    """

    id: str
    text: str
    outlet: str | None = None
    url: str | None = None
    title: str | None = None
    published: _dt.date | None = None
    language: str | None = "en"
    source: str | None = None
    noise: tuple[NoiseSpan, ...] = ()
    meta: tuple[tuple[str, str], ...] = ()
    kind: str = field(default="article", init=False)


@dataclass(frozen=True, slots=True)
class Problem:
    """An input that could not be read or coded, and why. Never fatal to a batch.

    Fields: ``source`` (path, ``file.jsonl:12``, ``<stdin>``); ``reason`` (one line);
    ``code`` (stable error code, e.g. ``E101``).
    """

    source: str
    reason: str
    code: str = ""
    kind: str = field(default="problem", init=False)
