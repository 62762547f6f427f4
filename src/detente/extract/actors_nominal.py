"""Nominal actors: a role noun with a country, IGO or person modifier.

"Ukrainian defense officials" -> UKR MIL, "a high-ranking Ukrainian official" ->
UKR GOV, "the Russian delegation" -> RUS GOV, "Biden administration officials" ->
USA GOV, "Leaders of NATO countries" -> NATO GOV, "pro-Russian troops" -> RUS MIL
(support for a country is coded as that country's side: see docs/actors.md).
A definite role description with no name ("the minister", "the Russian leader") points
back to the last person holding that role.

Everything here reads the dependency parse; with no parse the pass does nothing.
"""

from __future__ import annotations

import bisect

from spacy.tokens import Span, Token

from ..records import ActorRef
from .actors_base import Context, Draft, role_sector

__all__ = ["nominal_mentions", "title_tokens"]

# dependents that belong to the noun phrase in front of a role noun
_MOD_DEPS = frozenset({"amod", "compound", "nmod", "poss", "det", "nummod", "quantmod",
                       "advmod", "npadvmod", "punct", "case", "predet"})
# dependents of a name that make up its title ("Russian Deputy Foreign Minister")
_TITLE_DEPS = frozenset({"compound", "amod", "nmod", "flat", "punct", "npadvmod"})
_OF = frozenset({"of", "from"})
_DEFINITE = frozenset({"the", "this", "that"})
_SINGULAR = frozenset({"NN", "NNP"})
_MAX_TITLE = 8  # tokens; titles longer than this are clauses, not titles
_LOOKBACK = 30  # person mentions searched for a definite role description
# qualifiers a role may carry that a description must repeat to point to it: "the
# president" is not the vice president
_QUALIFIERS = ("vice", "deputy", "acting")


def title_tokens(span: Span) -> list[Token]:
    """The title in front of a name: the contiguous tokens left of ``span`` attached
    (compound/amod/...) to the name or to each other, in text order."""
    doc = span.doc
    members = set(range(span.start, span.end))
    out: list[Token] = []
    i = span.start - 1
    while i >= 0 and span.start - i <= _MAX_TITLE:
        t = doc[i]
        if t.dep_ in _TITLE_DEPS and t.head.i in members and not t.is_space:
            members.add(i)
            out.append(t)
            i -= 1
        else:
            break
    out.reverse()
    return out


def _left_modifiers(tok: Token) -> list[Token]:
    """Contiguous NP modifiers left of ``tok`` (recursively: "a high-ranking Ukrainian")."""
    found: set[int] = set()
    stack = [c for c in tok.lefts if c.dep_ in _MOD_DEPS]
    while stack:
        c = stack.pop()
        if c.i in found or c.i >= tok.i:
            continue
        found.add(c.i)
        stack.extend(g for g in c.children if g.dep_ in _MOD_DEPS and g.i < tok.i)
    out: list[Token] = []
    i = tok.i - 1
    doc = tok.doc
    while i in found:  # keep only the block touching the noun: the mention is one span
        out.append(doc[i])
        i -= 1
    out.reverse()
    return out


def _of_phrase(tok: Token) -> tuple[list[Token], bool]:
    """("of"/"from" + object) right of ``tok``: "Leaders of NATO countries". The flag is
    True when the object is coordinated ("leaders of France, Germany and Italy"): several
    actors, which the event coder reads one by one."""
    for prep in tok.rights:
        if prep.dep_ != "prep" or prep.lower_ not in _OF or prep.i != tok.i + 1:
            continue
        pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
        if pobj is None:
            return [], False
        if any(c.dep_ == "conj" for c in pobj.children):
            return [], True
        mods = _left_modifiers(pobj)
        if (mods[0].i if mods else pobj.i) != prep.i + 1:
            return [], False
        return [prep, *mods, pobj], False
    return [], False


def _sources(ctx: Context, toks: list[Token]) -> list[ActorRef]:
    """Distinct actors (by country/IGO) named among ``toks``."""
    out: list[ActorRef] = []
    keys: set[tuple[str | None, str | None]] = set()
    for t in toks:
        d = ctx.tok_draft.get(t.i)
        if d is None or d.actor is None or d.label == "PRON":
            continue
        key = (d.actor.country, d.actor.igo)
        if key == (None, None) or key in keys:
            continue
        keys.add(key)
        out.append(d.actor)
    return out


