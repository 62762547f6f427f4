"""Event participants: the source and target of a trigger, read from the dependency parse.

:func:`verb_args` and :func:`noun_args` fill in the source and target of a
:class:`~detente.extract.events.triggers.Cand` (a matched trigger); :func:`domestic_target`
and :func:`reciprocal_split` refine them. Every walk is bounded (a few hops), so the cost
stays linear in sentence length. Triggers themselves are found in
:mod:`detente.extract.events.triggers`.
"""

from __future__ import annotations

from typing import TypeGuard

from spacy.tokens import Token

from ...lexicon.events import EventLexicon
from ...records import ActorRef
from ..places.gazetteer import resolve_place
from .actors import ActorResolver, Arg
from .triggers import NOUN_POS, Cand, children, is_passive, lemma, noun_governor, prep_objects

__all__ = ["agent_heads", "domestic_target", "has_actor", "noun_args", "noun_modifier_heads",
           "reciprocal_split", "subject_heads", "verb_args", "with_of"]


# sectors of people who are not the state: the police they confront are their own
_NON_STATE = frozenset({"CVL", "OPP", "REB", "LAB", "EDU", "REL", "BUS"})
_LOCATIVE_PREPS = frozenset({"in", "at", "near", "inside", "across", "during", "after",
                             "before", "since", "until", "within", "throughout", "amid",
                             "over", "under", "by", "via", "through", "as", "like",
                             "despite", "because", "than", "about"})


_RELATIVE = frozenset({"that", "which", "who", "whom", "whose"})


def _stative(tok: Token, lex: EventLexicon) -> bool:
    """"Israel is opposed to X": a passive form that states the subject's own stance."""
    return lemma(tok) in lex.cue("stative_passive") and not children(tok, "agent")


# ------------------------------------------------------------------- participants
def subject_heads(verb: Token) -> list[Token]:
    """Subjects of ``verb``, following control and coordination upwards when it has
    none ("refused to deploy", "dismissed ... and claimed", "a referendum to annex")."""
    cur = verb
    for _ in range(5):
        subj = children(cur, "nsubj", "csubj", "expl")
        subj = [s for s in subj if s.dep_ != "expl"]
        # "a peace that allows ...": the relative pronoun stands for the noun
        if subj and cur.dep_ == "relcl" and subj[0].lower_ in _RELATIVE:
            return [cur.head]
        if subj:
            return subj
        # a finite verb parsed as a reduced relative ("a newspaper called on ...",
        # "talks stalled"): the noun is its subject (a VBN participle would be passive)
        if cur.dep_ == "acl" and cur.tag_ == "VBD" and cur.head.pos_ in NOUN_POS:
            return [cur.head]
        # a present participle on a noun that names its author has the noun as its
        # subject ("a UN resolution condemning the attack" is the UN's); an unnamed
        # artifact goes up to whoever sent it ("sent a letter demanding ...")
        if cur.dep_ == "acl" and cur.tag_ == "VBG" and cur.head.pos_ in NOUN_POS \
                and _named(cur.head):
            return [cur.head]
        # ... also as a participle when the noun is the root: a news sentence has a
        # finite verb, so "A Syrian newspaper called Thursday on Arabs to ..." with
        # "newspaper" as root is a mis-tagged finite verb
        if cur.dep_ == "acl" and cur.tag_ == "VBN" and cur.head.dep_ == "ROOT" \
                and cur.head.pos_ in NOUN_POS and not children(cur, "agent", "auxpass"):
            return [cur.head]
        if cur.dep_ in ("xcomp", "conj", "advcl", "pcomp", "acl", "relcl", "acomp") \
                and cur.head.i != cur.i:
            nxt = cur.head
            # object control: "urged Ukraine to negotiate" -> Ukraine
            if cur.dep_ == "xcomp":
                objs = children(nxt, "dobj")
                if objs:
                    return objs
            # "a referendum to annex": the controller is the subject of the verb that
            # governs the noun
            if cur.dep_ in ("acl", "relcl") and nxt.pos_ in NOUN_POS:
                gov, _ = noun_governor(nxt)
                if gov is None:
                    return []
                nxt = gov
            elif cur.dep_ == "pcomp":
                nxt = nxt.head if nxt.dep_ == "prep" else nxt
            cur = nxt
            continue
        if cur.dep_ == "pobj":
            cur = cur.head.head if cur.head.dep_ == "prep" else cur.head
            continue
        break
    return []


