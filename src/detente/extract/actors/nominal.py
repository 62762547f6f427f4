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
import dataclasses

from spacy.tokens import Span, Token

from ...lexicon import load_data
from ...parse.entities import token_lowers
from ...records import ActorRef
from .base import Context, Draft, is_former, role_sector

__all__ = ["earlier_holder", "left_modifiers", "nominal_mentions", "person_drafts", "posted_title",
           "title_actor", "title_tokens"]

# dependents that belong to the noun phrase in front of a role noun
_MOD_DEPS = frozenset({"amod", "compound", "nmod", "poss", "det", "nummod", "quantmod",
                       "advmod", "npadvmod", "punct", "case", "predet"})
# dependents of a name that make up its title ("Russian Deputy Foreign Minister")
_TITLE_DEPS = frozenset({"compound", "amod", "nmod", "flat", "punct", "npadvmod", "poss"})
_OF = frozenset({"of", "from"})
# "a spokesman for the Pentagon": "for" + an institution (never a country: "the envoy
# for Ukraine" is someone else's); "a court in Guyana": "in" + a country for roles that
# belong where they sit (courts, police, residents), not soldiers or diplomats posted abroad
_FOR = "for"
_IN = "in"
_NOT_LOCATED = frozenset({"GOV", "MIL", "MED", "SPY"})
_DEFINITE = frozenset({"the", "this", "that"})
_SINGULAR = frozenset({"NN", "NNP"})
_MAX_TITLE = 8  # tokens; titles longer than this are clauses, not titles
_LOOKBACK = 30  # person mentions searched for a definite role description
# qualifiers a role may carry that a description must repeat to point to it: "the
# president" is not the vice president
_QUALIFIERS = tuple(load_data("person_words.toml")["office_qualifiers"])
_POSTED = frozenset(load_data("person_words.toml")["posted_roles"])


def title_tokens(span: Span) -> list[Token]:
    """The title in front of a name: the contiguous tokens left of ``span`` attached
    (compound/amod/...) to the name or to each other, in text order."""
    doc = span.doc
    members = set(range(span.start, span.end))
    out: list[Token] = []
    i = span.start - 1
    while i >= 0 and span.start - i <= _MAX_TITLE:
        t = doc[i]
        if (t.dep_ == "pobj" and t.head.dep_ == "prep" and t.head.i == i - 1
                and t.head.head.i == i - 2 and t.head.head.head.i in members
                and t.head.head.dep_ in _TITLE_DEPS):
            # "Missouri Secretary of State X": an "of" phrase inside the title
            members.update((i, i - 1, i - 2))
            out.extend((t, doc[i - 1], doc[i - 2]))
            i -= 3
        elif t.dep_ in _TITLE_DEPS and t.head.i in members and not t.is_space:
            members.add(i)
            out.append(t)
            i -= 1
        elif (t.dep_ in ("conj", "cc") and t.head.i < i and t.head.dep_ in _TITLE_DEPS
              and t.head.head.i in members and not t.is_space):
            # "Japanese journalist and author Hiro Aida": coordinated title nouns
            members.add(i)
            out.append(t)
            i -= 1
        elif t.is_space and i > 0 and doc[i - 1].head.i in members:
            i -= 1  # a stray non-breaking space inside the title or before the name
        elif (t.dep_ == "case" and i > 0 and t.head.i == i - 1 and t.head.dep_ == "poss"
              and t.head.head.i in members):
            # "Poland's former foreign minister Radoslaw Sikorski"
            members.update((i, i - 1))
            out.extend((t, doc[i - 1]))
            i -= 2
        else:
            break
    out.reverse()
    return out


