"""Positions: a party's polarity toward a proposition, read from a stance verb's own
arguments.

Rules (lexicon: ``lexicon/propositions.toml``):

- The **holder** is the stance verb's subject: the source of an event whose trigger is a
  stance verb (the parse found it), the speaker of a quote introduced by one ("insists
  that ..."), or a resolved mention standing right before one ("the Kremlin wants ...").
  Issue words elsewhere in the sentence give nothing: only the verb's complement counts.
- The **proposition** is what the complement names, with its subject: the country named
  next to the term ("for Ukraine", "Finland's"), else the holder for an infinitive
  complement of a proposition about oneself ("agreed not to join NATO"), else the
  proposition's default subject. Purpose and reason clauses ("in order to ...", "for
  fear ...") are not the complement's content.
- The **polarity** is the verb class's (for / against), flipped by a negation of the verb
  ("did not agree") and by a negation or an ``against`` phrase in the complement ("not to
  join", "renounce NATO"); a hostile qualifier ("aggressive plans") makes it against; a
  condition marker in the clause makes it conditional, with the condition's text.
- A complement that only points back ("balked at both requests") reads the complements of
  the stance verbs in the sentence before; such inferred positions give way where the
  article states the party's stance on that proposition outright.
- Acts that deliver a proposition (aid, sanctions) are a stance for it when the act's own
  clause names it.
- One position per (holder, proposition, sentence): events first, then quotes, then text.
- The date is when the stance was stated: the event's own date when its expression stands
  in the verb's clause and is not a ``since``-phrase, else the publication date.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from ..lexicon.propositions import PropositionLexicon, PropositionMatch, load_propositions
from ..records import CodedArticle, Mention, Position
from ._text import stable_id
from .clusters import party_of
from .position_matrix import (  # re-exported: the matrix lived here
    PositionCell,
    cell_to_dict,
    position_matrix,
    position_segments,
    position_timeline,
    positions_from_rows,
)
from .position_words import words as _words

__all__ = ["PositionCell", "cell_to_dict", "extract_positions", "position_matrix",
           "position_segments", "position_timeline", "positions_from_rows"]

_SENT_END = re.compile(r"[.!?][\"”’')\]]*(?=\s|$)")


_CONF = {"event": 0.8, "quote": 0.7, "text": 0.65, "deed": 0.6}


@dataclass(frozen=True, slots=True)
class _Stance:
    party: str
    prop: str
    subject: str
    polarity: str
    condition: str | None
    stance: str
    verb: str
    negative_term: bool


class _Article:
    """One article's text, its mentions by offset, and the lexicon."""

    def __init__(self, c: CodedArticle, lex: PropositionLexicon) -> None:
        self.c = c
        self.text = c.article.text
        self.lex = lex
        self.mentions: list[Mention] = sorted(
            (m for m in c.mentions if m.actor is not None), key=lambda m: m.start)
        # Countries the article names: a proposition about parties it never names
        # (peace talks between Russia and Ukraine, a default subject) is not found here.
        self.countries: set[str] = {m.actor.country for m in self.mentions
                                    if m.actor is not None and m.actor.country}
        self.countries.update(a.country for e in c.events for a in (*e.source, *e.target)
                              if a.country)
        self.events = c.events

    def sentence(self, pos: int) -> tuple[int, int]:
        head = self.text[:pos]
        ends = [m.end() for m in _SENT_END.finditer(head)]
        start = max(ends[-1] if ends else 0, head.rfind("\n") + 1)
        m = _SENT_END.search(self.text, pos)
        nl = self.text.find("\n", pos)
        end = m.end() if m else len(self.text)
        if nl != -1 and nl < end:
            end = nl
        return start, end

    def clause_start(self, start: int, pos: int) -> int:
        """Where the clause holding offset ``pos`` begins (after "..., but")."""
        ends = [m.end() for m in _words().clause_end.finditer(self.text, start, pos)]
        return ends[-1] if ends else start

    def clause_end(self, pos: int, limit: int) -> int:
        m = _words().clause_end.search(self.text, pos, limit)
        return m.start() if m else limit

    def countries_in(self, start: int, end: int) -> list[Mention]:
        return [m for m in self.mentions if start <= m.start and m.end <= end
                and m.actor is not None and m.actor.country]

    def content(self, start: int, end: int) -> list[tuple[int, int]]:
        """The parts of ``text[start:end]`` that state the complement's content: purpose
        and reason clauses ("in order to ...", "for fear ...") cut out, to the next comma."""
        parts, pos = [], start
        for m in self.lex.skip.finditer(self.text, start, end):
            if m.start() < pos:
                continue
            parts.append((pos, m.start()))
            comma = self.text.find(",", m.end(), end)
            pos = comma if comma != -1 else end
        parts.append((pos, end))
        return [(a, b) for a, b in parts if b > a]

    def stances(self, *, party: str, verb_cls: str, verb_pol: str, verb_text: str,
                negated: bool, comp_start: int, comp_end: int, clause_start: int,
                conditional: bool = False) -> list[_Stance]:
        """The stances one holder takes with one verb over its complement."""
        out: list[_Stance] = []
        cond = self.condition(clause_start, comp_end)
        if conditional and cond is None:
            cond = ""
        cspan = self.condition_span(clause_start, comp_end)
        for a, b in self.content(comp_start, comp_end):
            for m in self.lex.find(self.text[a:b]):
                ms, me = a + m.start, a + m.end
                if m.proposition.countries and not self.countries.intersection(
                        m.proposition.countries):
                    continue
                if m.weak and not (self.lex.in_context(m, self.text[self.context_start(ms):me])
                                   or self.country_right_after(me)):
                    continue
                pol = verb_pol
                if negated:
                    pol = _flip(pol)
                neg = m.negative or self._negated_before(a, ms)
                if neg:
                    pol = _flip(pol)
                if self.lex.hostile.search(self.text, max(a, ms - 40), me):
                    pol = "against"
                st_cond = cond
                if cspan and cspan[0] <= ms and me <= cspan[1]:
                    # What a party asks in exchange ("... in exchange for security
                    # guarantees") is what it is for.
                    pol, st_cond = "for", None
                elif cond is not None:
                    pol = "conditional"
                subject = self.subject(m, party=party, comp_start=comp_start, start=ms, end=me,
                                       seg_start=a, seg_end=b)
                if subject == "?":
                    continue
                out.append(_Stance(party, m.proposition.id, subject, pol, st_cond or None,
                                   verb_cls, verb_text, neg))
        return out

    def country_right_after(self, pos: int) -> bool:
        """Whether a country is named right after ``pos`` ("a neutral Ukraine")."""
        return any(not self.text[pos:mn.start].strip()
                   for mn in self.countries_in(pos, min(len(self.text), pos + 40)))

    def context_start(self, pos: int) -> int:
        """Where the sentence two before the one holding ``pos`` begins."""
        start = self.sentence(pos)[0]
        for _ in range(2):
            if start == 0:
                break
            start = self.sentence(start - 1)[0]
        return start

    def _negated_before(self, start: int, term_start: int) -> bool:
        """Whether the four words before the term reverse it an odd number of times
        (negators, reversing verbs such as "abandon", against-verbs)."""
        head = self.text[start:term_start]
        words = list(re.finditer(r"\S+", head))[-4:]
        if not words:
            return False
        window = head[words[0].start():]
        spans = {m.span() for m in self.lex.complement_negators.finditer(window)}
        spans |= {m.span() for m in self.lex.reversers.finditer(window)}
        spans |= {(v.start, v.end) for v in self.lex.verbs(window) if v.polarity == "against"}
        # Overlapping finds ("not" inside "not part of") count once.
        n, last = 0, -1
        for a, b in sorted(spans):
            if a >= last:
                n, last = n + 1, b
        return n % 2 == 1

    def condition(self, start: int, end: int) -> str | None:
        span = self.condition_span(start, end)
        return self.text[span[0]:span[1]].strip() if span else None

    def condition_span(self, start: int, end: int) -> tuple[int, int] | None:
        """Offsets of the first condition clause (marker to the next comma) in the range."""
        for m in self.lex.conditions.finditer(self.text, start, end):
            if m.group(0).lower() == "as long as" and re.search(
                    r"\bfor\s+$", self.text[max(0, m.start() - 5):m.start()], re.IGNORECASE):
                continue  # "for as long as it needs" is a duration, not a condition
            stop = self.text.find(",", m.end(), end)
            return m.start(), stop if stop != -1 else end
        return None

    def subject(self, m: PropositionMatch, *, party: str, comp_start: int, start: int,
                end: int, seg_start: int, seg_end: int) -> str:
        p = m.proposition
        if not p.subject and not p.subject_is_holder:
            return ""
        # A country right after the term: "aid for Ukraine", "sanctions on Russia".
        preps = "|".join(re.escape(w) for w in p.subject_preps)
        for mn in self.countries_in(end, min(seg_end, end + 40)):
            if re.match(rf"^\s*(?:(?:{preps})\s+)?(?:the\s+)?$", self.text[end:mn.start],
                        re.IGNORECASE):
                return str(mn.actor.country)  # type: ignore[union-attr]
            break
        # The nearest country named before the term in the complement ("Ukraine renounce
        # NATO", "Finland's bid"), not one inside the term itself ("Austria" model).
        # A name that is not a country's standing right before the term ("Nordic NATO
        # bids", "Moldovan neutrality" unresolved) is the subject, but an unknown one.
        prev = re.search(r"([A-Z][\w'’-]+)\s+$", self.text[seg_start:start])
        if p.subject_is_holder and prev and not _words().calendar.match(prev.group(1)) and not any(mn.start <= seg_start + prev.start(1) < mn.end
                            for mn in self.countries_in(seg_start, start)):
            return "?"
        terms = [(seg_start + t.start, seg_start + t.end)
                 for t in self.lex.find(self.text[seg_start:seg_end])]
        before = [mn for mn in self.countries_in(seg_start, start)
                  if not any(a <= mn.start and mn.end <= b for a, b in terms)]
        if before:
            return str(before[-1].actor.country)  # type: ignore[union-attr]
        if p.subject_is_holder and re.match(r"^\s*(?:not\s+|never\s+)?to\b",
                                            self.text[comp_start:start], re.IGNORECASE):
            return party
        # The default subject only where the text around names it: "sanctions" in
        # sentences that never name Russia are not sanctions on Russia.
        return p.subject if p.subject in self.countries_near(start) else "?"

    def countries_near(self, pos: int) -> set[str]:
        """Countries named in the sentence holding ``pos`` and the two before it
        (mentions, and the actors of events in those sentences)."""
        lo, hi = self.context_start(pos), self.sentence(pos)[1]
        near = {mn.actor.country for mn in self.countries_in(lo, hi)
                if mn.actor is not None and mn.actor.country}
        near.update(a.country for e in self.events if lo <= e.start < hi
                    for a in (*e.source, *e.target) if a.country)
        return near

    def holder_before(self, pos: int, sent_start: int) -> Mention | None:
        """The resolved mention standing as the subject right before offset ``pos``."""
        for mn in reversed(self.mentions):
            if mn.end > pos:
                continue
            if mn.start < sent_start:
                return None
            gap = self.text[mn.end:pos]
            if not _words().aux.match(gap):
                return None
            if _words().prep_before.search(self.text[sent_start:mn.start]):
                return None
            if _words().embedded.search(self.text[sent_start:mn.start]) and not self._own_voice(mn):
                return None
            if self.text[mn.end:mn.end + 2] in ("'s", "’s"):
                return None
            return mn
        return None

    def _own_voice(self, mn: Mention) -> bool:
        """Whether ``mn`` stands in a quote whose speaker is of its own party ("the envoy
        insisted that Moscow was seeking ..."), so the embedded stance is the party's."""
        party = party_of(mn.actor)
        return any(q.start <= mn.start < q.end and party_of(q.speaker) == party
                   for q in self.c.quotes)

    def stated_date(self, *, date: _dt.date | None, date_text: str | None, sent_start: int,
                    verb_end: int) -> _dt.date | None:
        published = self.c.article.published
        if date is None or not date_text:
            return published
        # A bare year ("in 2022 alone", "since 2014") dates a fact, not a statement.
        if _words().bare_year.fullmatch(date_text.strip()):
            return published
        i = self.text.find(date_text, sent_start, verb_end + 30)
        if i == -1 or _words().near_since.search(self.text[max(sent_start, i - 8):i]) and (
                published and (published - date).days > 366):
            return published
        return date


