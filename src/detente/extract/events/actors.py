"""Event participants: from a dependency head to resolved actors.

The actor stage (:mod:`detente.extract.actors.mentions`) gives mentions with resolved
:class:`ActorRef`; this module maps them onto tokens once per document (linear in the
number of mention tokens) and reads the actor(s) of an argument phrase from its head.
Where no resolved mention covers a phrase, a small fallback table (country names,
demonyms, capitals, IGOs: ``lexicon/event_actors.toml``) is tried, so the coder still
gives countries when the actor stage is missing or misses a NORP/GPE word.
"""

from __future__ import annotations

import bisect
import datetime as _dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from ...lexicon.actors import ExtraActors, fold_name
from ...lexicon.events import ActorTable, load_actor_table
from ...parse.entities import token_ends
from ...records import ActorRef, Mention, Place
from ..actors.base import WHERE_PREPS, modified_plural

__all__ = ["Arg", "ActorResolver"]

# Dependents that belong to the participant phrase ("Senior Hungarian officials",
# "leaders of France", "Russia's foreign minister"); clauses (relcl, acl, advcl) and
# circumstantial prepositions are left out so "Medinsky, who headed the Russian
# delegation" stays Medinsky.
_PHRASE_DEPS = frozenset({"amod", "compound", "poss", "nmod", "prep", "pobj", "conj", "cc",
                          "det", "nummod", "quantmod", "npadvmod", "flat", "case",
                          "punct", "advmod"})
# Second pass for a phrase with no actor: its whole subtree, minus clauses
# ("Demonstrators in Baghdad", "opposition groups in Zimbabwe").
_DEEP_SKIP = frozenset({"relcl", "advcl", "ccomp", "parataxis"})
_PHRASE_PREPS = frozenset({"of", "from"})
_MAX_PHRASE_TOKENS = 40  # bound per phrase: coding stays linear on runaway sentences
_ANTI = re.compile(r"\banti-", re.IGNORECASE)
_PRONOUNS_FIRST = frozenset({"we", "i", "us", "me", "our", "my"})
_PLURAL_PRONOUNS = frozenset({"they", "them", "their", "themselves"})


def _ethnic(tok: Token) -> bool:
    """A people word marked as an ethnicity ("ethnic Albanians")."""
    return any(x.dep_ == "amod" and x.lower_ == "ethnic" for x in tok.children)


@dataclass(frozen=True, slots=True)
class Arg:
    """A resolved participant: ``actors`` (one per coordinated actor, deduplicated by
    code), ``text`` (the phrase), ``start``/``end`` (its character span), ``fallback``
    (True when only the fallback table resolved it), ``pronoun`` (the head is an
    unresolved pronoun: the caller may resolve it from the speaker)."""

    actors: tuple[ActorRef, ...]
    text: str
    start: int
    end: int
    fallback: bool = False
    pronoun: str | None = None


