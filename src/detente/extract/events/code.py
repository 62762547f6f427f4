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

This module runs the pass (:func:`extract_events`, one sentence at a time). Its parts:
:mod:`.triggers` (step 1), :mod:`.participants` and :mod:`.fallback` (step 2),
:mod:`.settle` (steps 3–4 and the retyping), :mod:`.modality` and :mod:`.record` (step 5).
"""

from __future__ import annotations

from dataclasses import replace
from typing import cast

from spacy.tokens import Doc, Span, Token

from ...ids import unique_ids
from ...lexicon.events import EventLexicon, load_event_lexicon
from ...parse.entities import text_of, token_pos, token_tags
from ...records import ActorRef, Article, DateRef, Event, Mention, Place, Quote
from .actors import ActorResolver
from .context import DocIndex, segments
from .fallback import domestic_source, located_args, place_target
from .framing import speaker_accusations
from .modality import asks_whether, is_negated, is_question, modality_of
from .participants import has_actor, noun_args, reciprocal_split, verb_args
from .petrarch import (
    compound_split,
    direct_dyad,
    discard_words,
    discarded,
    match_petrarch,
    petrarch_events,
    petrarch_target,
    user_verb,
)
from .record import Modality, make_event
from .senses import resolve_senses
from .settle import (
    accord,
    anaphoric_target,
    apart,
    as_rejection,
    governing_candidate,
    imperative,
    judged_unacceptable,
    obligations,
    own_agent,
    put_question,
    retype,
    settle_source,
)
from .triggers import (
    NOUN_POS,
    VERB_POS,
    Cand,
    children,
    lemma,
    match_noun,
    match_verb,
    orphan_subjects,
)

__all__ = ["extract_events"]

_TRIGGER_POS = VERB_POS | NOUN_POS  # with any VB* tag: the words _code_sentence reads


def _code_sentence(sent: Span, *, article: Article, lex: EventLexicon, res: ActorResolver,
                   idx: DocIndex, memory: dict[str, tuple[ActorRef, ...]] | None = None,
                   cut: bool = False, petrarch_ok: bool = True) -> list[Event]:
    doc = sent.doc
    text = text_of(doc)[sent.start_char:sent.end_char]  # sent.text, without the Tokens
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
    pos_of, tag_of = token_pos(doc), token_tags(doc)
    for i in range(sent.start, sent.end):
        # only verbs, auxiliaries and nouns trigger (or oblige): the other words are
        # skipped without building their Token
        if pos_of[i] not in _TRIGGER_POS and not tag_of[i].startswith("VB"):
            continue
        tok = doc[i]
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
            if pats and imperative(tok):
                pats = None  # "Let me tell you", "Let them fight": an exhortation, no act
            if pats and petr_ok and user_verb(tok, lem, lex):
                pats = None  # the user's own verb file decides the verbs it lists
            if pats:
                cand = match_verb(tok, pats, lex, orphan_subject=lost.get(tok.i))
            # the project's own patterns win over the shipped CAMEO file's
            if cand is None and not pats and petr_ok and lem not in reporting \
                    and lem not in domestic_acts and not imperative(tok):
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
        obligations(musts, cands, lex, res)
    if not cands:
        return []
    # discards (sports, entertainment, history ...) veto the PETRARCH patterns' events
    if any(c.pattern.petrarch for c in cands.values()) and discarded(
            discard_words(text), lex):
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
            if p.petrarch:
                petrarch_target(c, res)
                compound_split(c, res)
            if c.extras.get("swap"):  # PETRARCH "[:X]": the code reads target -> source
                c.source, c.target = c.target, c.source
        else:
            noun_args(c, res, lex)
        located_args(c, res, lex)
        place_target(c, res, lex)
        if memory and p.kind == "verb" and not has_actor(c.target):
            anaphoric_target(c, lex, memory)
        if p.kind == "noun" and judged_unacceptable(c.head, lex):
            as_rejection(c, lex, memory)
    # one event per predicate: complements belong to the predicate that governs them
    carried = {c.governor.i: c for c in cands.values()
               if c.pattern.kind == "noun" and c.governor is not None
               and c.relation not in ("nsubj", "nsubjpass")}
    for c in cands.values():
        c.parent = governing_candidate(c, cands, carried)
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
        elif not g.pattern.defer and not own_agent(c, g):
            c.dropped = True
    according = accord(sent)
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
                asks_whether(c.tok) or put_question(c.tok)):
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
        retype(c, mod.value, lex)
        if not settle_source(c, reporter=mod.reporter, quote=quote, res=res):
            continue
        domestic_source(c, res, lex)
        if not (has_actor(c.source) or has_actor(c.target)):
            continue
        if c.pattern.needs_target and not has_actor(c.target):
            continue
        # PETRARCH patterns code the verb's own dyad only (CAMEO's rule): both sides
        # resolved, apart, from the verb's own dependents
        if c.pattern.petrarch and not (has_actor(c.source) and apart(c) and direct_dyad(c)):
            continue
        events.append(make_event(c, sent=sent, article=article, lex=lex, idx=idx,
                                  sent_dates=sent_dates, quote=quote,
                                  modality=cast(Modality, mod.value), reporter=mod.reporter))
        if c.pattern.petrarch:  # "[X:Y]" reciprocal, "%" compound pairs
            events.extend(petrarch_events(events[-1], c, lex))
    return events


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

