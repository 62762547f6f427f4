"""A person's affiliation from the words around the name (pass 2b of
:func:`detente.extract.actors.mentions.extract_mentions`), and one code per person (pass 2c).

A person no dictionary places takes, in order (first found wins):

1. the nominal actor in apposition ("X, Poland's former foreign minister" -> POL;
   "Jeb Bush, the former Florida governor" -> USA) or the party/institution named in
   apposition ("Jeff Flake, Republican of Arizona" -> USA PTY);
2. the title in front of the name ("Brazilian Foreign Minister X"; "RNC spokesman X"
   -> USA PTY);
3. a party-state tag after the name ("Sen. X (R-Ariz.)", "Rep. X, D-Calif." -> USA GOV:
   the tag is the convention for elected officials);
4. "of" + a state, province or country after a titled name ("Senator X of Vermont",
   "Gov. X of Texas" -> USA GOV);
5. a relative clause saying what the person is or was ("X, who served as Clinton's
   chief of staff" -> USA; "X, who heads the FBI" -> USA COP);
6. a role in apposition or title whose "of/at/for" object, or compound, is an
   organisation ("the president of Judicial Watch", "director of the Project ... at the
   Federation of American Scientists", "NBC News moderator X"): the country named
   inside the organisation's name, else the article's setting (``Context.setting``);
   the sector from the organisation's head word ("University" -> EDU);
7. a title of the country's own politics with no country in the text ("Sen. X",
   "Attorney General X", "Justice X", "Campaign spokesman X"): the article's setting.

A title, apposition or clause that says the office is past ("former", "ex-") keeps the
country but not the sector; it also takes the office away from a dictionary person
("former President Obama" -> USA).

Pass 2c: every mention of the same full name (and a lone surname of it) carries the
code the best-placed mention found ("Bernie Sanders" in a headline, "Senator Bernie
Sanders of Vermont" in the text).

Everything reads the dependency parse; with no parse both passes do nothing.
"""

from __future__ import annotations

import dataclasses
import re

from spacy.tokens import Token

from ...records import ActorRef
from .base import Context, Draft, is_former, role_sector
from .nominal import left_modifiers, title_actor, title_tokens

__all__ = ["affiliation_mentions", "same_person"]

# "(R-Ariz.)", ", D-Calif.,", "(D)", "(I-Vt.)" right after a name
_TAG = re.compile(r"\s*[(,]\s*([A-Z])(?:\s*[-–—]\s*([A-Z][A-Za-z.]*(?: ?[A-Z][A-Za-z.]*)?))?"
                  r"\s*[),]")
_OF_PREPS = frozenset({"of", "at", "for", "with", "from", "to"})
# followed inside, an organisation only as ORG ("a project on secrecy for the X")
_THROUGH_PREPS = frozenset({"in", "on"})
# verbs of a relative clause that say what the person is or does
_REL_VERBS = frozenset({"be", "serve", "work", "head", "lead", "chair", "run", "direct",
                        "represent", "advise", "manage", "belong", "found", "join",
                        "oversee", "teach", "own", "coach", "edit", "host"})
_BE_LIKE = frozenset({"be", "serve", "work"})
_LINKS = frozenset({"of", "for", "and", "on", "&"})  # small words inside a name


def _with_person(actor: ActorRef, person: str | None, role: str | None,
                 former: bool) -> ActorRef:
    base = actor.igo or actor.country or ""
    if former or not actor.sector:
        return ActorRef(code=base, country=actor.country, igo=actor.igo, person=person,
                        role=role)
    return ActorRef(code=f"{base} {actor.sector}", country=actor.country,
                    sector=actor.sector, igo=actor.igo, person=person, role=role)


def _placed(ctx: Context, tok: Token) -> ActorRef | None:
    """The actor of the mention covering ``tok`` when it has a country or IGO."""
    d = ctx.tok_draft.get(tok.i)
    if d is None or d.actor is None or d.label == "PRON":
        return None
    return d.actor if (d.actor.country or d.actor.igo) else None


