"""Actor mentions and their resolution.

:func:`extract_mentions` reads every participant named in a parsed article and resolves
it to an :class:`~detente.records.ActorRef`, in four passes, each linear in the size of
the Doc:

1. named entities (:func:`_named`): the EntityRuler's ``ent_id_`` or a dictionary
   lookup of the entity text (``how="dictionary"``; capitals and seats of government
   ``how="metonymy"``); a bare surname after the full name (``how="coref"``); an
   unknown PERSON keeps its name, with the country and role of its title where it has
   one ("Brazilian Foreign Minister Carlos Franca"), else no country (``how="ner"``);
2. nominal actors (:mod:`.actors_nominal`): a role noun with a country, IGO or person
   modifier ("Ukrainian defense officials" -> UKR MIL, label ``ACTOR``), and definite
   role descriptions ("the minister") pointing back to the last holder of the role;
3. pronouns (:mod:`.actors_coref`): he/she/his/her -> the most recent compatible
   person, preferring subjects (label ``PRON``, ``how="coref"``);
4. the mentions are sorted by offset and wrapped in :class:`MentionIndex` by callers.

Offsets are offsets into ``Article.text``: the Doc is parsed from the masked text
(noise blanked to spaces, same length), so noise never yields a mention.
"""

from __future__ import annotations

import bisect
import dataclasses
from collections.abc import Iterable, Sequence

from spacy.tokens import Doc, Span

from ...lexicon import load_data
from ...lexicon.actors import ActorDictionary, load_actors
from ...parse.entities import token_lowers
from ...records import ActorRef, Article, Mention
from ..coref.lexicon import load_coref_lexicon
from .affiliation import affiliation_mentions
from .base import WHERE_PREPS, Context, is_former, same_gender
from .coref import pronoun_mentions
from .nominal import nominal_mentions, title_actor, title_tokens
from .persons import same_person

__all__ = ["MentionIndex", "actor_for_span", "extract_mentions"]

# entity labels that can name a participant; DATE, MONEY... never do
_ACTOR_LABELS = frozenset({"PERSON", "GPE", "LOC", "NORP", "ORG", "FAC"})
_POSSESSIVE = frozenset({"'s", "’s", "'", "’"})
_WORDS = load_data("person_words.toml")
_HONORIFICS = frozenset(_WORDS["courtesy"]) | frozenset(_WORDS["rank"])


class MentionIndex:
    """Lookup of resolved mentions by character offsets (bisect on sorted starts)."""

    def __init__(self, mentions: Iterable[Mention]) -> None:
        self.mentions = sorted(mentions, key=lambda m: (m.start, -m.end))
        self._resolved = [m for m in self.mentions if m.actor is not None]
        self._starts = [m.start for m in self._resolved]
        self._longest = max((m.end - m.start for m in self._resolved), default=0)

    def _window(self, start: int, end: int) -> Sequence[Mention]:
        # a mention overlapping [start, end) starts before ``end`` and, being at most
        # ``_longest`` long, after ``start - _longest``
        lo = bisect.bisect_left(self._starts, start - self._longest)
        hi = bisect.bisect_left(self._starts, end)
        return self._resolved[lo:hi]

    def find(self, start: int, end: int) -> Mention | None:
        """The resolved mention overlapping [start, end) that is longest, or None."""
        best: Mention | None = None
        for m in self._window(start, end):
            if m.start < end and start < m.end:
                if best is None or (m.end - m.start) > (best.end - best.start):
                    best = m
        return best

    def find_all(self, start: int, end: int) -> list[Mention]:
        """All resolved mentions inside [start, end), in text order, nested ones dropped."""
        lo = bisect.bisect_left(self._starts, start)
        hi = bisect.bisect_left(self._starts, end)
        inside = [m for m in self._resolved[lo:hi] if m.end <= end]
        out: list[Mention] = []
        reach = -1
        # sorted by (start, -end): a mention ending within the previous kept one is
        # nested in it ("Ukrainian" inside "Ukrainian defense officials")
        for m in inside:
            if m.end <= reach:
                continue
            out.append(m)
            reach = m.end
        return out


def actor_for_span(index: MentionIndex, start: int, end: int) -> ActorRef | None:
    """The actor of the longest resolved mention overlapping [start, end), or None."""
    m = index.find(start, end)
    return m.actor if m is not None else None


def _trim(ent: Span) -> tuple[int, int]:
    """Token bounds of an entity without a leading "the", honorific or trailing
    possessive: the mention is the name itself."""
    doc = ent.doc
    lo, hi = ent.start, ent.end
    while hi - lo > 1 and doc[hi - 1].text in _POSSESSIVE:
        hi -= 1
    while hi - lo > 1 and doc[lo].lower_ in ("the", *_HONORIFICS):
        lo += 1
    return lo, hi