def _flip(pol: str) -> str:
    return {"for": "against", "against": "for"}.get(pol, pol)


def _verb_negated(text: str, sent_start: int, verb_start: int, lex: PropositionLexicon) -> bool:
    head = text[sent_start:verb_start]
    words = list(re.finditer(r"\S+", head))[-3:]
    if not words:
        return False
    return bool(lex.negators.search(head[words[0].start():]))


def _from_article(c: CodedArticle, lex: PropositionLexicon) -> list[Position]:
    A = _Article(c, lex)
    a = c.article
    text = a.text
    out: dict[tuple[str, str, int], Position] = {}

    def add(st: _Stance, *, sent: tuple[int, int], kind: str, sid: str, date: _dt.date | None,
            modality: str, anchor: int, basis: str = "stated") -> None:
        prop_id = f"{st.prop}:{st.subject}" if st.subject else st.prop
        # One position per (holder, proposition, sentence), whichever record found it.
        key = (st.party, prop_id, A.sentence(anchor)[0])
        if key in out and (out[key].basis == "stated" or basis != "stated"):
            return
        conf = _CONF[kind] - (0.2 if basis == "inferred" else 0.1 if basis == "implied" else 0)
        if modality not in ("asserted", "intended"):
            conf -= 0.1
        if st.polarity == "conditional":
            conf -= 0.05
        prop = lex.get(st.prop)
        out[key] = Position(
            id=stable_id("p", [a.id, kind, sid, st.party, prop_id, basis]),
            party=st.party, issue=prop.issue if prop else st.prop, stance=st.stance,
            date=date, article_id=a.id, start=sent[0], end=sent[1],
            evidence=text[sent[0]:sent[1]].strip(), source_kind=kind, source_id=sid,
            modality=modality, proposition=prop_id,
            proposition_label=lex.label(st.prop, st.subject), polarity=st.polarity,
            condition=st.condition, verb=st.verb, confidence=round(max(conf, 0.1), 2),
            basis=basis)

    def emit(stances: list[_Stance], **kw: object) -> None:
        found = {s.prop for s in stances}
        for st in stances:
            add(st, **kw)  # type: ignore[arg-type]
        # "Renounce NATO" is for neutrality too: the opposite proposition, flipped.
        for st in stances:
            prop = lex.get(st.prop)
            if prop is None or not prop.opposite or prop.opposite in found:
                continue
            kw2 = dict(kw, basis="implied")
            add(_Stance(st.party, prop.opposite, st.subject, _flip(st.polarity), st.condition,
                        st.stance, st.verb, not st.negative_term), **kw2)  # type: ignore[arg-type]

    inferred: list[tuple[str, str, int]] = []

    def previous_complements(sent_start: int) -> list[tuple[int, int, int]]:
        """Complements of the stance verbs in the sentence before ``sent_start``."""
        j = sent_start - 1
        while j > 0 and text[j - 1].isspace():
            j -= 1
        if j <= 0:
            return []
        ps, pe = A.sentence(j - 1)
        comps = []
        for v in lex.verbs(text[ps:pe]):
            ve = ps + v.end
            comps.append((ps, ve, A.clause_end(ve, pe)))
        return comps

    def from_verb(*, parties: list[str], verb_start: int, verb_end: int, verb_cls: str,
                  verb_pol: str, negated: bool, conditional: bool, sent: tuple[int, int],
                  kind: str, sid: str, date: _dt.date | None, modality: str) -> None:
        comp_end = A.clause_end(verb_end, sent[1])
        verb_text = text[verb_start:verb_end]
        # A stance verb inside a condition ("even if Ukraine was ready to sign") states
        # no stance: the clause is hypothetical.
        lead = max(sent[0], text.rfind(",", sent[0], verb_start) + 1)
        if lex.conditions.search(text, lead, verb_start):
            return
        for party in parties:
            sts = A.stances(party=party, verb_cls=verb_cls, verb_pol=verb_pol,
                            verb_text=verb_text, negated=negated, comp_start=verb_end,
                            comp_end=comp_end, clause_start=A.clause_start(sent[0], verb_start),
                            conditional=conditional)
            if sts:
                emit(sts, sent=sent, kind=kind, sid=sid, date=date, modality=modality,
                     anchor=verb_start)
                continue
            if not lex.anaphora.search(text, verb_end, comp_end):
                continue
            for _ps, cs, ce in previous_complements(sent[0]):
                sts = A.stances(party=party, verb_cls=verb_cls, verb_pol=verb_pol,
                                verb_text=verb_text, negated=negated, comp_start=cs,
                                comp_end=ce, clause_start=cs, conditional=conditional)
                before = set(out)
                emit(sts, sent=sent, kind=kind, sid=sid, date=date, modality=modality,
                     anchor=verb_start, basis="inferred")
                inferred.extend(k for k in out if k not in before)

    # 1. Events whose trigger is a stance verb: the parse gave the subject.
    for e in c.events:
        parties = list(dict.fromkeys(p for p in map(party_of, e.source) if p))
        if not parties:
            continue
        v = lex.verb_at(text, e.trigger_start)
        sent = (e.start, e.end)
        if v is not None:
            negated = e.modality in ("negated", "denied") or _verb_negated(
                text, e.start, e.trigger_start, lex)
            from_verb(parties=parties, verb_start=v.start, verb_end=v.end, verb_cls=v.cls,
                      verb_pol=v.polarity, negated=negated,
                      conditional=e.modality == "conditional", sent=sent, kind="event",
                      sid=e.id, modality=e.modality,
                      date=A.stated_date(date=e.date, date_text=e.date_text,
                                         sent_start=e.start, verb_end=v.end))
            continue
        # 2. Deeds: an act delivering what it names ("sent Kyiv air defence systems").
        deed_props = lex.deeds.get(e.plover_type)
        if not deed_props or e.modality in ("negated", "denied"):
            continue
        # The act's own words: its object, and a qualifier just before the trigger
        # ("military aid", "aid package").
        start = max(e.start, e.trigger_start - 16)
        start = max(start, text.rfind(",", e.start, e.trigger_start) + 1)
        end = A.clause_end(e.trigger_end, e.end)
        targets = [t for t in (a_.country for a_ in e.target) if t]
        for party in parties:
            sts = [s for s in A.stances(party=party, verb_cls="supports", verb_pol="for",
                                        verb_text=e.trigger, negated=False, comp_start=start,
                                        comp_end=end, clause_start=start)
                   if s.prop in deed_props and s.polarity == "for"]
            # Whom the act is done to is the proposition's subject (sanctions on Russia).
            sts = [_Stance(s.party, s.prop, targets[0], s.polarity, s.condition, s.stance,
                           s.verb, s.negative_term)
                   if targets and s.subject and targets[0] != s.party else s for s in sts]
            sts = [s for s in sts if s.subject != s.party]
            emit(sts, sent=sent, kind="deed", sid=e.id, modality=e.modality, anchor=e.trigger_start,
                 date=A.stated_date(date=e.date, date_text=e.date_text, sent_start=e.start,
                                    verb_end=e.trigger_end))

    # 3. Quotes introduced by a stance verb ("Medinsky insists that ..."): the speaker holds.
    for q in c.quotes:
        speaker = party_of(q.speaker)
        if not speaker or q.cue_start is None:
            continue
        v = lex.verb_at(text, q.cue_start)
        if v is None:
            continue
        # A content whose own stance verb has another holder ("that Johnson used the
        # visit to discourage Kyiv ...", "Russia still wants ...") is read from that verb
        # in step 4.
        if any(A.holder_before(q.start + w.start, q.start) is not None
               for w in lex.verbs(q.text)):
            continue
        sent = (q.sentence_start, q.sentence_end) if q.sentence_end else A.sentence(q.start)
        sts = A.stances(party=speaker, verb_cls=v.cls, verb_pol=v.polarity,
                        verb_text=text[v.start:v.end],
                        negated=_verb_negated(text, sent[0], q.cue_start, lex),
                        comp_start=q.start, comp_end=q.end, clause_start=q.start)
        emit(sts, sent=sent, kind="quote", sid=q.id, date=a.published, modality="asserted",
             anchor=q.cue_start)

    # 4. Any other stance verb with a resolved mention as its subject ("the Kremlin wants
    # Ukraine to recognise Crimea"), sentence by sentence.
    pos = 0
    while pos < len(text):
        ss, se = A.sentence(pos)
        if se <= pos:
            se = pos + 1
        for v in lex.verbs(text[ss:se]):
            vs, ve = ss + v.start, ss + v.end
            mn = A.holder_before(vs, ss)
            holder = party_of(mn.actor) if mn else None
            if not holder:
                continue
            from_verb(parties=[holder], verb_start=vs, verb_end=ve, verb_cls=v.cls,
                      verb_pol=v.polarity, negated=_verb_negated(text, ss, vs, lex),
                      conditional=False, sent=(ss, se), kind="text", sid=f"t{vs}",
                      modality="asserted", date=a.published)
        pos = se + 1

    # An inference through "both requests" gives way to the stance stated outright.
    stated = {(k[0], k[1]) for k in out if k not in set(inferred)}
    drop = {k for k in inferred if (k[0], k[1]) in stated}
    return [p for k, p in out.items() if k not in drop]


def extract_positions(
    coded: Iterable[CodedArticle], *, lexicon: PropositionLexicon | None = None
) -> list[Position]:
    """Every :class:`Position` stated in ``coded``, sorted by party, proposition, date."""
    lex = lexicon or load_propositions()
    out: list[Position] = []
    for c in coded:
        out.extend(_from_article(c, lex))
    out.sort(key=lambda p: (p.party, p.proposition, p.date or _dt.date.min, p.article_id,
                            p.start))
    return out