def _appositive_role(ctx: Context, dr: Draft) -> Token | None:
    """The noun in apposition to a person ("X, Poland's former foreign minister";
    "Federal Chancellor of Austria, Karl Nehammer"), or None."""
    doc = ctx.doc
    head = doc[dr.head]
    for c in head.children:
        if c.dep_ == "appos" and c.pos_ in ("NOUN", "PROPN") and c.i >= dr.tok_end:
            return c
    if head.dep_ == "appos" and head.head.i < dr.tok_start and head.head.pos_ in (
            "NOUN", "PROPN"):
        return head.head
    return None


def _organisation(ctx: Context, lo: int, hi: int) -> ActorRef | None:
    """An unknown organisation's actor: the country named inside its name ("Federation
    of American Scientists", "University of Texas", "Indiana GOP"), else the article's
    setting; the sector from its head word; None when no country is found."""
    d, doc = ctx.dictionary, ctx.doc
    span = doc[lo:hi]
    country, sector = None, None
    words = [t for t in span if not t.is_punct]
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


def _org_at(ctx: Context, tok: Token) -> ActorRef | None:
    """The organisation named by ``tok`` (an unknown ORG entity or a placed one)."""
    placed = _placed(ctx, tok)
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
            placed = _placed(ctx, c) if c.dep_ in ("compound", "poss", "amod") else None
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
               and t.i not in cut]
        lo, hi = min(t.i for t in sub), max(t.i for t in sub) + 1
        if hi - lo == len(sub) and all(t.text[:1].isupper() or t.lower_ in _LINKS
                                       for t in sub):
            return _organisation(ctx, lo, hi)
    return None


def _is_body(ctx: Context, tok: Token) -> bool:
    """Whether ``tok`` is part of a named institution, party or outlet (not a place)."""
    d = ctx.tok_draft.get(tok.i)
    return d is not None and d.label in ("ORG", "NORP") and d.how == "dictionary"


def _role_org(ctx: Context, role: Token, *, any_noun: bool = False) -> ActorRef | None:
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
                c.dep_ in ("compound", "nmod", "amod", "poss") and _placed(ctx, c)):
            found = _org_at(ctx, c)
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
                if prep.dep_ != "prep" or (prep.lower_ not in _OF_PREPS
                                           and prep.lower_ not in _THROUGH_PREPS):
                    continue
                for pobj in prep.children:
                    if pobj.dep_ != "pobj":
                        continue
                    if prep.lower_ in _THROUGH_PREPS and pobj.ent_type_ != "ORG":
                        nxt.append(pobj)
                        continue
                    found = _org_at(ctx, pobj)
                    if found is None and pobj.pos_ == "NOUN":
                        # "director of the activist group Badass Teachers Association":
                        # a common noun with the organisation's name in apposition
                        found = next((o for o in (_org_at(ctx, a) for a in pobj.children
                                                  if a.dep_ == "appos"
                                                  and a.ent_type_ == "ORG") if o), None)
                    if found is not None:
                        return found
                    nxt.append(pobj)
        frontier = nxt
    return None


def _of_organisation(ctx: Context, dr: Draft) -> ActorRef | None:
    """"Robert Gordon of Northwestern University", "David Autor at the Massachusetts
    Institute of Technology": the organisation named by "of"/"at" right after the name."""
    doc = ctx.doc
    if dr.tok_end >= len(doc) or doc[dr.tok_end].lower_ not in ("of", "at"):
        return None
    pobj = next((c for c in doc[dr.tok_end].children if c.dep_ == "pobj"), None)
    if pobj is None or not (pobj.ent_type_ == "ORG" or (
            pobj.pos_ == "PROPN" and not pobj.ent_type_)):
        return None  # "of Oakland" (a place) is where someone lives, no affiliation
    return _org_at(ctx, pobj)


