"""Event coding (STUB)."""
from __future__ import annotations

from spacy.tokens import Doc

from ..records import Article, DateRef, Event, Mention, Place, Quote


def extract_events(
    doc: Doc,
    *,
    article: Article,
    mentions: list[Mention],
    dates: list[DateRef],
    places: list[Place],
    quotes: list[Quote],
) -> list[Event]:
    return []
