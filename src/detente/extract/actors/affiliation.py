"""A person's affiliation from the words around the name (pass 2b of
:func:`detente.extract.actors.mentions.extract_mentions`).

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

Pass 2c (:mod:`detente.extract.actors.persons`): every mention of the same full name
(and a lone surname of it) carries the code the best-placed mention found ("Bernie
Sanders" in a headline, "Senator Bernie Sanders of Vermont" in the text). The
organisation a role belongs to is found by :mod:`detente.extract.actors.organisations`.

Everything reads the dependency parse; with no parse both passes do nothing.
"""

from __future__ import annotations

import dataclasses
import re

from spacy.tokens import Token

from ...lexicon import load_data
from ...records import ActorRef
from .base import Context, Draft, is_former, role_sector
from .nominal import left_modifiers, posted_title, title_actor, title_tokens
from .organisations import (
    of_organisation,
    org_at,
    placed_actor,
    role_org,
)

__all__ = ["affiliation_mentions", "affiliation_of"]

# "(R-Ariz.)", ", D-Calif.,", "(D)", "(I-Vt.)" right after a name
_TAG = re.compile(r"\s*[(,]\s*([A-Z])(?:\s*[-–—]\s*([A-Z][A-Za-z.]*(?: ?[A-Z][A-Za-z.]*)?))?"
                  r"\s*[),]")
# verbs of a relative clause that say what the person is or does
_REL_VERBS = frozenset(load_data("person_words.toml")["relative_verbs"])
# a middle initial: "F.", "R"
_INITIAL = re.compile(r"[A-Z]\.?")
# an acronym (two or more capitals, no full stops): "AFL-CIO", "NAACP", "SEIU"
_ACRONYM = re.compile(r"[A-Z][A-Z&]*[A-Z]")
# entity types that are no person: a name in apposition to one belongs elsewhere
_NOT_PERSON = frozenset({"ORG", "GPE", "FAC", "LOC"})


def _with_person(actor: ActorRef, person: str | None, role: str | None,
                 former: bool) -> ActorRef:
    base = actor.igo or actor.country or ""
    if former or not actor.sector:
        return ActorRef(code=base, country=actor.country, igo=actor.igo, person=person,
                        role=role)
    return ActorRef(code=f"{base} {actor.sector}", country=actor.country,
                    sector=actor.sector, igo=actor.igo, person=person, role=role)


def _appositive_role(ctx: Context, dr: Draft) -> Token | None:
    """The noun in apposition to a person ("X, Poland's former foreign minister";
    "Federal Chancellor of Austria, Karl Nehammer"), or None."""
    doc = ctx.doc
    head = doc[dr.head]
    for c in head.children:
        if c.dep_ == "appos" and c.pos_ in ("NOUN", "PROPN") and c.i >= dr.tok_end:
            # "co-founder" split in three appositives ("co", "-", "founder"): the last
            while (c.i + 2 < len(doc) and doc[c.i + 1].text == "-"
                   and doc[c.i + 2].dep_ == "appos" and doc[c.i + 2].head.i == head.i):
                c = doc[c.i + 2]
            return c
    if head.dep_ == "appos" and head.head.i < dr.tok_start and head.head.pos_ in (
            "NOUN", "PROPN"):
        outer = head.head
        # "the owner of the Woodmont Country Club, Mark Schmidt": a name the parse put
        # in apposition to the organisation of an "of" phrase is the role noun's
        prep = outer.head
        if (outer.dep_ == "pobj" and outer.ent_type_ in _NOT_PERSON and prep.dep_ == "prep"
                and prep.lower_ == "of" and prep.head.pos_ == "NOUN"
                and prep.head.i < outer.i):
            return prep.head
        return outer
    return None


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
    return placed_actor(ctx, pobj)


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
        placed = placed_actor(ctx, c)
        if placed is not None:
            former = past or is_former(ctx.dictionary, left_modifiers(c))
            return placed, former  # "who heads the FBI": the institution's sector
        found = (role_org(ctx, c, any_noun=c.pos_ == "NOUN")
                 or (org_at(ctx, c) if c.ent_type_ == "ORG" else None))
        if found is not None:
            return found, past or is_former(ctx.dictionary, left_modifiers(c))
    for c in cands:
        # "X, who was Mitt Romney's top adviser": a role of a person (see _setting_title)
        toks = [*left_modifiers(c), c]
        staff = _setting_title(ctx, toks) if c.pos_ == "NOUN" else None
        if staff is not None:
            return staff, past or is_former(ctx.dictionary, toks)
    return None