def _tag(ctx: Context, dr: Draft) -> ActorRef | None:
    """A party-state tag right after the name ("(R-Ariz.)", ", D-Calif.,")."""
    d = ctx.dictionary
    m = _TAG.match(ctx.text, dr.end)
    if m is None:
        return None
    party, state = m.group(1), m.group(2)
    pid = d.party_tags.get(party)
    country = None
    if state:
        state = state.strip()
        country = d.region_abbrevs.get(state) or d.region(state)
        if country is None:
            return None  # "(R-Something)" that is no state: not a tag
    if pid is not None:
        country = country or d.entries[pid].country
    if country is None:
        return None
    return ActorRef(code=f"{country} GOV", country=country, sector="GOV")


def _of_place(ctx: Context, dr: Draft) -> ActorRef | None:
    """"Senator X of Vermont": "of" + a state, province or country after the name."""
    doc = ctx.doc
    if dr.tok_end >= len(doc) or doc[dr.tok_end].lower_ != "of":
        return None
    prep = doc[dr.tok_end]
    pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
    if pobj is None or pobj.ent_type_ not in ("GPE", "LOC"):
        return None
    # a titled name "of" a state is that state's ("Sen. X of Georgia" is no Georgian)
    region = ctx.dictionary.region(pobj.text)
    if region is not None:
        return ActorRef(code=region, country=region)
    return _placed(ctx, pobj)


def _relative(ctx: Context, dr: Draft,
              role: Token | None = None) -> tuple[ActorRef, bool] | None:
    """"X, who served as Clinton's chief of staff", "X, who heads the FBI": the
    nominal, organisation or role in the clause; the flag says it is past ("was",
    "served", "former")."""
    head = ctx.doc[dr.head]
    rel = next((c for c in head.children if c.dep_ == "relcl" and c.i > head.i), None)
    if rel is None and role is not None:
        # on the noun in apposition: "X, a newspaper editor who teaches journalism at
        # the University of Idaho"
        rel = next((c for c in role.children if c.dep_ == "relcl" and c.i > role.i), None)
    if rel is None or rel.lemma_ not in _REL_VERBS:
        return None
    if not any(c.lower_ in ("who", "whom") for c in rel.children):
        return None
    past = rel.tag_ in ("VBD", "VBN") or any(
        c.dep_ == "aux" and c.tag_ == "VBD" for c in rel.children)
    cands: list[Token] = []
    for c in rel.children:
        if c.dep_ in ("attr", "dobj", "acomp"):
            cands.append(c)
        elif c.dep_ == "prep" and c.lower_ in ("as", "for", "at", "in", "with", "to"):
            cands.extend(g for g in c.children if g.dep_ == "pobj")
    for c in cands:
        placed = _placed(ctx, c)
        if placed is not None:
            former = past or is_former(ctx.dictionary, left_modifiers(c))
            if c.ent_type_ == "ORG" and rel.lemma_ not in _BE_LIKE:
                return placed, former  # "who heads the FBI": the institution's sector
            return placed, former
        found = (_role_org(ctx, c, any_noun=c.pos_ == "NOUN")
                 or (_org_at(ctx, c) if c.ent_type_ == "ORG" else None))
        if found is not None:
            return found, past or is_former(ctx.dictionary, left_modifiers(c))
    return None


def _copula_role(ctx: Context, dr: Draft) -> Token | None:
    """"X is the president of Judicial Watch": the noun a named subject is said to be."""
    head = ctx.doc[dr.head]
    verb = head.head
    if head.dep_ != "nsubj" or verb.lemma_ != "be":
        return None
    return next((c for c in verb.children if c.dep_ == "attr" and c.pos_ == "NOUN"), None)


def _shared_title(ctx: Context, dr: Draft) -> ActorRef | None:
    """"Senators Ted Cruz and Marco Rubio", "Sens. X of Georgia and Y of Arkansas": a
    plural title in front of the first name is also the later conjuncts' title."""
    head = ctx.doc[dr.head]
    seen = 0
    while head.dep_ == "conj" and seen < 4:
        head, seen = head.head, seen + 1
        first = ctx.tok_draft.get(head.i)
        if first is None or first.label != "PERSON" or first is dr:
            continue
        title = title_tokens(ctx.doc[first.tok_start:first.tok_end])
        plural = bool(title) and (title[-1].tag_ in ("NNS", "NNPS")
                                  or title[-1].lower_ in ("sens.", "reps.", "govs."))
        a = first.actor
        if plural and a is not None and (a.country or a.igo):
            return a
    return None


