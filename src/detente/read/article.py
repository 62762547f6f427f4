"""Building an :class:`~detente.records.Article` from text and metadata.

The lowest stage that makes articles: every reader (and the sample corpus, the spaCy
component, the CLI) builds its articles here, so no reader needs the coding pipeline
(which re-exports these names as :mod:`detente.pipeline.coding` did before).

``parse_date`` is the publication-date parser readers and the CLI share; it stays here
until the project's single date parser module takes it over.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable

from ..errors import ParseError
from ..records import Article, article_id_for

__all__ = ["NOTE_KEY", "make_article", "parse_date"]

#: ``Article.meta`` key of a reader's note about the article (e.g. an unparseable
#: ``published`` left empty); coding copies these into ``CodedArticle.notes``.
NOTE_KEY = "detente_note"


def parse_date(value: str | _dt.date | None, *, source: str | None = None) -> _dt.date | None:
    """A publication date from an ISO string (``2022-04-22``, ``2022-04-22T10:00:00Z``)."""
    if value is None or value == "":
        return None
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    text = str(value).strip()
    try:
        return _dt.date.fromisoformat(text[:10])
    except ValueError:
        pass
    try:
        import dateparser

        parsed = dateparser.parse(text, settings={"STRICT_PARSING": True})
    except Exception:  # dateparser raises a zoo of errors on odd input
        parsed = None
    if parsed is None:
        raise ParseError(f"unparseable date {text!r}", source=source)
    return parsed.date()


def make_article(
    text: str,
    *,
    published: str | _dt.date | None = None,
    outlet: str | None = None,
    url: str | None = None,
    title: str | None = None,
    language: str | None = None,
    source: str | None = None,
    meta: Iterable[tuple[str, str]] = (),
) -> Article:
    """An :class:`Article` with its content-hash id (not yet cleaned)."""
    return Article(
        id=article_id_for(text),
        text=text,
        outlet=outlet,
        url=url,
        title=title,
        published=parse_date(published, source=source),
        language=language,
        source=source,
        meta=tuple(meta),
    )
