"""Quote and claim attribution (STUB)."""
from __future__ import annotations

from spacy.tokens import Doc

from ..records import Article, Claim, DateRef, Mention, Quote


def extract_quotes(doc: Doc, *, article: Article, mentions: list[Mention]) -> list[Quote]:
    return []


def claims_from_quotes(
    quotes: list[Quote], *, doc: Doc, article: Article, dates: list[DateRef]
) -> list[Claim]:
    return []