def _named(noun: Token) -> bool:
    """Whether a noun phrase holds a name: the noun itself or a modifier in front."""
    return any(t.pos_ == "PROPN" or t.ent_type_ for t in (noun, *noun.lefts)
               if t is noun or t.dep_ in ("compound", "poss", "amod", "nmod"))


def agent_heads(verb: Token) -> list[Token]:
    return [o for a in children(verb, "agent") for o in children(a, "pobj")]


def _target_heads(tok: Token, *, verb: bool, lex: EventLexicon) -> list[Token]:
    heads: list[Token] = []
    if verb:
        heads += children(tok, "dative", "iobj")
        heads += [o for o in children(tok, "dobj")]
        if is_passive(tok):
            heads += children(tok, "nsubjpass")
    tpreps = lex.cue("target_preps") | ({"from"} if verb else set())
    pairs = prep_objects(tok)
    # "fought with X against Y": beside an explicit "against", "with" is alongside
    if any(p == "against" for p, _ in pairs):
        pairs = [(p, o) for p, o in pairs if p not in ("with", "alongside")]
    for prep, pobj in pairs:
        if prep in tpreps and prep not in ("of",) or (not verb and prep == "of"):
            heads.append(pobj)
    if verb:
        # "reach a deal with Ukraine", "rejected calls by Belarus for aid"
        for obj in children(tok, "dobj"):
            heads += [o for p, o in prep_objects(obj) if p in tpreps or p in ("by", "from")]
    return heads


def _complement_heads(tok: Token) -> list[Token]:
    subjects, objects = _complement_parts(tok)
    return subjects + objects


def _complement_parts(tok: Token) -> tuple[list[Token], list[Token]]:
    """Subjects, then objects, of clauses governed by ``tok`` ("asked for Ukraine to
    drop", "warned that talks could crumble if Russia continues", "agreed not to join
    NATO"): candidates for the target when the predicate has no object."""
    subjects: list[Token] = []
    objects: list[Token] = []
    frontier = [c for c in tok.children if _is_complement(c)]
    for _ in range(2):
        nxt: list[Token] = []
        for clause in frontier:
            subjects += children(clause, "nsubj", "nsubjpass")
            objects += children(clause, "dobj", "dative")
            objects += [o for p, o in prep_objects(clause) if p not in _LOCATIVE_PREPS]
            nxt += [c for c in clause.children if _is_complement(c)]
        frontier = nxt
    return subjects, objects


def _is_complement(tok: Token) -> bool:
    """A clause that spells out the content of its head: xcomp, ccomp, and adverbial
    clauses that are purposes or conditions (not "while ...", "after ...")."""
    if tok.dep_ in ("xcomp", "ccomp"):
        return True
    if tok.dep_ != "advcl":
        return False
    marks = [c.lower_ for c in tok.children if c.dep_ == "mark"]
    if marks:
        return marks[0] in ("for", "that", "if", "unless", "so")
    # unmarked: only an infinitive of purpose ("to press demands"), not a participle
    # ("given the fact that ...")
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)


def noun_modifier_heads(head: Token) -> list[Token]:
    out = children(head, "poss")
    out += [c for c in head.children if c.dep_ in ("amod", "compound", "nmod") and c.pos_ in
            ("PROPN", "ADJ", "NOUN")]
    return out


def _containers_above(head: Token, lex: EventLexicon) -> list[Token]:
    """Container nouns the phrase hangs from by "of" ("a pledge of [aid]")."""
    out: list[Token] = []
    cur = head
    for _ in range(2):
        prep = cur.head
        if cur.dep_ != "pobj" or lemma(prep) != "of" or prep.head.i == prep.i:
            break
        box = prep.head
        if box.pos_ not in NOUN_POS or lemma(box) not in lex.cue("containers"):
            break
        out.append(box)
        cur = box
    return out


