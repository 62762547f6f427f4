"""Time expressions resolved against the publication date (STUB)."""
from __future__ import annotations

from spacy.tokens import Doc

from ..records import Article, DateRef


def extract_dates(doc: Doc, *, article: Article) -> list[DateRef]:
    return []