def _setting_title(ctx: Context, toks: list[Token]) -> ActorRef | None:
    """A title of the country's own politics with no country named ("Sen. X",
    "Attorney General X", "Campaign spokesman X"): the article's setting."""
    d = ctx.dictionary
    words = [t for t in toks if t.pos_ in ("NOUN", "PROPN", "ADJ")]
    # "Cruz spokeswoman X", "Sanders's spokesman": a role of a person the text does not
    # place is a role in that country's politics too
    of_person = any(t.ent_type_ == "PERSON" and t.dep_ in ("compound", "poss")
                    for t in words)
    if not words or not (of_person or any(t.lower_ in d.setting_titles for t in words)):
        return None
    head = words[-1]
    sector = role_sector(d, head, words[:-1])
    if sector is None:
        # "Clinton's chief pollster X", "Cruz's campaign manager and strategist X": a
        # person's staff, of the person's country (else the setting), no sector; a
        # relative or friend ("Trump's wife X") is no affiliation
        nouns = [t for t in words if t.pos_ == "NOUN"]
        if not of_person or not nouns or any(t.lower_ in d.kin_nouns for t in nouns):
            return None
        owner = next((_placed(ctx, t) for t in words if t.ent_type_ == "PERSON"
                      and t.dep_ in ("compound", "poss") and _placed(ctx, t)), None)
        country = owner.country if owner is not None else ctx.setting()
        return ActorRef(code=country, country=country) if country else None
    country = ctx.setting()
    if country is None:
        return None
    return ActorRef(code=f"{country} {sector}", country=country, sector=sector)


def _role_words(toks: list[Token], ctx: Context) -> str | None:
    role = " ".join(t.text for t in toks if t.i not in ctx.tok_draft
                    and t.pos_ not in ("DET", "PART", "PUNCT") and t.dep_ != "case")
    return role or None


