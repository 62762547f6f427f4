"""Mentions and candidates of the coreference pass: where a mention stands in the parse
(:func:`_role`, :func:`_governor`, :func:`_embedded`), quotations (:class:`_Quotes`), the
mention and entity records (:class:`_Men`, :class:`_Ent`) and the "silent" person
candidates NER did not call PERSON (:func:`_silent_drafts`)."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Doc, Token

from ...parse.entities import token_lowers, token_pos
from ...records import ActorRef
from ..actors.base import Context, Draft
from .lexicon import CorefLexicon

_SUBJ = frozenset({"nsubj", "nsubjpass", "csubj", "expl"})


_DOBJ = frozenset({"dobj", "attr", "oprd"})


_IOBJ = frozenset({"dative", "iobj"})


_CLAUSES = frozenset({"advcl", "relcl", "ccomp", "xcomp", "acl", "pcomp"})


_QUOTE_MIN_WORDS = 4  # a quotation this long is speech (shorter: a scare quote)


class _Quotes:
    """Character spans of quotations long enough to be speech, for "inside?" lookups."""

    def __init__(self, text: str) -> None:
        from ..quotes.marks import scan_quotes

        spans = [(q.start, q.end) for q in scan_quotes(text)
                 if len(q.text.split()) >= _QUOTE_MIN_WORDS]
        self.spans = sorted(spans)
        self.starts = [s for s, _ in self.spans]
        self.closes = sorted(e for _, e in self.spans)

    def which(self, char: int) -> int | None:
        """Index of the innermost-starting quotation holding ``char``, else None."""
        i = bisect.bisect_right(self.starts, char) - 1
        for k in range(i, max(-1, i - 4), -1):
            s, e = self.spans[k]
            if s <= char < e:
                return k
        return None

    def closed_between(self, lo: int, hi: int) -> bool:
        """Whether a quotation ends in [lo, hi]."""
        i = bisect.bisect_left(self.closes, lo)
        return i < len(self.closes) and self.closes[i] <= hi


@dataclass(slots=True)
class _Men:
    draft: Draft
    sent: int
    role: str  # subj, dobj, iobj, obl, poss, other
    head: int  # token index of the head
    verb: int  # token index of the governing verb (or -1)
    quote: int | None  # quotation holding it
    embedded: bool


@dataclass(slots=True)
class _Ent:
    actor: ActorRef
    gender: str | None
    plural: bool = False
    silent: bool = False  # a name NER did not call PERSON, not yet a mention
    mentions: list[_Men] = field(default_factory=list)


class _Names:
    """Entities by the words of their names, for a name that gives only part of an
    earlier one or the whole of an earlier part: a surname or given name alone after
    the full name ("Hartwig", "Anna" after "Anna Hartwig"), or the full name after
    either alone. A part two entities share points to neither."""

    def __init__(self) -> None:
        self.keys: dict[str, _Ent | None] = {}

    def add(self, ent: _Ent, person: str) -> None:
        words = person.lower().split()
        if not words:
            return
        keys = ["1:" + words[0]] if len(words) == 1 else ["s:" + words[-1]]
        for k in keys:
            self.keys[k] = ent if self.keys.get(k, ent) is ent else None

    def find(self, person: str, gender: str | None) -> _Ent | None:
        """The one entity ``person`` names in part (never two different full names,
        "Jane Smith" after "John Smith", nor clashing genders)."""
        words = person.lower().split()
        if not words:
            return None
        probes = ["s:" + words[0]] if len(words) == 1 else ["1:" + words[-1]]
        found: _Ent | None = None
        for k in probes:
            if k not in self.keys:
                continue
            ent = self.keys[k]
            if ent is None or (found is not None and ent is not found):
                return None
            found = ent
        if found is None or found.plural:
            return None
        if gender is not None and found.gender is not None and gender != found.gender:
            return None
        return found


_ACCUSATIVE = frozenset({"him", "her", "them", "himself", "herself", "themselves"})


def _ecm(tok: Token) -> bool:
    """An object-case pronoun the parse made the subject of a complement clause ("Ann
    let him speak", "allowed her to leave"): it is the object of the verb above."""
    return (tok.lower_ in _ACCUSATIVE and tok.tag_ == "PRP" and tok.dep_ in _SUBJ
            and tok.head.dep_ in ("ccomp", "xcomp") and tok.head.head.i != tok.head.i)


def _governor(tok: Token) -> int:
    """The verb a nominal hangs on (through one preposition), or -1; a conjunct's or an
    apposition's is its head's ("Ann and Dana told her": Dana too governs "her")."""
    if tok.dep_ in ("conj", "appos") and tok.head.i != tok.i \
            and tok.head.pos_ in ("NOUN", "PROPN", "PRON"):
        return _governor(tok.head)
    head = tok.head
    if _ecm(tok):
        head = head.head
    if tok.dep_ == "pobj" and head.dep_ == "prep":
        head = head.head
    if head.pos_ in ("VERB", "AUX") and head.i != tok.i:
        return head.i
    return -1


def _role(tok: Token) -> str:
    dep = tok.dep_
    if dep in ("appos", "conj") and tok.head.i != tok.i:
        return _role(tok.head)
    if _ecm(tok):
        return "dobj"
    if dep in _SUBJ:
        return "subj"
    if dep in _DOBJ:
        return "dobj"
    if dep in _IOBJ:
        return "iobj"
    if dep == "pobj":
        return "obl"
    if dep == "poss":
        return "poss"
    return "other"


def _embedded(tok: Token) -> bool:
    """Inside another noun phrase: a possessor, a compound, the object of a preposition
    that modifies a noun."""
    if tok.dep_ in ("poss", "compound", "nmod"):
        return True
    return tok.dep_ == "pobj" and tok.head.head.pos_ in ("NOUN", "PROPN")


@lru_cache(maxsize=1)
def _speech_verbs() -> frozenset[str]:
    from ...lexicon.cues import load_cues

    cues = load_cues()
    return cues.speech | cues.direct_only


def _missed_name(doc: Doc, i: int) -> bool:
    """A capitalised word inside a sentence that the tagger did not call a proper noun
    ("the 20-year-old Nyro performed"): a one-word name, unless it opens its sentence,
    follows punctuation or a quotation mark, is in capitals or stands before a proper noun."""
    t = doc[i]
    return (t.text[:1].isupper() and t.is_alpha and not t.is_stop and len(t) > 2
            and not t.is_upper and not t.is_sent_start and i > 0 and doc[i - 1].is_alpha
            and (i + 1 >= len(doc) or doc[i + 1].pos_ != "PROPN"))


def _title_abbreviation(word: str, lex: CorefLexicon) -> bool:
    """An honorific ("Mr.", "Mrs", "Sir") or an abbreviated title ("Sen.", "Gov.",
    "Dr."): a word that stands before a name, never one on its own."""
    return word.lower() in lex.honorifics or (
        word.endswith(".") and 3 <= len(word) <= 5 and word[:1].isupper()
        and word[1:-1].isalpha() and word[1:-1].islower())


def _silent_drafts(ctx: Context, lex: CorefLexicon) -> list[Draft]:
    """Proper names that may be people NER did not call PERSON: an entity of another
    label, or a run of proper nouns outside any entity, that no pass resolved and that
    holds no organisation or place word. Drafts, not registered in ``ctx``."""
    doc = ctx.doc
    out: list[Draft] = []
    taken = set(ctx.tok_draft)
    in_ent: set[int] = set()
    spans: list[tuple[int, int]] = []
    for ent in doc.ents:
        in_ent.update(range(ent.start, ent.end))
        if ent.label_ in lex.candidate_labels and not ent.ent_id_:
            spans.append((ent.start, ent.end))
    i = 0
    n = len(doc)
    # parts of speech and lower-case words from the Doc's columns: a Token is built
    # only for a proper noun
    pos, lowers = token_pos(doc), token_lowers(doc)
    while i < n:
        if i in in_ent or pos[i] != "PROPN" or not doc[i].text[:1].isupper():
            if i not in in_ent and pos[i] in ("NOUN", "ADJ", "ADV") and _missed_name(doc, i):
                spans.append((i, i + 1))
            i += 1
            continue
        j = i + 1
        while j < n and j not in in_ent and (
                pos[j] == "PROPN" and doc[j].text[:1].isupper()
                or lowers[j] in lex.particles and j + 1 < n and pos[j + 1] == "PROPN"):
            j += 1
        spans.append((i, j))
        i = j
    for lo, hi in sorted(spans):
        while hi - lo > 1 and doc[hi - 1].text in ("'s", "’s", "'", "’"):
            hi -= 1
        while lo < hi and doc[lo].lower_ in ("the", "a", "an"):
            lo += 1
        while hi > lo and _title_abbreviation(doc[hi - 1].text, lex):
            hi -= 1  # "Mr." before a name NER found alone ("Mr. [Trump]") is no name
        toks = doc[lo:hi]
        if not toks or hi - lo > 4 or any(k in taken for k in range(lo, hi)):
            continue
        if not all(t.pos_ in ("PROPN", "NOUN") or t.lower_ in lex.particles for t in toks) \
                and not (hi - lo == 1 and toks[0].pos_ in ("ADJ", "ADV")):
            continue
        if not toks[0].text[:1].isupper() or any(
                t.lower_ in lex.not_person_words or t.like_num or t.is_upper for t in toks):
            continue
        if ctx.dictionary.lookup(toks.text) is not None:
            continue
        root = toks.root
        last = doc[hi - 1]
        draft = Draft(start=doc[lo].idx, end=last.idx + len(last.text), tok_start=lo,
                      tok_end=hi, label="PERSON", actor=ActorRef(code="", person=toks.text),
                      how="ner", antecedent=None, sent=ctx.sent_of(lo),
                      subject=root.dep_ in _SUBJ, head=root.i)
        out.append(draft)
    return out
