"""Plural pronouns (they/their/them): the most salient group of the same or previous
sentence, subjects first, with the quotation and binding constraints (:func:`_plural`)."""

from __future__ import annotations

import bisect

from spacy.tokens import Token

from ...parse.entities import token_lowers
from ..actors.base import Context, Draft, modified_plural
from .lexicon import CorefLexicon
from .mentions import _governor, _Quotes, _role
from .ranking import DECAY, PLURAL_WINDOW, W_OBJECT, W_SUBJECT

_PLURAL_TAGS = frozenset({"NNS", "NNPS"})


def _plural(ctx: Context, lex: CorefLexicon, quotes: _Quotes) -> None:
    """they/their/them -> the most salient group of the same or previous sentence."""
    doc = ctx.doc
    heads = {id(x): h for x in ctx.drafts if x.actor is not None and not x.actor.person
             and x.label in ("ACTOR", "NORP", "ORG")
             if (h := _group_head(doc[x.head], x.label, ctx)) is not None}
    groups = sorted((x for x in ctx.drafts if id(x) in heads), key=lambda x: x.start)
    if not groups:
        return
    starts = [g.start for g in groups]
    for i, low in enumerate(token_lowers(doc)):
        if low not in lex.plural:
            continue
        tok = doc[i]
        if tok.pos_ not in ("PRON", "DET"):
            continue
        pq = quotes.which(tok.idx)
        if pq is not None:
            continue  # a speaker's "they" is as often the other party
        sent = ctx.sent_of(tok.i)
        hi = bisect.bisect_left(starts, tok.idx)
        best: tuple[float, Draft] | None = None
        verb = _governor(tok)
        teller = _reporting_subject(tok)
        if teller is not None:
            # "The rebels said they would attack": the group that says so, coded or not
            # (an uncoded one leaves "they" unresolved rather than someone earlier)
            own = [g for g in groups if g.tok_start <= teller.i < g.tok_end]
            if own and own[0].actor is not None:
                ctx.add(tok.i, tok.i + 1, label="PRON", actor=own[0].actor, how="coref",
                        antecedent=own[0].start, head=tok)
            continue
        for k in range(hi - 1, -1, -1):
            g = groups[k]
            if g.sent < sent - PLURAL_WINDOW:
                break
            if g.tok_end > tok.i or quotes.which(g.start) is not None:
                continue
            gtok = heads[id(g)]
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


def _group_head(tok: Token, label: str, ctx: Context) -> Token | None:
    """The token that stands for a group a mention names: a plural noun, an
    organisation, or the plural role noun coordinated nationalities modify when no
    mention covers it ("Russian and Ukrainian negotiators": each adjective is a mention,
    the negotiators the group; "Republican voters" is a mention of its own)."""
    if tok.tag_ in _PLURAL_TAGS or label == "ORG":
        return tok
    noun = modified_plural(tok)
    # people only ("negotiators", "officials"): not "the Republican results"
    return noun if noun is not None and noun.i not in ctx.tok_draft \
        and ctx.dictionary.is_role_noun(noun.lower_) else None


def _reporting_subject(tok: Token) -> Token | None:
    """The plural noun subject of the verb whose complement clause "they" is the subject
    of ("The rebels said they would attack", "Officials warned they could not"); None
    otherwise."""
    if tok.dep_ not in ("nsubj", "nsubjpass") or tok.lower_ != "they":
        return None
    clause = tok.head
    if clause.dep_ != "ccomp" or clause.head.i == clause.i:
        return None
    for subj in clause.head.children:
        if subj.dep_ == "nsubj" and subj.i < tok.i and subj.tag_ in _PLURAL_TAGS:
            return subj
    return None