def _affiliation(ctx: Context, dr: Draft) -> ActorRef | None:
    """The actor of a person no dictionary places, from the words around the name."""
    assert dr.actor is not None
    person = dr.actor.person or ctx.doc[dr.tok_start:dr.tok_end].text
    d = ctx.dictionary
    span = ctx.doc[dr.tok_start:dr.tok_end]
    title = title_tokens(span)
    former_title = is_former(d, title)
    role_tok = _appositive_role(ctx, dr)
    if role_tok is not None:
        role_toks = [*left_modifiers(role_tok), role_tok]
        nom = ctx.tok_draft.get(role_tok.i)
        if (nom is not None and nom.actor is not None and nom.how == "dictionary"
                and (nom.actor.country or nom.actor.igo)):
            if nom.label == "ACTOR":
                role = " ".join(t.text for t in role_toks if ctx.tok_draft.get(t.i) is nom
                                and t.pos_ not in ("DET", "PUNCT"))
                return dataclasses.replace(nom.actor, person=person, role=role or None)
            if nom.label in ("NORP", "ORG"):  # "X, Republican of Arizona"
                return _with_person(nom.actor, person, None, is_former(d, role_toks))
    found = title_actor(ctx, span, title, person) if title else None
    if found is not None:
        return found
    for t in reversed(title):
        # "Missouri Republican X", "Senate Majority Whip X", "The Post's X", "former
        # FBI agent X": a party, institution or outlet in the title (no role noun)
        placed = _placed(ctx, t)
        src = ctx.tok_draft.get(t.i)
        # a party, institution or outlet, not a place: "ROME - Bernie Sanders" is a
        # dateline, and a capital stands for its government only as a subject
        if (placed is not None and placed.sector and src is not None
                and src.label in ("ORG", "NORP") and src.how == "dictionary"):
            return _with_person(placed, person, _role_words(title, ctx), former_title)
    for t in title:
        # "American Action Forum's X": an organisation the dictionaries do not know
        # only the title's own modifiers: the "State" of "Secretary of State X" is none
        if t.dep_ not in ("poss", "compound", "nmod"):
            continue
        if _placed(ctx, t) is None and (t.ent_type_ == "ORG" or (
                t.dep_ == "poss" and t.pos_ == "PROPN" and t.ent_type_ in ("", "LOC"))):
            org = _org_at(ctx, t)
            if org is not None:
                return _with_person(org, person, _role_words(title, ctx), former_title)
    tagged = _tag(ctx, dr)
    if tagged is not None:
        return _with_person(tagged, person, _role_words(title, ctx), former_title)
    if title and role_sector(d, title[-1], title[:-1]) is not None:
        placed = _of_place(ctx, dr)
        if placed is not None:
            sector = role_sector(d, title[-1], title[:-1])
            actor = ActorRef(code="", country=placed.country, sector=sector)
            return _with_person(actor, person, _role_words(title, ctx), former_title)
    rel = _relative(ctx, dr, role_tok)
    if rel is not None:
        return _with_person(rel[0], person, None, rel[1])
    shared = _shared_title(ctx, dr)
    if shared is not None:
        return _with_person(shared, person, shared.role, False)
    if role_tok is None:
        role_tok = _copula_role(ctx, dr)
    # "X, a lobbyist and a Republican former congressman from Minnesota": the
    # appositive's conjuncts are the person's roles too
    appos = [role_tok, *(c for c in role_tok.children if c.dep_ == "conj"
                         and c.pos_ == "NOUN")] if role_tok is not None else []
    for extra in appos[1:]:
        nom = ctx.tok_draft.get(extra.i)
        if (nom is not None and nom.label == "ACTOR" and nom.actor is not None
                and (nom.actor.country or nom.actor.igo)):
            return dataclasses.replace(nom.actor, person=person, role=None)
    for toks in (appos, title[-1:]):
        for tok in toks:
            org = _role_org(ctx, tok, any_noun=tok in appos and tok.pos_ == "NOUN")
            if org is not None:
                former = is_former(d, left_modifiers(tok) if tok in appos else title)
                return _with_person(org, person, None, former)
    org = _of_organisation(ctx, dr)
    if org is not None:
        return _with_person(org, person, None, former_title)
    for toks in (title, [*left_modifiers(role_tok), role_tok] if role_tok is not None else []):
        set_ = _setting_title(ctx, toks)
        if set_ is not None:
            return _with_person(set_, person, _role_words(toks, ctx), is_former(d, toks))
    return None


def affiliation_mentions(ctx: Context) -> None:
    """Pass 2b: a person's affiliation from the words around the name (see the module
    docstring); a title or apposition that says the office is past takes the office
    away from a dictionary person ("former President Obama" -> USA)."""
    if not ctx.has_dep:
        return
    d = ctx.dictionary
    for dr in list(ctx.drafts):
        actor = dr.actor
        if dr.label != "PERSON" or actor is None or dr.how not in ("ner", "dictionary",
                                                                    "coref"):
            continue
        if dr.how in ("ner", "coref") and not (actor.country or actor.igo):
            # also a surname after an unplaced full name: "While Sanders, the independent
            # senator from Vermont, ..." places Bernie Sanders (pass 2c spreads it)
            found = _affiliation(ctx, dr)
            if found is not None:
                dr.actor = found
            continue
        if actor.sector and dr.how == "dictionary":  # a dictionary person, now former
            span = ctx.doc[dr.tok_start:dr.tok_end]
            role_tok = _appositive_role(ctx, dr)
            role_toks = [*left_modifiers(role_tok), role_tok] if role_tok is not None else []
            if is_former(d, title_tokens(span) + role_toks):
                base = actor.country or actor.igo or ""
                dr.actor = dataclasses.replace(actor, code=base, sector=None, role=None)


_SUFFIXES = frozenset({"jr.", "jr", "sr.", "sr", "ii", "iii", "iv"})


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
            found = _affiliation(ctx, dr)
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
        dr.actor = src.actor
        dr.how, dr.antecedent = "coref", src.start
