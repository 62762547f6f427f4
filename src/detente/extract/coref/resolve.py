"""Rule-based coreference over the parse (no coreference model works offline here).

Runs inside :func:`detente.extract.actors.mentions.extract_mentions`, after the named and nominal
passes (:func:`resolve`), and turns the resolved mentions into chains afterwards
(:func:`build_chains`). Three parts:

1. **Titles on a date** (:func:`_titles`): a definite singular title with an actor in
   front of it and no name ("the Russian foreign minister", "Ukraine's leader", "the
   Pentagon chief") is the person holding that office on the article's date, read from
   the actor dictionary (roles with dates); only when exactly one holder fits.
2. **Singular pronouns** he/him/his/himself, she/her/hers/herself: entities are built
   left to right from the person mentions (names, surnames, titles, resolved pronouns);
   each pronoun takes the most salient *compatible* entity:

   * salience (Lappin & Leass): every mention of the entity in the window adds a weight
     for its grammatical role (subject over object over oblique over a possessor),
     halved per sentence back; same role as the pronoun adds a parallelism bonus;
   * agreement: gender from the dictionary, given names, honorifics ("Mrs."), gendered
     nouns in apposition ("his wife, Dana") and pronouns already resolved to the entity;
   * binding: a non-reflexive object never corefers with its own verb's subject, a
     reflexive always does;
   * quotations: a name inside a quotation is never the antecedent of a pronoun outside
     it; a pronoun that is the subject of a speech verb next to a quotation keeps the
     current speaker unless another person became a subject (outside quotations) since;
   * a pronoun with no antecedent before it (a fronted clause: "When she arrived, Dana
     ...") takes the subject after it in its sentence.

   These hand weights are the fallback. With ``lexicon/coref_weights.json`` (shipped) a
   linear ranker decides instead: every allowed entity and every person name later in
   the pronoun's sentence is a candidate, described by features (:meth:`_Resolver.
   _features`, :meth:`_Resolver._later_features`: role, distance, parallelism, the hand
   salience, c-command through the dependency tree, clause, speaker, gender evidence),
   and the highest weighted sum wins. The weights are a conditional logit fitted on GAP
   development by ``bench/train_coref.py`` (see ``docs/coref.md``).
3. **Plural pronouns** they/their/them: the most salient group (plural nominal actor,
   demonym, organisation) in the same or previous sentence, subjects first, with the same
   quotation and binding constraints.

Resolved pronouns are added to the :class:`~.actors_base.Context` as ``PRON`` mentions
(``how="coref"``, ``antecedent`` = the start of the entity's latest mention), so they feed
event actors and quote speakers through the existing paths.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from spacy.tokens import Doc, Token

from ...errors import LexiconError
from ...lexicon import load_data
from ...lexicon.actors import ActorDictionary
from ...records import ActorRef
from ..actors.base import Context, Draft
from .chains import _key, build_chains

__all__ = ["CorefLexicon", "build_chains", "load_coref_lexicon", "resolve", "tracing"]

#: Set by :func:`tracing`: each pronoun's candidates and their features are appended
#: (the ranker's training script reads them; the pass itself never needs it).
_TRACE: ContextVar[list[Any] | None] = ContextVar("coref_trace", default=None)


@contextmanager
def tracing() -> Iterator[list[Any]]:
    """Within the block, every singular pronoun resolved appends ``(token, [(entity,
    features), ...])`` to the list yielded (for ``bench/train_coref.py``)."""
    out: list[Any] = []
    reset = _TRACE.set(out)
    try:
        yield out
    finally:
        _TRACE.reset(reset)


@lru_cache(maxsize=1)
def _weights() -> dict[str, float] | None:
    """The learned ranker's weights (``lexicon/coref_weights.json``), None when the file
    is absent or its ``weights`` table empty (the hand salience then decides, and a
    pronoun with no antecedent before it takes the subject after it)."""
    try:
        data = load_data("coref_weights.json")
    except LexiconError:
        return None
    w = data.get("weights")
    if not isinstance(w, dict):
        raise LexiconError("coref_weights.json: 'weights' must be an object")
    if not w:
        return None  # an empty table turns the ranker off
    out = {str(k): float(v) for k, v in w.items()}
    out["threshold"] = float(data.get("threshold", -1e9))
    return out

_SUBJ = frozenset({"nsubj", "nsubjpass", "csubj", "expl"})
_DOBJ = frozenset({"dobj", "attr", "oprd"})
_IOBJ = frozenset({"dative", "iobj"})
_CLAUSES = frozenset({"advcl", "relcl", "ccomp", "xcomp", "acl", "pcomp"})
_PLURAL_TAGS = frozenset({"NNS", "NNPS"})
_SINGULAR_TAGS = frozenset({"NN", "NNP"})
_QUALIFIERS = ("vice", "deputy", "acting", "first deputy")
# Salience weights (Lappin & Leass 1994, tuned on GAP development).
W_RECENT = 100.0
W_SUBJECT = 80.0
W_OBJECT = 50.0
W_OBLIQUE = 40.0
W_HEAD = 80.0  # not embedded in another noun phrase (a possessor, a compound)
W_PARALLEL = 100.0
W_SAME_SENT_SUBJECT = 0.0
W_SPEAKER = 300.0  # "he said" next to a quotation: the current speaker
W_CATAPHORA = -175.0
SILENT = 1.0  # a name NER did not call PERSON (0.5 and 0.8 measured lower)
DECAY = 0.35  # per sentence back
WINDOW = 4  # sentences back an antecedent may be
PLURAL_WINDOW = 1
_QUOTE_MIN_WORDS = 4  # a quotation this long is speech (shorter: a scare quote)


@dataclass(frozen=True)
class CorefLexicon:
    """Word lists of the pass (``lexicon/coref.toml``)."""

    version: str
    gender_of_pronoun: dict[str, str]
    plural: frozenset[str]
    reflexive: frozenset[str]
    honorifics: dict[str, str]
    gendered_nouns: dict[str, str]
    given_names: dict[str, str]
    generic_heads: frozenset[str]
    sector_roles: dict[str, tuple[str, ...]]
    candidate_labels: frozenset[str] = frozenset()
    particles: frozenset[str] = frozenset()
    not_person_words: frozenset[str] = frozenset()


def _strings(data: dict[str, object], key: str, where: str) -> list[str]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise LexiconError(f"coref lexicon {where}: '{key}' must be a list of strings")
    return [v.lower() for v in value]


def _table(data: dict[str, object], key: str) -> dict[str, object]:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise LexiconError(f"coref lexicon: '{key}' must be a table")
    return value


def _gendered(data: dict[str, object], key: str) -> dict[str, str]:
    table = _table(data, key)
    out: dict[str, str] = {}
    for gender in ("m", "f"):
        for w in _strings(table, gender, key):
            out.setdefault(w, gender)
    return out


def _given_names(data: dict[str, object], path: str | None) -> dict[str, str]:
    """``coref.toml``'s [given_names] over the larger ``coref_given_names.toml`` (beside
    ``path`` when one is given and it has one)."""
    names = _gendered(data, "given_names")
    extra = Path(path).with_name("coref_given_names.toml") if path else None
    more = load_data("coref_given_names.toml",
                     path=extra if extra is not None and extra.is_file() else None)
    for gender in ("m", "f"):
        for w in _strings(more, gender, "coref_given_names"):
            names.setdefault(w, gender)
    return names


@lru_cache(maxsize=4)
def load_coref_lexicon(path: str | None = None) -> CorefLexicon:
    """Load ``coref.toml`` (shipped, or the file at ``path``)."""
    data = load_data("coref.toml", path=Path(path) if path else None)
    pron = _table(data, "pronouns")
    gender = {w: "m" for w in _strings(pron, "masculine", "pronouns")}
    gender.update({w: "f" for w in _strings(pron, "feminine", "pronouns")})
    titles = _table(data, "titles")
    roles = _table(titles, "sector_roles")
    cand = _table(data, "candidates")
    labels = cand.get("labels", [])
    if not isinstance(labels, list):
        raise LexiconError("coref lexicon candidates: 'labels' must be a list of strings")
    return CorefLexicon(
        version=str(data["version"]),
        gender_of_pronoun=gender,
        plural=frozenset(_strings(pron, "plural", "pronouns")),
        reflexive=frozenset(_strings(pron, "reflexive", "pronouns")),
        honorifics=_gendered(data, "honorifics"),
        gendered_nouns=_gendered(data, "gendered_nouns"),
        given_names=_given_names(data, path),
        generic_heads=frozenset(_strings(titles, "generic_heads", "titles")),
        sector_roles={str(k): tuple(_strings(roles, str(k), "titles.sector_roles"))
                      for k in roles},
        candidate_labels=frozenset(str(x) for x in labels),
        particles=frozenset(_strings(cand, "particles", "candidates")),
        not_person_words=frozenset(_strings(cand, "not_person_words", "candidates")),
    )


# --- quotations -----------------------------------------------------------------------

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


# --- entities -------------------------------------------------------------------------

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


def _governor(tok: Token) -> int:
    """The verb a nominal hangs on (through one preposition), or -1."""
    head = tok.head
    if tok.dep_ == "pobj" and head.dep_ == "prep":
        head = head.head
    if head.pos_ in ("VERB", "AUX") and head.i != tok.i:
        return head.i
    return -1


def _role(tok: Token) -> str:
    dep = tok.dep_
    if dep in ("appos", "conj") and tok.head.i != tok.i:
        return _role(tok.head)
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


class _Resolver:
    def __init__(self, ctx: Context, lex: CorefLexicon) -> None:
        self.ctx = ctx
        self.doc: Doc = ctx.doc
        self.lex = lex
        self.quotes = _Quotes(ctx.doc.text)
        self.speech = _speech_verbs()
        self.entities: list[_Ent] = []
        self.by_key: dict[str, _Ent] = {}
        self.by_start: dict[int, _Ent] = {}
        self.by_surname: dict[str, _Ent] = {}
        self.added: set[int] = set()
        self.hints: dict[int, str | None] = {}
        # the latest subject of a speech verb outside quotations, and the latest person
        # subject outside quotations: (token index, entity)
        self.speaker: tuple[int, _Ent] | None = None
        self.subject: tuple[int, _Ent] | None = None

    # -- mentions ----------------------------------------------------------------------
    def _men(self, draft: Draft) -> _Men:
        tok = self.doc[draft.head]
        return _Men(draft=draft, sent=draft.sent, role=_role(tok), head=tok.i,
                    verb=_governor(tok), quote=self.quotes.which(draft.start),
                    embedded=_embedded(tok))

    def _gender_hint(self, draft: Draft) -> str | None:
        """Gender of a named mention from its honorific, given name or a gendered noun
        beside it."""
        doc, lex = self.doc, self.lex
        if draft.tok_start > 0:
            g = lex.honorifics.get(doc[draft.tok_start - 1].lower_)
            if g:
                return g
        actor = draft.actor
        if actor is not None and actor.person:
            g = self.ctx.dictionary.gender_of(actor)
            if g:
                return g
            g = lex.given_names.get(actor.person.split()[0].lower())
            if g:
                return g
        head = doc[draft.head]
        near: list[Token] = [c for c in head.children if c.dep_ in ("appos", "compound")]
        if head.dep_ in ("appos", "compound", "attr") and head.head.i != head.i:
            near.append(head.head)
        for t in doc[draft.tok_start:draft.tok_end]:
            near.extend(c for c in t.lefts if c.dep_ in ("compound", "amod"))
        for t in near:
            if t.i < draft.tok_start or t.i >= draft.tok_end or t.pos_ == "NOUN":
                g = lex.gendered_nouns.get(t.lower_)
                if g:
                    return g
        return None

    def _hint(self, draft: Draft) -> str | None:
        """:meth:`_gender_hint`, once per mention."""
        if draft.start not in self.hints:
            self.hints[draft.start] = self._gender_hint(draft)
        return self.hints[draft.start]

    def add_named(self, draft: Draft, *, silent: bool = False) -> None:
        actor = draft.actor
        if actor is None:
            return
        ent: _Ent | None = None
        if draft.antecedent is not None:
            ent = self.by_start.get(draft.antecedent)
        key = _key(actor)
        if ent is None and key:
            ent = self.by_key.get(key)
        if ent is None and silent and actor.person and " " not in actor.person:
            # a surname alone after the full name ("Hartwig" after "Anna Hartwig")
            ent = self.by_surname.get(actor.person.lower())
        gender = self._gender_hint(draft)
        if ent is None:
            ent = _Ent(actor=actor, gender=gender, silent=silent)
            self.entities.append(ent)
            if key:
                self.by_key[key] = ent
        elif ent.gender is None:
            ent.gender = gender
        if actor.person:
            self.by_surname.setdefault(actor.person.split()[-1].lower(), ent)
        if silent and not ent.silent:
            # another mention of a known person: a PERSON mention of its own
            self.added.add(draft.start)
            draft = self.ctx.add(draft.tok_start, draft.tok_end, label="PERSON",
                                 actor=ent.actor, how="coref",
                                 antecedent=ent.mentions[-1].draft.start if ent.mentions else None,
                                 head=self.doc[draft.head])
        self._attach(ent, draft)

    def materialise(self, ent: _Ent) -> None:
        """A silent entity a pronoun resolved to is a person: its names become PERSON
        mentions."""
        if not ent.silent:
            return
        ent.silent = False
        for m in ent.mentions:
            d = m.draft
            if d.label == "PRON" or d.start in self.added:
                continue
            self.added.add(d.start)
            self.ctx.add(d.tok_start, d.tok_end, label="PERSON", actor=d.actor, how="ner",
                         antecedent=d.antecedent, head=self.doc[d.head])

    def _attach(self, ent: _Ent, draft: Draft) -> None:
        men = self._men(draft)
        ent.mentions.append(men)
        self.by_start.setdefault(draft.start, ent)
        if men.role == "subj" and men.quote is None:
            self.subject = (men.head, ent)
            verb = self.doc[men.head].head
            if verb.lemma_.lower() in self.speech:
                self.speaker = (men.head, ent)

    # -- pronouns ----------------------------------------------------------------------
    def _blocked(self, tok: Token, pq: int | None, m: _Men, reflexive: bool) -> bool:
        """Hard constraints between pronoun ``tok`` and candidate mention ``m``."""
        if m.quote is not None and m.quote != pq:
            return True  # a name inside a quotation is not seen from outside it
        verb = _governor(tok)
        if reflexive:
            return not (m.role == "subj" and verb >= 0 and m.verb == verb)
        if verb >= 0 and m.verb == verb and m.role == "subj" and _role(tok) in ("dobj", "iobj", "obl"):
            return True  # "Dana told her": never Dana
        return False

    def _score(self, ent: _Ent, tok: Token, sent: int, prole: str) -> float:
        score = 0.0
        last: _Men | None = None
        for m in ent.mentions:
            if m.draft.start >= tok.idx or m.sent < sent - WINDOW:
                continue
            w = W_RECENT
            if m.role == "subj":
                w += W_SUBJECT
            elif m.role == "dobj":
                w += W_OBJECT
            elif m.role in ("iobj", "obl"):
                w += W_OBLIQUE
            if not m.embedded:
                w += W_HEAD
            if m.sent == sent and m.role == "subj":
                w += W_SAME_SENT_SUBJECT
            score += w * DECAY ** (sent - m.sent)
            last = m
        if last is not None and last.role == prole and prole in ("subj", "dobj"):
            score += W_PARALLEL
        return score

    def _features(self, ent: _Ent, tok: Token, sent: int, prole: str,
                  speaker: _Ent | None, gender: str, rank: int) -> dict[str, float]:
        """What the learned ranker (``coref_weights.json``) weighs about candidate
        ``ent`` for pronoun ``tok``: its latest mention's role, distance and clause,
        the pronoun's role against it (parallelism), the hand salience, c-command."""
        ms = [m for m in ent.mentions if m.draft.start < tok.idx and m.sent >= sent - WINDOW]
        last = ms[-1]
        dist = sent - last.sent
        f: dict[str, float] = {"bias": 1.0}
        f[f"dist={min(dist, 3)}"] = 1.0
        f[f"role={last.role}"] = 1.0
        f[f"prole={prole}|role={last.role}"] = 1.0
        f[f"rank={min(rank, 3)}"] = 1.0
        f["embedded"] = float(last.embedded)
        f["salience"] = self._score(ent, tok, sent, prole) / 300.0
        f["mentions"] = min(len(ms), 6) / 6.0
        f["subj_in_sent"] = float(any(m.role == "subj" and m.sent == sent for m in ms))
        f["subj_prev_sent"] = float(any(m.role == "subj" and m.sent == sent - 1 for m in ms))
        f["first_entity"] = float(bool(self.entities) and self.entities[0] is ent)
        f["tokens"] = min(tok.i - last.head, 60) / 60.0
        f["speaker"] = float(speaker is ent)
        f["silent"] = float(ent.silent)
        f["gender_known"] = float(ent.gender == gender)
        anc = {a.i for a in tok.ancestors}
        f["commands"] = float(any(m.sent == sent and m.role == "subj" and
                                  self.doc[m.head].head.i in anc for m in ms))
        f["same_verb_subj"] = float(any(m.sent == sent and m.role == "subj" and m.verb >= 0
                                        and m.verb == _governor(tok) for m in ms))
        f["root_subj"] = float(any(m.role == "subj" and self.doc[m.head].head.dep_ == "ROOT"
                                   for m in ms if m.sent >= sent - 1))
        f["sent_initial"] = float(tok.i == self.ctx.sent_starts[sent]) * float(dist == 1)
        f[f"prole={prole}|dist={min(dist, 2)}"] = 1.0
        f[f"role={last.role}|dist={min(dist, 2)}"] = 1.0
        f[f"rank={min(rank, 2)}|role={last.role}"] = 1.0
        f[f"prole={prole}|commands"] = f["commands"]
        f[f"prole={prole}|same_verb_subj"] = f["same_verb_subj"]
        f["passive"] = float(self.doc[last.head].dep_ == "nsubjpass")
        f["in_clause"] = float(self.doc[last.head].head.dep_ in _CLAUSES)
        f["pron_in_clause"] = float(tok.head.dep_ in _CLAUSES)
        f["between"] = min(sum(1 for e in self.entities if e is not ent and any(
            last.draft.start < m.draft.start < tok.idx for m in reversed(e.mentions))), 3) / 3.0
        f["full_name"] = float(any(m.draft.tok_end - m.draft.tok_start > 1 for m in ms))
        f["gender_hinted"] = float(any(self._hint(m.draft) == gender for m in ms
                                       if m.draft.label != "PRON"))
        f.update(self._silent_features(last.draft, ent.silent))
        return f

    def _later_features(self, draft: Draft, tok: Token, gender: str,
                        silent: bool) -> dict[str, float]:
        """Features of a name later in the pronoun's sentence (cataphora: "When she
        arrived, Dana ..."; "His brother, Tom Ek, ...")."""
        head = self.doc[draft.head]
        role = _role(head)
        g = self._gender_hint(draft)
        anc = {a.i for a in head.ancestors}
        return {"bias": 1.0, "cataphor": 1.0, f"cataphor_role={role}": 1.0,
                "cataphor_root_subj": float(role == "subj" and head.head.dep_ == "ROOT"),
                "cataphor_commanded": float(tok.head.i in anc or tok.i in anc),
                "cataphor_same_verb": float(_governor(head) >= 0
                                            and _governor(head) == _governor(tok)),
                "cataphor_tokens": min(head.i - tok.i, 60) / 60.0,
                "cataphor_pron_in_clause": float(tok.head.dep_ in _CLAUSES),
                f"cataphor_pos={tok.tag_}": 1.0,
                "cataphor_first": float(not self.entities),
                "silent": float(silent), "gender_known": float(g == gender),
                "cataphor_gender_clash": float(g is not None and g != gender),
                f"prole={_role(tok)}|cataphor": 1.0, **self._silent_features(draft, silent)}

    def _silent_features(self, draft: Draft, silent: bool) -> dict[str, float]:
        """For a name NER did not call PERSON: its NER label, and whether it starts with
        a known given name."""
        if not silent:
            return {}
        label = self.doc[draft.head].ent_type_ or "none"
        return {f"silent_ner={label}": 1.0,
                "silent_given": float(self.doc[draft.tok_start].lower_ in self.lex.given_names)}

    def pronoun(self, tok: Token, *, gender: str,
                later: Sequence[tuple[Draft, bool]] = ()) -> None:
        ctx = self.ctx
        sent = ctx.sent_of(tok.i)
        pq = self.quotes.which(tok.idx)
        reflexive = tok.lower_ in self.lex.reflexive
        prole = _role(tok)
        speaker = self._current_speaker(tok, pq)
        cands: list[tuple[_Ent, _Men]] = []
        for ent in self.entities:
            if ent.plural or (ent.gender is not None and ent.gender != gender):
                continue
            near = [m for m in ent.mentions if m.draft.start < tok.idx
                    and m.sent >= sent - WINDOW]
            if not near:
                continue
            if any(self._blocked(tok, pq, m, reflexive) for m in near if m.sent == sent) \
                    and not reflexive:
                continue
            ok = [m for m in near if not self._blocked(tok, pq, m, reflexive)]
            if ok:
                cands.append((ent, ok[-1]))
        # recency rank: the candidate whose latest mention is closest is rank 0
        order = sorted(range(len(cands)), key=lambda k: -cands[k][1].draft.start)
        rank = {k: r for r, k in enumerate(order)}
        weights = _weights()
        best: tuple[float, _Ent, _Men] | None = None
        trace = _TRACE.get()
        rows = []
        for k, (ent, men) in enumerate(cands):
            feats = self._features(ent, tok, sent, prole, speaker, gender, rank[k])
            if trace is not None:
                rows.append((ent, feats))
            if weights is not None:
                score = sum(weights.get(n, 0.0) * v for n, v in feats.items())
            else:
                score = feats["salience"] * 300.0 + (W_SPEAKER if speaker is ent else 0.0)
                if ent.silent:
                    score *= SILENT
            if best is None or score > best[0]:
                best = (score, ent, men)
        best_later: tuple[float, Draft, bool] | None = None
        if weights is not None or trace is not None:
            for d, silent in later:
                feats = self._later_features(d, tok, gender, silent)
                if trace is not None:
                    rows.append((_Ent(actor=d.actor or ActorRef(code=""), gender=None,
                                      mentions=[self._men(d)]), feats))
                if feats["cataphor_gender_clash"]:
                    continue
                if weights is None:
                    continue
                score = sum(weights.get(n, 0.0) * v for n, v in feats.items())
                if (best is None or score > best[0]) and \
                        (best_later is None or score > best_later[0]):
                    best_later = (score, d, silent)
        if trace is not None:
            trace.append((tok, rows))
        if best_later is not None and weights is not None \
                and best_later[0] >= weights.get("threshold", -1e9):
            d, silent = best_later[1], best_later[2]
            self.add_named(d, silent=silent)
            chosen = self.by_start.get(d.start)
            if chosen is not None:
                self._add_pron(tok, chosen, d, gender)
            return
        if best is None or (weights is not None and best[0] < weights.get("threshold", -1e9)):
            if best is not None:
                return
            found = self._cataphor(tok, sent, gender)
            if found is None:
                return
            ent, draft = found
            self._add_pron(tok, ent, draft, gender)
            return
        self._add_pron(tok, best[1], best[2].draft, gender)

    def _current_speaker(self, tok: Token, pq: int | None) -> _Ent | None:
        """The current speaker when ``tok`` is the subject of a speech verb beside a
        quotation ("“…,” he said"): kept unless another person became a subject since."""
        if pq is not None or self.speaker is None or tok.dep_ not in ("nsubj",):
            return None
        verb = tok.head
        if verb.lemma_.lower() not in self.speech:
            return None
        lo = self.doc[max(0, tok.i - 3)].idx
        sent_start = self.doc[self.ctx.sent_starts[self.ctx.sent_of(tok.i)]].idx
        hi = self.doc[min(len(self.doc) - 1, verb.i + 1)].idx
        if not (self.quotes.closed_between(min(lo, sent_start), tok.idx)
                or self.quotes.which(hi + 2) is not None):
            return None
        if self.subject is not None and self.subject[0] > self.speaker[0] \
                and self.subject[1] is not self.speaker[1]:
            return None
        return self.speaker[1]

    def _cataphor(self, tok: Token, sent: int, gender: str) -> tuple[_Ent, Draft] | None:
        """No antecedent before: the person subject later in the same sentence, when the
        pronoun is not that verb's own argument ("When she arrived, Dana ...")."""
        ctx = self.ctx
        if tok.dep_ in _SUBJ and tok.head.dep_ == "ROOT":
            return None
        s0, s1 = ctx.sent_starts[sent], (ctx.sent_starts[sent + 1]
                                        if sent + 1 < len(ctx.sent_starts) else len(self.doc))
        for d in sorted(ctx.drafts, key=lambda x: x.start):
            if d.tok_start <= tok.i or d.tok_start >= s1 or d.tok_start < s0:
                continue
            if d.label == "PRON" or d.actor is None or not d.actor.person or not d.subject:
                continue
            if self.doc[d.head].head.i == _governor(tok):
                continue
            ent = self.by_start.get(d.start)
            if ent is None:
                self.add_named(d)
                ent = self.by_start.get(d.start)
            if ent is not None and ent.gender in (None, gender):
                return ent, d
            return None
        return None

    def _add_pron(self, tok: Token, ent: _Ent, ante: Draft, gender: str) -> None:
        draft = self.ctx.add(tok.i, tok.i + 1, label="PRON", actor=ent.actor, how="coref",
                             antecedent=ante.start, head=tok)
        if ent.gender is None:
            ent.gender = gender
        self.materialise(ent)
        self._attach(ent, draft)


