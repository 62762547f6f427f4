"""The organisation a person's role belongs to (used by pass 2b,
:mod:`detente.extract.actors.affiliation`): the "of/at/for" object or compound of a role
noun ("the president of Judicial Watch", "NBC News moderator"), an unknown organisation's
country (named inside its name, else the article's setting) and its sector from its head
word ("University" -> EDU)."""

from __future__ import annotations

from spacy.tokens import Token

from ...lexicon import load_data
from ...records import ActorRef
from .base import Context, Draft, role_sector

__all__ = ["of_organisation", "org_at", "placed_actor", "role_org"]


_OF_PREPS = frozenset({"of", "at", "for", "with", "from", "to"})


# followed inside, an organisation only as ORG ("a project on secrecy for the X")
_THROUGH_PREPS = frozenset({"in", "on"})


_LINKS = frozenset({"of", "for", "and", "on", "&"})  # small words inside a name

# a post held under someone or in a past period: "deputy prime minister under
# Yanukovych", "a secretary of labor during the Clinton administration" -> the country
# of the placed person or administration (no sector: the post need not be held now)
_UNDER_PREPS = frozenset({"under", "during"})
_POSTED_TO = frozenset(load_data("person_words.toml")["posted_to_roles"])


def placed_actor(ctx: Context, tok: Token) -> ActorRef | None:
    """The actor of the mention covering ``tok`` when it has a country or IGO."""
    d = ctx.tok_draft.get(tok.i)
    if d is None or d.actor is None or d.label == "PRON":
        return None
    return d.actor if (d.actor.country or d.actor.igo) else None


def _organisation(ctx: Context, lo: int, hi: int) -> ActorRef | None:
    """An unknown organisation's actor: the country named inside its name ("Federation
    of American Scientists", "University of Texas", "Indiana GOP"), else the article's
    setting; the sector from its head word; None when no country is found."""
    d, doc = ctx.dictionary, ctx.doc
    span = doc[lo:hi]
    country, sector = None, None
    words = [t for t in span if not t.is_punct and t.tag_ != "POS"]
    for n in (3, 2, 1):  # longest name first ("New Hampshire", "North Carolina")
        for k in range(len(words) - n + 1):
            text = " ".join(t.text for t in words[k:k + n])
            if d.region(text) and d.region(text) == ctx.setting():
                # "Georgia Southern University" in US news is the state's
                country = d.region(text)
                break
            entry = d.lookup(text)
            # "Western New England University" is no Western bloc
            if entry is not None and (entry.country or entry.igo) and entry.kind not in (
                    "igo_adjective", "media"):
                country = entry.country or entry.igo
                sector = entry.sector if entry.kind in ("institution", "party") else None
                break
            if d.region(text):
                country = d.region(text)
                break
        if country:
            break
    if not country:
        country = ctx.setting()
    if not country:
        return None
    if sector is None and words:
        sector = d.organisation_heads.get(words[-1].lower_.rstrip("."))
    return ActorRef(code=f"{country} {sector}" if sector else country, country=country,
                    sector=sector)


def org_at(ctx: Context, tok: Token) -> ActorRef | None:
    """The organisation named by ``tok`` (an unknown ORG entity or a placed one)."""
    placed = placed_actor(ctx, tok)
    if placed is not None:
        return placed
    if tok.ent_type_ == "ORG":
        ent = next((e for e in tok.doc.ents if e.start <= tok.i < e.end), None)
        if ent is None:
            return None
        lo = ent.start + (1 if ent[0].lower_ == "the" and len(ent) > 1 else 0)
        return _organisation(ctx, lo, ent.end)
    if tok.pos_ == "NOUN":
        # "the Clinton campaign", "Sanders's campaign": an organisation noun whose
        # modifier is placed (the person's or place's country)
        sector = ctx.dictionary.organisation_heads.get(tok.lower_)
        for c in tok.lefts:
            placed = placed_actor(ctx, c) if c.dep_ in ("compound", "poss", "amod") else None
            if (placed is None and sector is not None and c.ent_type_ == "ORG"
                    and c.dep_ in ("compound", "poss")):
                # "Nabisco's parent company": an organisation the dictionaries do not
                # know, of the head noun's sector
                placed = org_at(ctx, c)
            if placed is None and c.ent_type_ == "PERSON" and c.dep_ in ("compound", "poss"):
                # "the Clinton campaign" with Clinton placed nowhere: the setting
                setting = ctx.setting()
                placed = ActorRef(code=setting, country=setting) if setting else None
            if placed is not None and sector is not None:
                base = placed.igo or placed.country or ""
                return ActorRef(code=f"{base} {sector}", country=placed.country,
                                igo=placed.igo, sector=sector)
            if placed is not None and c.dep_ == "compound" and _is_body(ctx, c):
                # "the Wall Street Journal editorial board": a body of a named institution
                return placed
        return None
    if tok.pos_ == "PROPN" and tok.ent_type_ in ("", "LOC", "FAC") and tok.text[:1].isupper():
        # a proper name the model left untagged after a role ("at the March of Dimes")
        # its subtree without phrases after it ("Committee in Florida": the place
        # where it sits is no part of the name; "of" is: "March of Dimes")
        cut = {t.i for c in tok.rights if c.dep_ == "prep" and c.lower_ not in _LINKS
               for t in c.subtree}
        sub = [t for t in tok.subtree if t.dep_ not in ("det", "punct", "case")
               and t.i not in cut and not t.is_space]
        lo, hi = min(t.i for t in sub), max(t.i for t in sub) + 1
        if hi - lo == len(sub) and all(t.text[:1].isupper() or t.lower_ in _LINKS
                                       for t in sub):
            return _organisation(ctx, lo, hi)
    return None


