"""Denials: which words deny, and who denies (the link stage's dispute finder uses them).

A denial cue (``linking.toml``, ``[disputes] denial_cues``: "refuted", "never received",
"fakes and lies") inside a quote's words is its speaker's; outside them it belongs to
the mention standing right before it as its subject ("a claim Kyiv has denied"), when
only the words of ``denial_subject_gap`` stand between. A conditional cue ("if",
"unless") marks a claim as a condition or a threat, which a denial never answers.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from functools import lru_cache

from ..lexicon.issues import term_pattern
from ..records import Claim, CodedArticle, Mention, Quote
from ._text import config
from .clusters import party_of

__all__ = ["conditional_re", "is_denial", "who_denies"]


@lru_cache(maxsize=1)
def _denial_re() -> re.Pattern[str]:
    return term_pattern(config()["disputes"]["denial_cues"])


@lru_cache(maxsize=1)
def conditional_re() -> re.Pattern[str]:
    return term_pattern(config()["disputes"]["conditional_cues"])


@lru_cache(maxsize=1)
def _gap_words() -> frozenset[str]:
    return frozenset(w.lower() for w in config()["disputes"]["denial_subject_gap"])


_GAP_TOKEN = re.compile(r"[\w'’]+")


def is_denial(claim: Claim, *, sentence: str = "") -> bool:
    """True when the claim is flagged as a denial, or its sentence carries a denial cue."""
    return claim.denial or bool(sentence and _denial_re().search(sentence))


def _subject(
    text: str, cue_start: int, mentions: Sequence[Mention], starts: list[int], lo: int
) -> Mention | None:
    """The mention standing as the subject of a cue verb: the last one before the cue
    (not before ``lo``) with nothing but auxiliaries and adverbs between ("Kyiv has
    denied", "Zelenskyy flatly denied"); None when no mention sits that close."""
    k = bisect.bisect_left(starts, cue_start) - 1
    while k >= 0 and mentions[k].start >= lo:
        m = mentions[k]
        if m.end <= cue_start:
            gap = _GAP_TOKEN.findall(text[m.end : cue_start].lower())
            return m if all(w in _gap_words() for w in gap) else None
        k -= 1
    return None


def who_denies(
    c: CodedArticle,
    cl: Claim,
    q: Quote | None,
    *,
    mentions: Sequence[Mention],
    starts: list[int],
    claim_spans: Sequence[tuple[int, int]] = (),
) -> tuple[list[tuple[int, int]], list[tuple[Mention, int, int]]]:
    """Whether the claim's speaker denies, and the denials by others its sentence reports.

    A cue inside the quoted words is the speaker's own ("What Medinsky says is a lie").
    A cue outside them belongs to its grammatical subject when a resolved mention stands
    right before it: "a claim Kyiv has denied" closes Russia's statement with Kyiv's
    denial, so Russia is not the denier. With no such mention ("he accused Kyiv of
    spreading fabricated stories"), the cue is the speaker's. Returns (speaker's cues,
    [(denier mention, cue start, cue end), ...]); the speaker's own cues come back as
    spans, empty when the speaker does not deny.
    """
    if q is None:
        return ([(cl.start, cl.end)] if cl.denial else []), []
    text = c.article.text
    lo, hi = q.sentence_start, q.sentence_end
    own: list[tuple[int, int]] = [(cl.start, cl.end)] if cl.denial else []
    others: list[tuple[Mention, int, int]] = []
    speaker_party = party_of(cl.speaker)
    for m in _denial_re().finditer(text, lo, hi):
        cs, ce = m.start(), m.end()
        if q.start <= cs < q.end or cl.start <= cs < cl.end:
            own.append((cs, ce))
            continue
        if any(a <= cs < b for a, b in claim_spans):
            # "Peskov said it was for the region to decide, and he accused Kyiv of
            # spreading fabricated stories": the cue lies in another claim of the
            # sentence, which is the denial; this one is not.
            continue
        subj = _subject(text, cs, mentions, starts, lo)
        if subj is None:
            own.append((cs, ce))
            continue
        if subj.actor is None or not party_of(subj.actor):
            continue  # someone unresolved denies: not the speaker, and no party to pair
        inside_speaker = (
            q.speaker_start is not None
            and q.speaker_end is not None
            and subj.start < q.speaker_end
            and q.speaker_start < subj.end
        )
        if inside_speaker or party_of(subj.actor) == speaker_party:
            own.append((cs, ce))
        else:
            others.append((subj, cs, ce))
    return own, others
