"""PETRARCH verb patterns matched on the dependency parse (used by
:mod:`detente.extract.events` when the project's own patterns do not match a verb).

A pattern (``lexicon/petrarch_verbs.py``) matches a verb token when
- the verb's lemma (or irregular form) is one of the block's verbs;
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
"""

from __future__ import annotations

from itertools import islice

from spacy.tokens import Span, Token

from ..lexicon.events import EventLexicon, EventPattern
from ..lexicon.petrarch_verbs import Alternatives, CompiledVerbPattern
from .events_match import Cand
from .modality import is_negated

__all__ = ["discarded", "match_petrarch"]

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


def _has(elements: tuple[Alternatives, ...], words: set[str]) -> bool:
    return all(any(all(w in words for w in alt) for alt in alts) for alts in elements)


def _preps(tok: Token, objects: list[Token]) -> list[tuple[str, Token]]:
    out: list[tuple[str, Token]] = []
    heads = [tok] + [c for c in tok.children if c.dep_ in ("prt", "advmod")] + objects
    for h in heads:
        for p in h.children:
            if p.dep_ in _PREP_DEPS and (p.pos_ == "ADP" or p.dep_ != "dative"):
                out.append((p.lemma_.lower(), p))
    return out


def match_petrarch(tok: Token, pats: tuple[tuple[CompiledVerbPattern, EventPattern | None], ...],
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
    for p, ev in pats:
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
        if ev is None:
            return None
        cand = Cand(tok=tok, pattern=ev, head=tok, negated=is_negated(tok, lex))
        if p.swap:
            cand.extras["swap"] = True
        return cand
    return None


def discarded(sent: Span, lex: EventLexicon, *, story: bool = False) -> bool:
    """True when the span holds a discard phrase (``story``: a story-level one)."""
    phrases = lex.story_discards if story else lex.discards
    if not phrases:
        return False
    words = [t.lower_ for t in sent if not t.is_space]
    n = min(lex.discard_words, len(words))
    for size in range(1, n + 1):
        for i in range(len(words) - size + 1):
            if " ".join(words[i:i + size]) in phrases:
                return True
    return False


def _spans(heads: list[Token]) -> list[tuple[int, int]]:
    return [(h.left_edge.idx, h.right_edge.idx + len(h.right_edge.text)) for h in heads]


def direct_dyad(c: Cand) -> bool:
    """PETRARCH codes a verb's own dyad: the source is its subject (or passive agent)
    and the target one of its own dependents (object, dative, passive subject, the
    object of its or its object's preposition) -- not a participant borrowed from a
    complement clause, the event's location or the article's context."""
    from .events_match import subject_heads

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
    near = _spans(objects + pobjs + subj)

    def inside(start: int, end: int) -> bool:
        return any(lo <= start and end <= hi for lo, hi in near)

    return inside(c.source.start, c.source.end) and inside(c.target.start, c.target.end)
