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
   learned ranker decides instead: every allowed entity and every person name later in
   the pronoun's sentence (not one the pronoun's verb stands above: principle C) is a
   candidate, described by features (:meth:`_Ranker._features`, :meth:`_Ranker.
   _later_features`: role, distance, parallelism, the hand salience, c-command through
   the dependency tree, clause, speaker, gender evidence, topicality), and the highest
   score wins: the sum of the file's boosted trees' leaves, or with no trees the linear
   weights' sum (both fitted on GAP development by ``bench/train_coref.py``; see
   ``docs/coref.md``).
3. **Plural pronouns** they/their/them: the most salient group (plural nominal actor,
   demonym, organisation) in the same or previous sentence, subjects first, with the same
   quotation and binding constraints.

Resolved pronouns are added to the :class:`~.actors_base.Context` as ``PRON`` mentions
(``how="coref"``, ``antecedent`` = the start of the entity's latest mention), so they feed
event actors and quote speakers through the existing paths.

The pass is split by concern: :mod:`.lexicon` (word lists), :mod:`.mentions` (mentions,
quotations, candidates), :mod:`.ranking` (salience weights, the learned ranker's
features), :mod:`.model` (the ranker's weights and trees), :mod:`.titles` (part 1),
:mod:`.plural` (part 3) and :mod:`.chains`; this module holds the singular-pronoun
resolver (part 2) and the entry point :func:`resolve`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from spacy.tokens import Doc, Token

from ...parse.entities import token_lowers
from ...records import ActorRef
from ..actors.base import Context, Draft
from .chains import _key as _key  # re-exported (bench/train_coref.py)
from .chains import build_chains
from .lexicon import CorefLexicon, load_coref_lexicon
from .mentions import (
    _SUBJ,
    _embedded,
    _Ent,
    _governor,
    _Men,
    _Names,
    _Quotes,
    _role,
    _silent_drafts,
    _speech_verbs,
)
from .model import _TRACE, _scorer, tracing
from .model import _weights as _weights  # re-exported (tests)
from .plural import _plural
from .ranking import SILENT, W_SPEAKER, WINDOW, _Ranker, relative_features
from .titles import _titles

__all__ = ["CorefLexicon", "build_chains", "load_coref_lexicon", "resolve", "tracing"]


def _fuller(actor: ActorRef, old: ActorRef, is_title: Callable[[str], bool]) -> bool:
    """Whether ``actor`` names more than ``old``, the surname alone: the full name
    ending in it (not a title in front: "Representative Brooks"), or a code where it
    had none under a name as long."""
    if not (actor.person and old.person):
        return False
    words, had = actor.person.lower().split(), old.person.lower().split()
    if len(words) > len(had) and words[-len(had):] == had:
        return not any(is_title(w) for w in words[:-len(had)])
    return bool(actor.code and not old.code and len(words) >= len(had)
                and words[-1:] == had[-1:])


# clauses a name may stand in under a subject pronoun's verb and still be its referent
_OWN_CLAUSE = frozenset({"relcl", "advcl", "acl", "parataxis", "appos"})


class _Resolver(_Ranker):
    """Singular pronouns: entities built left to right from person mentions, each
    pronoun taking the best compatible one (salience or the learned ranker)."""


    def __init__(self, ctx: Context, lex: CorefLexicon) -> None:
        self.ctx = ctx
        self.doc: Doc = ctx.doc
        self.lex = lex
        self.quotes = _Quotes(ctx.text)
        self.speech = _speech_verbs()
        self.entities: list[_Ent] = []
        self.by_key: dict[str, _Ent] = {}
        self.by_start: dict[int, _Ent] = {}
        self.names = _Names()
        self.added: set[int] = set()
        self.hints: dict[int, str | None] = {}
        # the latest subject of a speech verb outside quotations, and the latest person
        # subject outside quotations: (token index, entity)
        self.speaker: tuple[int, _Ent] | None = None
        self.subject: tuple[int, _Ent] | None = None
        self.barred: list[_Ent] = []

    # -- mentions ----------------------------------------------------------------------
    def _men(self, draft: Draft) -> _Men:
        tok = self.doc[draft.head]
        return _Men(draft=draft, sent=draft.sent, role=_role(tok), head=tok.i,
                    verb=_governor(tok), quote=self.quotes.which(draft.start),
                    embedded=_embedded(tok))

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
        gender = self._gender_hint(draft)
        if ent is None and actor.person:
            # a surname or given name alone after the full name ("Hartwig" after
            # "Anna Hartwig"), or the full name after either alone
            ent = self.names.find(actor.person, gender)
            if ent is not None and not silent:
                self.materialise(ent)
                if draft.antecedent is None and ent.mentions:
                    draft.antecedent = ent.mentions[-1].draft.start
                if _fuller(actor, ent.actor, self.ctx.dictionary.is_role_noun):
                    self._name_fully(ent, actor)
        if ent is None:
            ent = _Ent(actor=actor, gender=gender, silent=silent)
            self.entities.append(ent)
            if key:
                self.by_key[key] = ent
        elif ent.gender is None:
            ent.gender = gender
        if actor.person:
            self.names.add(ent, actor.person)
        if silent and not ent.silent:
            # another mention of a known person: a PERSON mention of its own
            self.added.add(draft.start)
            draft = self.ctx.add(draft.tok_start, draft.tok_end, label="PERSON",
                                 actor=ent.actor, how="coref",
                                 antecedent=ent.mentions[-1].draft.start if ent.mentions else None,
                                 head=self.doc[draft.head])
        self._attach(ent, draft)

    def _name_fully(self, ent: _Ent, actor: ActorRef) -> None:
        """The full name after the surname alone ("Ostrow says ..." in a headline, then
        "Daniel Ostrow, a diplomat, ..."): the entity and its earlier mentions take the
        full name's actor."""
        old = ent.actor
        ent.actor = actor
        if _key(actor):
            self.by_key.setdefault(_key(actor), ent)
        for m in ent.mentions:
            for d in (m.draft, self.ctx.tok_draft.get(m.draft.tok_start)):
                if d is not None and d.actor == old:
                    d.actor = actor

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

    def pronoun(self, tok: Token, *, gender: str,
                later: Sequence[tuple[Draft, bool]] = ()) -> None:
        ctx = self.ctx
        sent = ctx.sent_of(tok.i)
        pq = self.quotes.which(tok.idx)
        reflexive = tok.lower_ in self.lex.reflexive
        prole = _role(tok)
        speaker = self._current_speaker(tok, pq)
        bound = self._named_below(tok, later)
        cands: list[tuple[_Ent, _Men]] = []
        for ent in self.entities:
            if ent.plural or (ent.gender is not None and ent.gender != gender) \
                    or id(ent) in bound:
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
        self.barred = self._barred(tok, later)
        # recency rank: the candidate whose latest mention is closest is rank 0
        order = sorted(range(len(cands)), key=lambda k: -cands[k][1].draft.start)
        rank = {k: r for r, k in enumerate(order)}
        weights = _weights()
        trees = _scorer() if weights is not None else None

        def learned(feats: dict[str, float]) -> float:
            assert weights is not None
            if trees is not None:
                return trees(feats)
            return sum(weights.get(n, 0.0) * v for n, v in feats.items())

        best: tuple[float, _Ent, _Men] | None = None
        latest: list[int] | None = None
        trace = _TRACE.get()
        rows = []
        if cands:
            latest = self.latest_before(tok.idx)
        all_feats = [self._features(ent, tok, sent, prole, speaker, gender, rank[k], latest)
                     for k, (ent, _) in enumerate(cands)]
        relative_features(all_feats)
        for (ent, men), feats in zip(cands, all_feats, strict=True):
            if trace is not None:
                rows.append((ent, feats))
            if weights is not None:
                score = learned(feats)
            else:
                score = feats["salience"] * 300.0 + (W_SPEAKER if speaker is ent else 0.0)
                if ent.silent:
                    score *= SILENT
            if best is None or score > best[0]:
                best = (score, ent, men)
        best_later: tuple[float, Draft, bool] | None = None
        if weights is not None or trace is not None:
            for d, silent in later:
                if self._commands(tok, d):
                    continue
                feats = self._later_features(d, tok, gender, silent)
                if trace is not None:
                    rows.append((_Ent(actor=d.actor or ActorRef(code=""), gender=None,
                                      mentions=[self._men(d)]), feats))
                if feats["cataphor_gender_clash"]:
                    continue
                if weights is None:
                    continue
                score = learned(feats)
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

    def _barred(self, tok: Token, later: Sequence[tuple[Draft, bool]]) -> list[_Ent]:
        """Entities named again later in the pronoun's sentence under the pronoun's
        verb ("She was proud of Ann Lee": she is not Ann Lee, named before or not)."""
        out = []
        for d, _ in later:
            if d.actor is None or not self._commands(tok, d):
                continue
            key = _key(d.actor)
            ent = self.by_key.get(key) if key else None
            if ent is None and d.actor.person:
                ent = self.names.find(d.actor.person, self._hint(d))
            if ent is not None:
                out.append(ent)
        return out

    def _commands(self, tok: Token, draft: Draft) -> bool:
        """Binding principle C: a name is never the antecedent of a pronoun argument of
        a verb it stands under ("He said Tom Ek would come": he is not Tom Ek)."""
        if _role(tok) not in ("subj", "dobj", "iobj"):
            return False
        verb = _governor(tok)
        if verb < 0:
            return False
        head = self.doc[draft.head]
        return head.i == verb or any(a.i == verb for a in head.ancestors)

    def _named_below(self, tok: Token, later: Sequence[tuple[Draft, bool]]) -> set[int]:
        """Entities a subject pronoun's own clause names again below it: principle C
        holds for a name met before too ("Ek met Al and said he found Al charming": he
        is not Al). Only the same entity by name or chain (never a shared surname), only
        in the pronoun's clause (not inside a relative, adverbial or coordinated clause
        or a quotation, where writers do name the subject again)."""
        out: set[int] = set()
        if _role(tok) != "subj":
            return out
        verb = _governor(tok)
        if verb < 0:
            return out
        pq = self.quotes.which(tok.idx)
        for d, _silent in later:
            if d.actor is None or self.quotes.which(d.start) != pq:
                continue
            if not self._in_clause(self.doc[d.head], verb):
                continue
            ent = self.by_start.get(d.antecedent) if d.antecedent is not None else None
            if ent is None and _key(d.actor):
                ent = self.by_key.get(_key(d.actor))
            if ent is not None:
                out.add(id(ent))
        return out

    def _in_clause(self, tok: Token, verb: int) -> bool:
        """Whether ``tok`` hangs under the verb ``verb`` without crossing into a clause of
        its own (relative, adverbial, coordinated, parenthetical)."""
        t = tok
        while t.i != verb:
            if t.dep_ in _OWN_CLAUSE or (t.dep_ == "conj" and t.pos_ in ("VERB", "AUX")):
                return False
            if t.head.i == t.i:
                return False
            t = t.head
        return True

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
    doc = ctx.doc
    # the pronouns, read from the lower-case column (no Token built for other words)
    for i, low in enumerate(token_lowers(doc)):
        gender = lex.gender_of_pronoun.get(low)
        if gender is None:
            continue
        tok = doc[i]
        if tok.pos_ not in ("PRON", "DET"):
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
    for p in persons[k:]:  # names after the last pronoun join their entities too
        if p[0].start not in res.by_start:
            res.add_named(p[0], silent=p[1])
