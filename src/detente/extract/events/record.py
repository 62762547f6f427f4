"""From a settled candidate to an :class:`~detente.records.Event` record (used by
:mod:`detente.extract.events.code`): its date (the nearest time expression, or the
previous sentence's year for a background sequel), PLOVER context, places, amounts,
quote id and confidence."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from spacy.tokens import Span, Token

from ...lexicon.events import EventLexicon
from ...records import ActorRef, Article, DateRef, Event, Quote
from .actors import Arg
from .context import DocIndex, amounts, pick_date, reported_done, reporting_date
from .modality import ancestors
from .participants import has_actor
from .triggers import (
    Cand,
)

__all__ = ["Modality", "make_event"]

Modality = Literal[
    "asserted", "reported", "intended", "conditional", "negated", "hypothetical", "denied"
]


def _context(c: Cand, lex: EventLexicon) -> str | None:
    """A PLOVER context from clue words in the predicate's clause (bounded scan)."""
    if not lex.contexts:
        return None
    anchor = c.governor if c.governor is not None else c.tok
    lo, hi = anchor.left_edge.i, min(anchor.right_edge.i + 1, anchor.left_edge.i + 80)
    words = {t.lemma_.lower() for t in anchor.doc[lo:hi]}
    for name, clues in lex.contexts:
        if words & clues:
            return name
    return None


def _refs(arg: Arg | None) -> tuple[ActorRef, ...]:
    return arg.actors if arg is not None else ()


_SEQUEL = frozenset({"then", "later", "subsequently", "afterwards", "afterward"})


def _background_date(c: Cand, sent: Span, idx: DocIndex, *,
                     published: dt.date | None) -> DateRef | None:
    """A background act told as a sequel of the previous sentence ("In 2014 Russia
    annexed Crimea. It then backed the separatists.", or in the pluperfect "had
    backed") takes that sentence's past year, not the publication date. Only within
    one paragraph, and only a date of an earlier year than the publication."""
    anchor = c.governor if c.governor is not None else c.tok
    sequel = any(ch.dep_ == "advmod" and ch.lower_ in _SEQUEL for ch in anchor.children)
    perfect = any(ch.dep_ == "aux" and ch.lower_ in ("had", "'d") for ch in anchor.children)
    if not (sequel or perfect) or sent.start == 0 or published is None:
        return None
    prev = sent.doc[sent.start - 1].sent
    gap = sent.doc.text[prev.start_char + len(prev.text.rstrip()):sent.start_char]
    if not prev.text.strip() or "\n" in gap:
        return None  # another paragraph
    return _one_past_year(idx.dates_in(prev.start_char, prev.end_char), published)


def _one_past_year(dates: list[DateRef], published: dt.date) -> DateRef | None:
    """The last of ``dates`` when those before the publication's year all fall in one
    year; None otherwise."""
    past = [d for d in dates if d.value is not None and d.value.year < published.year]
    return past[-1] if len({d.value.year for d in past if d.value}) == 1 else None


def _embedded_background(c: Cand, sent_dates: list[DateRef], *,
                         published: dt.date | None) -> DateRef | None:
    """A past act in a relative or adnominal clause with no date of its own ("Russia
    annexed Crimea in 2014 after a referendum that Kyiv rejected") happened in the time
    of its sentence, not on the publication date: the sentence's past year, when it
    names one year only, earlier than the publication's."""
    anchor = c.governor if c.governor is not None else c.tok
    embedded = anchor.dep_ in ("relcl", "acl") or any(
        dep in ("relcl", "acl") for _, dep in ancestors(anchor, limit=6))
    if not embedded or published is None or not reported_done(anchor):
        return None
    return _one_past_year(sent_dates, published)


def make_event(c: Cand, *, sent: Span, article: Article, lex: EventLexicon,
                idx: DocIndex, sent_dates: list[DateRef], quote: Quote | None,
                modality: Modality, reporter: Token | None = None) -> Event:
    _, goldstein, quad = lex.cameo_info(c.cameo)
    date_ref = pick_date(c, sent_dates, published=article.published)
    if date_ref is not None:
        date, date_text, basis = date_ref.value, date_ref.text, "sentence"
    elif (back := _embedded_background(c, sent_dates, published=article.published)
          or _background_date(c, sent, idx, published=article.published)) is not None:
        date, date_text, basis = back.value, back.text, "context"
    elif (said := reporting_date(c, reporter, sent_dates,
                                 published=article.published)) is not None:
        date, date_text, basis = said.value, said.text, "report"
    else:
        date, date_text, basis = article.published, None, "article"
    start = sent.start_char
    end = sent.start_char + len(sent.text.rstrip())
    conf = 0.35
    conf += 0.25 if has_actor(c.source) else 0.0
    conf += 0.15 if has_actor(c.target) else 0.0
    conf += 0.1 if c.pattern.kind == "verb" else 0.0
    conf += 0.05 * min(c.pattern.specificity, 2)
    # a PETRARCH pattern is a CAMEO phrase read through a crosswalk: below our own
    conf -= 0.1 if c.pattern.petrarch else 0.0
    if (c.source is not None and c.source.fallback) or (c.target is not None and c.target.fallback):
        conf -= 0.05
    # background inside a relative/adnominal clause ("Sharon, who has vowed ...") is
    # less likely the news of the sentence than the main predicate
    anchor = c.governor if c.governor is not None else c.tok
    if any(dep in ("relcl", "acl", "appos") for _, dep in ancestors(anchor, limit=6)) or \
            anchor.dep_ in ("relcl", "acl"):
        conf -= 0.15
    trig = c.tok
    source_refs = _refs(c.source)
    # one phrase is never both sides; X -> X across two phrases is kept (domestic events)
    same_span = c.source is not None and c.target is not None and (
        c.source.start < c.target.end and c.target.start < c.source.end)
    target_refs = () if same_span and source_refs else _refs(c.target)
    return Event(
        article_id=article.id,
        id=f"e{trig.idx}",
        start=start,
        end=end,
        trigger_start=trig.idx,
        trigger_end=trig.idx + len(trig.text),
        trigger=trig.text,
        plover_type=c.plover_type,
        mode=c.mode,
        context=c.pattern.context or _context(c, lex),
        cameo=c.cameo or None,
        goldstein=goldstein,
        quad_class=quad,
        source=source_refs,
        target=target_refs,
        source_text=c.source.text if c.source is not None and source_refs else None,
        target_text=c.target.text if c.target is not None and target_refs else None,
        modality=modality,
        date=date,
        date_text=date_text,
        date_basis=basis,
        places=tuple(idx.places_in(start, end)),
        quote_id=quote.id if quote is not None else None,
        amounts=amounts(c, sent, light=lex.cue("light"), money=idx.money),
        confidence=round(max(0.05, min(conf, 0.99)), 2),
    )
