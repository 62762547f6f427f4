"""Per-document lookups for the event coder: quotes, dates, places and noise by offset,
the date and amounts of an event, and line segments of a sentence."""

from __future__ import annotations

import bisect
import datetime as _dt

from spacy.tokens import Doc, Span, Token

from ...parse.entities import token_lowers
from ...records import Article, DateRef, Place, Quote
from .triggers import Cand

__all__ = ["DocIndex", "amounts", "pick_date", "reported_done", "reporting_date", "segments"]


class DocIndex:
    """Sorted offsets of quotes, dates, places, noise, built once per document."""

    def __init__(self, article: Article, dates: list[DateRef], places: list[Place],
                 quotes: list[Quote], *, money: list[Span] | None = None) -> None:
        self.money = money  # the document's MONEY entities (None: read per sentence)
        self.quotes = sorted(quotes, key=lambda q: q.start)
        self.q_starts = [q.start for q in self.quotes]
        self.dates = sorted(dates, key=lambda d: d.start)
        self.d_starts = [d.start for d in self.dates]
        self.places = sorted(places, key=lambda p: p.start)
        self.p_starts = [p.start for p in self.places]
        self.noise = sorted((n.start, n.end) for n in article.noise)
        self.n_starts = [s for s, _ in self.noise]

    def quote_at(self, offset: int) -> Quote | None:
        i = bisect.bisect_right(self.q_starts, offset) - 1
        # quotes may nest or overlap slightly: look back a few
        for j in range(i, max(i - 4, -1), -1):
            q = self.quotes[j]
            if q.start <= offset < q.end:
                return q
        return None

    def in_noise(self, offset: int) -> bool:
        i = bisect.bisect_right(self.n_starts, offset) - 1
        return i >= 0 and self.noise[i][0] <= offset < self.noise[i][1]

    def dates_in(self, start: int, end: int) -> list[DateRef]:
        lo = bisect.bisect_left(self.d_starts, start)
        hi = bisect.bisect_left(self.d_starts, end)
        return self.dates[lo:hi]

    def places_in(self, start: int, end: int) -> list[Place]:
        lo = bisect.bisect_left(self.p_starts, start)
        hi = bisect.bisect_left(self.p_starts, end)
        return self.places[lo:hi]


def _clause_anchors(c: Cand) -> list[Token]:
    """The predicate's clause head, then the clauses that share its time: a controlling
    verb ("pledged on Sunday to give support") and a deferring verb. Reported clauses
    ("said on Friday that ...") do not share it: the date there is the statement's."""
    anchor = c.governor if c.governor is not None else c.tok
    out = [anchor]
    cur = anchor
    for _ in range(3):
        if cur.dep_ != "xcomp" or cur.head.i == cur.i:
            break
        cur = cur.head
        out.append(cur)
    if c.deferred_from is not None and c.deferred_from not in out:
        out.append(c.deferred_from)
    return out


_OWN_TIME = frozenset({"relcl", "acl"})


