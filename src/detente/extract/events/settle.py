"""Rules that settle a sentence's candidates (used by :mod:`detente.extract.events.code`):
which trigger governs which (:func:`governing_candidate`), imperatives and questions put
to a speaker, the speaker as source (:func:`settle_source`), anaphoric targets ("the
demands"), rejections, PLOVER's modality-dependent retyping (:func:`retype`) and
reported obligations (:func:`obligations`)."""

from __future__ import annotations

from spacy.tokens import Span, Token

from ...lexicon.events import EventLexicon, EventPattern
from ...records import ActorRef, Quote
from .actors import ActorResolver, Arg
from .modality import is_negated
from .participants import has_actor, subject_heads
from .triggers import (
    CLAUSE_LINKS,
    MAX_HOPS,
    PERSONAL,
    Cand,
    children,
    lemma,
    prep_objects,
)

__all__ = ["accord", "anaphoric_target", "apart", "as_rejection", "governing_candidate", "imperative",
           "judged_unacceptable", "obligations", "own_agent", "put_question", "retype",
           "settle_source", "speaker_for"]


def imperative(tok: Token) -> bool:
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


def put_question(tok: Token) -> bool:
    """"When asked about the crisis, Cruz said ...": a bare participle clause with no
    asker and nothing asked for (no subject, agent or complement clause) is a question
    put to the speaker, not a request."""
    if tok.tag_ != "VBN" or tok.dep_ not in ("advcl", "ROOT"):
        return False
    return not any(ch.dep_ in ("nsubj", "nsubjpass", "agent", "xcomp", "ccomp", "dobj")
                   for ch in tok.children)


def governing_candidate(c: Cand, cands: dict[int, Cand],
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


def speaker_for(c: Cand, reporter: Token | None, quote: Quote | None,
                 res: ActorResolver) -> Arg | None:
    if quote is not None and quote.speaker is not None:
        return Arg(actors=(quote.speaker,), text=quote.speaker_text or "",
                   start=quote.speaker_start or quote.start, end=quote.speaker_end or quote.start)
    if reporter is not None:
        return res.resolve_all(subject_heads(reporter))
    return None


def accord(sent: Span) -> bool:
    return any(t.lower_ == "according" and t.i + 1 < sent.end and t.nbor().lower_ == "to"
               for t in sent)


def apart(c: Cand) -> bool:
    """Source and target are different phrases naming different actors."""
    if c.source is None or c.target is None:
        return False
    if c.source.start < c.target.end and c.target.start < c.source.end:
        return False
    return {a.code for a in c.source.actors} != {a.code for a in c.target.actors}


def own_agent(c: Cand, g: Cand) -> bool:
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


def anaphoric_target(c: Cand, lex: EventLexicon,
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


def judged_unacceptable(noun: Token, lex: EventLexicon) -> bool:
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


def as_rejection(c: Cand, lex: EventLexicon,
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


def settle_source(c: Cand, *, reporter: Token | None, quote: Quote | None,
                   res: ActorResolver) -> bool:
    """Resolve the source against the speaker; False when the event must be dropped.

    An accusation term takes the reporter as source. A pronoun or missing source takes
    the speaker of the quote or reported clause. A named source that is the speaker's own
    country gives way to the named speaker ("Lavrov claimed Russia will not tolerate
    ..." is Lavrov's REJECT)."""
    speaker = None
    if c.pattern.accusation:
        speaker = speaker_for(c, reporter, quote, res)
        if not has_actor(speaker) or not has_actor(c.target):
            return False
        c.source = speaker
    if c.target is not None and not has_actor(c.target) \
            and ActorResolver.is_first_person(c.target) and quote is not None \
            and not (c.source is not None and ActorResolver.is_first_person(c.source)):
        # a first-person target in a quote is the speaker ("we repelled an attack",
        # "Azerbaijan attacked us"), and the speaker is then not also the doer; with a
        # first-person doer ("we will never accept the occupation of our land") the
        # speaker is the doer, and "our" is no target
        speaker = speaker_for(c, reporter, quote, res)
        if has_actor(speaker) and not (has_actor(c.source) and {
                a.country for a in c.source.actors} & {a.country for a in speaker.actors}):
            c.target = speaker
            if not has_actor(c.source):
                return True
    if not has_actor(c.source):
        if (c.source is not None and c.source.pronoun in PERSONAL) or (
                c.source is None and (quote is not None or c.extras.get("judged"))):
            speaker = speaker or speaker_for(c, reporter, quote, res)
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
        speaker = speaker or speaker_for(c, reporter, quote, res)
        if speaker is not None and c.source is not None and has_actor(speaker) \
                and len(c.source.actors) == 1:
            s, own = speaker.actors[0], c.source.actors[0]
            if s.person and not own.person and s.country and s.country == own.country:
                c.source = speaker
    return True


def retype(c: Cand, modality: str, lex: EventLexicon) -> None:
    """PLOVER's modality-dependent types: a future meeting, or aid, withdrawal or
    cooperation announced with will/would/shall, is AGREE; a harmful act
    announced on a condition is THREATEN; joint military activity is COOPERATE."""
    anchor = c.governor if c.governor is not None else c.tok
    fut = lex.cue("intent_aux")
    future_aux = any(ch.dep_ == "aux" and ch.lower_ in fut for t in (c.tok, anchor)
                     for ch in t.children)
    needs_aux = c.plover_type in lex.future_needs_aux
    # a conditional act keeps its own reading below ("will withdraw unless ..." threatens)
    if c.plover_type in lex.future and (
            (modality == "intended" and (future_aux or not needs_aux))
            or (modality == "conditional" and future_aux and not needs_aux)):
        c.plover_type, c.cameo = lex.future[c.plover_type]
        c.mode = None
    elif modality == "intended" and future_aux and c.plover_type in lex.future_threat \
            and not c.extras.get("refusal"):
        c.plover_type, c.cameo = lex.future_threat[c.plover_type]
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


def obligations(musts: list[Token], cands: dict[int, Cand], lex: EventLexicon,
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