def title_actor(ctx: Context, span: Span, toks: list[Token], text: str) -> ActorRef | None:
    """The actor a title in front of a name gives ("Brazilian Foreign Minister Carlos
    Franca" -> BRA GOV; "Poland's former foreign minister X" -> POL, no office), or
    None when the title names no country/IGO/person or no role noun."""
    toks = posted_title(ctx, toks)
    if not toks:
        return None
    country, igo, src_sector = None, None, None
    for t in toks:
        d = ctx.tok_draft.get(t.i)
        if d is not None and d.actor is not None and (d.actor.country or d.actor.igo):
            country, igo, src_sector = d.actor.country, d.actor.igo, d.actor.sector
            break
    # the role noun nearest the name ("Missouri Secretary of State X": secretary)
    head = next((t for t in reversed(toks) if t.dep_ not in ("punct", "case")
                 and ctx.dictionary.is_role_noun(t.lower_)),
                next((t for t in reversed(toks) if t.dep_ not in ("punct", "case")), toks[-1]))
    mods = [t for t in toks if t.i < head.i]
    sector = role_sector(ctx.dictionary, head, mods)
    if not (country or igo) or not sector:
        return None
    if src_sector and head.lower_ in ctx.dictionary.institution_roles and not any(
            t.lower_ in ctx.dictionary.sector_modifiers for t in mods):
        # "RNC spokesman X", "FBI Director X": the institution's sector
        sector = src_sector
    role = " ".join(t.text for t in toks if t.i not in ctx.tok_draft
                    and t.pos_ not in ("DET", "PART") and t.dep_ != "case")
    base = igo or country or ""
    if is_former(ctx.dictionary, toks):
        return ActorRef(code=base, country=country, igo=igo, person=text, role=role or None)
    return ActorRef(code=f"{base} {sector}", country=country, sector=sector, igo=igo,
                    person=text, role=role or None)


def posted_title(ctx: Context, toks: list[Token]) -> list[Token]:
    """``toks`` (a title before a name) without the international organisation a posted
    role names (``posted_roles``: "UN ambassador X" is a country's ambassador to the UN,
    not the UN's), so that the title gives no IGO affiliation."""
    if not any(t.lower_ in _POSTED for t in toks):
        return toks
    return [t for t in toks if not ((d := ctx.tok_draft.get(t.i)) is not None
                                    and d.actor is not None and d.actor.igo
                                    and not d.actor.country)]


def left_modifiers(tok: Token) -> list[Token]:
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
    """(preposition + object) right of ``tok``: "Leaders of NATO countries", "a
    spokesman for the Pentagon", "a court in Guyana". The flag is True when the object
    is coordinated ("leaders of France, Germany and Italy"): several actors, which the
    event coder reads one by one."""
    for prep in tok.rights:
        if prep.dep_ != "prep" or prep.i != tok.i + 1:
            continue
        if prep.lower_ not in _OF and prep.lower_ not in (_FOR, _IN):
            continue
        pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
        if pobj is None:
            return [], False
        if any(c.dep_ == "conj" for c in pobj.children):
            return [], prep.lower_ in _OF
        mods = left_modifiers(pobj)
        if (mods[0].i if mods else pobj.i) != prep.i + 1:
            return [], False
        return [prep, *mods, pobj], False
    return [], False


def _prep_fits(ctx: Context, right: list[Token], source: ActorRef, sector: str) -> bool:
    """Whether the prepositional phrase may give the role its actor: "of"/"from"
    always; "for" only an institution or IGO; "in" only a country, for roles that
    belong where they sit."""
    if not right:
        return True
    prep = right[0].lower_
    if prep in _OF:
        return True
    if prep == _FOR:
        return bool(source.igo or source.sector)
    if source.sector and source.country and sector in ("GOV", "MIL", "SPY"):
        # "an official in the White House": a post inside an institution is its own
        return True
    return sector not in _NOT_LOCATED and not source.igo


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


def person_drafts(ctx: Context) -> tuple[list[Draft], list[int]]:
    """The person mentions drafted so far, by start, and their starts."""
    persons = sorted((x for x in ctx.drafts if x.actor is not None and x.actor.person),
                     key=lambda x: x.start)
    return persons, [p.start for p in persons]


def earlier_holder(ctx: Context, tok: Token, left: list[Token], persons: list[Draft],
                   starts: list[int]) -> Draft | None:
    """The person a definite role description headed by ``tok`` points back to ("the
    foreign minister", "the deputy minister" after "X, Russia's deputy foreign
    minister"): only a singular description with nothing after the noun ("the president
    of a gun-control group" does not point back); its words are checked against the
    role (see :func:`_last_holder`)."""
    d = ctx.dictionary
    low = tok.lower_
    if low not in d.coref_roles or tok.tag_ not in _SINGULAR:
        return None
    if not any(c.dep_ == "det" and c.lower_ in _DEFINITE for c in tok.children):
        return None
    if any(c.dep_ == "prep" for c in tok.rights):
        return None
    sources = _sources(ctx, left)
    if len(sources) > 1:
        return None
    said = {t.lower_ for t in left if t.dep_ not in ("det", "punct")
            and t.i not in ctx.tok_draft}
    return _last_holder(ctx, persons, starts, tok, d.coref_roles[low],
                        sources[0] if sources else None, said)