def _noun_source_preps(head: Token, lex: EventLexicon) -> list[Token]:
    return [o for p, o in prep_objects(head) if p in lex.cue("source_preps")]


def _between(head: Token) -> Token | None:
    for p, o in prep_objects(head):
        if p in ("between", "among"):
            return o
    return None


def verb_args(c: Cand, res: ActorResolver, lex: EventLexicon) -> None:
    tok = c.tok
    if _stative(tok, lex):
        c.source = res.resolve_all(children(tok, "nsubjpass", "nsubj"))
        c.target = res.resolve_all([o for _, o in prep_objects(tok)])
    elif is_passive(tok) and not agent_heads(tok) and \
            c.pattern.plover_type.lower() in lex.cue("passive_actor_types"):
        # "troops were deployed to the border": the deployed are the actor
        c.source = res.resolve_all(children(tok, "nsubjpass"))
        subj = set(children(tok, "nsubjpass"))
        c.target = res.resolve_all([h for h in _target_heads(tok, verb=True, lex=lex)
                                    if h not in subj])
    elif is_passive(tok) or (tok.dep_ == "acl" and tok.tag_ == "VBN" and agent_heads(tok)):
        # a participle with its agent ("a plan proposed by Qatar"): the agent acts
        c.source = res.resolve_all(agent_heads(tok))
        c.target = res.resolve_all(children(tok, "nsubjpass") + _target_heads(tok, verb=True, lex=lex))
    else:
        lost = c.extras.get("subject")
        c.source = res.resolve_all(subject_heads(tok) + ([lost] if isinstance(lost, Token)
                                                         else []))
        c.target = res.resolve_all(_target_heads(tok, verb=True, lex=lex))
    if not has_actor(c.target):
        # subjects first, then objects; a whole phrase counts, places included ("refused
        # to deploy peacekeepers in Iraq" targets Iraq)
        c.target = res.resolve_all(_complement_heads(tok)) or c.target
    if (not has_actor(c.target)) and tok.dep_ in ("advcl", "xcomp") and any(
            x.dep_ == "aux" and x.lower_ == "to" for x in tok.children):
        # purpose: "sent experts to Bosnia to investigate" targets Bosnia
        c.target = res.resolve_all([o for p, o in prep_objects(tok.head)
                                    if p in ("to", "into")]) or c.target
    if not has_actor(c.target):
        # "agreed to the draft Russia proposed": the author of the thing acted upon
        nouns = children(tok, "dobj") + [o for _, o in prep_objects(tok)]
        # ... not its recipient ("welcomed the support Kyiv has received")
        recipient = lex.cue("recipient")
        c.target = res.resolve_all([s for n in nouns for r in children(n, "relcl", "acl")
                                    if lemma(r) not in recipient
                                    for s in children(r, "nsubj")]) or c.target
    # the noun that made the pattern ("talks stalled"): its "between X and Y" are parties
    about = children(tok, "nsubj") + ([tok.head] if tok.dep_ in ("acl", "relcl") else [])
    if isinstance(c.extras.get("subject"), Token):
        about.append(c.extras["subject"])  # type: ignore[arg-type]
    for s in about:
        pair = _between(s)
        if pair is not None and c.pattern.subject:
            both = res.resolve(pair)
            c.source = ActorResolver.merge(c.source, both) if c.source and c.source.actors else both
        elif c.pattern.subject:
            c.source = res.resolve_all(noun_modifier_heads(s)) or c.source
    if not has_actor(c.target):
        heads = _target_heads(tok, verb=True, lex=lex) + _complement_heads(tok)
        domestic_target(c, res, lex, with_of(heads))


def with_of(heads: list[Token]) -> list[Token]:
    """Heads plus the objects of their "of" ("dozens of protesters")."""
    out = []
    for h in heads:
        out.append(h)
        out += [o for p, o in prep_objects(h) if p == "of"]
    return out