def _last_holder(ctx: Context, persons: list[Draft], starts: list[int], tok: Token,
                 keywords: tuple[str, ...], source: ActorRef | None,
                 said: set[str]) -> Draft | None:
    """The last person mention before ``tok`` whose role has one of ``keywords`` as
    whole words (and the country or IGO, when the description names one: "the European
    Commission president" is not Ukraine's); the description's other words (``said``)
    must be words of the role, and a role qualifier such as "vice" must be said."""
    hi = bisect.bisect_left(starts, tok.idx)
    for k in range(hi - 1, max(hi - 1 - _LOOKBACK, -1), -1):
        p = persons[k]
        actor = p.actor
        if actor is None or not actor.role:
            continue
        if source is not None and (actor.country, actor.igo) != (source.country, source.igo):
            continue
        role = f" {actor.role.lower()} "
        if any(f" {q} " in role and q not in said for q in _QUALIFIERS):
            continue
        # every other word of the description must be in the role: "the prime
        # minister", "the foreign minister" -- but not "the next president"
        if any(f" {w} " not in role for w in said):
            continue
        if any(f" {kw} " in role for kw in keywords):
            return p
    return None


def nominal_mentions(ctx: Context) -> None:
    """Pass 2: role nouns with an actor modifier, and definite role descriptions."""
    if not ctx.has_dep:
        return
    d = ctx.dictionary
    role_nouns = d.role_nouns
    persons = sorted((x for x in ctx.drafts if x.actor is not None and x.actor.person),
                     key=lambda x: x.start)
    starts = [p.start for p in persons]
    for tok in ctx.doc:
        low = tok.lower_
        # plural proper nouns are names ("the New Jersey Generals"), not role nouns
        if low not in role_nouns or tok.pos_ not in ("NOUN", "PROPN") or tok.tag_ == "NNPS":
            continue
        if tok.i in ctx.tok_draft:  # inside a name ("Kremlin", a title within a PERSON)
            continue
        head = tok.head
        # a title in front of a name ("President Biden") belongs to the name; a role
        # noun modifying another ("administration officials") is read from the outer one
        if head.i != tok.i and tok.dep_ in ("compound", "amod", "nmod") and (
                head.ent_type_ == "PERSON" or head.lower_ in role_nouns):
            continue
        left = _left_modifiers(tok)
        right, several = _of_phrase(tok)
        if several:
            continue
        sources = _sources(ctx, left + right)
        lo = left[0].i if left else tok.i
        hi = right[-1].i + 1 if right else tok.i + 1
        while lo < tok.i and ctx.doc[lo].dep_ == "punct":  # no stray quote mark in front
            lo += 1
        definite = any(c.dep_ == "det" and c.lower_ in _DEFINITE for c in tok.children)
        # only a description with nothing after the noun points back ("the president of a
        # gun-control group" does not); its words are checked against the role
        bare = not right and not any(c.dep_ == "prep" for c in tok.rights)
        if (definite and bare and low in d.coref_roles and tok.tag_ in _SINGULAR
                and len(sources) <= 1):
            said = {t.lower_ for t in left if t.dep_ not in ("det", "punct")
                    and t.i not in ctx.tok_draft}
            prior = _last_holder(ctx, persons, starts, tok, d.coref_roles[low],
                                 sources[0] if sources else None, said)
            if prior is not None:
                ctx.add(lo, hi, label="ACTOR", actor=prior.actor, how="coref",
                        antecedent=prior.start, head=tok)
                continue
        if len(sources) != 1:
            continue
        src = sources[0]
        base = src.igo or src.country
        sector = role_sector(d, tok, left)
        if not base or sector is None:
            continue
        actor = ActorRef(code=f"{base} {sector}", country=src.country, sector=sector,
                         igo=src.igo)
        ctx.add(lo, hi, label="ACTOR", actor=actor, how="dictionary", head=tok)