def nominal_mentions(ctx: Context) -> None:
    """Pass 2: role nouns with an actor modifier, and definite role descriptions."""
    if not ctx.has_dep:
        return
    d = ctx.dictionary
    role_nouns = d.role_nouns
    persons, starts = person_drafts(ctx)
    doc = ctx.doc
    # role words first, one lookup per word of the lower-case column (no Token built
    # for the others); a word's answer is kept for its next occurrences
    is_role: dict[str, bool] = {}
    for i, low in enumerate(token_lowers(doc)):
        role = is_role.get(low)
        if role is None:
            role = is_role[low] = low in role_nouns or d.is_role_noun(low)
        if not role:
            continue
        tok = doc[i]
        # plural proper nouns are names ("the New Jersey Generals"), not role nouns
        if tok.pos_ not in ("NOUN", "PROPN") or tok.tag_ == "NNPS":
            continue
        if tok.i in ctx.tok_draft:  # inside a name ("Kremlin", a title within a PERSON)
            continue
        head = tok.head
        # a title in front of a name ("President Biden") belongs to the name; a role
        # noun modifying another ("administration officials") is read from the outer one
        if head.i != tok.i and tok.dep_ in ("compound", "amod", "nmod") and (
                head.ent_type_ == "PERSON" or head.lower_ in role_nouns):
            continue
        left = left_modifiers(tok)
        right, several = _of_phrase(tok)
        if several:
            continue
        if right and right[0].lower_ not in _OF:
            # "for"/"in" give the actor only to a role the words before it do not place
            # ("the European Commission president in Kyiv" is the EU's), and only when
            # the phrase fits the role (see _prep_fits)
            pp = _sources(ctx, right)
            sector0 = role_sector(d, tok, left)
            if (_sources(ctx, left) or len(pp) != 1 or sector0 is None
                    or not _prep_fits(ctx, right, pp[0], sector0)):
                right = []
        sources = _sources(ctx, left + right)
        lo = left[0].i if left else tok.i
        hi = right[-1].i + 1 if right else tok.i + 1
        while lo < tok.i and ctx.doc[lo].dep_ == "punct":  # no stray quote mark in front
            lo += 1
        prior = None if right else earlier_holder(ctx, tok, left, persons, starts)
        if prior is not None:
            ctx.add(lo, hi, label="ACTOR", actor=prior.actor, how="coref",
                    antecedent=prior.start, head=tok)
            continue
        if len(sources) != 1:
            if not right:
                _coordinated(ctx, tok)
            continue
        src = sources[0]
        base = src.igo or src.country
        sector = role_sector(d, tok, left)
        if not base or sector is None:
            continue
        if src.sector and low in d.institution_roles and not any(
                t.lower_ in d.sector_modifiers for t in left):
            # "a spokesman for the Pentagon", "Kremlin officials": the institution's sector
            sector = src.sector
        code_sector: str | None = sector
        if is_former(d, left):
            code_sector = None  # a former office holder keeps the country, not the office
        actor = ActorRef(code=f"{base} {code_sector}" if code_sector else base,
                         country=src.country, sector=code_sector, igo=src.igo)
        ctx.add(lo, hi, label="ACTOR", actor=actor, how="dictionary", head=tok)


def _coordinated(ctx: Context, tok: Token) -> None:
    """"US and British activists", "Russian and Ukrainian soldiers": each coordinated
    country modifier stands for that country's group; its mention gets the role's
    sector (USA OPP, GBR OPP), so the event coder and the quote stage read both."""
    d = ctx.dictionary
    first = [c for c in tok.lefts if c.dep_ in ("amod", "compound", "nmod")]
    mods: list[Token] = []
    for c in first:
        chain = [c]
        while chain:
            t = chain.pop()
            mods.append(t)
            chain.extend(g for g in t.children if g.dep_ == "conj" and g.i < tok.i)
    if len(mods) < 2 or not any(t.dep_ == "conj" for t in mods):
        return
    if is_former(d, list(tok.lefts)):
        return
    sector = role_sector(d, tok, list(tok.lefts))
    if sector is None:
        return
    drafts = [ctx.tok_draft.get(t.i) for t in mods]
    if any(dr is None or dr.actor is None or dr.label not in ("GPE", "NORP")
           or dr.actor.sector or not (dr.actor.country or dr.actor.igo) for dr in drafts):
        return  # every conjunct must be a plain country or bloc
    for dr in drafts:
        if dr is not None and dr.actor is not None:
            a = dr.actor
            base = a.igo or a.country or ""
            dr.actor = dataclasses.replace(a, code=f"{base} {sector}", sector=sector)
