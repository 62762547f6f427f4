"""Metadata layers and article construction shared by every reader.

An article's metadata comes from up to four layers, most specific first: the manifest
row, the record itself (a JSONL line), the page (HTML metadata), the caller's defaults
(CLI flags). The first non-empty value of each field wins.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from ..clean.language import detect_language
from ..errors import ParseError
from ..records import Article
from .article import NOTE_KEY, make_article, parse_date

__all__ = ["FIELDS", "build_article", "merge_meta"]

#: Fields that map onto :class:`~detente.records.Article` attributes.
FIELDS = ("outlet", "url", "title", "published", "language")

# Keys that are structure, not metadata: never copied into ``Article.meta``.
_STRUCTURAL = frozenset({"text", "path", "kind"})


def _present(value: Any) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def _as_str(value: Any) -> str:
    if isinstance(value, str):
        return value.strip()
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def merge_meta(*layers: Mapping[str, Any] | None) -> tuple[dict[str, Any], tuple[tuple[str, str], ...]]:
    """Merge metadata layers (most specific first).

    Returns the article fields (first non-empty value each) and the other keys as
    ``(key, value)`` string pairs for ``Article.meta``, in first-seen order.
    """
    fields: dict[str, Any] = {}
    extra: dict[str, str] = {}
    for layer in layers:
        if not layer:
            continue
        for key, value in layer.items():
            if not _present(value):
                continue
            if key in FIELDS:
                fields.setdefault(key, value.strip() if isinstance(value, str) else value)
            elif key not in _STRUCTURAL:
                extra.setdefault(str(key), _as_str(value))
    return fields, tuple(extra.items())


def build_article(text: str, *, source: str, layers: list[Mapping[str, Any] | None]) -> Article:
    """An :class:`Article` from normalised text and metadata layers.

    The language is the metadata's, else detected from the text (see
    :func:`detente.clean.noise.detect_language`). An unparseable ``published`` does not lose
    the article: the date is left empty and a note naming the input and the value is
    kept in ``Article.meta`` (key :data:`detente.read.article.NOTE_KEY`), which coding copies
    into the article's notes.
    """
    fields, extra = merge_meta(*layers)
    language = fields.get("language") or detect_language(text)

    published = fields.get("published")
    own = next((layer["published"] for layer in layers[:-1]
                if layer and _present(layer.get("published"))), None)
    if own is not None:
        # The input's own date (its JSONL line, manifest row or page): a bad one keeps the
        # article, undated, with a note. A bad default date (the last layer, the caller's)
        # raises below: it is the caller's mistake, not the input's.
        try:
            parse_date(own, source=source)
        except ParseError:
            extra = (*extra, (NOTE_KEY, f"{source}: unparseable published {_as_str(own)!r}: "
                                        "date left empty"))
            published = None
    return make_article(
        text,
        published=published,
        outlet=fields.get("outlet"),
        url=fields.get("url"),
        title=fields.get("title"),
        language=str(language).lower() if language else None,
        source=source,
        meta=extra,
    )
