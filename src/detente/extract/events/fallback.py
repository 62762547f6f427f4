"""Fallbacks for event participants the parse leaves unresolved (used by
:mod:`detente.extract.events.code`): where the event happened (:func:`located_args`) and
domestic groups or untitled office holders acting on their own country
(:func:`domestic_source`). Both steer by cue lists in ``lexicon/events.toml``
(``located``, ``located_preps``, ``domestic``, ``protest_default``,
``domestic_source``); every walk is bounded.
"""

from __future__ import annotations

from spacy.tokens import Token

from ...lexicon.events import EventLexicon
from ...records import ActorRef
from ..places.gazetteer import resolve_place
from .actors import ActorResolver, Arg
from .participants import agent_heads, has_actor, noun_modifier_heads, subject_heads, with_of
from .triggers import Cand, children, is_passive, lemma, prep_objects

__all__ = ["domestic_source", "located_args", "place_target"]


def located_args(c: Cand, res: ActorResolver, lex: EventLexicon) -> None:
    """Unresolved participants of located event types fall back on where the event
    happened ("demonstrated in Serbia", "eased measures in Montenegro province"); a
    protest with no named target targets its own country's government."""
    ptype = c.pattern.plover_type.lower()  # cue lists are lower case
    if ptype in lex.cue("located"):
        anchor = c.governor if c.governor is not None else c.tok
        preps = lex.cue("located_preps")
        places: list[Token] = []
        for tok in [anchor, c.head] + children(anchor, "dobj", "xcomp", "advcl"):
            # a place is a noun phrase, not a clause ("in demanding independence from
            # X" says why, not where)
            places += [o for p, o in prep_objects(tok) if p in preps and o.dep_ == "pobj"]
        # a named place before a common noun ("in Hong Kong" before "in defiance of")
        places.sort(key=lambda t: t.pos_ != "PROPN")
        where = res.resolve_all(places)
        if has_actor(where):
            if not has_actor(c.target):
                c.target = where
            if not has_actor(c.source):
                domestic = lex.cue("domestic")
                subj = subject_heads(anchor)
                # the subject, its "of" objects and their modifiers ("hundreds of
                # ethnic Hungarians")
                if subj and any(lemma(x) in domestic for h in with_of(subj[:1])
                                for x in [h, *h.children]):
                    sector = res.table.sectors.get(lemma(subj[0]), "CVL")
                    refs = tuple(ActorRef(code=f"{a.country} {sector}", country=a.country,
                                          sector=sector) for a in where.actors if a.country)
                    if refs:
                        c.source = Arg(actors=refs, text=subj[0].text, start=subj[0].idx,
                                       end=subj[0].idx + len(subj[0].text), fallback=True)
    if ptype in lex.cue("protest_default") and has_actor(c.source) \
            and (not has_actor(c.target)):
        countries = {a.country for a in c.source.actors if a.country}
        if len(countries) == 1:
            country = countries.pop()
            c.target = Arg(actors=(ActorRef(code=f"{country} GOV", country=country,
                                            sector="GOV"),),
                           text="", start=c.tok.idx, end=c.tok.idx, fallback=True)


