"""Claims: the proposition each quote asserts, normalised for dispute finding.

One claim per quote. The proposition is the content's lower-case lemmas with negation
removed; ``polarity`` is -1 when the content is negated ("never received", "not going
on"); ``denial`` marks explicit refutations, read from the cue ("refuted these claims
and said", "denied") or the content ("fakes and lies", "not true"). The date is the
statement's own time expression (in its sentence, outside the quoted words) or the
publication date.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from functools import lru_cache

from spacy.tokens import Doc, Token

from ...lexicon import load_data
from ...lexicon.cues import CueLexicon, load_cues
from ...parse.entities import token_ends
from ...records import Article, Claim, DateRef, Quote

__all__ = ["claims_from_quotes"]

# Negation words; "no" counts only as a determiner or interjection ("no proposal",
# "No, negotiations ...").
_WORDS = load_data("quote_words.toml")
_NEG_WORDS = frozenset(_WORDS["negation"])
# What a denial verb must have as object to make a neighbouring cue a denial.
_CLAIM_NOUNS = frozenset(_WORDS["claim_nouns"])
# Content words worth keeping as keywords.
_KEY_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ", "NUM"})


@lru_cache(maxsize=4)
def _denial_re(phrases: tuple[str, ...]) -> re.Pattern[str]:
    # Whole-word, case-insensitive: "lies" must not fire inside "allies".
    alts = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
    return re.compile(rf"\b(?:{alts})\b", re.IGNORECASE)


def _is_neg(tok: Token) -> bool:
    low = tok.lower_
    if low not in _NEG_WORDS:
        return False
    if low == "no":
        return tok.dep_ in ("det", "neg", "intj") or tok.pos_ in ("DET", "INTJ")
    return True


def _tok(ends: list[int], char: int) -> int:
    """Index of the token holding or following character ``char``."""
    return bisect_right(ends, char)


def _cue_denies(doc: Doc, q: Quote, lex: CueLexicon, ends: list[int]) -> bool:
    """The cue, or a verb it is coordinated with or hangs on, is a denial verb:
    "Zelenskyy refuted these claims and said …", "rejected … by saying …"."""
    if q.cue_start is None or q.cue == "according to":
        return False
    i = _tok(ends, q.cue_start)
    if i >= len(doc):
        return False
    cue = doc[i]
    if cue.lemma_.lower() in lex.denial:
        return True
    # A denial verb beside the cue counts only when what it rejects is a claim
    # ("refuted these claims and said"); "dismissed the warning and claimed" is not.
    for t in (cue.head, *cue.children):
        if t.lemma_.lower() in lex.denial and any(
            c.dep_ == "dobj" and c.lemma_.lower() in _CLAIM_NOUNS for c in t.children
        ):
            return True
    return False


def _statement_date(q: Quote, dates: Sequence[DateRef], starts: list[int], article: Article):  # type: ignore[no-untyped-def]
    """A date expression in the quote's sentence but outside its content, else the
    publication date."""
    i = bisect_left(starts, q.sentence_start)
    while i < len(dates) and dates[i].start < q.sentence_end:
        d = dates[i]
        if d.value is not None and not (q.start <= d.start < q.end):
            return d.value
        i += 1
    return article.published


def claims_from_quotes(
    quotes: Sequence[Quote], *, doc: Doc, article: Article, dates: Sequence[DateRef]
) -> list[Claim]:
    """One :class:`Claim` per quote, in the quotes' order."""
    lex = load_cues()
    deny_re = _denial_re(lex.denial_content)
    dates = sorted(dates, key=lambda d: d.start)
    starts = [d.start for d in dates]
    ends = token_ends(doc) if quotes else []
    out: list[Claim] = []
    for q in quotes:
        a = _tok(ends, q.start)
        b = _tok(ends, q.end)
        toks = [t for t in doc[a:b] if not t.is_space]
        negated = any(_is_neg(t) for t in toks)
        lemmas = [
            (t.lemma_ or t.text).lower()
            for t in toks
            if not t.is_punct and not _is_neg(t) and t.text not in ("“", "”", '"', "‘", "’", "''")
        ]
        keywords = sorted({
            (t.lemma_ or t.text).lower()
            for t in toks
            if t.pos_ in _KEY_POS and not t.is_stop and len(t.text) > 2 and t.is_alpha
        })
        denial = _cue_denies(doc, q, lex, ends) or bool(deny_re.search(q.text))
        out.append(
            Claim(
                article_id=q.article_id,
                quote_id=q.id,
                speaker=q.speaker,
                polarity=-1 if negated else 1,
                proposition=" ".join(lemmas),
                keywords=tuple(keywords),
                denial=denial,
                date=_statement_date(q, dates, starts, article),
                start=q.start,
                end=q.end,
            )
        )
    return out