def noun_args(c: Cand, res: ActorResolver, lex: EventLexicon) -> None:
    head, gov = c.head, c.governor
    # "a proposal from Moscow", "Russia's demands", "Indian proposal", "US aid"
    mod_heads = [m for m in noun_modifier_heads(head) if m.i != c.tok.i]
    source_preps = [] if c.pattern.from_target else _noun_source_preps(head, lex)
    target_heads = _target_heads(head, verb=False, lex=lex) + (
        [o for p, o in prep_objects(head) if p == "from"] if c.pattern.from_target else [])
    # "applications by Finland and Sweden to join NATO": what the clause names is the
    # target, whoever welcomes or receives the applications
    clause_target = res.resolve_all(
        [o for cl in children(c.tok, "acl", "relcl") if lemma(cl) in c.pattern.clause
         for o in children(cl, "dobj")]) if c.pattern.clause else None
    if c.pattern.modifier_target:
        # "Sweden's NATO membership application": NATO is applied to, Sweden applies
        target_heads = [m for m in mod_heads if m.dep_ != "poss"] + [
            m for m in noun_modifier_heads(c.tok) if m.dep_ != "poss"] + target_heads
        mod_heads = [m for m in mod_heads if m.dep_ == "poss"]
    # "Japan's pledge of aid to Ukraine", "a list of Russian demands": the container
    # noun's owner and addressee are the event's
    for box in _containers_above(head, lex):
        mod_heads += noun_modifier_heads(box)
        source_preps += _noun_source_preps(box, lex)
        target_heads += [o for p, o in prep_objects(box) if p in lex.cue("target_preps")
                         and p != "of"]
    source = res.resolve_all(source_preps + mod_heads)
    target = res.resolve_all(target_heads)
    pair = _between(head)
    if pair is not None and c.pattern.between_targets:
        target = ActorResolver.merge(target, res.resolve(pair))
    elif pair is not None:
        source = ActorResolver.merge(source, res.resolve(pair))
    # relative clause on the noun: "a draft deal Russia put forward", "the proposal we passed"
    for rel in children(head, "relcl", "acl"):
        if not has_actor(source) or source.pronoun:
            source = res.resolve_all(children(rel, "nsubj")) or source
        # only a clause with its own subject says to whom ("the deal Russia offered to
        # Kyiv"); "an ultimatum relating to its plans in Kherson" names no addressee
        if not has_actor(target) and children(rel, "nsubj"):
            target = res.resolve_all([o for p, o in prep_objects(rel) if p in ("to", "with", "for")]
                                     + children(rel, "dative")) or target
    if gov is not None:
        g = lemma(gov)
        # circumstantial attachment makes the subject a participant only for meeting-like
        # nouns and only with "in/during/at" ("said in a visit", not "said after talks")
        light = g in lex.cue("light") or g in c.pattern.verbs or (
            c.pattern.participant_subject and c.relation in ("dobj", "in", "during", "at", "on"))
        # only directly, or through a container noun ("a list of demands")
        light = light and all(v in lex.cue("containers") for v in c.via)
        receives = g in lex.cue("recipient") or g in lex.cue("responder")
        if c.pattern.accusation:
            c.extras["accused_clause"] = gov
            target = res.resolve_all(subject_heads(gov)) or target
        elif receives and c.relation in ("dobj", "to", "pobj"):
            target = res.resolve_all(subject_heads(gov)) or target
            # "received a proposal from Turkey"
            if not has_actor(source):
                source = res.resolve_all(
                    [o for p, o in prep_objects(gov) if p in lex.cue("source_preps")]) or source
        elif light and c.relation not in ("nsubj",):
            if not has_actor(source):
                heads = agent_heads(gov) if is_passive(gov) else subject_heads(gov)
                source = res.resolve_all(heads) or source
            if not has_actor(target):
                extra = children(gov, "dative", "iobj") + [
                    o for p, o in prep_objects(gov)
                    if p in lex.cue("target_preps") and p not in ("of", "with") or p == "with"
                    and c.pattern.plover_type == "CONSULT"]
                target = res.resolve_all(extra) or target
    if has_actor(clause_target):
        target = clause_target
    c.source, c.target = source, target
    if (not has_actor(target)) and c.source is not None:
        heads = _target_heads(head, verb=False, lex=lex)
        if gov is not None:
            heads += [o for p, o in prep_objects(gov) if p in lex.cue("target_preps")]
        domestic_target(c, res, lex, with_of(heads))