@lru_cache(maxsize=1)
def _speech_verbs() -> frozenset[str]:
    from ...lexicon.cues import load_cues

    cues = load_cues()
    return cues.speech | cues.direct_only


# --- titles on a date -----------------------------------------------------------------

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
    """Definite singular titles with an actor and no name -> the office holder on the
    article's date."""
    d, doc = ctx.dictionary, ctx.doc
    for draft in list(ctx.drafts):
        actor = draft.actor
        if draft.label != "ACTOR" or actor is None or actor.person or draft.how != "dictionary":
            continue
        head = doc[draft.head]
        low = head.lower_
        generic = low in lex.generic_heads and low not in d.coref_roles
        if head.tag_ not in _SINGULAR_TAGS or not (low in d.coref_roles or generic):
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
        refs = _holders(d, ctx, (actor.country, actor.igo), keywords, said)
        if len(refs) == 1:
            draft.actor, draft.how = refs[0], "coref"
    # "the Pentagon chief", "the Kremlin chief": the top office of the institution
    for tok in doc:
        if tok.lower_ not in lex.generic_heads or tok.tag_ not in _SINGULAR_TAGS \
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


# --- plural pronouns ------------------------------------------------------------------

def _plural(ctx: Context, lex: CorefLexicon, quotes: _Quotes) -> None:
    """they/their/them -> the most salient group of the same or previous sentence."""
    doc = ctx.doc
    groups = sorted((x for x in ctx.drafts if x.actor is not None and not x.actor.person
                     and x.label in ("ACTOR", "NORP", "ORG")
                     and (doc[x.head].tag_ in _PLURAL_TAGS or x.label == "ORG")),
                    key=lambda x: x.start)
    if not groups:
        return
    starts = [g.start for g in groups]
    for tok in doc:
        low = tok.lower_
        if low not in lex.plural or tok.pos_ not in ("PRON", "DET"):
            continue
        pq = quotes.which(tok.idx)
        if pq is not None:
            continue  # a speaker's "they" is as often the other party
        sent = ctx.sent_of(tok.i)
        hi = bisect.bisect_left(starts, tok.idx)
        best: tuple[float, Draft] | None = None
        verb = _governor(tok)
        for k in range(hi - 1, -1, -1):
            g = groups[k]
            if g.sent < sent - PLURAL_WINDOW:
                break
            if g.tok_end > tok.i or quotes.which(g.start) is not None:
                continue
            gtok = doc[g.head]
            grole = _role(gtok)
            if low == "them":
                # only a subject, never its own verb's
                if grole != "subj" or (verb >= 0 and _governor(gtok) == verb) or gtok.head.i == verb:
                    continue
            elif grole != "subj" and not (g.sent == sent and grole in ("dobj",)):
                continue
            if g.label == "ORG" and grole != "subj":
                continue
            score = (W_SUBJECT if grole == "subj" else W_OBJECT) * DECAY ** (sent - g.sent)
            score += g.start / 1e7  # the later of equals
            if best is None or score > best[0]:
                best = (score, g)
        if best is not None and best[1].actor is not None:
            ctx.add(tok.i, tok.i + 1, label="PRON", actor=best[1].actor, how="coref",
                    antecedent=best[1].start, head=tok)


