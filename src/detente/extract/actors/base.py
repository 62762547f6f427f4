"""Shared state of the actor passes: one :class:`Context` per Doc, :class:`Draft` mentions."""

from __future__ import annotations

import bisect
import datetime as _dt
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from ...lexicon.actors import ActorDictionary
from ...parse.entities import text_of
from ...records import ActorRef
from ..coref.lexicon import load_coref_lexicon

__all__ = ["WHERE_PREPS", "Context", "Draft", "honorific_gender", "is_former", "modified_plural",
           "role_sector", "same_gender"]

# Prepositions of where something happens: a capital or place after one is a location,
# not a party ("signed a deal in Washington", "talks in Istanbul").
WHERE_PREPS = frozenset({"in", "at", "near", "inside", "outside", "across", "throughout"})

_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
_PLACE_LABELS = frozenset({"GPE", "LOC", "NORP", "ORG", "FAC"})


@dataclass(slots=True)
class Draft:
    """A mention being built: character span, token span, label, actor, how, the
    antecedent's start, the sentence index and whether its head is a subject."""

    start: int
    end: int
    tok_start: int
    tok_end: int
    label: str
    actor: ActorRef | None
    how: str
    antecedent: int | None
    sent: int
    subject: bool
    head: int


class Context:
    """The Doc, the dictionary, the publication date and the drafts found so far,
    with the per-token and per-name tables the later passes read."""

    def __init__(self, doc: Doc, dictionary: ActorDictionary,
                 published: _dt.date | None) -> None:
        self.doc = doc
        self.dictionary = dictionary
        self.published = published
        self.has_dep = doc.has_annotation("DEP")
        self.drafts: list[Draft] = []
        self.tok_draft: dict[int, Draft] = {}
        self.by_surname: dict[str, Draft] = {}
        # every person mention under each surname, in text order ("Mr. Clinton" may be
        # an earlier Clinton than the last one named)
        self.surname_all: dict[str, list[Draft]] = {}
        self.by_given: dict[str, Draft] = {}
        self.by_entry: dict[str, Draft] = {}
        self._setting: tuple[str | None] | None = None
        self._text: str | None = None
        # unknown organisations (ORG entities no dictionary knows): token start -> end
        self.unknown_orgs: dict[int, int] = {}
        if doc.has_annotation("SENT_START"):
            self.sent_starts = [s.start for s in doc.sents]
        else:
            self.sent_starts = [0]

    @property
    def text(self) -> str:
        """The Doc's text, built once (``Doc.text`` joins every token on each call)."""
        if self._text is None:
            self._text = text_of(self.doc)
        return self._text

    def setting(self) -> str | None:
        """The article's setting: the country its places, nationalities and
        organisations name most (at least 2 mentions and 40 % of them), else None.
        When no country is named twice by them, the people the dictionaries place
        count too ("Clinton", "Trump" in a campaign story that names one state).
        Computed once, on first use (after the named-entity and nominal passes)."""
        if self._setting is None:
            best, count = _most_named(self.drafts, people=False)
            if count < 2:
                best, count = _most_named(self.drafts, people=True)
            self._setting = (best,)
        return self._setting[0]

    def sent_of(self, i: int) -> int:
        """Index of the sentence holding token ``i``."""
        return bisect.bisect_right(self.sent_starts, i) - 1

    def add(self, lo: int, hi: int, *, label: str, actor: ActorRef | None, how: str,
            antecedent: int | None = None, head: Token | None = None) -> Draft:
        """Record a mention over tokens [lo, hi)."""
        doc = self.doc
        root = head if head is not None else doc[lo:hi].root
        last = doc[hi - 1]
        draft = Draft(start=doc[lo].idx, end=last.idx + len(last.text), tok_start=lo,
                      tok_end=hi, label=label, actor=actor, how=how, antecedent=antecedent,
                      sent=self.sent_of(lo),
                      subject=self.has_dep and root.dep_ in _SUBJECT_DEPS, head=root.i)
        self.drafts.append(draft)
        for i in range(lo, hi):
            self.tok_draft.setdefault(i, draft)
        return draft


def _most_named(drafts: Sequence[Draft], *, people: bool) -> tuple[str | None, int]:
    """(the country the places, nationalities and organisations name most, when it has
    at least 2 mentions and 40 % of them, else None; its number of mentions). With
    ``people`` the persons a dictionary places count too."""
    counts: dict[str, int] = {}
    for d in drafts:
        if d.actor is None or not d.actor.country:
            continue
        if d.label in _PLACE_LABELS or (people and d.label == "PERSON"
                                        and d.how == "dictionary"):
            counts[d.actor.country] = counts.get(d.actor.country, 0) + 1
    best = max(counts.items(), key=lambda kv: kv[1], default=None)
    if best is None:
        return None, 0
    ok = best[1] >= 2 and best[1] >= 0.4 * sum(counts.values())
    return (best[0] if ok else None), best[1]


def role_sector(dictionary: ActorDictionary, head: Token,
                modifiers: Sequence[Token]) -> str | None:
    """The sector of a role phrase: a sector modifier nearest the head ("defense
    officials" -> MIL, "Foreign Ministry" -> GOV) outranks the head noun's own sector
    ("officials" -> GOV; curated role nouns first, then the PETRARCH agents, whose
    multi-word phrases are matched on the words just before the head: "riot police");
    None when the head is no role noun."""
    doc = head.doc
    left = [doc[j].lower_ for j in range(max(head.i - 4, 0), head.i)]
    sector = dictionary.sector_of(head.lower_, left)
    if sector is None:
        return None
    for tok in sorted(modifiers, key=lambda t: -t.i):
        if tok.i < head.i and tok.lower_ in dictionary.sector_modifiers:
            return dictionary.sector_modifiers[tok.lower_]
    return sector


def is_former(dictionary: ActorDictionary, toks: Sequence[Token]) -> bool:
    """A title that says the office is past ("former", "ex-", "onetime")."""
    return any(t.lower_ in dictionary.former_words or t.lower_.startswith("ex-")
               for t in toks)


def honorific_gender(ctx: Context, start: int) -> str | None:
    """``m``/``f`` from an honorific right before token ``start`` ("Mr.", "Mrs.")."""
    if start == 0:
        return None
    return load_coref_lexicon().honorifics.get(ctx.doc[start - 1].lower_)


def same_gender(ctx: Context, start: int, prior: Draft) -> bool:
    """Whether a surname alone at token ``start`` may be the earlier person ``prior`` of
    that surname: not when its honorific says another gender ("Mr. Clinton" after
    "Hillary Clinton", "Mr. Khan" after "Ghazala Khan")."""
    said = honorific_gender(ctx, start)
    if said is None or prior.actor is None:
        return True
    known = ctx.dictionary.gender_of(prior.actor) or honorific_gender(ctx, prior.tok_start)
    return known is None or known == said


def modified_plural(tok: Token) -> Token | None:
    """The plural noun a (coordinated) modifier stands in front of: "Ukrainian" ->
    (conj) "Russian" -> (amod) "negotiators" in "Russian and Ukrainian negotiators";
    None when ``tok`` modifies no plural noun."""
    cur = tok
    for _ in range(3):
        if cur.dep_ == "conj" and cur.head.i != cur.i:
            cur = cur.head
            continue
        if cur.dep_ in ("amod", "compound", "nmod") and cur.head.tag_ in ("NNS", "NNPS"):
            return cur.head
        break
    return None
