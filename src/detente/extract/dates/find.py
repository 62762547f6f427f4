"""Time expressions, resolved against the publication date.

Two sources, merged in one pass over the text:

1. The project's own patterns (:func:`detente.extract.dates.patterns.finder`, one compiled
   regular expression run over the Doc's text): weekdays ("stalled Friday", "on Sunday"),
   "five days ago", "April 15", "Nov. 30, 2021", "last week", "earlier this month", "in
   recent weeks", ... They win where they overlap an entity: they know the span exactly.
2. spaCy ``DATE`` entities the patterns did not cover ("2021", "mid-April", "Ramadan");
   resolved by the same rules, dateparser (cached) for other absolute forms, else kept as
   vague; durations and bare numbers are dropped.

The Doc is parsed from the masked text (noise blanked to spaces), so offsets are offsets
into ``Article.text`` and nothing is found inside noise. Cost: one regex scan of the text
plus a constant amount of work per expression; no per-token work.
"""

from __future__ import annotations

import bisect
import re

from spacy.tokens import Doc, Span

from ...parse.entities import doc_text, entities
from ...records import Article, DateRef
from .patterns import find_all, vocab
from .rules import Resolved, resolve_match, resolve_text

__all__ = ["extract_dates"]


def extract_dates(doc: Doc, *, article: Article) -> list[DateRef]:
    """Every time expression in ``doc``, resolved against ``article.published``.

    Returns :class:`DateRef` records sorted by offset. Relative expressions in an article
    without a publication date keep ``value=None``; absolute ones still resolve.
    """
    anchor = article.published
    text = doc_text(doc, article)
    found: list[tuple[int, int, Resolved]] = []
    for m in find_all(text):
        start, end = _span_of(m)
        tense = clause_tense(doc, start, end) if (
            m.group("wd") or m.group("md") or m.group("mo") or m.group("dm")) else ""
        res = resolve_match(m, anchor=anchor, future=tense == "future", past=tense == "past")
        if res is not None:
            found.append((start, end, res))
        elif m.group("md") or m.group("dm"):
            # a rejected "may 5" still blocks the entity over it
            found.append((start, end, Resolved(None, None, "drop")))
    starts = [s for s, _, _ in found]
    for ent in entities(doc, text=text, labels=_DATE):
        if ent.label_ != "DATE" or _overlaps(found, starts, ent.start_char, ent.end_char):
            continue
        res = resolve_text(ent.text, anchor=anchor)
        if res is not None:
            found.append((ent.start_char, ent.end_char, res))
    found.sort(key=lambda f: f[0])
    out: list[DateRef] = []
    for start, end, res in found:
        if res.granularity == "drop":
            continue
        out.append(DateRef(
            article_id=article.id,
            start=start,
            end=end,
            text=article.text[start:end],
            value=res.value,
            value_end=res.value_end,
            granularity=res.granularity,
            anchor=anchor,
        ))
    return out


_DATE = frozenset({"DATE"})
_QUALIFIER = re.compile(r"(?i)\b(?:early|late|mid)-?\s*$")


def _span_of(m: re.Match[str]) -> tuple[int, int]:
    """The expression itself: the month or year without the preposition that licensed it."""
    for name in ("mo", "yr"):
        if m.group(name):
            start, end = m.span(name)
            q = _QUALIFIER.search(m.string, m.start(), start)  # keep "mid-", "early"
            return (q.start() if q else start), end
    start, end = m.span()
    text = m.group(0)
    return start + (len(text) - len(text.lstrip())), end


def _overlaps(found: list[tuple[int, int, Resolved]], starts: list[int], s: int, e: int) -> bool:
    """Whether [s, e) overlaps a pattern match (matches are sorted and disjoint)."""
    i = bisect.bisect_left(starts, e)
    return i > 0 and found[i - 1][1] > s


def clause_tense(doc: Doc, start: int, end: int) -> str:
    """``future``, ``past`` or ``""`` for the verb group governing the expression.

    Future: an auxiliary such as "will" or a cue such as "scheduled"/"due" ("will meet
    on Monday", "is due to visit in June"): the expression then points forward. Past: a
    past-tense or perfect verb group ("ended in June", "had met"). Unparsed Docs give
    ``""`` (no preference beyond the default rules)."""
    span: Span | None = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return ""
    v = vocab()
    head = span.root
    for _ in range(4):  # climb from the time word to its verb (prep -> verb)
        if head.pos_ in ("VERB", "AUX") or head.head.i == head.i:
            break
        head = head.head
    if head.pos_ not in ("VERB", "AUX"):
        return ""
    past = head.tag_ in ("VBD", "VBN")
    for tok in (head, *head.children, head.head):
        low = tok.text.lower()
        if tok.dep_ in ("aux", "auxpass") and low in v.future_aux:
            return "future"
        if low in v.future_cues and tok.i <= head.i:
            return "future"
        if tok.dep_ in ("aux", "auxpass") and tok.tag_ == "VBD":
            past = True
    return "past" if past else ""
