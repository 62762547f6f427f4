"""Finding coded claims by who said them and what about, for the corpus link tests
(tests/corpus/test_sample_link.py, tests/corpus/test_seeds_link.py)."""

from __future__ import annotations

from detente.link import party_of
from detente.records import ActorRef, Claim, CodedArticle


def person_of(speaker: ActorRef | None) -> str:
    """The speaker's person name, or "" when there is none."""
    return (speaker.person or "") if speaker else ""


def claims_by(c: CodedArticle, *, name: str | None = None, party: str | None = None,
              words: tuple[str, ...] = ()) -> list[Claim]:
    """The claims of ``c`` whose speaker's name holds ``name`` (any case), whose speaker's
    party (:func:`detente.link.party_of`) is ``party``, and whose text holds one of
    ``words`` (lower case); a criterion left out matches every claim."""
    out = []
    text = c.article.text
    for cl in c.claims:
        if name and name.lower() not in person_of(cl.speaker).lower():
            continue
        if party and party_of(cl.speaker) != party:
            continue
        if words and not any(w in text[cl.start:cl.end].lower() for w in words):
            continue
        out.append(cl)
    return out
