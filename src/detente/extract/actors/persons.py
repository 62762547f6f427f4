"""One code per person (pass 2c of :func:`detente.extract.actors.mentions.extract_mentions`):
every mention of the same full name, and a lone surname of it, carries the code the
best-placed mention found; people placed through someone placed only then get a second
round of pass 2b (:func:`~detente.extract.actors.affiliation.affiliation_of`)."""

from __future__ import annotations

from ...lexicon import load_data
from ...records import ActorRef
from .affiliation import affiliation_of
from .base import Context, Draft, same_gender

__all__ = ["same_person"]


_SUFFIXES = frozenset(load_data("person_words.toml")["suffixes"])


def _key(actor: ActorRef | None) -> str:
    """A person's name key: lower case, without a generational suffix ("Jr.")."""
    words = (actor.person or "").lower().replace(",", " ").split() if actor else []
    while words and words[-1] in _SUFFIXES:
        words.pop()
    return " ".join(words)


def same_person(ctx: Context) -> None:
    """Pass 2c: mentions of the same full name, and a lone surname of it, carry the
    code of the first placed mention of that name (``how="coref"``); then people placed
    through someone placed only now ("Cruz spokeswoman X" once "Sen. Ted Cruz" is
    known) get a second round of pass 2b."""
    _same_person(ctx)
    if not ctx.has_dep:
        return
    changed = False
    for dr in ctx.drafts:
        a = dr.actor
        if dr.label == "PERSON" and a is not None and dr.how in ("ner", "coref") and not (
                a.country or a.igo):
            found = affiliation_of(ctx, dr)
            if found is not None:
                dr.actor, changed = found, True
    if changed:
        _same_person(ctx)


def _same_person(ctx: Context) -> None:
    placed: dict[str, Draft] = {}
    by_surname: dict[str, set[str]] = {}
    for dr in ctx.drafts:
        if dr.label == "PERSON" and dr.actor is not None and (dr.actor.country
                                                              or dr.actor.igo):
            key = _key(dr.actor)
            if " " in key:
                placed.setdefault(key, dr)
                by_surname.setdefault(key.split()[-1], set()).add(key)
    if not placed:
        return
    for dr in ctx.drafts:
        a = dr.actor
        if dr.label != "PERSON" or a is None or a.country or a.igo:
            continue
        key = _key(a)
        if key not in placed:
            # a surname alone, or a shorter form ("De Blasio" after "Bill de Blasio")
            names = by_surname.get(key.split()[-1] if key else "", set())
            names = {n for n in names if n.endswith(key)} if key else set()
            key = next(iter(names)) if len(names) == 1 else ""
        src = placed.get(key)
        if src is None or src is dr or src.actor is None:
            continue
        if " " not in _key(a) and not same_gender(ctx, dr.tok_start, src):
            continue  # "Mr. Clinton" is not the Hillary Clinton named before
        dr.actor = src.actor
        dr.how, dr.antecedent = "coref", src.start