def _titled_name(ctx: Context, span: Span) -> bool:
    """A name the small model tagged ORG although a title stands before it and it opens
    with a given name ("UN ambassador Samantha Power", "Former ambassador Nikki Haley"):
    two or three capitalised words, the first a known given name."""
    if not 2 <= len(span) <= 3 or span.start == 0 or not all(
            t.text[:1].isupper() and t.is_alpha for t in span):
        return False
    before = ctx.doc[span.start - 1]
    return ctx.dictionary.is_role_noun(before.lower_) \
        and span[0].lower_ in load_coref_lexicon().given_names


def _unknown_person(ctx: Context, span: Span, text: str) -> tuple[ActorRef, str, int | None]:
    """An out-of-dictionary PERSON: an earlier mention with the same surname, else the
    title in front of it ("Brazilian Foreign Minister Carlos Franca"), else the name."""
    surname = span[-1].lower_
    # only a one-word name points back: "Jane Smith" after "John Smith" is someone else
    prior = ctx.by_surname.get(surname) if len(span) == 1 else None
    if prior is not None and not same_gender(ctx, span.start, prior):
        # "Mrs. Clinton" after "Bill Clinton": the latest Clinton of her gender
        prior = next((p for p in reversed(ctx.surname_all.get(surname, []))
                      if p.start < span.start_char and p.actor is not None
                      and len(p.actor.person or "") > len(surname)
                      and same_gender(ctx, span.start, p)), None)
        if prior is None:
            return ActorRef(code="", person=text), "ner", None
    if prior is None and len(span) == 1:
        # a first name alone after the full name ("Hillary" after "Hillary Clinton")
        prior = ctx.by_given.get(surname)
    if prior is not None and prior.actor is not None:
        return prior.actor, "coref", prior.start
    toks = title_tokens(span) if ctx.has_dep else []
    titled = title_actor(ctx, span, toks, text)
    if titled is not None:
        return titled, "ner", None
    # the PETRARCH dictionaries, as of the publication date: the name with its title
    # first ("President Bush"), then the name alone
    d = ctx.dictionary
    with_title = ctx.doc[toks[0].i:span.end].text if toks else None
    for key in (with_title, text):
        if not key:
            continue
        found = d.extra(key, on=ctx.published, person=True)
        if found is not None:
            if found.sector and is_former(d, toks):
                base = found.country or found.igo or ""
                found = dataclasses.replace(found, code=base, sector=None, role=None)
            return dataclasses.replace(found, person=text), "dictionary", None
    return ActorRef(code="", person=text), "ner", None


def _named(ctx: Context) -> None:
    """Pass 1: named entities, in text order (titles are read from earlier entities)."""
    d, doc = ctx.dictionary, ctx.doc
    for ent in doc.ents:
        if ent.label_ not in _ACTOR_LABELS:
            continue
        lo, hi = _trim(ent)
        span = doc[lo:hi]
        text = span.text
        eid = ent.ent_id_
        ant: int | None = None
        if not (eid and eid in d.entries):
            entry = d.lookup(text)
            eid = entry.id if entry is not None else ""
        if eid:
            how = d.how(eid)
            root = span.root
            if how == "metonymy" and root.dep_ == "pobj" and root.head.lower_ in WHERE_PREPS:
                continue  # a place, for the place stage and the phrase it sits in
            actor: ActorRef | None = d.ref(eid, on=ctx.published)
        elif ent.label_ == "PERSON" or _titled_name(ctx, span):
            # handles and platforms the model reads as people ("Twitter @someone")
            if text.lower() in d.not_people or any(c == "@" or c.isdigit() for c in text):
                continue
            actor, how, ant = _unknown_person(ctx, span, text)
        elif ent.label_ in ("ORG", "NORP"):
            # a short name of an outlet already named ("the Times" after "The New York
            # Times"): coreference; else an organisation or armed group of the PETRARCH
            # dictionaries ("Hezbollah", "the Taliban"); any other is not an actor here
            sid = d.short_names.get(text.lower()) if ent.label_ == "ORG" else None
            prior = ctx.by_entry.get(sid) if sid else None
            if prior is not None:
                actor, how, ant = prior.actor, "coref", prior.start
            else:
                actor = d.extra(text, on=ctx.published, person=False)
                if actor is None and ent.label_ == "ORG":
                    # "Senate Judiciary Committee": an institution's or party's committee
                    pre = d.by_prefix(text)
                    actor = d.ref(pre.id, on=ctx.published) if pre is not None else None
                if actor is None:
                    if ent.label_ == "ORG":
                        ctx.unknown_orgs[lo] = hi
                    continue
                how = "dictionary"
        elif ent.label_ in ("GPE", "LOC") and d.region(text):
            # a state or province stands for its country ("Gov. X of Texas" -> USA)
            country = d.region(text)
            actor, how = ActorRef(code=country or "", country=country), "dictionary"
        else:
            continue
        label = d.entries[eid].label if eid else (
            "PERSON" if ent.label_ == "ORG" and actor is not None and actor.person
            else ent.label_)
        draft = ctx.add(lo, hi, label=label, actor=actor, how=how, antecedent=ant)
        if eid:
            ctx.by_entry.setdefault(eid, draft)
        if label == "PERSON" and actor is not None:
            ctx.by_surname[span[-1].lower_] = draft
            ctx.surname_all.setdefault(span[-1].lower_, []).append(draft)
            if actor.person:
                ctx.by_surname.setdefault(actor.person.split()[-1].lower(), draft)
            if len(span) > 1:
                ctx.by_given.setdefault(span[0].lower_, draft)