def _names(ctx: Context, tok: Token) -> bool:
    """Whether an appositive looks like more people, not an organisation: a list
    ("Jason Dana, Robyn Dawes and Nathanial Peterson", the middle one mis-tagged) or a
    common given name in front ("Robyn Dawes")."""
    if any(c.dep_ == "conj" and c.ent_type_ == "PERSON" for c in tok.children):
        return True
    first = min(tok.subtree, key=lambda t: t.i)
    return first.lower_ in ctx.dictionary.given_gender


def _shared_of(ctx: Context, dr: Draft) -> ActorRef | None:
    """"Stephen Cohen and Brad DeLong of the University of California": the "of"
    organisation after the last of coordinated names is the earlier ones' too."""
    head = ctx.doc[dr.head]
    for c in head.children:
        other = ctx.tok_draft.get(c.i) if c.dep_ == "conj" and c.i > head.i else None
        if (other is not None and other.label == "PERSON" and other is not dr
                and other.tok_end < len(ctx.doc) and ctx.doc[other.tok_end].lower_ == "of"):
            return of_organisation(ctx, other)
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


def _is_person(ctx: Context, tok: Token) -> bool:
    """Whether ``tok`` names a person: a PERSON entity, or a surname the actor passes
    found ("Rubio press secretary X" with "Rubio" untagged, after "Marco Rubio")."""
    d = ctx.tok_draft.get(tok.i)
    return tok.ent_type_ == "PERSON" or (d is not None and d.label == "PERSON")


def _setting_title(ctx: Context, toks: list[Token]) -> ActorRef | None:
    """A title of the country's own politics with no country named ("Sen. X",
    "Attorney General X", "Campaign spokesman X"): the article's setting."""
    d = ctx.dictionary
    words = [t for t in toks if t.pos_ in ("NOUN", "PROPN", "ADJ")]
    # "Cruz spokeswoman X", "Sanders's spokesman": a role of a person the text does not
    # place is a role in that country's politics too
    of_person = any(_is_person(ctx, t) and t.dep_ in ("compound", "poss", "amod")
                    for t in words)
    if not words or not (of_person or any(t.lower_ in d.setting_titles for t in words)):
        return None
    head = words[-1]
    sector = role_sector(d, head, words[:-1])
    if sector is None and head.lower_ in d.setting_titles and len(words) == 1:
        # "Alderman X", "Assemblywoman X": a local office no role noun names a sector
        # for; the country only
        country = ctx.setting()
        return ActorRef(code=country, country=country) if country else None
    if sector is None:
        # "Clinton's chief pollster X", "Cruz's campaign manager and strategist X": a
        # person's staff, of the person's country (else the setting), no sector; a
        # relative or friend ("Trump's wife X") is no affiliation
        nouns = [t for t in words if t.pos_ == "NOUN"]
        if not of_person or not nouns or any(t.lower_ in d.kin_nouns for t in nouns):
            return None
        owner = next((placed_actor(ctx, t) for t in words if _is_person(ctx, t)
                      and t.dep_ in ("compound", "poss", "amod") and placed_actor(ctx, t)),
                     None)
        country = owner.country if owner is not None else ctx.setting()
        return ActorRef(code=country, country=country) if country else None
    country = ctx.setting()
    if country is None:
        return None
    return ActorRef(code=f"{country} {sector}", country=country, sector=sector)


def _without_initials(ctx: Context, dr: Draft) -> ActorRef | None:
    """A name written with middle initials ("John F. Kerry", "Petro O. Poroshenko")
    that the dictionaries know without them, as of the publication date; a title that
    says the office is past keeps the country only."""
    assert dr.actor is not None
    words = (dr.actor.person or "").split()
    short = [w for w in words[1:-1] if not _INITIAL.fullmatch(w)]
    if len(words) < 3 or len(short) == len(words) - 2:
        return None
    key = " ".join([words[0], *short, words[-1]])
    d = ctx.dictionary
    entry = d.lookup(key)
    found = (d.ref(entry.id, on=ctx.published) if entry is not None and entry.kind == "person"
             else d.extra(key, on=ctx.published, person=True))
    if found is None or not (found.country or found.igo):
        return None
    if found.sector and is_former(d, title_tokens(ctx.doc[dr.tok_start:dr.tok_end])):
        found = dataclasses.replace(found, code=found.country or found.igo or "",
                                    sector=None, role=None)
    return dataclasses.replace(found, person=dr.actor.person)


