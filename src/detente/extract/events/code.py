"""Event coding: who did what to whom, in PLOVER 2021 and CAMEO, with modality and
evidence.

Per line of each sentence (the parser sometimes runs lines together), in one pass over
its tokens:

1. Triggers. A verb or noun whose lemma has patterns in ``lexicon/events.toml`` and whose
   requirements hold (particle, preposition, object, subject, complement, modifier,
   governing verb) is a candidate; the most specific pattern wins. Reporting verbs
   ("said") are never triggers.
2. Participants from the dependency parse (:func:`verb_args`, :func:`noun_args`):
   subject / passive agent as source, object, dative, target prepositions and the
   subject of a complement clause as target; nouns take possessors, modifiers,
   "from/by" phrases and the subject of the light verb that carries them ("Kyiv issued
   an ultimatum"). Missing subjects are taken from the controlling clause ("refused to
   deploy"), pronouns from the speaker of the quote or reported clause. Unresolved
   participants fall back on the event's location or the source's own country for
   domestic groups (see ``located`` / ``domestic`` in the pattern file), and a
   definite event noun ("the demands") on the latest event of that type.
3. One event per predicate: a trigger inside the complement of another trigger is
   part of it ("urged Ukraine not to negotiate" is one REQUEST), except that
   ``defer`` patterns hand over to the complement ("pledged to give aid" is AID).
4. An event needs a resolved source or target actor. A reported obligation ("X said Y
   must ...") is a REQUEST by X on Y.
5. Modality (:mod:`detente.extract.events.modality`), date (the nearest time expression in
   the predicate's clause, else the article's date), places of the sentence, amounts,
   quote id, confidence; then PLOVER's modality-dependent retyping (intended CONSULT is
   AGREE, a harmful act on a condition is THREATEN, joint MOBILIZE is COOPERATE).

Sentences without a lower-case letter (headlines, teasers, shouted captions) are
skipped: their parses are unreliable and they are not the article's reporting.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Literal, cast

from spacy.tokens import Doc, Span, Token

from ...ids import unique_ids
from ...lexicon.events import EventLexicon, EventPattern, load_event_lexicon
from ...records import ActorRef, Article, DateRef, Event, Mention, Place, Quote
from .actors import ActorResolver, Arg
from .context import DocIndex, amounts, pick_date, segments
from .fallback import domestic_source, located_args, place_target
from .framing import speaker_accusations
from .modality import ancestors, asks_whether, is_negated, is_question, modality_of
from .participants import has_actor, noun_args, reciprocal_split, subject_heads, verb_args
from .petrarch import direct_dyad, discard_words, discarded, match_petrarch
from .senses import resolve_senses
from .triggers import (
    CLAUSE_LINKS,
    MAX_HOPS,
    NOUN_POS,
    PERSONAL,
    VERB_POS,
    Cand,
    children,
    lemma,
    match_noun,
    match_verb,
    orphan_subjects,
    prep_objects,
)

Modality = Literal[
    "asserted", "reported", "intended", "conditional", "negated", "hypothetical", "denied"
]

__all__ = ["extract_events"]

# ----------------------------------------------------------------------- the pass
def _imperative(tok: Token) -> bool:
    """A verb in the imperative that opens its sentence ("Let me tell you the facts",
    "Let them fight each other"): the speaker exhorts, nobody acts. Base form, no
    subject, auxiliary or marker, the main verb of its line, nothing but punctuation
    before it."""
    if tok.tag_ != "VB" or tok.dep_ not in ("ROOT", "ccomp", "parataxis"):
        return False
    # a quoted imperative hangs on the reporting verb that follows it
    if tok.dep_ != "ROOT" and not (tok.head.i > tok.i and tok.head.dep_ == "ROOT"):
        return False
    if any(ch.dep_ in ("nsubj", "nsubjpass", "expl", "aux", "auxpass", "mark")
           for ch in tok.children):
        return False
    return all(t.is_punct or t.is_space for t in tok.doc[tok.sent.start:tok.i])


def _put_question(tok: Token) -> bool:
    """"When asked about the crisis, Cruz said ...": a bare participle clause with no
    asker and nothing asked for (no subject, agent or complement clause) is a question
    put to the speaker, not a request."""
    if tok.tag_ != "VBN" or tok.dep_ not in ("advcl", "ROOT"):
        return False
    return not any(ch.dep_ in ("nsubj", "nsubjpass", "agent", "xcomp", "ccomp", "dobj")
                   for ch in tok.children)


def _governing_candidate(c: Cand, cands: dict[int, Cand],
                         carried: dict[int, Cand]) -> Cand | None:
    """The trigger whose complement ``c`` sits in (bounded walk up clause links).
    ``carried`` maps a verb to the nominal trigger it carries: a purpose clause belongs
    to it ("converged for a rally to protest ...", "blocked roads to press demands")."""
    cur = c.governor if c.governor is not None else c.tok
    if cur is None:
        return None
    if cur.i != c.tok.i and cur.i in cands:
        return cands[cur.i]
    for _ in range(MAX_HOPS):
        if cur.head.i == cur.i or cur.dep_ not in CLAUSE_LINKS | {"conj"}:
            return None
        dep = cur.dep_
        cur = cur.head
        # a coordinated trigger is a separate event ("rejected ... and threatened")
        if cur.i in cands and cur.i != c.tok.i and dep != "conj":
            return cands[cur.i]
        if dep in ("advcl", "xcomp") and cur.i in carried and carried[cur.i] is not c:
            return carried[cur.i]
    return None



def _speaker_for(c: Cand, reporter: Token | None, quote: Quote | None,
                 res: ActorResolver) -> Arg | None:
    if quote is not None and quote.speaker is not None:
        return Arg(actors=(quote.speaker,), text=quote.speaker_text or "",
                   start=quote.speaker_start or quote.start, end=quote.speaker_end or quote.start)
    if reporter is not None:
        return res.resolve_all(subject_heads(reporter))
    return None


def _accord(sent: Span) -> bool:
    return any(t.lower_ == "according" and t.i + 1 < sent.end and t.nbor().lower_ == "to"
               for t in sent)


def _code_sentence(sent: Span, *, article: Article, lex: EventLexicon, res: ActorResolver,
                   idx: DocIndex, memory: dict[str, tuple[ActorRef, ...]] | None = None,
                   cut: bool = False, petrarch_ok: bool = True) -> list[Event]:
    text = sent.text
    if not any(ch.islower() for ch in text):
        return []  # headline/teaser/all-caps line: not reporting, parses unreliable
    res.bound(sent.start, sent.end)
    cands: dict[int, Cand] = {}
    musts: list[Token] = []
    must = lex.cue("obligation_aux")
    lost = orphan_subjects(sent) if cut else {}
    # reporting, intent and negating verbs are modality in this project, never events
    # ("want", "hope", "plan" are CAMEO 030 defaults; "say" is 010)
    # domestic acts ("voted for the bill") are no event whatever verb file knows them
    reporting = lex.cue("reporting") | lex.cue("intent") | lex.cue("negating")
    domestic_acts = lex.cue("domestic_acts")
    petr_ok = bool(lex.petrarch) and petrarch_ok
    months = lex.cue("months")
    for tok in sent:
        if idx.noise and idx.in_noise(tok.idx):
            continue
        # a capitalised month name is a date, whatever the tagger says ("March 8 rallies")
        # (sentence-initial only when a date: "March against the war" may be a verb)
        if tok.lower_ in months and tok.text[:1].isupper() and (
                tok.i > sent.start or tok.ent_type_ == "DATE"
                or (tok.i + 1 < len(tok.doc) and tok.nbor(1).like_num)):
            continue
        cand = None
        pos = tok.pos_
        lem = lemma(tok) if pos in VERB_POS or pos in NOUN_POS or tok.tag_.startswith("VB") else ""
        if pos == "AUX" and tok.lower_ in must and tok.dep_ == "aux":
            musts.append(tok)
        elif pos in VERB_POS or tok.tag_.startswith("VB"):
            pats = lex.verbs.get(lem) if lem not in domestic_acts else None
            if pats and _imperative(tok):
                pats = None  # "Let me tell you", "Let them fight": an exhortation, no act
            if pats:
                cand = match_verb(tok, pats, lex, orphan_subject=lost.get(tok.i))
            # the project's own patterns win; PETRARCH's only where none matched
            if cand is None and not pats and petr_ok and lem not in reporting \
                    and lem not in domestic_acts and not _imperative(tok):
                ppats = lex.petrarch.get(lem) or lex.petrarch.get(tok.lower_)
                if ppats:
                    cand = match_petrarch(tok, ppats, lex)
        elif pos in NOUN_POS:
            pats = lex.nouns.get(lem)
            if pats:
                cand = match_noun(tok, pats, lex)
                # "aid package": keep one trigger per phrase
                if cand is not None and cand.head.i != tok.i and cand.head.i in cands:
                    cand = None
        if cand is not None:
            if cand.head.i != tok.i and cand.head.i in cands:
                continue
            cands[tok.i] = cand
    if musts:
        _obligations(musts, cands, lex, res)
    if not cands:
        return []
    # discards (sports, entertainment, history ...) veto the PETRARCH patterns' events
    if any(c.pattern.petrarch for c in cands.values()) and discarded(
            discard_words(sent.text), lex):
        cands = {i: c for i, c in cands.items() if not c.pattern.petrarch}
        if not cands:
            return []
    # drop a compound trigger whose head noun also triggered later in the sentence, and
    # a noun coordinated with a noun of the same type ("fakes and lies" is one ACCUSE)
    for i, c in list(cands.items()):
        if c.head.i != c.tok.i and c.head.i in cands:
            del cands[i]
        elif c.pattern.kind == "noun" and c.tok.dep_ == "conj" and c.tok.head.i in cands \
                and cands[c.tok.head.i].pattern.plover_type == c.pattern.plover_type:
            del cands[i]
    # the noun a subject-pattern is about is part of that event ("talks stalled")
    for c in list(cands.values()):
        if c.pattern.kind == "verb" and c.pattern.subject:
            about = children(c.tok, "nsubj", "nsubjpass")
            if c.tok.dep_ in ("acl", "relcl"):
                about.append(c.tok.head)
            if isinstance(c.extras.get("subject"), Token):
                about.append(c.extras["subject"])  # type: ignore[arg-type]
            for n in about:
                other = cands.get(n.i)
                if other is not None and other.pattern.kind == "noun":
                    del cands[n.i]
    for c in cands.values():
        p = c.pattern
        if c.extras.get("prebuilt"):
            continue
        c.plover_type, c.cameo, c.mode = p.plover_type, p.cameo, p.mode
        if c.negated and p.negated is not None:
            c.plover_type, c.cameo, c.mode = p.negated
            c.negated = False
            c.extras["refusal"] = True
        if p.kind == "verb":
            verb_args(c, res, lex)
            reciprocal_split(c, res, lex)
            if c.extras.get("swap"):  # PETRARCH "[:X]": the code reads target -> source
                c.source, c.target = c.target, c.source
        else:
            noun_args(c, res, lex)
        located_args(c, res, lex)
        place_target(c, res, lex)
        if memory and p.kind == "verb" and not has_actor(c.target):
            _anaphoric_target(c, lex, memory)
        if p.kind == "noun" and _judged_unacceptable(c.head, lex):
            _as_rejection(c, lex, memory)
    # one event per predicate: complements belong to the predicate that governs them
    carried = {c.governor.i: c for c in cands.values()
               if c.pattern.kind == "noun" and c.governor is not None
               and c.relation not in ("nsubj", "nsubjpass")}
    for c in cands.values():
        c.parent = _governing_candidate(c, cands, carried)
    for c in cands.values():
        g = c.parent
        if g is None:
            continue
        valid = has_actor(c.source) or has_actor(c.target)
        if g.pattern.defer and valid:
            g.dropped = True
            c.deferred_from = g.tok
            # the governor's subject becomes the source, unless it is already the
            # target ("troops repelled an attack": the troops were attacked)
            if not has_actor(c.source) and not (
                    c.target is not None and g.source is not None
                    and c.target.start < g.source.end and g.source.start < c.target.end):
                c.source = g.source
        elif not g.pattern.defer and not _own_agent(c, g):
            c.dropped = True
    according = _accord(sent)
    events: list[Event] = []
    sent_dates = idx.dates_in(sent.start_char, sent.end_char)
    for c in cands.values():
        if c.dropped:
            continue
        quote = idx.quote_at(c.tok.idx)
        # a question asks about an act; it reports none ("Did X attack Y?")
        if is_question(c.governor if c.governor is not None else c.tok, sent=sent,
                       quote_text=quote.text if quote is not None else None):
            continue
        if c.plover_type == "REQUEST" and c.pattern.kind == "verb" and (
                asks_whether(c.tok) or _put_question(c.tok)):
            continue
        gov_negates = c.governor is not None and (
            lemma(c.governor) in lex.cue("light") or lemma(c.governor) in lex.cue("recipient"))
        mod = modality_of(c.tok, lex=lex, sent=sent, governor=c.governor,
                          governor_negates=gov_negates and c.pattern.negated is None,
                          negated=c.negated, in_quote=quote is not None,
                          deferred_from=c.deferred_from, according=according,
                          refusal=bool(c.extras.get("refusal")))
        if c.governor is not None and c.pattern.negated is not None and is_negated(c.governor, lex) \
                and gov_negates:
            c.plover_type, c.cameo, c.mode = c.pattern.negated
        _retype(c, mod.value, lex)
        if not _settle_source(c, reporter=mod.reporter, quote=quote, res=res):
            continue
        domestic_source(c, res, lex)
        if not (has_actor(c.source) or has_actor(c.target)):
            continue
        if c.pattern.needs_target and not has_actor(c.target):
            continue
        # PETRARCH patterns code the verb's own dyad only (CAMEO's rule): both sides
        # resolved, apart, from the verb's own dependents
        if c.pattern.petrarch and not (has_actor(c.source) and _apart(c) and direct_dyad(c)):
            continue
        events.append(_make_event(c, sent=sent, article=article, lex=lex, idx=idx,
                                  sent_dates=sent_dates, quote=quote,
                                  modality=cast(Modality, mod.value)))
    return events


def _apart(c: Cand) -> bool:
    """Source and target are different phrases naming different actors."""
    if c.source is None or c.target is None:
        return False
    if c.source.start < c.target.end and c.target.start < c.source.end:
        return False
    return {a.code for a in c.source.actors} != {a.code for a in c.target.actors}


def _own_agent(c: Cand, g: Cand) -> bool:
    """A nominal event with an explicit agent of its own ("welcomed the applications
    by Finland and Sweden to join NATO") is a separate act by other parties, not a part
    of the predicate that governs it."""
    if c.pattern.kind != "noun" or not has_actor(c.source):
        return False
    agents = [o for p, o in prep_objects(c.head) if p == "by"]
    if not agents or not (c.source.start <= agents[0].idx < c.source.end):
        return False
    own = {a.country or a.igo for a in c.source.actors}
    return g.source is None or not own & {a.country or a.igo for a in g.source.actors}


_DEFINITE = frozenset({"the", "these", "this", "those", "that", "both", "such", "its",
                       "their", "his", "her"})


def _anaphoric_target(c: Cand, lex: EventLexicon,
                      memory: dict[str, tuple[ActorRef, ...]]) -> None:
    """"Ukraine balked at both initial requests", "Lavrov dismissed the warning": a
    definite object that names an event points back at the latest event of that type;
    its source is this event's target."""
    nouns = children(c.tok, "dobj") + [o for _, o in prep_objects(c.tok)]
    for n in nouns:
        pats = lex.nouns.get(lemma(n))
        if not pats or not any(x.lower_ in _DEFINITE for x in n.children
                               if x.dep_ in ("det", "predet", "poss")):
            continue
        refs = memory.get(pats[0].plover_type)
        if refs and (c.source is None or {a.code for a in refs} != {a.code for a in c.source.actors}):
            c.target = Arg(actors=refs, text=n.text, start=n.idx, end=n.idx + len(n.text),
                           fallback=True)
            return


def _judged_unacceptable(noun: Token, lex: EventLexicon) -> bool:
    """"Those demands are unacceptable", "the proposal is not acceptable": the noun is
    the subject of a copula whose complement judges it beyond acceptance."""
    if noun.dep_ not in ("nsubj", "nsubjpass"):
        return False
    verb = noun.head
    judged = [x for x in verb.children if x.dep_ in ("acomp", "attr", "oprd")]
    if verb.pos_ == "ADJ":
        judged.append(verb)
    flat = lex.cue("unacceptable")
    negatable = lex.cue("acceptable")
    negated = is_negated(verb, lex)
    return any(lemma(j) in flat or j.lower_ in flat
               or ((lemma(j) in negatable or j.lower_ in negatable)
                   and (negated or is_negated(j, lex))) for j in judged)


def _as_rejection(c: Cand, lex: EventLexicon,
                  memory: dict[str, tuple[ActorRef, ...]] | None) -> None:
    """A demand or proposal judged unacceptable is rejected by whoever judges it (the
    speaker; settled later): a REJECT whose target is the demand's author -- its own
    source, or, for "those demands", the latest event of that type."""
    target = c.source if has_actor(c.source) else None
    refs = (memory or {}).get(c.plover_type)
    if target is None and refs and any(
            x.lower_ in _DEFINITE for x in c.head.children if x.dep_ in ("det", "poss")):
        target = Arg(actors=refs, text=c.head.text, start=c.head.idx,
                     end=c.head.idx + len(c.head.text), fallback=True)
    # CAMEO 120 "reject, not specified below": the judgement names no kind of refusal
    c.plover_type, c.cameo, c.mode = "REJECT", "120", c.mode
    c.target, c.source = target, None
    c.extras["judged"] = True


def _settle_source(c: Cand, *, reporter: Token | None, quote: Quote | None,
                   res: ActorResolver) -> bool:
    """Resolve the source against the speaker; False when the event must be dropped.

    An accusation term takes the reporter as source. A pronoun or missing source takes
    the speaker of the quote or reported clause. A named source that is the speaker's own
    country gives way to the named speaker ("Lavrov claimed Russia will not tolerate
    ..." is Lavrov's REJECT)."""
    speaker = None
    if c.pattern.accusation:
        speaker = _speaker_for(c, reporter, quote, res)
        if not has_actor(speaker) or not has_actor(c.target):
            return False
        c.source = speaker
    if c.target is not None and not has_actor(c.target) \
            and ActorResolver.is_first_person(c.target) and quote is not None:
        # a first-person target in a quote is the speaker ("we repelled an attack",
        # "Azerbaijan attacked us"), and the speaker is then not also the doer
        speaker = _speaker_for(c, reporter, quote, res)
        if has_actor(speaker) and not (has_actor(c.source) and {
                a.country for a in c.source.actors} & {a.country for a in speaker.actors}):
            c.target = speaker
            if not has_actor(c.source):
                return True
    if not has_actor(c.source):
        if (c.source is not None and c.source.pronoun in PERSONAL) or (
                c.source is None and (quote is not None or c.extras.get("judged"))):
            speaker = speaker or _speaker_for(c, reporter, quote, res)
            # first person in any quote is the speaker; a third-person pronoun is the
            # speaker only in reported speech ("Uganda said it had paid ..."), not
            # inside a direct quote, where "he"/"they" are someone the speaker talks of
            reported = (quote is None and reporter is not None) or (
                quote is not None and quote.quote_type != "direct")
            # an unnamed doer is not the speaker when the speaker is the one acted upon
            # ("the army said its troops repelled an attack": no self-target)
            self_target = c.source is None and has_actor(speaker) and has_actor(c.target) \
                and {a.code for a in speaker.actors} <= {a.code for a in c.target.actors}
            if (c.source is None or ActorResolver.is_first_person(c.source) or reported) \
                    and not self_target:
                c.source = speaker if has_actor(speaker) else c.source
    elif reporter is not None or quote is not None:
        speaker = speaker or _speaker_for(c, reporter, quote, res)
        if speaker is not None and c.source is not None and has_actor(speaker) \
                and len(c.source.actors) == 1:
            s, own = speaker.actors[0], c.source.actors[0]
            if s.person and not own.person and s.country and s.country == own.country:
                c.source = speaker
    return True


def _retype(c: Cand, modality: str, lex: EventLexicon) -> None:
    """PLOVER's modality-dependent types: a future meeting is AGREE; a harmful act
    announced on a condition is THREATEN; joint military activity is COOPERATE."""
    anchor = c.governor if c.governor is not None else c.tok
    fut = lex.cue("intent_aux")
    future_aux = any(ch.dep_ == "aux" and ch.lower_ in fut for t in (c.tok, anchor)
                     for ch in t.children)
    if c.plover_type in lex.future and (modality == "intended" or (
            modality == "conditional" and future_aux)):
        c.plover_type, c.cameo = lex.future[c.plover_type]
        c.mode = None
    elif modality == "conditional" and c.plover_type in lex.threat_types \
            and not c.extras.get("refusal"):
        modal = fut | lex.cue("hypothetical_aux")
        if any(ch.dep_ == "aux" and ch.lower_ in modal for t in (c.tok, anchor)
               for ch in t.children):
            c.plover_type, c.cameo, c.mode = "THREATEN", lex.threat_cameo, None
    if c.plover_type in lex.joint and c.source is not None and len(
            {a.country or a.igo for a in c.source.actors}) >= 2:
        c.plover_type, c.cameo = lex.joint[c.plover_type]
        c.mode = None


def _obligations(musts: list[Token], cands: dict[int, Cand], lex: EventLexicon,
                 res: ActorResolver) -> None:
    """"Russia said Sudan must return the helicopter": a reported obligation laid on
    another party is a REQUEST by the speaker (trigger: the reporting verb).
    ``musts`` are the sentence's obligation auxiliaries."""
    reporting = lex.cue("reporting")
    for tok in musts:
        clause = tok.head
        rep = clause.head
        if clause.dep_ != "ccomp" or lemma(rep) not in reporting or rep.i in cands:
            continue
        source = res.resolve_all(subject_heads(rep))
        target = res.resolve_all(children(clause, "nsubj", "nsubjpass"))
        if source is None or target is None or not (has_actor(source) and has_actor(target)):
            continue
        if {a.code for a in source.actors} == {a.code for a in target.actors}:
            continue  # "we must act": a resolve, not a demand on another party
        pat = EventPattern(kind="verb", plover_type="REQUEST", cameo="100", specificity=1)
        cand = Cand(tok=rep, pattern=pat, head=rep, source=source, target=target,
                    plover_type="REQUEST", cameo="100")
        cand.extras["prebuilt"] = True
        cands[rep.i] = cand


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
    past = [d for d in idx.dates_in(prev.start_char, prev.end_char)
            if d.value is not None and d.value.year < published.year]
    return past[-1] if len({d.value.year for d in past if d.value}) == 1 else None


def _make_event(c: Cand, *, sent: Span, article: Article, lex: EventLexicon,
                idx: DocIndex, sent_dates: list[DateRef], quote: Quote | None,
                modality: Modality) -> Event:
    _, goldstein, quad = lex.cameo_info(c.cameo)
    date_ref = pick_date(c, sent_dates, published=article.published)
    if date_ref is not None:
        date, date_text, basis = date_ref.value, date_ref.text, "sentence"
    elif (back := _background_date(c, sent, idx, published=article.published)) is not None:
        date, date_text, basis = back.value, back.text, "context"
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


def extract_events(
    doc: Doc,
    *,
    article: Article,
    mentions: list[Mention],
    dates: list[DateRef],
    places: list[Place],
    quotes: list[Quote],
    lexicon: EventLexicon | None = None,
) -> list[Event]:
    """Code the events of a parsed article (see the module docstring for the rules).

    >>> from detente.pipeline.coding import code_text  # doctest: +SKIP
    >>> [e.plover_type for e in code_text("Russia rejected the proposal.").events]  # doctest: +SKIP
    ['REJECT']
    """
    if not doc.has_annotation("DEP"):
        return []
    lex = lexicon or load_event_lexicon()
    res = ActorResolver(doc, mentions, places=places, text=article.text, on=article.published)
    idx = DocIndex(article, list(dates), list(places), list(quotes),
                   money=[e for e in doc.ents if e.label_ == "MONEY"])
    events: list[Event] = []
    # the latest source of each event type, for "balked at the demands" (whose?)
    memory: dict[str, tuple[ActorRef, ...]] = {}
    # a story-level discard (a sports fixture, a celebrity) keeps PETRARCH patterns off
    # the whole article
    petrarch_ok = not (lex.story_discards and discarded(
        discard_words(article.text), lex, story=True))
    for sent in doc.sents:
        segs = segments(sent)
        for seg in segs:
            coded = _code_sentence(seg, article=article, lex=lex, res=res, idx=idx,
                                   memory=memory, cut=len(segs) > 1,
                                   petrarch_ok=petrarch_ok)
            coded = resolve_senses(coded, sent=seg, lex=lex)  # figurative violence
            events.extend(coded)
            for e in coded:
                if e.source and e.modality not in ("negated", "denied"):
                    memory[e.plover_type] = e.source
    if quotes:
        events.extend(speaker_accusations(events, {q.id: q for q in quotes}, lex=lex))
        events.sort(key=lambda e: (e.trigger_start, e.id))
    ids = unique_ids([e.id for e in events], ends=[e.trigger_end for e in events])
    return [e if e.id == i else replace(e, id=i) for e, i in zip(events, ids, strict=True)]