class ActorResolver:
    """Per-document lookup from tokens to resolved actors."""

    def __init__(self, doc: Doc, mentions: Iterable[Mention], *,
                 table: ActorTable | None = None, places: Iterable[Place] = (),
                 text: str | None = None, on: _dt.date | None = None) -> None:
        self.doc = doc
        self.on = on  # the article's date: dictionary roles are read on it
        # Doc.text is rebuilt from every token on each access; the article text has
        # the same offsets (the pipeline blanks noise in place), so it is used when
        # its length agrees
        last = doc[-1] if len(doc) else None
        n = last.idx + len(last.text_with_ws) if last is not None else 0
        self.text = text if text is not None and len(text) == n else doc.text
        self.table = table or load_actor_table()
        # token bounds of the line being coded: arguments never come from another line
        # (the parser runs headlines, captions and paragraphs together)
        self.lo, self.hi = 0, len(doc)
        self._by_token: dict[int, Mention] = {}
        # A person the actor stage could not place ("Diego Cordovez", code "") names
        # no country: it must not hide a country word in its phrase ("U.S. Secretary
        # of State Warren Christopher"); it is kept apart as a last resort.
        self._person_by_token: dict[int, Mention] = {}
        mentions = [m for m in mentions if m.actor is not None]
        self._token_at: dict[int, int] = {}  # a mention's start offset -> its first token ("they")
        places = [p for p in places if p.country]
        # token start offsets, read in one call (iterating Tokens costs more than all
        # of the lookups below)
        starts = doc.to_array("IDX").tolist() if (mentions or places) else []
        ends = token_ends(doc) if (mentions or places) else []
        n_tok = len(doc)
        for m in mentions:
            if m.actor is None or _ANTI.search(m.text) or \
                    self.text[max(m.start - 5, 0):m.start].lower() == "anti-":
                # "an anti-Syria journalist" is no Syrian: an opponent is not a member
                continue
            index = self._by_token if (m.actor.country or m.actor.igo) else \
                self._person_by_token
            i = bisect.bisect_right(starts, m.start) - 1
            i = max(i, 0)
            while i < n_tok and starts[i] < m.end:
                if ends[i] > m.start:
                    prev = index.get(i)
                    # The longest mention wins ("Russian Foreign Minister Lavrov" over
                    # "Russian").
                    if prev is None or (m.end - m.start) > (prev.end - prev.start):
                        index[i] = m
                    self._token_at.setdefault(m.start, i)
                i += 1
        # Places the place stage resolved (cities, provinces: "the government of Sindh
        # province", "a bombing near Samarra"): a last resort for a phrase that names
        # no actor -- a place stands for its country.
        self._place_by_token: dict[int, str] = {}
        # the dictionary look-up (_from_dictionary): loaded on first need, and each
        # word's folded form and each (start, width) result computed once per document
        self._extra: ExtraActors | None = None
        self._folded: dict[int, str] = {}
        self._dict_hits: dict[tuple[int, int], ActorRef | None] = {}
        for p in places:
            i = max(bisect.bisect_right(starts, p.start) - 1, 0)
            while i < n_tok and starts[i] < p.end:
                if ends[i] > p.start and p.country:
                    self._place_by_token.setdefault(i, p.country)
                i += 1

    def bound(self, start: int, end: int) -> None:
        """Restrict argument search to tokens ``start <= i < end``."""
        self.lo, self.hi = start, end

    def _inside(self, tok: Token) -> bool:
        return self.lo <= tok.i < self.hi

    # ------------------------------------------------------------------ phrases
    def _phrase_tokens(self, head: Token) -> list[Token]:
        """Head plus its in-phrase dependents, breadth-first, bounded, in text order.
        Coordinated heads are not included (they are separate actors)."""
        out = [head]
        frontier = [head]
        while frontier and len(out) < _MAX_PHRASE_TOKENS:
            nxt: list[Token] = []
            for tok in frontier:
                for child in tok.children:
                    # the head's own conjuncts are separate actors (see _conjuncts);
                    # a modifier's are kept ("Hungarian and Romanian officials")
                    if (child.dep_ in ("conj", "cc") and tok.i == head.i) \
                            or child.dep_ not in _PHRASE_DEPS or not self._inside(child) \
                            or (child.dep_ == "prep"
                                and child.lemma_.lower() not in _PHRASE_PREPS):
                        continue
                    out.append(child)
                    nxt.append(child)
            frontier = nxt
        out.sort(key=lambda t: t.i)
        return out[:_MAX_PHRASE_TOKENS]

    def _deep_tokens(self, head: Token) -> list[Token]:
        out: list[Token] = []
        stack = [head]
        # "talks in Istanbul": where an occasion is held names no party
        where = WHERE_PREPS if head.lemma_.lower() in self.table.occasions else frozenset()
        while stack and len(out) < _MAX_PHRASE_TOKENS:
            tok = stack.pop()
            out.append(tok)
            # never into a finite clause ("the fact that Ukrainian X is ...")
            stack.extend(c for c in tok.children if c.dep_ not in _DEEP_SKIP
                         and not (tok.i == head.i and c.dep_ == "prep" and c.lower_ in where)
                         and not (c.dep_ in ("conj", "cc") and tok.i == head.i)
                         and self._inside(c)
                         and not any(g.dep_ in ("nsubj", "nsubjpass", "mark")
                                     for g in c.children))
        out.sort(key=lambda t: t.i)
        return out

    def _conjuncts(self, head: Token) -> list[Token]:
        heads = [head]
        tok = head
        # Follow conj chains ("France, Germany and Italy"); bounded.
        for _ in range(12):
            nxt = [c for c in tok.children if c.dep_ == "conj" and self._inside(c)]
            if not nxt:
                break
            tok = nxt[0]
            heads.append(tok)
        return heads

    def _from_mentions(self, toks: Sequence[Token], head: Token) -> list[ActorRef]:
        found: list[tuple[int, ActorRef]] = []
        head_m = self._by_token.get(head.i)
        if head_m is not None and head_m.actor is not None:
            if head_m.label == "PRON" and head.lower_ in _PLURAL_PRONOUNS \
                    and head_m.antecedent_start is not None:
                # "Russian and Ukrainian negotiators met. They agreed ...": both
                group = self._group_at(head_m.antecedent_start)
                if len(group) > 1:
                    return group
            return [head_m.actor]
        for tok in toks:
            m = self._by_token.get(tok.i)
            if m is not None and m.actor is not None:
                found.append((tok.i, m.actor))
        # "Hungarian and Romanian officials": the amod conjuncts are separate actors.
        seen: set[str] = set()
        refs: list[ActorRef] = []
        for _, ref in found:
            if ref.code not in seen:
                seen.add(ref.code)
                refs.append(ref)
        return refs

    def _group_at(self, start: int) -> list[ActorRef]:
        """The actors of the coordinated nationalities that modify one plural noun, from
        the mention starting at ``start`` ("Russian and Ukrainian negotiators")."""
        i = self._token_at.get(start)
        if i is None:
            return []
        noun = modified_plural(self.doc[i])
        refs: list[ActorRef] = []
        if noun is None:
            return refs
        for t in noun.subtree:
            m = self._by_token.get(t.i)
            if t.i < noun.i and m is not None and m.actor is not None \
                    and m.label != "PRON" and all(r.code != m.actor.code for r in refs):
                refs.append(m.actor)
        return refs

    def _from_table(self, toks: Sequence[Token], head: Token) -> list[ActorRef]:
        names = self.table.names
        codes: list[str] = []
        n = len(toks)
        i = 0
        while i < n:
            hit = None
            for width in (3, 2, 1):
                if i + width > n:
                    continue
                window = toks[i:i + width]
                if any(window[k + 1].i != window[k].i + 1 for k in range(width - 1)):
                    continue
                first = window[0].text
                if not first or not first[0].isupper():
                    continue  # "us", "who", "un-" in lower case are ordinary words
                if self.text[max(window[0].idx - 5, 0):window[0].idx].lower() == "anti-":
                    continue  # "anti-Syria": an opponent, not a member
                key = " ".join(t.text for t in window).lower()
                key = key.removesuffix(" 's").removesuffix("'s").removesuffix("’s")
                # plural demonyms: "Palestinians", "Iraqis"
                code = names.get(key) or (names.get(key[:-1]) if key.endswith("s") else None)
                if code:
                    hit = (width, code)
                    break
            if hit:
                if hit[1] not in codes:
                    codes.append(hit[1])
                i += hit[0]
            else:
                i += 1
        if not codes:
            return []
        head_code = None
        for width in (3, 2, 1):
            for off in range(width):
                lo = head.i - off
                span = self.doc[lo:lo + width] if lo >= 0 else None
                if span is None or len(span) != width or not span[0].text[:1].isupper():
                    continue
                key = span.text.lower().removesuffix("'s").removesuffix("’s")
                head_code = names.get(key) or (names.get(key[:-1]) if key.endswith("s") else None)
                if head_code:
                    break
            if head_code:
                break
        # a head that is itself a name outranks names inside it ("Pakistan, an ally
        # of the US" is Pakistan) -- unless the head is a people word with a place
        # adjective on it ("Bosnian Serbs" live in Bosnia)
        if head_code:
            place_mod = [names[c.text.lower()] for c in head.children
                         if c.dep_ in ("amod", "compound") and c.text[:1].isupper()
                         and c.text.lower() in names]
            low = head.text.lower()
            people = low not in names and low.endswith("s") and low[:-1] in names
            # ... or a place phrase ("the Albanians of southern Serbia", "Serbs in
            # Croatia": a people named where they live are that country's)
            place_pp = [names[o.text.lower()] for pr in head.children
                        if pr.dep_ == "prep" and pr.lower_ in ("of", "in")
                        for o in pr.children if o.dep_ == "pobj" and o.text[:1].isupper()
                        and o.text.lower() in names] if people else []
            if place_pp and place_pp[0] in self.table.igos:
                place_pp = []
            codes = [place_mod[0]] if place_mod and people else (
                [place_pp[0]] if place_pp else [head_code])
        sector = self.table.sectors.get(head.lemma_.lower()) or self.table.sectors.get(
            head.text.lower())
        refs = []
        for code in codes:
            if code in self.table.igos:
                refs.append(ActorRef(code=code, igo=code))
            else:
                refs.append(ActorRef(code=f"{code} {sector}" if sector else code,
                                     country=code, sector=sector))
        return refs

    def _from_dictionary(self, toks: Sequence[Token]) -> list[ActorRef]:
        """Names in the PETRARCH actor dictionaries (shipped, and the user's
        ``*.actors.txt``) that the actor stage did not mark: the longest run of up to
        four consecutive proper-noun or entity words that the dictionary codes on the
        article's date. A single word must be a proper noun ("Arnor", not a
        capitalised "Police"); a person the actor stage read and could not place is
        left alone (it already looked them up: "Kenzo Oshima" is not some other
        Oshima). The last resort, after mentions, the fallback table and places.

        Cheap: a run is looked up only when its first word starts some alias
        (``ExtraActors.first_words``, one set test per word), and each (start, width)
        is looked up once per document. Names coordinated with the first one are
        actors too (:meth:`_coordinated`), and the agent noun a name modifies gives
        it its sector (:meth:`_with_agent`)."""
        extra = self._extra
        if extra is None:
            from ...lexicon.actors import load_extra_actors

            extra = self._extra = load_extra_actors()
        first = extra.first_words
        n = len(toks)
        for i in range(n):
            tok = toks[i]
            if not self._name_word(tok) or tok.i in self._person_by_token:
                continue
            word = self._folded.get(tok.i)
            if word is None:
                word = self._folded[tok.i] = fold_name(tok.text).split(" ", 1)[0]
            if word not in first:
                continue
            for width in (4, 3, 2, 1):
                window = toks[i:i + width]
                if len(window) != width or any(
                        window[k + 1].i != window[k].i + 1 or window[k + 1].i in
                        self._person_by_token or not self._name_word(window[k + 1])
                        for k in range(width - 1)):
                    continue
                if width == 1 and tok.pos_ != "PROPN":
                    continue
                key = (tok.i, width)
                if key in self._dict_hits:
                    ref = self._dict_hits[key]
                else:
                    ref = self._dict_hits[key] = extra.resolve(
                        " ".join(t.text for t in window), on=self.on, person=False)
                if ref is not None and ref.code:
                    end = [t for t in window if not window[0].i <= t.head.i <= window[-1].i
                           or t.head.i == t.i] or [window[-1]]
                    found = [(ref, end[0]), *self._coordinated(end[0], extra)]
                    return [self._with_agent(r, t, extra) for r, t in found]
        return []

    def _coordinated(self, tok: Token, extra: ExtraActors) -> list[tuple[ActorRef, Token]]:
        """Dictionary names coordinated with the name ending in ``tok`` ("Arnor,
        Osgiliath and Gondor"): each conjunct's longest run of up to three name words
        ending in it that the dictionaries code, with the conjunct."""
        out: list[tuple[ActorRef, Token]] = []
        for _ in range(12):
            nxt = [c for c in tok.children if c.dep_ == "conj" and self._inside(c)]
            if not nxt or not self._name_word(nxt[0]):
                break
            tok = lo = nxt[0]
            while lo.i > tok.i - 2 and lo.i > 0 and self._name_word(self.doc[lo.i - 1]) \
                    and self.doc[lo.i - 1].head.i == tok.i:
                lo = self.doc[lo.i - 1]
            for start in range(lo.i, tok.i + 1 if tok.pos_ == "PROPN" else tok.i):
                key = (start, tok.i + 1 - start)
                if key not in self._dict_hits:
                    self._dict_hits[key] = extra.resolve(self.doc[start:tok.i + 1].text,
                                                         on=self.on, person=False)
                ref = self._dict_hits[key]
                if ref is not None and ref.code:
                    out.append((ref, tok))
                    break
        return out

    def _with_agent(self, ref: ActorRef, name: Token, extra: ExtraActors) -> ActorRef:
        """A dictionary actor with the sector of the agent noun its name modifies
        (PETRARCH's actor + agent rule): "X police", "X's lawmakers", "soldiers from
        X", "ambassadors of X, Y and Z", "lawmakers in X"."""
        while name.dep_ == "conj" and name.head.i != name.i:
            name = name.head
        noun = name.head
        if name.dep_ == "pobj" and noun.lower_ in ("of", "from", "in"):
            name, noun = noun, noun.head
        elif name.dep_ not in ("compound", "amod", "poss", "nmod"):
            return ref
        if noun.i == name.i or noun.pos_ not in ("NOUN", "PROPN"):
            return ref
        left = [t.lower_ for t in self.doc[max(noun.left_edge.i, noun.i - 3):noun.i]]
        return extra.with_agent(ref, (noun.lower_, noun.lemma_.lower()), left)

    @staticmethod
    def _name_word(tok: Token) -> bool:
        """A word that may be part of a name: a proper noun, or inside an entity."""
        return tok.pos_ == "PROPN" or (tok.ent_type_ != "" and tok.text[:1].isupper())

    def _people_place(self, head: Token) -> list[ActorRef]:
        """A people named with where they live: "the Albanians of southern Serbia",
        "ethnic Serbs in Croatia" are actors of the country they live in, not of the
        country their name comes from."""
        m = self._by_token.get(head.i)
        if m is None or m.label != "NORP" or not head.text.endswith("s"):
            return []
        for pr in head.children:
            if pr.dep_ != "prep" or pr.lower_ not in ("of", "in") or not self._inside(pr):
                continue
            for o in pr.children:
                place = self._by_token.get(o.i) if o.dep_ == "pobj" else None
                if place is not None and place.label == "GPE" and place.actor is not None \
                        and place.actor.country:
                    c = place.actor.country
                    return [ActorRef(code=c, country=c)]
        return []

    def _from_places(self, toks: Sequence[Token], head: Token) -> list[ActorRef]:
        """The country of the first resolved place in the phrase, with the head's
        sector ("the government of Sindh province" -> PAK GOV)."""
        if not self._place_by_token:
            return []
        for tok in toks:
            country = self._place_by_token.get(tok.i)
            # a person's name is no place ("Kenzo Oshima" is not the island)
            if country and tok.i not in self._person_by_token and \
                    self.text[max(tok.idx - 5, 0):tok.idx].lower() != "anti-":
                sector = self.table.sectors.get(head.lemma_.lower())
                return [ActorRef(code=f"{country} {sector}" if sector else country,
                                 country=country, sector=sector)]
        return []

    def resolve(self, head: Token | None, *, deep: bool = True) -> Arg | None:
        """The actors of the phrase headed by ``head`` (and its conjuncts), or None.
        With ``deep``, a phrase whose core names no actor is searched whole."""
        if head is None or not self._inside(head):
            return None
        actors: list[ActorRef] = []
        fallback = False
        start, end = head.idx, head.idx + len(head.text)
        for conj in self._conjuncts(head):
            # "(hundreds of) ethnic Albanians" names a people, not a state: they belong
            # to the country they live in, which the caller finds from the place
            toks = [t for t in self._phrase_tokens(conj) if not _ethnic(t)]
            if not toks or _ethnic(conj):
                continue
            start = min(start, toks[0].idx)
            end = max(end, toks[-1].idx + len(toks[-1].text))
            refs = self._people_place(conj) or self._from_mentions(toks, conj)
            if not refs:
                refs = self._from_table(toks, conj)
                fallback = fallback or bool(refs)
            deep_toks = toks
            if not refs and deep:
                deep_toks = [t for t in self._deep_tokens(conj) if not _ethnic(t)]
                refs = self._from_mentions(deep_toks, conj) or self._from_table(deep_toks, conj)
                fallback = fallback or bool(refs)
            if not refs and deep:
                # only once the whole phrase named no actor ("Kenzo Oshima, the UN
                # relief coordinator" is the UN's before "Oshima" is an island)
                refs = self._from_places(deep_toks, conj) or self._from_dictionary(deep_toks)
                fallback = fallback or bool(refs)
            for ref in refs:
                if all(ref.code != a.code for a in actors):
                    actors.append(ref)
        text = self.text[start:end]
        if not actors:
            pron = head.lower_ if head.pos_ == "PRON" else None
            # "their forces", "its army": the possessor stands for the actor
            poss = [c for c in head.children if c.dep_ == "poss" and c.pos_ == "PRON"]
            if pron is None and poss:
                pron = poss[0].lower_
            if pron is None:
                return None
            return Arg(actors=(), text=text, start=start, end=end, pronoun=pron)
        return Arg(actors=tuple(actors), text=text, start=start, end=end, fallback=fallback)

    def resolve_all(self, heads: Iterable[Token | None], *, deep: bool = True) -> Arg | None:
        """The first head (in the given order) that resolves to actors, trying every
        head's core phrase before any head's whole subtree; a pronoun-only result is
        kept if nothing better is found."""
        pron: Arg | None = None
        heads = [h for h in heads if h is not None]
        for whole in (False, True) if deep else (False,):
            for head in heads:
                arg = self.resolve(head, deep=whole)
                if arg is None:
                    continue
                if arg.actors:
                    return arg
                pron = pron or arg
        if pron is None:
            # a named but unplaced person ("President Bush"): no country, but the
            # participant all the same (it does not count as a resolved actor)
            for head in heads:
                if head is None:
                    continue
                person = self._person_by_token.get(head.i)
                if person is not None and person.actor is not None and self._inside(head):
                    return Arg(actors=(person.actor,), text=person.text, start=person.start,
                               end=person.end)
        return pron

    @staticmethod
    def is_first_person(arg: Arg | None) -> bool:
        return arg is not None and arg.pronoun in _PRONOUNS_FIRST

    @staticmethod
    def merge(a: Arg | None, b: Arg | None) -> Arg | None:
        """Two participant phrases as one ("talks between X and Y" on both sides)."""
        if a is None or not a.actors:
            return b if b is not None and b.actors else a
        if b is None or not b.actors:
            return a
        actors = list(a.actors)
        for ref in b.actors:
            if all(ref.code != x.code for x in actors):
                actors.append(ref)
        lo, hi = (a, b) if a.start <= b.start else (b, a)
        return Arg(actors=tuple(actors), text=f"{lo.text} … {hi.text}", start=lo.start,
                   end=max(a.end, b.end), fallback=a.fallback and b.fallback)
