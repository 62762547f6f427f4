"""PETRARCH verb patterns matched on the dependency parse (used by
:mod:`detente.extract.events.code` when the project's own patterns do not match a verb).

A pattern (``lexicon/petrarch_verbs.py``) matches a verb token when
- the verb's lemma (or an irregular or regular form) is one of the block's verbs; the
  other words of a multi-word verb ("cordon off") are its dependents or follow it;
- every element written before ``*`` is in the subject side: the verb's left-hand
  dependents and their phrases (subject, auxiliaries, negation, adverbs);
- every element written after ``*`` is in the object side: the phrases of the direct
  object, passive subject, dative, attribute, particle, adverb and complements;
- every ``(PREP WORDS)`` names a preposition hanging from the verb, from its particle
  ("pulled out of") or from its object ("rushed police to the border") whose object
  phrase holds the words.
Words match a token's lemma or its lower-case form (also with a plural "s"), so word
order, inserted words and inflection do not matter. The most specific matching pattern
wins; with none, the verb's default code. A pattern coded ``[---]`` or with a code that
has no PLOVER event stops the verb from coding anything (as in PETRARCH). Phrases are
read up to :data:`_PHRASE` tokens, so the cost stays linear in sentence length.

A code ``[X:Y]`` also codes the reciprocal event, target -> source with code Y
(:func:`petrarch_events`: "X arrived in Y" ``[032:033]`` is X's visit and Y hosting
it); a ``%`` before ``*`` makes coordinated subjects act on each other
(:func:`compound_split`).
"""

from __future__ import annotations

import re
from dataclasses import replace
from itertools import islice

from spacy.tokens import Token

from ...lexicon.events import EventLexicon, EventPattern
from ...lexicon.petrarch_verbs import CompiledVerbPattern, Element
from ...parse.entities import token_lowers
from ...records import Event
from .actors import ActorResolver, Arg
from .modality import is_negated
from .participants import has_actor, subject_heads
from .triggers import Cand

__all__ = ["compound_split", "direct_dyad", "discard_words", "discarded", "match_petrarch",
           "petrarch_events", "petrarch_target", "user_verb"]

_WORD = re.compile(r"[\w'.&-]*\w")


def discard_words(text: str) -> list[str]:
    """Lower-case words of ``text`` for the discard check (a regex pass: walking the
    parse's tokens for every article cost more than the check itself)."""
    return _WORD.findall(text.lower())

_PHRASE = 25  # tokens read per dependent phrase
_OBJECT_DEPS = frozenset({"dobj", "dative", "attr", "oprd", "prt", "advmod", "acomp",
                          "xcomp", "ccomp", "npadvmod", "iobj", "obj", "pobj"})
_PREP_DEPS = frozenset({"prep", "agent", "dative"})


def _words(toks) -> set[str]:  # type: ignore[no-untyped-def]
    out: set[str] = set()
    for t in toks:
        low, lem = t.lower_, t.lemma_.lower()
        out.update((low, lem, low + "s", lem + "s"))
    return out


def _phrase(tok: Token) -> set[str]:
    return _words(islice(tok.subtree, _PHRASE))


def _has(elements: tuple[Element, ...], words: set[str]) -> bool:
    for firsts, alts in elements:
        if firsts.isdisjoint(words):
            return False
        if not any(alt[0] in words and all(w in words for w in alt[1:]) for alt in alts):
            return False
    return True


def _preps(tok: Token, objects: list[Token]) -> list[tuple[str, Token]]:
    out: list[tuple[str, Token]] = []
    heads = [tok] + [c for c in tok.children if c.dep_ in ("prt", "advmod")] + objects
    for h in heads:
        for p in h.children:
            if p.dep_ in _PREP_DEPS and (p.pos_ == "ADP" or p.dep_ != "dative"):
                out.append((p.lemma_.lower(), p))
    return out


class _Near:
    """The words around a verb that a multi-word verb's other words may be, read once
    per verb however many of its patterns ask: its dependents and, in order, the words
    right after it."""

    __slots__ = ("near", "tok")

    def __init__(self, tok: Token) -> None:
        self.tok = tok
        self.near: dict[int, frozenset[str]] = {}  # window width -> the words in reach

    def has(self, words: tuple[str, ...]) -> bool:
        """The other words of a multi-word verb ("off" of "cordon off", "hold of" of
        "get hold of"): each a dependent of the verb or among the ``len(words) + 1``
        words right after it."""
        want = len(words) + 1
        near = self.near.get(want)
        if near is None:
            tok = self.tok
            lowers = token_lowers(tok.doc)
            near = self.near[want] = frozenset(
                [c.lower_ for c in tok.children] + lowers[tok.i + 1:tok.i + 1 + want])
        return near.issuperset(words)