def _named_in(ctx: Context, title: list[Token]) -> ActorRef | None:
    """An institution, party or outlet the model left untagged in a title ("Democratic
    National Committee Chair X"): the longest run of two to four capitalised words that
    the dictionaries name (one word only in capitals: "DNC"), with the entry's sector."""
    d = ctx.dictionary
    words = [t for t in title if t.i not in ctx.tok_draft and t.text[:1].isupper()
             and t.pos_ == "PROPN"]
    for n in (4, 3, 2, 1):
        for k in range(len(words) - n + 1):
            run = words[k:k + n]
            if run[-1].i - run[0].i != n - 1 or (n == 1 and not run[0].text.isupper()):
                continue
            entry = d.lookup(" ".join(t.text for t in run))
            if entry is not None and entry.kind in ("institution", "party", "media"):
                found = d.ref(entry.id, on=ctx.published)
                if found.country or found.igo:
                    return found
    return None


def _role_words(toks: list[Token], ctx: Context) -> str | None:
    role = " ".join(t.text for t in toks if t.i not in ctx.tok_draft
                    and t.pos_ not in ("DET", "PART", "PUNCT") and t.dep_ != "case")
    return role or None


def affiliation_of(ctx: Context, dr: Draft) -> ActorRef | None:
    """The actor of a person no dictionary places, from the words around the name."""
    assert dr.actor is not None
    person = dr.actor.person or ctx.doc[dr.tok_start:dr.tok_end].text
    d = ctx.dictionary
    span = ctx.doc[dr.tok_start:dr.tok_end]
    title = posted_title(ctx, title_tokens(span))
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
        placed = placed_actor(ctx, t)
        src = ctx.tok_draft.get(t.i)
        # a party, institution or outlet, not a place: "ROME - Bernie Sanders" is a
        # dateline, and a capital stands for its government only as a subject
        if (placed is not None and placed.sector and src is not None
                and src.label in ("ORG", "NORP") and src.how == "dictionary"):
            return _with_person(placed, person, _role_words(title, ctx), former_title)
    named = _named_in(ctx, title)
    if named is not None:
        return _with_person(named, person, _role_words(title, ctx), former_title)
    for t in title:
        # "American Action Forum's X": an organisation the dictionaries do not know
        # only the title's own modifiers: the "State" of "Secretary of State X" is none
        if t.dep_ not in ("poss", "compound", "nmod"):
            continue
        if placed_actor(ctx, t) is None and (t.ent_type_ == "ORG" or (
                t.dep_ == "poss" and t.pos_ == "PROPN" and t.ent_type_ in ("", "LOC")) or (
                # "AFL-CIO President X": an acronym the model left untagged
                t.pos_ == "PROPN" and not t.ent_type_ and _ACRONYM.fullmatch(t.text)
                and not d.is_role_noun(t.lower_))):
            org = org_at(ctx, t)
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
            org = role_org(ctx, tok, any_noun=tok in appos and tok.pos_ == "NOUN")
            if org is not None:
                former = is_former(d, left_modifiers(tok) if tok in appos else title)
                return _with_person(org, person, None, former)
    if role_tok is not None and role_tok.pos_ == "PROPN" and placed_actor(
            ctx, role_tok) is None and (role_tok.ent_type_ == "ORG" or (
                not role_tok.ent_type_
                and sum(not t.is_punct for t in role_tok.subtree) >= 2)) and not _names(
                    ctx, role_tok):
        # an organisation in apposition: "X, Democracy for America" (a signature), "X,
        # Color of Change's executive director" parsed with the organisation as head
        org = org_at(ctx, role_tok)
        if org is not None:
            return _with_person(org, person, None, False)
    org = of_organisation(ctx, dr) or _shared_of(ctx, dr)
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
        if dr.how == "ner" and not (actor.country or actor.igo):
            known = _without_initials(ctx, dr)
            if known is not None:
                dr.actor, dr.how, actor = known, "dictionary", known
        if dr.how in ("ner", "coref") and not (actor.country or actor.igo):
            # also a surname after an unplaced full name: "While Sanders, the independent
            # senator from Vermont, ..." places Bernie Sanders (pass 2c spreads it)
            found = affiliation_of(ctx, dr)
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

