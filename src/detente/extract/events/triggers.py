"""Event triggers over the dependency parse (used by :mod:`detente.extract.events.code`).

A :class:`Cand` is one candidate predicate: a verb or noun whose lemma has patterns in
``lexicon/events.toml`` and whose requirements hold (:func:`match_verb`,
:func:`match_noun`). Its source and target are filled in by
:mod:`detente.extract.events.participants`. Also the small parse helpers both share
(:func:`lemma`, :func:`children`, :func:`prep_objects`, :func:`noun_governor`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from ...lexicon.events import EventLexicon, EventPattern
from .actors import Arg
from .modality import is_negated

__all__ = [
    "CLAUSE_LINKS", "Cand", "MAX_HOPS", "NOUN_POS", "PERSONAL", "VERB_POS", "children",
    "is_passive", "lemma", "match_noun", "match_verb", "noun_governor", "orphan_subjects",
    "prep_objects",
]

VERB_POS = frozenset({"VERB", "AUX"})
NOUN_POS = frozenset({"NOUN", "PROPN"})
# Links from a complement clause up to the predicate that governs it.
CLAUSE_LINKS = frozenset({"xcomp", "ccomp", "pcomp", "prep", "advcl", "dobj", "pobj",
                           "acomp", "oprd"})
# Links from a noun up to the verb of its clause.
_NP_LINKS = frozenset({"dobj", "pobj", "prep", "nsubjpass", "nsubj", "attr", "conj",
                       "appos", "compound", "npadvmod", "dative", "oprd", "iobj", "agent",
                       "amod", "nmod", "poss"})
MAX_HOPS = 6
# Pronouns that may stand for the speaker of a quote or reported clause.
PERSONAL = frozenset({"he", "she", "they", "we", "i", "it", "us", "them", "him", "her",
                      "their", "its", "our", "his", "my"})


@dataclass(slots=True)
class Cand:
    tok: Token
    pattern: EventPattern
    head: Token  # the phrase head (nouns: the noun the trigger modifies, if a compound)
    governor: Token | None = None  # nouns: the verb of their clause
    relation: str = ""  # nouns: how they hang from it (dep, or the preposition)
    via: tuple[str, ...] = ()  # nouns: lemmas of the nouns between it and its verb
    negated: bool = False
    plover_type: str = ""
    cameo: str = ""
    mode: str | None = None
    source: Arg | None = None
    target: Arg | None = None
    parent: Cand | None = None
    dropped: bool = False
    deferred_from: Token | None = None
    extras: dict[str, object] = field(default_factory=dict)


def lemma(tok: Token) -> str:
    return tok.lemma_.lower()


def children(tok: Token, *deps: str) -> list[Token]:
    return [c for c in tok.children if c.dep_ in deps]


def is_passive(tok: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children)


def _objects(tok: Token) -> list[Token]:
    objs = children(tok, "dobj", "attr", "oprd")
    if is_passive(tok):
        objs += children(tok, "nsubjpass")
    return objs


def prep_objects(tok: Token) -> list[tuple[str, Token]]:
    out = []
    for prep in children(tok, "prep", "agent", "dative"):
        if prep.dep_ == "dative" and prep.pos_ not in ("ADP",):
            continue
        for pobj in children(prep, "pobj", "pcomp"):
            out.append((lemma(prep), pobj))
    return out


# ----------------------------------------------------------------------- matching
def match_verb(tok: Token, pats: tuple[EventPattern, ...], lex: EventLexicon, *,
               orphan_subject: Token | None = None) -> Cand | None:
    """The first pattern of ``tok`` whose requirements hold, as a candidate.
    ``orphan_subject`` is the subject the parser lost across a line break (see
    :func:`orphan_subjects`)."""
    objs = _objects(tok)
    # "halt mediation efforts": the object's compound counts as the object
    obj_lemmas = {lemma(o) for o in objs} | {
        lemma(c) for o in objs for c in o.children if c.dep_ == "compound"} | {
        # "700 kg of medicine", "a state of emergency"
        lemma(po) for o in objs for pr in children(o, "prep") if lemma(pr) == "of"
        for po in children(pr, "pobj")}
    subj_lemmas = {lemma(s) for s in children(tok, "nsubj", "nsubjpass")}
    if orphan_subject is not None:
        subj_lemmas.add(lemma(orphan_subject))
    parts = {lemma(c) for c in tok.children if c.dep_ in ("prt", "advmod", "prep")}
    preps = {lemma(c) for c in children(tok, "prep")}
    pobjs = {lemma(o) for _, o in _verb_prep_objects(tok)}
    xcomps = {lemma(c) for c in children(tok, "xcomp", "ccomp")}
    clausal = bool(children(tok, "ccomp", "xcomp"))
    negated = is_negated(tok, lex)
    for p in pats:
        if p.particle and not (p.particle & parts):
            continue
        if p.prep and not (p.prep & preps):
            continue
        if p.prep_object and not (p.prep_object & pobjs) and not _antecedent_is(
                tok, p.prep_object):
            continue
        if p.object and not (p.object & obj_lemmas):
            continue
        # "talks stalled" is often parsed as a reduced relative on the noun
        if p.subject and not (p.subject & subj_lemmas) and not (
                tok.dep_ in ("acl", "relcl") and lemma(tok.head) in p.subject):
            continue
        if p.xcomp and not (p.xcomp & xcomps):
            continue
        # "allowed the candidate to run" is often parsed as a clausal complement
        if p.has_object and not objs and not any(
                children(c, "nsubj") for c in children(tok, "ccomp", "xcomp")):
            continue
        if p.controls and not _controlled(tok):
            continue
        if p.no_object and (objs or clausal):
            continue
        if p.only_negated and not negated:
            continue
        # "vowed not to repeat the mistake": a promise to refrain is no commitment to act
        if p.defer and any(is_negated(x, lex) for x in children(tok, "xcomp")):
            continue
        if p.prospective and not _looks_ahead(tok):
            continue
        cand = Cand(tok=tok, pattern=p, head=tok, negated=negated)
        if orphan_subject is not None:
            cand.extras["subject"] = orphan_subject
        return cand
    return None


def _controlled(tok: Token) -> bool:
    """``tok`` governs an infinitive whose subject is another party: "wants Kyiv to
    recognise" (parsed with "Kyiv" as the object and an xcomp, or as the subject of a
    "to" complement)."""
    for comp in children(tok, "xcomp", "ccomp"):
        if not any(c.dep_ == "aux" and c.lower_ == "to" for c in comp.children):
            continue
        if children(comp, "nsubj") or (comp.dep_ == "xcomp" and children(tok, "dobj")):
            return True
    return False


def orphan_subjects(seg: Span) -> dict[int, Token]:
    """Subjects lost across a line break. The parser sometimes runs a headline into the
    first paragraph and hangs the paragraph's words on the headline's ("Peace talks
    [...] stalled Friday" with "stalled" attached to a headline noun). Within a line
    cut from a longer sentence, a verb attached outside the line with no subject of
    its own takes the nearest earlier noun that is also attached outside the line."""
    doc = seg.doc
    lo, hi = seg.start, seg.end
    # only a line cut from a longer sentence: a line break next to it, inside the
    # sentence (Span.sent would cost a walk per line)
    before = lo > 0 and "\n" in doc[lo - 1].text and not seg[0].is_sent_start
    after = hi < len(doc) and "\n" in doc[hi].text and not doc[hi].is_sent_start
    if not (before or after):
        return {}
    out: dict[int, Token] = {}
    noun: Token | None = None
    for tok in seg:
        outside = not (lo <= tok.head.i < hi)
        if outside and tok.pos_ in NOUN_POS and tok.dep_ != "compound":
            noun = tok
        elif outside and noun is not None and (tok.pos_ in VERB_POS or tok.tag_.startswith(
                "VB")) and not children(tok, "nsubj", "nsubjpass"):
            out[tok.i] = noun
    return out


def _verb_prep_objects(tok: Token) -> list[tuple[str, Token]]:
    """Prepositional objects of a verb, also through its particle ("walked away from
    the talks", "pulled out of the deal": the parser hangs the preposition on the
    particle)."""
    out = prep_objects(tok)
    for part in tok.children:
        if part.dep_ in ("advmod", "prt") and part.lower_ in ("away", "out", "back", "off"):
            out += prep_objects(part)
    return out


_LOOKBACK = 40  # tokens searched for the antecedent of "it"/"them" (bounded)


def _antecedent_is(tok: Token, lemmas: frozenset[str]) -> bool:
    """"Negotiations are not being held. Ukraine has withdrawn from them": a pronoun
    object of a preposition stands for the nearest earlier noun; True when that noun
    (within a few dozen tokens) is one of ``lemmas``."""
    prons = [o.lower_ for _, o in _verb_prep_objects(tok) if o.pos_ == "PRON"
             and o.lower_ in ("it", "them")]
    if not prons:
        return False
    # number agreement ("them": a plural noun), and never the verb's own clause
    # (its subject is not what it withdraws from)
    tag = "NNS" if prons[0] == "them" else "NN"
    doc = tok.doc
    start = tok.left_edge.i - 1
    for i in range(start, max(start - _LOOKBACK, 0) - 1, -1):
        t = doc[i]
        if t.pos_ == "NOUN" and t.tag_ == tag and t.dep_ != "compound":
            return lemma(t) in lemmas
    return False


def noun_governor(head: Token) -> tuple[Token | None, str]:
    """The verb whose clause the noun phrase sits in, and the relation to it (the
    dependency of the last hop, or the preposition's lemma)."""
    gov, relation, _ = noun_path(head)
    return gov, relation


def noun_path(head: Token) -> tuple[Token | None, str, tuple[str, ...]]:
    """:func:`noun_governor` plus the lemmas of the nouns passed on the way."""
    cur = head
    relation = cur.dep_
    via: list[str] = []
    for _ in range(MAX_HOPS):
        if cur.dep_ not in _NP_LINKS or cur.head.i == cur.i:
            return None, relation, tuple(via)
        relation = lemma(cur) if cur.dep_ == "prep" else cur.dep_
        cur = cur.head
        if cur.pos_ in VERB_POS or cur.tag_.startswith("VB"):
            return cur, relation, tuple(via)
        if (cur.pos_ in NOUN_POS or cur.pos_ in ("PRON", "ADJ", "NUM")) and relation != "conj":
            via.append(lemma(cur))
    return None, relation, tuple(via)


def match_noun(tok: Token, pats: tuple[EventPattern, ...], lex: EventLexicon) -> Cand | None:
    head = tok.head if tok.dep_ == "compound" and tok.head.pos_ in NOUN_POS else tok
    # a trigger noun modifying another noun names an event only when that noun is a
    # container ("aid package", "aid convoy"), not in "invasion forces"
    if head is not tok and lemma(head) not in lex.cue("containers") and lemma(head) not in lex.nouns:
        return None
    mods = {lemma(c) for c in tok.children if c.dep_ in ("amod", "compound", "nmod", "nummod")}
    if head is not tok:
        mods |= {lemma(c) for c in head.children if c.dep_ in ("amod", "compound", "nmod")}
    preps = {lemma(c) for c in children(tok, "prep")}
    clauses = {lemma(c) for c in children(tok, "acl", "relcl")}
    governor, relation, via = noun_path(head)
    gov_lemma = lemma(governor) if governor is not None else ""
    for p in pats:
        if p.modifier and not (p.modifier & mods):
            continue
        if p.prep and not (p.prep & preps):
            continue
        if p.verbs and gov_lemma not in p.verbs:
            continue
        if p.clause and not (p.clause & clauses):
            continue
        # idioms: "in favor of" needs the noun to be the object of "in"
        if p.under and not (tok.dep_ == "pobj" and lemma(tok.head) in p.under):
            continue
        cand = Cand(tok=tok, pattern=p, head=head, governor=governor, relation=relation,
                    via=via)
        cand.negated = is_negated(head, lex)
        return cand
    return None


# Auxiliaries and markers that put a "that" clause in the future or under a condition.
_AHEAD_AUX = frozenset({"will", "would", "could", "might", "may", "shall", "should", "must",
                        "'ll", "wo", "ca", "can"})


def _looks_ahead(tok: Token) -> bool:
    """False when ``tok`` has a ``that``-clause stating a fact ("warned that Russia was
    preparing a referendum"); True with no such clause ("warned Kyiv", "warned of
    consequences") or when the clause looks ahead ("warned that talks could crumble",
    "warned that it was going to respond", "warned that if X, Y")."""
    clauses = children(tok, "ccomp")
    if not clauses:
        return True
    for clause in clauses:
        sub = list(clause.subtree)
        if any(t.dep_ == "aux" and t.lower_ in _AHEAD_AUX for t in sub):
            return True
        if any(t.lower_ in ("if", "unless") and t.dep_ == "mark" for t in sub):
            return True
        words = [t.lower_ for t in sub]
        if "going" in words and "to" in words[words.index("going"):]:
            return True
    return False

