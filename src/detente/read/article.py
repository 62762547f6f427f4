"""Building an :class:`~detente.records.Article` from text and metadata.

The lowest stage that makes articles: every reader (and the sample corpus, the spaCy
component, the CLI) builds its articles here, so no reader needs the coding pipeline
(which re-exports these names as :mod:`detente.pipeline.coding` did before).

``parse_date`` is the publication-date parser readers and the CLI share:
:func:`detente.timeparse.parse_publication_date`, kept importable by this name.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable

from ..records import Article, article_id_for
from ..timeparse import parse_publication_date

__all__ = ["NOTE_KEY", "make_article", "parse_date"]

#: ``Article.meta`` key of a reader's note about the article (e.g. an unparseable
#: ``published`` left empty); coding copies these into ``CodedArticle.notes``.
NOTE_KEY = "detente_note"


# The publication-date parser readers and the CLI share: the project's one date parser.
parse_date = parse_publication_date


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
