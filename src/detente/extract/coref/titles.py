"""Titles on a date: a definite singular title with an actor in front of it and no name
("the Russian foreign minister") is the person holding that office on the article's
date, when exactly one holder fits (:func:`_titles`)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.tokens import Token

from ...lexicon import load_data
from ...lexicon.actors import ActorDictionary
from ...parse.entities import token_lowers
from ...records import ActorRef
from ..actors.base import Context, Draft
from ..actors.nominal import earlier_holder, left_modifiers, person_drafts
from .lexicon import CorefLexicon

_SINGULAR_TAGS = frozenset({"NN", "NNP"})


_WORDS = load_data("person_words.toml")
_QUALIFIERS = tuple(_WORDS["office_qualifiers"]) + tuple(_WORDS["office_qualifiers_coref"])


def _holders(d: ActorDictionary, ctx: Context, base: tuple[str | None, str | None],
             keywords: Sequence[str], said: set[str]) -> list[ActorRef]:
    """People whose office on the article's date belongs to ``base`` (country, IGO),
    contains one of ``keywords`` (the first keyword that any holder has wins) and every
    word in ``said``; a qualifier ("deputy") counts only when said."""
    found: list[tuple[int, ActorRef]] = []
    for eid, e in d.entries.items():
        if e.kind != "person" or not e.roles:
            continue
        ref = d.ref(eid, on=ctx.published)
        if not ref.role or (ref.country, ref.igo) != base:
            continue
        role = f" {_norm_role(ref.role)} "
        if any(f" {q} " in role and q not in said for q in _QUALIFIERS):
            continue
        if any(f" {w} " not in role for w in said):
            continue
        rank = next((k for k, kw in enumerate(keywords) if f" {kw} " in role), None)
        if rank is not None:
            found.append((rank, ref))
    if not found:
        return []
    top = min(r for r, _ in found)
    return [ref for r, ref in found if r == top]


def _norm_role(text: str) -> str:
    return re.sub(r"[^a-z ]+", " ", text.lower().replace("defence", "defense")).strip()


def _titles(ctx: Context, lex: CorefLexicon) -> None:
    """Definite singular titles with an actor and no name -> the person in apposition,
    else the person the article gave that role, else the office holder on the article's
    date; then bare descriptions ("the deputy minister") whose person the affiliation
    pass placed after the nominal pass had looked."""
    d, doc = ctx.dictionary, ctx.doc
    persons, starts = person_drafts(ctx)
    for draft in list(ctx.drafts):
        actor = draft.actor
        if draft.label != "ACTOR" or actor is None or actor.person or draft.how != "dictionary":
            continue
        head = doc[draft.head]
        low = head.lower_
        generic = low in lex.generic_heads and low not in d.coref_roles
        if head.tag_ not in _SINGULAR_TAGS or not (low in d.coref_roles or generic):
            continue
        named = _in_apposition(ctx, head)
        if named is not None:
            # "Sergei Vershinin, Russia's deputy foreign minister" (or the title first:
            # "Russia's deputy foreign minister, Sergei Vershinin"): the title is his
            draft.actor, draft.how, draft.antecedent = named.actor, "coref", named.start
            continue
        if not _definite(head, ctx):
            continue
        said = {_norm_role(t.text) for t in doc[draft.tok_start:draft.head]
                if t.i not in ctx.tok_draft or ctx.tok_draft[t.i] is draft}
        said = {w for w in said if w and w not in ("the", "this", "that", "s")
                and not any(w == _norm_role(x) for x in _actor_words(ctx, draft))}
        if generic:  # "the Pentagon chief": the top office of the sector
            keywords, said = lex.sector_roles.get(actor.sector or "", ()), set()
        else:
            keywords = d.coref_roles[low]
            # the person the article itself gave that office ("Russia's deputy foreign
            # minister" after "X, Russia's deputy foreign minister"): a country has
            # several deputies, the dictionary knows one
            prior = earlier_holder(ctx, head, left_modifiers(head), persons, starts)
            if prior is not None:
                draft.actor, draft.how, draft.antecedent = prior.actor, "coref", prior.start
                continue
        refs = _holders(d, ctx, (actor.country, actor.igo), keywords, said)
        if len(refs) == 1:
            draft.actor, draft.how = refs[0], "coref"
    for i, low in enumerate(token_lowers(doc)):
        if low not in d.coref_roles or i in ctx.tok_draft:
            continue
        tok = doc[i]
        left = left_modifiers(tok)
        prior = earlier_holder(ctx, tok, left, persons, starts)
        if prior is not None:
            lo = next((t.i for t in left if t.dep_ != "punct"), tok.i)
            ctx.add(lo, tok.i + 1, label="ACTOR", actor=prior.actor, how="coref",
                    antecedent=prior.start, head=tok)
    # "the Pentagon chief", "the Kremlin chief": the top office of the institution
    for i, low in enumerate(token_lowers(doc)):
        if low not in lex.generic_heads:
            continue
        tok = doc[i]
        if tok.tag_ not in _SINGULAR_TAGS \
                or tok.i in ctx.tok_draft or not _definite(tok, ctx):
            continue
        inst = next((ctx.tok_draft[c.i] for c in tok.lefts
                     if c.dep_ in ("compound", "poss", "nmod", "amod") and c.i in ctx.tok_draft), None)
        if inst is None or inst.actor is None or inst.actor.person or not inst.actor.sector:
            continue
        keywords = lex.sector_roles.get(inst.actor.sector, ())
        refs = _holders(d, ctx, (inst.actor.country, inst.actor.igo), keywords, set())
        if len(refs) == 1:
            lo = min(inst.tok_start, tok.i)
            ctx.add(lo, tok.i + 1, label="ACTOR", actor=refs[0], how="coref", head=tok)


def _in_apposition(ctx: Context, head: Token) -> Draft | None:
    """The named person a title stands in apposition to, before or after it."""
    near = [head.head] if head.dep_ == "appos" else []
    near += [c for c in head.rights if c.dep_ == "appos"]
    for tok in near:
        d = ctx.tok_draft.get(tok.i)
        if d is not None and d.label == "PERSON" and d.actor is not None and d.actor.person:
            return d
    return None


def _actor_words(ctx: Context, draft: Draft) -> list[str]:
    doc = ctx.doc
    out = []
    for t in doc[draft.tok_start:draft.head]:
        other = ctx.tok_draft.get(t.i)
        if other is not None and other is not draft:
            out.append(t.text)
    return out


def _definite(tok: Token, ctx: Context) -> bool:
    """"the minister", "Ukraine's leader": a definite determiner or an actor possessor,
    nothing after the noun, no name in apposition."""
    if any(c.dep_ == "prep" or c.dep_ == "appos" for c in tok.rights):
        return False
    for c in tok.lefts:
        if c.dep_ == "det" and c.lower_ in ("the", "this", "that"):
            return True
        if c.dep_ == "poss" and c.i in ctx.tok_draft and c.pos_ == "PROPN":
            return True
    return False
