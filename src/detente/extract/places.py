"""Places resolved offline (STUB)."""
from __future__ import annotations

from spacy.tokens import Doc

from ..records import Article, Place


def extract_places(doc: Doc, *, article: Article) -> list[Place]:
    return []