def domestic_target(c: Cand, res: ActorResolver, lex: EventLexicon,
                    heads: list[Token]) -> None:
    """An unresolved target that is only a domestic group ("arrested dozens of
    protesters", "lifted the emergency in the province") is in the source's country."""
    if has_actor(c.target) or c.source is None:
        return
    if c.pattern.plover_type.lower() in lex.cue("no_domestic") and not (
            heads and all(res.table.sectors.get(lemma(h)) == "COP" for h in heads)
            and all(a.sector in _NON_STATE for a in c.source.actors)):
        # violence is coded against named or located targets only; the police a crowd
        # clashes with are its own country's ("protesters in X clashed with police")
        return
    countries = {a.country for a in c.source.actors if a.country}
    if len(countries) != 1:
        return
    domestic = lex.cue("domestic")
    for h in heads:
        # "candidate Alassane Ouattara": a name with a domestic role word
        titled = h.pos_ == "PROPN" and any(
            lemma(x) in domestic for x in h.children if x.dep_ == "compound")
        if (h.pos_ == "NOUN" and lemma(h) in domestic) or titled:
            # "the authorities in Kiev", "protesters in Tbilisi": the group of where it is
            country = _located_in(h) or countries.pop()
            # "opposition leaders" are OPP before they are leaders
            mods = [lemma(x) for x in h.children if x.dep_ in ("compound", "amod")]
            sector = next((res.table.sectors[m] for m in mods if m in res.table.sectors),
                          res.table.sectors.get(lemma(h)))
            ref = ActorRef(code=f"{country} {sector}" if sector else country,
                           country=country, sector=sector)
            c.target = Arg(actors=(ref,), text=h.text, start=h.idx,
                           end=h.idx + len(h.text), fallback=True)
            return


def _located_in(head: Token) -> str | None:
    """The country of the place a group noun is said to be in ("the authorities in
    Kiev" -> UKR), or None. The phrase right after the noun counts even when the parse
    hangs it on the verb ("accused officials in Kyiv of ...")."""
    after = [c for c in head.head.children if c.i == head.right_edge.i + 1] \
        if head.head.i != head.i else []
    for prep in [*head.children, *after]:
        if prep.dep_ != "prep" or prep.lower_ not in ("in", "at"):
            continue
        for pobj in prep.children:
            if pobj.dep_ == "pobj" and pobj.pos_ == "PROPN":
                hit = resolve_place(pobj.text)
                if hit is not None and hit.country:
                    return hit.country
    return None


def has_actor(arg: Arg | None) -> TypeGuard[Arg]:
    """A participant with a resolved actor (a country, IGO or coded group; a person
    the actor stage could not place does not count)."""
    return arg is not None and any(a.code for a in arg.actors)


def reciprocal_split(c: Cand, res: ActorResolver, lex: EventLexicon) -> None:
    """"Indian and Chinese troops clashed": a reciprocal verb (cue list ``reciprocal``)
    with coordinated actors of different countries in its subject and no target has
    them on both sides -- the first conjunct the source, the others the target."""
    if lemma(c.tok) not in lex.cue("reciprocal") or has_actor(c.target) \
            or not has_actor(c.source) or len({a.country for a in c.source.actors}) < 2:
        return
    for head in subject_heads(c.tok):
        for first in [head] + [ch for ch in head.children
                               if ch.dep_ in ("amod", "compound", "nmod")]:
            later = [x for x in first.conjuncts if x.i > first.i]
            if not later:
                continue
            tgt = res.resolve_all(later, deep=False)
            if not has_actor(tgt) or tgt.start <= first.idx:
                continue
            other = {a.country for a in tgt.actors}
            mine = tuple(a for a in c.source.actors if a.country not in other)
            if not mine:
                continue
            # the source is the first conjunct's own words, apart from the target's
            c.source = Arg(actors=mine, text=first.text, start=first.idx,
                           end=first.idx + len(first.text), fallback=c.source.fallback)
            c.target = tgt
            return