def _is_body(ctx: Context, tok: Token) -> bool:
    """Whether ``tok`` is part of a named institution, party or outlet (not a place)."""
    d = ctx.tok_draft.get(tok.i)
    return d is not None and d.label in ("ORG", "NORP") and d.how == "dictionary"


def role_org(ctx: Context, role: Token, *, any_noun: bool = False) -> ActorRef | None:
    """A role noun's organisation: "president of Judicial Watch", "senior director of
    economic policy at the X Center", "adviser to Obama", "NBC News moderator" (a
    compound ORG in front). With ``any_noun`` the noun need not be a role noun ("a
    fellow at the X Institute", "a Rutgers University expert"): only an organisation
    or a placed actor then counts."""
    d = ctx.dictionary
    if not any_noun and role_sector(d, role, []) is None and not d.is_role_noun(role.lower_):
        return None
    for c in role.lefts:
        if (c.dep_ in ("compound", "nmod", "poss") and c.ent_type_ == "ORG") or (
                c.dep_ in ("compound", "nmod", "amod", "poss") and placed_actor(ctx, c)):
            found = org_at(ctx, c)
            if found is not None:
                return found
    # breadth-first over the prepositional phrases hanging off the noun, three deep;
    # "in" is passed through to the phrases inside ("a professor in the school of
    # information studies at Syracuse University") but names an organisation only as
    # an ORG entity (a professor "in Texas" lives there: no affiliation)
    frontier = [role]
    for _ in range(3):
        nxt: list[Token] = []
        for node in frontier:
            for prep in node.rights:
                if prep.dep_ == "prep" and prep.lower_ in _UNDER_PREPS and node is role:
                    under = next((placed_actor(ctx, g) for g in prep.children
                                  if g.dep_ == "pobj" and placed_actor(ctx, g)), None)
                    if under is not None and under.country:
                        return ActorRef(code=under.country, country=under.country)
                    continue
                if prep.dep_ != "prep" or (prep.lower_ not in _OF_PREPS
                                           and prep.lower_ not in _THROUGH_PREPS):
                    continue
                if prep.lower_ == "to" and any(
                        n.lower_ in _POSTED_TO for n in (node, *node.conjuncts)):
                    # "ambassador to Russia": posted there, not Russia's ("a professor
                    # and envoy to Syria": the parse may hang it on the first conjunct)
                    continue
                for pobj in prep.children:
                    if pobj.dep_ != "pobj":
                        continue
                    if prep.lower_ in _THROUGH_PREPS and pobj.ent_type_ != "ORG":
                        nxt.append(pobj)
                        continue
                    found = org_at(ctx, pobj)
                    if found is None and pobj.pos_ == "NOUN":
                        # "director of the activist group Badass Teachers Association":
                        # a common noun with the organisation's name in apposition
                        found = next((o for o in (org_at(ctx, a) for a in pobj.children
                                                  if a.dep_ == "appos"
                                                  and a.ent_type_ == "ORG") if o), None)
                    if found is not None:
                        return found
                    nxt.append(pobj)
        frontier = nxt
    return None


def of_organisation(ctx: Context, dr: Draft) -> ActorRef | None:
    """"Robert Gordon of Northwestern University", "David Autor at the Massachusetts
    Institute of Technology": the organisation named by "of"/"at" right after the name."""
    doc = ctx.doc
    if dr.tok_end >= len(doc) or doc[dr.tok_end].lower_ not in ("of", "at"):
        return None
    pobj = next((c for c in doc[dr.tok_end].children if c.dep_ == "pobj"), None)
    nominal = ctx.tok_draft.get(pobj.i) if pobj is not None else None
    if nominal is not None and nominal.label == "ACTOR" and nominal.actor is not None and (
            nominal.actor.country or nominal.actor.igo):
        return nominal.actor  # "X of the New York delegation": a group of a country
    if pobj is None or not (pobj.ent_type_ == "ORG" or (
            pobj.pos_ == "PROPN" and not pobj.ent_type_)):
        return None  # "of Oakland" (a place) is where someone lives, no affiliation
    return org_at(ctx, pobj)