def domestic_source(c: Cand, res: ActorResolver, lex: EventLexicon) -> None:
    """An unresolved source named as a domestic group or an unqualified office holder
    ("opposition leaders", "a group of Yoruba leaders", "President Bouteflicka") takes
    the country of the event's single-country target (``domestic_source`` cue list)."""
    if has_actor(c.source) or not has_actor(c.target) or c.target is None:
        return
    countries = {a.country for a in c.target.actors if a.country}
    if len(countries) != 1 or any(a.igo for a in c.target.actors):
        return
    anchor = c.governor if c.governor is not None else c.tok
    if c.source is not None and c.source.pronoun:
        # "the Umma party has said it will boycott ...": the pronoun is the speaker,
        # so the speaker's phrase is the one to place
        cur = anchor
        reporting = lex.cue("reporting")
        heads = []
        for _ in range(4):
            if cur.dep_ not in ("ccomp", "xcomp", "conj", "advcl", "acomp") \
                    or cur.head.i == cur.i:
                break
            cur = cur.head
            if lemma(cur) in reporting:
                heads = subject_heads(cur)
                break
    elif c.pattern.kind == "verb":
        heads = agent_heads(anchor) if is_passive(anchor) else subject_heads(anchor)
    elif c.governor is not None and c.relation not in ("nsubj", "nsubjpass"):
        heads = subject_heads(c.governor)
    else:
        heads = noun_modifier_heads(c.head)
    if not heads:
        return
    head = heads[0]
    # the target's own phrase is never also the source ("troops repelled an attack":
    # the troops are attacked, the attacker is not named)
    if c.target.start <= head.idx < c.target.end:
        return
    cues = lex.cue("domestic_source")
    # the phrase core: the head and the words before it ("Lt. Gen. Prosper Avril"),
    # and the objects of its "of" ("leaders of the opposition coalition", "a group of
    # Yoruba leaders")
    doc = head.doc
    core = list(doc[max(head.left_edge.i, head.i - 8):head.i + 1])
    for o in [o for p, o in prep_objects(head) if p == "of"]:
        core += [o] + [x for x in o.children if x.dep_ in ("amod", "compound", "nmod")]
    hit = next((lemma(x) for x in core if lemma(x) in cues or x.lower_ in cues), None)
    abroad = lex.cue("abroad")
    if hit is None or any(lemma(x) in abroad or x.lower_ in abroad for x in core):
        return
    country = countries.pop()
    sector = res.table.sectors.get(hit) or res.table.sectors.get(lemma(head))
    person = next((a.person for a in c.source.actors if a.person), None) \
        if c.source is not None else None
    ref = ActorRef(code=f"{country} {sector}" if sector else country, country=country,
                   sector=sector, person=person)
    text = res.text[head.left_edge.idx:head.right_edge.idx + len(head.right_edge.text)]
    c.source = Arg(actors=(ref,), text=text, start=head.left_edge.idx,
                   end=head.right_edge.idx + len(head.right_edge.text), fallback=True)


# entity labels a place name may carry (a town the tagger read as a person counts when a
# settlement noun names it: "the town of Goma")
_PLACE_LABELS = ("", "GPE", "LOC", "FAC")


def _name_span(tok: Token) -> tuple[int, int]:
    """The token indices of a proper name: the head and its compound words."""
    start = tok.i
    while start > 0 and tok.doc[start - 1].dep_ == "compound" \
            and tok.doc[start - 1].head.i == tok.i and tok.doc[start - 1].pos_ == "PROPN":
        start -= 1
    return start, tok.i + 1


def _place_arg(tok: Token, *, named: bool, res: ActorResolver) -> Arg | None:
    """``tok`` (a proper noun) as a place: its country, if the gazetteer knows it."""
    if tok.pos_ != "PROPN" or (not named and tok.ent_type_ not in _PLACE_LABELS):
        return None
    a, b = _name_span(tok)
    span = tok.doc[a:b]
    hit = resolve_place(span.text)
    if hit is None or hit.country is None or hit.feature == "country":
        return None  # countries are resolved as actors already
    ref = ActorRef(code=hit.country, country=hit.country)
    return Arg(actors=(ref,), text=span.text, start=span.start_char, end=span.end_char,
               fallback=True)


def place_target(c: Cand, res: ActorResolver, lex: EventLexicon) -> None:
    """A place attacked is the recipient: its country (PLOVER codes the victim of
    one-sided violence as recipient; a town stands for the people and the state it
    belongs to). "Rebels attacked the town of Goma", "shelled Aleppo": the object, or a
    settlement noun's "of" name (``settlements`` cue list), looked up in the gazetteer
    when no actor resolved it. "the Paris attacks": a city compounded on an event noun
    of these types is where it happened, so the victim's side, never the attacker.
    Types in the ``place_targets`` cue list only."""
    if c.pattern.plover_type.lower() not in lex.cue("place_targets"):
        return
    settlements = lex.cue("settlements")
    if c.pattern.kind == "noun":
        mods = [t for t in c.head.children if t.dep_ == "compound" and t.i < c.head.i]
        for m in mods:
            where = _place_arg(m, named=False, res=res)
            if where is None:
                continue
            if c.source is not None and c.source.start <= m.idx < c.source.end:
                c.source = None
            if not has_actor(c.target):
                c.target = where
            return
        objects = [o for p, o in prep_objects(c.head) if p in ("on", "against")]
    else:
        objects = children(c.tok, "dobj")
    if has_actor(c.target):
        return
    for o in objects:
        if lemma(o) in settlements:
            for p, name in prep_objects(o):
                if p == "of" and (where := _place_arg(name, named=True, res=res)):
                    c.target = where
                    return
        elif (where := _place_arg(o, named=False, res=res)) is not None:
            c.target = where
            return