def _states_of_the_setting(ctx: Context) -> None:
    """A place named like both a country and a state of the article's setting country
    is the state ("Georgia" in news set in the USA -> USA; see ``Context.setting``)."""
    d = ctx.dictionary
    setting = None
    for dr in ctx.drafts:
        if dr.label != "GPE" or dr.actor is None or dr.actor.person:
            continue
        region = d.region(ctx.doc[dr.tok_start:dr.tok_end].text)
        if region is None or region == dr.actor.country:
            continue
        setting = setting or ctx.setting()
        if region == setting:
            dr.actor = ActorRef(code=region, country=region)


def _headline_surnames(ctx: Context) -> None:
    """A surname alone that comes before the full name (a headline: "Johnson walks Kyiv
    streets" above "British Prime Minister Boris Johnson visited ..."): the person
    named in full later. ``antecedent_start`` then points forward to that mention."""
    for dr in ctx.drafts:
        actor = dr.actor
        if (dr.how != "ner" or actor is None or actor.country or actor.igo
                or dr.tok_end - dr.tok_start != 1):
            continue
        later = ctx.by_surname.get(ctx.doc[dr.tok_start].lower_)
        if later is None or later.start <= dr.start or later.actor is None:
            continue
        dr.actor, dr.how, dr.antecedent = later.actor, "coref", later.start


def _missed_surnames(ctx: Context) -> None:
    """A capitalised noun that NER left out (or mislabelled and the dictionary
    does not know) but that is the surname of a person named earlier: the same person
    ("Franca said" after "Carlos Franca")."""
    if not ctx.by_surname:
        return
    doc = ctx.doc
    # a known surname first (a dict lookup on the lower-case column, no Token built)
    for i, low in enumerate(token_lowers(doc)):
        if low not in ctx.by_surname:
            continue
        tok = doc[i]
        if tok.i in ctx.tok_draft or tok.pos_ not in ("PROPN", "NOUN") or not tok.text[:1].isupper():
            continue
        prior = ctx.by_surname.get(tok.lower_)
        if prior is None or prior.start >= tok.idx or prior.actor is None:
            continue
        ctx.add(tok.i, tok.i + 1, label="PERSON", actor=prior.actor, how="coref",
                antecedent=prior.start)


def extract_mentions(doc: Doc, *, article: Article,
                     dictionary: ActorDictionary | None = None) -> list[Mention]:
    """Every actor mention in ``doc`` (a parse of ``article``'s masked text), resolved.

    Roles of office holders are read as of ``article.published``.
    """
    ctx = Context(doc, dictionary or load_actors(), article.published)
    _named(ctx)
    _states_of_the_setting(ctx)
    _headline_surnames(ctx)
    _missed_surnames(ctx)
    nominal_mentions(ctx)
    affiliation_mentions(ctx)
    same_person(ctx)
    pronoun_mentions(ctx)
    text = article.text
    out: dict[tuple[int, int], Mention] = {}
    for dr in sorted(ctx.drafts, key=lambda x: (x.start, -x.end)):
        key = (dr.start, dr.end)
        if key in out:  # the first pass's reading of a span wins
            continue
        out[key] = Mention(article_id=article.id, start=dr.start, end=dr.end,
                           text=text[dr.start:dr.end], label=dr.label, actor=dr.actor,
                           how=dr.how, antecedent_start=dr.antecedent)
    return list(out.values())