def _in_relative_clause(doc: Doc, date: DateRef, anchor: Token, own: Token) -> bool:
    """A date inside a relative clause under the predicate is that clause's time, not
    the event's ("asked for Ukraine to drop its claim to Crimea, which Russia has
    controlled since 2014") -- unless the clause hangs on the event noun ``own`` itself
    ("a draft deal it put forward on April 15" dates the deal). Bounded walk from the
    date's token up to the anchor."""
    span = doc.char_span(date.start, date.end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return False
    cur = span.root
    for _ in range(12):
        if cur.i == anchor.i or cur.head.i == cur.i:
            return False
        # a finite verb with its own clause ("which Russia has controlled")
        if cur.dep_ in _OWN_TIME and cur.head.i != own.i and cur.pos_ in ("VERB", "AUX") and any(
                ch.dep_ in ("nsubj", "nsubjpass") for ch in cur.children):
            return True
        cur = cur.head
    return False


def pick_date(c: Cand, sent_dates: list[DateRef], *,
              published: _dt.date | None = None) -> DateRef | None:
    """The nearest time expression inside the predicate's clause (widening to the
    controlling clause), or None.

    Two kinds of expression in the clause never date the act itself: a deadline or end
    point ("pledged to add troops *by 2030*", "*until* March") is the time of what is
    promised, and a date after ``published`` cannot be the time of an act the article
    reports as done (a past-tense or perfect predicate): it belongs to the act's object
    ("welcomed the plan for 2030")."""
    if not sent_dates:
        return None
    t = c.tok.idx
    doc = c.tok.doc
    done = reported_done(c.governor if c.governor is not None else c.tok)
    for anchor in _clause_anchors(c):
        lo = anchor.left_edge.idx
        hi = anchor.right_edge.idx + len(anchor.right_edge.text)
        inside = [d for d in sent_dates if lo <= d.start and d.end <= hi
                  and not _in_relative_clause(doc, d, anchor, c.head)
                  and not _is_deadline(doc, d)
                  and not (done and published is not None and d.value is not None
                           and d.value > published)]
        if inside:
            # nested clauses may hold their own dates; prefer those nearest the trigger
            # (the nominal's own "an April 9 visit" beats the clause's "Friday")
            return min(inside, key=lambda d: min(abs(d.start - t), abs(d.end - t)))
    return _when_antecedent(c.governor if c.governor is not None else c.tok, sent_dates)


def reporting_date(c: Cand, reporter: Token | None, sent_dates: list[DateRef], *,
                   published: _dt.date | None = None) -> DateRef | None:
    """The date of the statement that reports the act ("the mayor said on Monday that
    troops shelled the city"), for an act with no date of its own: the act was on or
    before it (an act announced for later was announced then). A time expression that
    hangs on the reporting verb, outside the act's clause; not a deadline, not after
    ``published``."""
    if reporter is None or not sent_dates:
        return None
    doc = reporter.doc
    anchor = c.governor if c.governor is not None else c.tok
    lo = anchor.left_edge.idx
    hi = anchor.right_edge.idx + len(anchor.right_edge.text)
    found = []
    for d in sent_dates:
        if lo <= d.start and d.end <= hi:
            continue  # the act's own clause: pick_date has judged it
        span = doc.char_span(d.start, d.end, alignment_mode="expand")
        if span is None or len(span) == 0 or _is_deadline(doc, d):
            continue
        if d.value is None or d.granularity != "day" or (
                published is not None and d.value > published):
            continue  # a bound must be a day ("at the time", "earlier this year" are not)
        t = span.root
        for _ in range(2):  # "said Monday", "said on Monday"
            if t.head.i == t.i:
                break
            t = t.head
            if t.i == reporter.i:
                found.append(d)
                break
    return min(found, key=lambda d: abs(d.start - reporter.idx)) if found else None


def _when_antecedent(anchor: Token, sent_dates: list[DateRef]) -> DateRef | None:
    """"in 2014, when Russia seized Crimea": a "when" clause right after a date is
    dated by it (the date is its antecedent, outside the clause in the parse)."""
    first = anchor.left_edge
    if first.lower_ != "when" or first.i == 0:
        return None
    prev = first.doc[first.i - 1]
    if prev.is_punct and prev.i > 0:
        prev = first.doc[prev.i - 1]
    for d in sent_dates:
        if d.start <= prev.idx < d.end:
            return d
    return None


_DEADLINE = frozenset({"by", "until", "till", "til"})
_PERFECT = frozenset({"has", "have", "had", "'s", "'ve", "'d"})


def _is_deadline(doc: Doc, date: DateRef) -> bool:
    """Whether the expression is the object of "by"/"until" (a deadline or end point):
    the word right before it, or the preposition its head hangs from."""
    span = doc.char_span(date.start, date.end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return False
    if span.start > 0 and doc[span.start - 1].lower_ in _DEADLINE:
        return True
    root = span.root
    return root.dep_ == "pobj" and root.head.lower_ in _DEADLINE


def reported_done(verb: Token) -> bool:
    """A past-tense or perfect predicate ("welcomed", "has signed", "was killed")."""
    if verb.tag_ == "VBD":
        return True
    if verb.tag_ == "VBN":
        return any(ch.dep_ in ("aux", "auxpass") and (ch.tag_ == "VBD" or ch.lower_ in _PERFECT)
                   for ch in verb.children)
    return False


def amounts(c: Cand, sent: Span, *, light: frozenset[str] = frozenset(),
            money: list[Span] | None = None) -> tuple[str, ...]:
    """Money amounts in the predicate's phrase ("a $40 billion aid package"), or in the
    clause of the light verb carrying a nominal ("would bring total aid to $53 billion")."""
    spans = [(c.head.left_edge.i, c.head.right_edge.i)]
    if c.pattern.kind == "verb":
        spans = [(c.tok.left_edge.i, c.tok.right_edge.i)]
    elif c.governor is not None and c.governor.lemma_.lower() in light:
        spans.append((c.governor.left_edge.i, c.governor.right_edge.i))
    # ``money``: the document's MONEY entities, read once (Span.ents walks every
    # entity of the document on each call)
    if money is None:
        money = [e for e in sent.doc.ents if e.label_ == "MONEY"]
    money = [e for e in money if sent.start <= e.start and e.end <= sent.end]
    for lo, hi in spans:
        out = [e.text for e in money if lo <= e.start and e.end - 1 <= hi]
        if out:
            return tuple(dict.fromkeys(out))
    return ()


def segments(sent: Span) -> list[Span]:
    """The sentence cut at line breaks. The parser sometimes runs a caption credit, an
    all-caps teaser and the next paragraph into one sentence; a line break always ends
    a sentence in news text, so each line is coded (and cited) on its own."""
    doc = sent.doc
    # a whitespace token's lower-case form is its text: the column is read, and a
    # Token built only where a line break is
    lowers = token_lowers(doc)
    cuts = [i for i in range(sent.start, sent.end) if "\n" in lowers[i] and doc[i].is_space]
    if not cuts:
        return [sent]
    out = []
    start = sent.start
    for c in cuts:
        if c > start:
            out.append(doc[start:c])
        start = c + 1
    if start < sent.end:
        out.append(doc[start:sent.end])
    return out