def user_verb(tok: Token, lem: str, lex: EventLexicon) -> bool:
    """True when a user's own verb file (``*.verbs.txt``) has patterns for the verb:
    then they decide, before the project's own patterns (a research group's
    dictionary codes its verbs as it says)."""
    pats = lex.petrarch.get(lem) or lex.petrarch.get(tok.lower_)
    return pats is not None and len(pats) > 0 and pats[0].user


def match_petrarch(tok: Token, pats: tuple[CompiledVerbPattern, ...],
                   lex: EventLexicon) -> Cand | None:
    """The candidate of the first PETRARCH pattern of ``tok`` that matches (see the
    module docstring), or None (no match, or the match codes no PLOVER event)."""
    left = [c for c in tok.children if c.i < tok.i and c.dep_ not in ("punct", "cc")]
    if tok.dep_ in ("acl", "relcl"):
        left.append(tok.head)
    objects = [c for c in tok.children if c.dep_ in _OBJECT_DEPS
               or (c.dep_ == "nsubjpass" and c.i > tok.i)]
    before: set[str] | None = None
    after: set[str] | None = None
    preps: list[tuple[str, Token]] | None = None
    near = _Near(tok)
    for p in pats:
        if p.particles and not near.has(p.particles):
            continue
        if p.compound and not any(h.conjuncts for h in subject_heads(tok)):
            continue  # "%": the subject must be a compound
        if p.before:
            if before is None:
                before = set().union(*(_phrase(c) for c in left)) if left else set()
            if not _has(p.before, before):
                continue
        if p.after:
            if after is None:
                after = set().union(*(_phrase(c) for c in objects)) if objects else set()
            if not _has(p.after, after):
                continue
        if p.preps:
            if preps is None:
                preps = _preps(tok, [o for o in objects if o.dep_ != "prt"])
            if not all(any(name == want and (not elems or _has(elems, _phrase(prep)))
                           for name, prep in preps) for want, elems in p.preps):
                continue
        ev: EventPattern | None = p.event
        if ev is None:
            return None
        # a dyad needs a subject side and an object side in the parse (checked here,
        # before the participants are resolved: most verbs fail it cheaply)
        if preps is None:
            preps = _preps(tok, [o for o in objects if o.dep_ != "prt"])
        if not (any(o.dep_ != "prt" for o in objects) or preps) or not (
                subject_heads(tok) or any(c.dep_ == "agent" for c in tok.children)
                or tok.dep_ in ("acl", "relcl")):
            return None
        cand = Cand(tok=tok, pattern=ev, head=tok, negated=is_negated(tok, lex))
        if p.swap:
            cand.extras["swap"] = True
        if p.recip_event is not None:
            cand.extras["reciprocal"] = p.recip_event
        if p.user:
            cand.extras["user"] = True
        if p.compound:
            cand.extras["compound"] = True
        return cand
    return None


def petrarch_target(c: Cand, res: ActorResolver) -> None:
    """PETRARCH's target for a user's own pattern when the coder's rules found none,
    or only the source again: the first actor, in text order, among the verb's own
    objects and the objects of its prepositions ("cordoned off the roads leading into
    X", "arrived in X on his first visit") -- the phrases :func:`direct_dyad` accepts.
    Not for the shipped CAMEO file: on 80 PolNeAR training texts the 3 events it
    added were all wrong ("taking questions in an Elks Lodge")."""
    if not c.extras.get("user"):
        return
    mine = {a.code for a in c.source.actors} if has_actor(c.source) else set()
    if has_actor(c.target) and {a.code for a in c.target.actors} != mine:
        return
    tok = c.tok
    objects = [x for x in tok.children if x.dep_ in ("dobj", "dative", "iobj", "attr", "oprd")
               or (x.dep_ == "nsubjpass" and x.i > tok.i)]
    heads = objects + [o for _, p in _preps(tok, objects) for o in p.children
                       if o.dep_ == "pobj"]
    for h in sorted(heads, key=lambda t: t.i) + _clause_subjects(tok, objects):
        arg = res.resolve(h)
        if arg is not None and has_actor(arg) and {a.code for a in arg.actors} != mine:
            c.target = arg
            return


def _clause_subjects(tok: Token, objects: list[Token]) -> list[Token]:
    """Subjects of the verb's clausal complement or of its object's clause ("allowed
    that X is ...", "expressed hopes that X could be drawn into ..."): PETRARCH's
    target is the first actor after the verb, inside such a clause too."""
    clauses = [x for x in tok.children if x.dep_ == "ccomp"] + [
        x for o in objects for x in o.children if x.dep_ in ("acl", "ccomp")
        and any(m.dep_ == "mark" for m in x.children)]
    return [s for cl in clauses for s in cl.children if s.dep_ in ("nsubj", "nsubjpass")]


