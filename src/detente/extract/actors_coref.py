"""Pronoun coreference by rule (no coreference model exists offline).

"he"/"him"/"his"/"she"/"her" point back to the most recent *compatible* person
mention (gender from the dictionary or a common given name; unknown people fit either) within the current
and three previous sentences, preferring, in order:

1. the subject of the pronoun's own sentence, before it ("Johnson has said that he
   urged ..."), else the latest person before it in that sentence ("as for Trump, he");
2. the subject of the nearest earlier sentence that has a person subject (the last
   speaker: "Lavrov claimed ... . '...,' he said");
3. the most recent compatible person.

An object pronoun never points to the subject of its own verb ("Johnson told him").
Resolved pronouns join the history, so a chain ("He ... his ...") follows its head.
"""

from __future__ import annotations

from .actors_base import Context, Draft

__all__ = ["pronoun_mentions"]

_GENDER = {"he": "m", "him": "m", "his": "m", "himself": "m",
           "she": "f", "her": "f", "hers": "f", "herself": "f"}
_OBJECT_DEPS = frozenset({"dobj", "dative", "iobj", "pobj"})
_WINDOW = 3  # previous sentences searched
_HISTORY = 15  # person mentions looked at per pronoun


def _pick(ctx: Context, history: list[Draft], pron_i: int, sent: int,
          gender: str) -> Draft | None:
    tok = ctx.doc[pron_i]
    cands: list[Draft] = []
    for h in reversed(history[-_HISTORY:]):
        if h.sent < sent - _WINDOW:
            break
        if h.actor is None or ctx.dictionary.gender_of(h.actor) not in (None, gender):
            continue
        # binding: "X told him" is never X
        if (tok.dep_ in _OBJECT_DEPS and h.subject and h.sent == sent
                and ctx.doc[h.head].head.i == tok.head.i):
            continue
        cands.append(h)
    for h in cands:
        if h.sent == sent and h.subject:
            return h
    for h in cands:
        if h.sent == sent:
            return h
    for h in cands:
        if h.sent < sent and h.subject:
            return h
    return cands[0] if cands else None


def pronoun_mentions(ctx: Context) -> None:
    """Pass 3: third-person singular pronouns resolved to people."""
    persons = sorted((d for d in ctx.drafts
                      if d.actor is not None and d.actor.person and d.label != "PRON"),
                     key=lambda d: d.start)
    history: list[Draft] = []
    k = 0
    for tok in ctx.doc:
        gender = _GENDER.get(tok.lower_)
        if gender is None or tok.pos_ not in ("PRON", "DET"):
            continue
        while k < len(persons) and persons[k].tok_end <= tok.i:
            history.append(persons[k])
            k += 1
        sent = ctx.sent_of(tok.i)
        ante = _pick(ctx, history, tok.i, sent, gender)
        if ante is None or ante.actor is None:
            continue
        draft = ctx.add(tok.i, tok.i + 1, label="PRON", actor=ante.actor, how="coref",
                        antecedent=ante.start, head=tok)
        history.append(draft)
