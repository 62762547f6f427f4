"""Features of the coreference pass: the hand salience weights (Lappin & Leass) and
the features of a candidate the learned ranker weighs (:class:`_Ranker`, the base of the
resolver). The ranker's weights and trees, and :func:`~.model.tracing`, are in
:mod:`.model`."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from ..actors.base import Context, Draft
from .lexicon import CorefLexicon
from .mentions import _CLAUSES, _Ent, _governor, _Men, _role

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


#: Relative words (who, whom, which, that; whose) and the subject relations.
_WH = frozenset({"WP", "WDT", "WP$"})


_SUBJ_DEPS = frozenset({"nsubj", "nsubjpass"})


def _according(head: Token) -> bool:
    """The name is the source of "according to" ("According to Ann Lee, ...")."""
    prep = head.head
    return (head.dep_ == "pobj" and prep.lower_ == "to" and prep.i != head.i
            and prep.head.lower_ == "according")


def relative_features(all_feats: list[dict[str, float]]) -> None:
    """Each candidate's salience against the others' (a ranker scoring candidates one by
    one sees its rivals only so): its rank, and its lead over the best other."""
    sal = [f["salience"] for f in all_feats]
    for k, f in enumerate(all_feats):
        others = sal[:k] + sal[k + 1:]
        f[f"sal_rank={min(sum(1 for x in others if x > sal[k]), 2)}"] = 1.0
        f["sal_gap"] = max(-1.0, min(1.0, sal[k] - max(others))) if others else 1.0


class _Ranker:
    """What the resolver knows about a candidate entity for a pronoun: gender evidence,
    the hand salience (:meth:`_score`) and the learned ranker's features
    (:meth:`_features`, :meth:`_later_features`). :class:`~.resolve._Resolver` sets the
    attributes below."""

    ctx: Context
    doc: Doc
    lex: CorefLexicon
    entities: list[_Ent]
    hints: dict[int, str | None]
    subject: tuple[int, _Ent] | None  # the latest person subject outside quotations
    barred: list[_Ent]  # entities named later in the pronoun's clause, under it (principle C)

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

    def latest_before(self, char: int) -> list[int]:
        """Per entity (in order), the start of its latest mention before ``char`` (-1:
        none). An entity is named between ``lo`` and ``char`` when that start is after
        ``lo``: read once per pronoun, not once per candidate and entity."""
        return [max((m.draft.start for m in e.mentions if m.draft.start < char), default=-1)
                for e in self.entities]

    def _features(self, ent: _Ent, tok: Token, sent: int, prole: str,
                  speaker: _Ent | None, gender: str, rank: int,
                  latest: list[int] | None = None) -> dict[str, float]:
        """What the learned ranker (``coref_weights.json``) weighs about candidate
        ``ent`` for pronoun ``tok``: its latest mention's role, distance and clause,
        the pronoun's role against it (parallelism), the hand salience, c-command.
        ``latest``: :meth:`latest_before` the pronoun, when the caller has it."""
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
        # the other entities named between the candidate's latest mention and the
        # pronoun (read once: the topicality features count its rivals among them)
        if latest is None:
            latest = self.latest_before(tok.idx)
        lo = last.draft.start
        between = [e for e, s in zip(self.entities, latest, strict=True)
                   if s > lo and e is not ent]
        f["between"] = min(len(between), 3) / 3.0
        f["full_name"] = float(any(m.draft.tok_end - m.draft.tok_start > 1 for m in ms))
        f["gender_hinted"] = float(any(self._hint(m.draft) == gender for m in ms
                                       if m.draft.label != "PRON"))
        f.update(self._silent_features(last.draft, ent.silent))
        f.update(self._topic_features(ent, ms, last, sent, gender, between))
        f.update(self._clause_features(ms, tok, sent))
        f.update(self._relative_features(ms, last, tok, sent))
        f["commanded_later"] = float(any(e is ent for e in self.barred))
        return f

    def _relative_features(self, ms: list[_Men], last: _Men, tok: Token,
                           sent: int) -> dict[str, float]:
        """Relative clauses, sources, agents: the pronoun inside a relative clause on a
        mention of the candidate ("Ann Lee, who lost her keys"), with the relative word
        the clause's subject, or the pronoun's co-argument ("Ann Lee, with whom she
        worked": she is not Ann Lee); the candidate's latest mention inside a relative
        clause the pronoun is outside of ("Tom Ek, whom Ed Roe had met, saw what he
        ..."); the candidate the source of "according to" in this sentence or the one
        before ("According to Ann Lee, ... she said")."""
        doc = self.doc
        host = host_subj = coarg = False
        clause = next((a for a in tok.ancestors if a.dep_ == "relcl"), None)
        if clause is not None and any(m.head == clause.head.i for m in ms if m.sent == sent):
            host = True
            rel = next((c for c in clause.subtree if c.tag_ in _WH and c.i < tok.i), None)
            if rel is not None:
                host_subj = rel.dep_ in _SUBJ_DEPS
                coarg = (tok.dep_ != "poss" and rel.tag_ != "WP$" and _governor(rel) >= 0
                         and _governor(rel) == _governor(tok))
        verb = doc[last.verb] if last.verb >= 0 else None
        in_rel = verb is not None and verb.dep_ == "relcl" and not (
            verb.left_edge.i <= tok.i <= verb.right_edge.i)
        according = any(_according(doc[m.head]) for m in ms if m.sent >= sent - 1)
        h = doc[last.head]
        # the agent of a passive ("was warned by Ann Lee"), the possessor of a subject
        # ("Ann Lee's work is ...")
        agent = h.dep_ == "pobj" and h.head.dep_ == "agent"
        poss_subj = last.role == "poss" and h.head.dep_ in _SUBJ_DEPS
        return {"relcl_host": float(host), "relcl_host_subj": float(host_subj),
                "relcl_coarg": float(coarg), "in_relcl": float(in_rel),
                "according": float(according), "agent": float(agent),
                "poss_of_subj": float(poss_subj)}

    def _clause_features(self, ms: list[_Men], tok: Token, sent: int) -> dict[str, float]:
        """Where a mention in the pronoun's sentence stands against it: coordinated with
        the pronoun's noun phrase ("Lim and his company"), or the subject of a clause
        that hangs on the pronoun's verb ("When the king came to know it, he ...")."""
        doc = self.doc
        noun = tok.head if tok.dep_ == "poss" else tok
        verb = _governor(tok)
        conj = sub = False
        for m in ms:
            if m.sent != sent:
                continue
            h = doc[m.head]
            conj = conj or (noun.dep_ == "conj" and noun.head.i == h.i) or (
                h.dep_ == "conj" and h.head.i == noun.i)
            sub = sub or (m.role == "subj" and verb >= 0 and h.head.dep_ in _CLAUSES
                          and h.head.head.i == verb and h.head.i < tok.i)
        return {"conj_np": float(conj), "subj_of_sub_clause": float(sub)}

    def _topic_features(self, ent: _Ent, ms: list[_Men], last: _Men, sent: int,
                        gender: str, between: list[_Ent]) -> dict[str, float]:
        """Topicality and competition: pronouns already resolved to the candidate, other
        names of the pronoun's gender between its latest mention and the pronoun
        (``between``: the other entities named there), whether it opened its sentence as
        the subject, and the latest subject before the pronoun."""
        prons = sum(1 for m in ms if m.draft.label == "PRON")
        rivals = sum(1 for e in between if not e.plural and e.gender in (None, gender))
        first = ms[0] if ms else last
        opener = any(m.role == "subj" and m.head - self.ctx.sent_starts[m.sent] <= 3
                     and m.draft.label != "PRON" for m in ms if m.sent >= sent - 1)
        return {"pron_chain": min(prons, 3) / 3.0,
                "last_is_pron": float(last.draft.label == "PRON"),
                "rivals": min(rivals, 3) / 3.0,
                "no_rival": float(rivals == 0),
                "opener_subj": float(opener),
                "first_in_window": float(first.sent <= sent - WINDOW + 1),
                "latest_subj": float(self.subject is not None and self.subject[1] is ent)}

    def _later_features(self, draft: Draft, tok: Token, gender: str,
                        silent: bool) -> dict[str, float]:
        """Features of a name later in the pronoun's sentence (cataphora: "When she
        arrived, Dana ..."; "His brother, Tom Ek, ...")."""
        head = self.doc[draft.head]
        role = _role(head)
        g = self._hint(draft)
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
        """For a name NER did not call PERSON: its NER label, whether it starts with
        a known given name, and whether the tagger called it a common word."""
        if not silent:
            return {}
        label = self.doc[draft.head].ent_type_ or "none"
        return {f"silent_ner={label}": 1.0,
                "silent_given": float(self.doc[draft.tok_start].lower_ in self.lex.given_names),
                "silent_common": float(self.doc[draft.head].pos_ != "PROPN")}