def compound_split(c: Cand, res: ActorResolver) -> None:
    """A ``%`` pattern ("- % * DIPLOMATIC"): the coordinated actors of the subject act
    on each other ("X and Y renewed diplomatic ties", "X and Y agree that ..."): the
    first conjunct becomes the source, the later ones the target, and the event is
    coded for every ordered pair (:func:`petrarch_events`)."""
    if not c.extras.get("compound") or not has_actor(c.source) or len(c.source.actors) < 2:
        return
    for head in subject_heads(c.tok):
        later = [x for x in head.conjuncts if x.i > head.i]
        if not later:
            continue
        first, rest = res.resolve(head), res.resolve(later[0])
        if has_actor(first) and has_actor(rest):
            # the head's own phrase only: its conjuncts are the target
            first = Arg(actors=tuple(a for a in first.actors if all(
                a.code != b.code for b in rest.actors)), text=head.text, start=head.idx,
                end=head.idx + len(head.text), fallback=first.fallback)
            if first.actors:
                c.source, c.target = first, rest
                c.extras["pairs"] = True
                return


def discarded(words: list[str], lex: EventLexicon, *, story: bool = False) -> bool:
    """True when the lower-case words hold a discard phrase (``story``: a story-level
    one). Only words that start some phrase are tried (``discard_firsts``)."""
    phrases = lex.story_discards if story else lex.discards
    if not phrases:
        return False
    firsts = lex.discard_firsts
    longest = lex.discard_words
    for i, w in enumerate(words):
        if w not in firsts:
            continue
        for size in range(1, min(longest, len(words) - i) + 1):
            if " ".join(words[i:i + size]) in phrases:
                return True
    return False


def _spans(heads: list[Token]) -> list[tuple[int, int]]:
    return [(h.left_edge.idx, h.right_edge.idx + len(h.right_edge.text)) for h in heads]


def direct_dyad(c: Cand) -> bool:
    """PETRARCH codes a verb's own dyad: the source is its subject (or passive agent)
    and the target one of its own dependents (object, dative, passive subject, the
    object of its or its object's preposition) -- not a participant borrowed from a
    complement clause, the event's location or the article's context. A user's
    pattern may also take the subject of the verb's (or its object's) clausal
    complement ("allowed that X is ..."), as PETRARCH takes the first actor after the
    verb."""
    tok = c.tok
    if c.source is None or c.target is None:
        return False
    objects = [x for x in tok.children if x.dep_ in ("dobj", "dative", "iobj", "nsubjpass",
                                                      "attr", "oprd")]
    agents = [o for a in tok.children if a.dep_ == "agent" for o in a.children
              if o.dep_ == "pobj"]
    pobjs = [o for _, p in _preps(tok, objects) for o in p.children if o.dep_ == "pobj"]
    subj = subject_heads(tok) + agents
    if tok.dep_ in ("acl", "relcl"):
        subj.append(tok.head)
    # a user's pattern may take its target from a complement clause's subject
    clause = _clause_subjects(tok, objects) if c.extras.get("user") else []
    near = _spans(objects + pobjs + subj + clause)

    def inside(start: int, end: int) -> bool:
        return any(lo <= start and end <= hi for lo, hi in near)

    return inside(c.source.start, c.source.end) and inside(c.target.start, c.target.end)


def petrarch_events(ev: Event, c: Cand, lex: EventLexicon) -> list[Event]:
    """The events a PETRARCH pattern codes besides ``ev`` (coded from candidate
    ``c``): for a ``%`` compound (:func:`compound_split`), the same event from each
    other member to the rest (ids ``<id>p1``, ``<id>p2`` ...); for a ``[X:Y]`` code,
    the reciprocal (target -> source coded Y, id ``<id>r``), unless a compound's pairs
    already code it. None when ``ev`` lacks a side or the coder retyped it (a
    negation, a modality rule): these codes were written for the plain event only."""
    if not ev.source or not ev.target or (ev.cameo, ev.plover_type) != (
            c.pattern.cameo, c.pattern.plover_type):
        return []
    out: list[Event] = []
    if c.extras.get("pairs"):
        members = ev.source + ev.target
        for k, a in enumerate(ev.target, start=1):
            others = tuple(b for b in members if b.code != a.code)
            out.append(replace(ev, id=f"{ev.id}p{k}", source=(a,), target=others,
                               source_text=ev.target_text, target_text=ev.source_text))
    recip = c.extras.get("reciprocal")
    if isinstance(recip, EventPattern) and not (c.extras.get("pairs")
                                                and recip.cameo == ev.cameo):
        _, goldstein, quad = lex.cameo_info(recip.cameo)
        out.append(replace(ev, id=f"{ev.id}r", plover_type=recip.plover_type,
                           mode=recip.mode, cameo=recip.cameo, goldstein=goldstein,
                           quad_class=quad, source=ev.target, target=ev.source,
                           source_text=ev.target_text, target_text=ev.source_text,
                           confidence=round(max(ev.confidence - 0.05, 0.05), 2)))
    return out
