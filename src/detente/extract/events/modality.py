"""Modality of an event predicate: is it told as fact, hearsay, plan, condition,
possibility, or is it negated or denied?

Rules (first that holds wins, so a negated or hypothetical event is never a plain fact):

1. denied: the predicate sits in the complement of a denial verb ("denied that ...") or
   was deferred to from one ("denied the attack").
2. negated: a negation on the predicate ("has not received", "never", "no talks"), or
   on the light/recipient verb that governs a nominal predicate ("never received any
   such proposal"). Patterns with ``if_negated`` are re-typed instead (a refusal).
3. conditional: the predicate, or a clause it governs, carries an if/unless clause, or
   the predicate is inside one.
4. hypothetical: a possibility modal ("could", "might", "may") on the predicate.
5. intended: a future/volitional modal ("would seek", "will") or an intent verb or
   adjective above it ("plans to", "is preparing", "wants to", "ready to").
6. reported: a hedge ("reportedly", "allegedly"), "according to" in the sentence, a
   reporting verb above it ("X said that ..."), or the predicate is inside a quote.
7. asserted otherwise.

All walks are bounded (a few hops), so the cost is linear in sentence length.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token  # noqa: F401  (Span: signature)

from ...lexicon.events import EventLexicon

__all__ = ["Modality", "ancestors", "asks_whether", "is_negated", "is_question", "modality_of"]

_MAX_HOPS = 10


@dataclass(frozen=True, slots=True)
class Modality:
    """The modality and the facts that decided it (for confidence and debugging)."""

    value: str
    negated: bool = False
    reporter: Token | None = None


def ancestors(tok: Token, *, limit: int = _MAX_HOPS) -> list[tuple[Token, str]]:
    """(ancestor, dependency by which the walk entered it) pairs, nearest first."""
    out: list[tuple[Token, str]] = []
    cur = tok
    for _ in range(limit):
        if cur.head.i == cur.i:
            break
        out.append((cur.head, cur.dep_))
        cur = cur.head
    return out


def is_negated(tok: Token, lex: EventLexicon) -> bool:
    """A negation dependent on ``tok`` ("not", "n't", "never"), or "no" on its object
    ("reached no agreement")."""
    neg = lex.cue("negation")
    for child in tok.children:
        if child.dep_ == "neg" or (child.dep_ in ("advmod", "preconj") and child.lower_ in neg):
            return True
        if child.dep_ == "det" and child.lower_ in ("no", "neither") and tok.pos_ == "NOUN":
            return True
    return False


def is_question(tok: Token, *, sent: Span, quote_text: str | None = None) -> bool:
    """True when ``tok`` is asked about, not told: the direct question it sits in ends
    in "?" (the quote holding it, else its sentence), or its clause is an embedded
    question ("asked whether the army is moving troops")."""
    if quote_text is not None:
        if quote_text.rstrip().rstrip("\"'\u201d\u2019").rstrip().endswith("?"):
            return True
    elif sent.text.rstrip().rstrip("\"'\u201d\u2019").rstrip().endswith("?"):
        return True
    cur = tok
    for _ in range(_MAX_HOPS):
        if any(c.dep_ == "mark" and c.lower_ == "whether" for c in cur.children):
            return True
        if cur.head.i == cur.i or cur.dep_ in ("ROOT",):
            break
        cur = cur.head
    return False


def asks_whether(tok: Token) -> bool:
    """``tok`` governs an embedded question ("asked whether the army is moving"): an
    inquiry, not a request."""
    return any(c.dep_ in ("ccomp", "advcl") and any(
        g.dep_ == "mark" and (g.lower_ == "whether" or (g.lower_ == "if" and c.dep_ == "ccomp"))
        for g in c.children) for c in tok.children)


def _has_condition(tok: Token, lex: EventLexicon) -> bool:
    cond = lex.cue("condition")
    for child in tok.children:
        if child.dep_ == "advcl" and any(
            g.dep_ == "mark" and g.lower_ in cond for g in child.children
        ):
            return True
    return False


def modality_of(
    trigger: Token,
    *,
    lex: EventLexicon,
    sent: Span,
    governor: Token | None = None,
    governor_negates: bool = False,
    negated: bool = False,
    in_quote: bool = False,
    deferred_from: Token | None = None,
    according: bool = False,
    refusal: bool = False,
) -> Modality:
    """The modality of the event whose predicate is ``trigger``.

    ``governor`` is the verb governing a nominal predicate (its modals and negation
    count); ``governor_negates`` says whether a negation on it carries over;
    ``negated`` is True when the predicate was found negated and not re-typed;
    ``deferred_from`` is the pledge/deny verb that handed the event down;
    ``according`` is True when the sentence attributes itself ("according to ...");
    ``refusal`` is True for a negated pattern re-typed as a refusal: its future modal is
    part of the refusal ("will not tolerate"), not a plan.
    """
    reporting = lex.cue("reporting")
    denial = lex.cue("denial")
    intent = lex.cue("intent")
    chain = ancestors(governor if governor is not None else trigger)
    anchor = governor if governor is not None else trigger

    # 1. denied
    if deferred_from is not None and deferred_from.lemma_.lower() in denial:
        return Modality("denied")
    reporter: Token | None = None
    entered_by_ccomp = False
    for anc, dep in chain:
        lemma = anc.lemma_.lower()
        if dep == "ccomp" and lemma in denial:
            return Modality("denied")
        if lemma in reporting and dep in ("ccomp", "xcomp", "advcl", "parataxis", "dobj",
                                          "conj") and reporter is None and dep != "conj":
            reporter = anc
            entered_by_ccomp = True
    # 2. negated (also "avoided condemning", "refrained from attacking")
    if negated or (governor is not None and governor_negates and is_negated(governor, lex)):
        return Modality("negated", negated=True, reporter=reporter)
    negating = lex.cue("negating")
    # "we are not going to attack", "did not want to strike": a negated verb of intent
    # (or "going to") that controls the predicate negates it
    for anc, dep in chain[:3]:
        if dep != "xcomp":
            break
        if (anc.lemma_.lower() in intent or anc.lower_ == "going") and is_negated(anc, lex):
            return Modality("negated", negated=True, reporter=reporter)
    for anc, dep in chain[:3]:
        if dep in ("xcomp", "pcomp", "prep", "ccomp") and anc.lemma_.lower() in negating:
            return Modality("negated", negated=True, reporter=reporter)
        if dep not in ("pcomp", "prep"):
            break
    # 3. conditional: on the predicate, on a clause it governs, or inside a condition
    if _has_condition(trigger, lex) or _has_condition(anchor, lex) or any(
        _has_condition(c, lex) for c in trigger.children if c.dep_ in ("ccomp", "xcomp")
    ):
        return Modality("conditional", reporter=reporter)
    cond = lex.cue("condition")
    cur = anchor
    for _ in range(6):
        if cur.dep_ == "advcl" and any(g.dep_ == "mark" and g.lower_ in cond
                                       for g in cur.children):
            return Modality("conditional", reporter=reporter)
        if cur.head.i == cur.i or cur.dep_ in ("ccomp", "ROOT"):
            break
        cur = cur.head
    # 4./5. modals on the predicate (or the verb governing a nominal predicate)
    hypo = lex.cue("hypothetical_aux")
    fut = lex.cue("intent_aux")
    for tok in (trigger, anchor):
        for child in tok.children:
            if child.dep_ in ("aux", "auxpass") and child.lower_ in hypo:
                return Modality("hypothetical", reporter=reporter)
    for tok in (trigger, anchor):
        for child in tok.children:
            if child.dep_ in ("aux", "auxpass") and child.lower_ in fut and not refusal:
                return Modality("intended", reporter=reporter)
    if deferred_from is not None and deferred_from.lemma_.lower() in intent:
        return Modality("intended", reporter=reporter)
    # an intent verb or adjective above, within the same statement
    for anc, dep in chain[:5]:
        lemma = anc.lemma_.lower()
        if lemma in reporting:
            break
        if lemma in intent and dep in ("xcomp", "ccomp", "dobj", "acl", "advcl", "pobj",
                                       "prep", "pcomp", "relcl", "acomp"):
            return Modality("intended", reporter=reporter)
        if any(c.dep_ in ("aux",) and c.lower_ in hypo for c in anc.children) and dep in (
            "xcomp",
        ):
            return Modality("hypothetical", reporter=reporter)
    if governor is not None and governor.lemma_.lower() in intent:
        return Modality("intended", reporter=reporter)
    # 6. reported
    hedges = lex.cue("hedges")
    for tok in [trigger, anchor] + [a for a, _ in chain[:6]]:
        if any(c.lower_ in hedges for c in tok.children if c.dep_ == "advmod"):
            return Modality("reported", reporter=reporter)
    if entered_by_ccomp or in_quote or according:
        return Modality("reported", reporter=reporter)
    return Modality("asserted", reporter=reporter)