# --- silent candidates ----------------------------------------------------------------

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
    while i < n:
        t = doc[i]
        if i in in_ent or t.pos_ != "PROPN" or not t.text[:1].isupper():
            i += 1
            continue
        j = i + 1
        while j < n and j not in in_ent and (
                doc[j].pos_ == "PROPN" and doc[j].text[:1].isupper()
                or doc[j].lower_ in lex.particles and j + 1 < n and doc[j + 1].pos_ == "PROPN"):
            j += 1
        spans.append((i, j))
        i = j
    for lo, hi in sorted(spans):
        while hi - lo > 1 and doc[hi - 1].text in ("'s", "’s", "'", "’"):
            hi -= 1
        while lo < hi and doc[lo].lower_ in ("the", "a", "an"):
            lo += 1
        toks = doc[lo:hi]
        if not toks or hi - lo > 4 or any(k in taken for k in range(lo, hi)):
            continue
        if not all(t.pos_ in ("PROPN", "NOUN") or t.lower_ in lex.particles for t in toks):
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


# --- entry points ---------------------------------------------------------------------

def resolve(ctx: Context, *, lexicon: CorefLexicon | None = None) -> None:
    """The coreference pass over a :class:`Context` whose named and nominal mentions are
    drafted: titles to office holders, then plural and singular pronouns."""
    lex = lexicon or load_coref_lexicon()
    if ctx.has_dep:
        _titles(ctx, lex)
    res = _Resolver(ctx, lex)
    if ctx.has_dep:
        _plural(ctx, lex, res.quotes)
    persons = [(x, False) for x in ctx.drafts
               if x.actor is not None and x.actor.person and x.label != "PRON"]
    if ctx.has_dep:
        persons += [(x, True) for x in _silent_drafts(ctx, lex)]
    persons.sort(key=lambda p: p[0].start)
    k = 0
    for tok in ctx.doc:
        gender = lex.gender_of_pronoun.get(tok.lower_)
        if gender is None or tok.pos_ not in ("PRON", "DET"):
            continue
        while k < len(persons) and persons[k][0].tok_end <= tok.i:
            if persons[k][0].start not in res.by_start:
                res.add_named(persons[k][0], silent=persons[k][1])
            k += 1
        if tok.i in ctx.tok_draft:
            continue
        sent = ctx.sent_of(tok.i)
        later = [p for p in persons[k:k + 6] if p[0].sent == sent and p[0].tok_start > tok.i
                 and p[0].start not in res.by_start]
        res.pronoun(tok, gender=gender, later=later)
