"""Actor mentions and their resolution (STUB: to be implemented)."""
from __future__ import annotations

from spacy.tokens import Doc

from ..records import Article, Mention


class MentionIndex:
    """Lookup of mentions by character offsets."""

    def __init__(self, mentions: list[Mention] | tuple[Mention, ...]) -> None:
        self.mentions = sorted(mentions, key=lambda m: (m.start, -m.end))

    def find(self, start: int, end: int) -> Mention | None:
        """The resolved mention overlapping [start, end) that is longest, or None."""
        best = None
        for m in self.mentions:
            if m.start < end and start < m.end and m.actor is not None:
                if best is None or (m.end - m.start) > (best.end - best.start):
                    best = m
        return best

    def find_all(self, start: int, end: int) -> list[Mention]:
        """All resolved mentions inside [start, end), in text order, nested ones dropped."""
        return [m for m in self.mentions if m.start >= start and m.end <= end and m.actor]


def extract_mentions(doc: Doc, *, article: Article) -> list[Mention]:
    return []
