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

"they"/"their" point only to a plural group (nominal actor or demonym) that is the
subject of the same sentence, before the pronoun, or of the previous sentence.
"""

from __future__ import annotations

from .actors_base import Context, Draft

__all__ = ["pronoun_mentions"]

_GENDER = {"he": "m", "him": "m", "his": "m", "himself": "m",
           "she": "f", "her": "f", "hers": "f", "herself": "f"}
_PLURAL = frozenset({"they", "their"})  # "them" is as often the other party
_PLURAL_TAGS = frozenset({"NNS", "NNPS"})
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


def _plural_groups(ctx: Context) -> list[Draft]:
    """Subjects that "they" can stand for: plural nominal actors ("Biden administration
    officials") and plural demonyms ("the Russians")."""
    doc = ctx.doc
    return sorted((d for d in ctx.drafts
                   if d.subject and d.actor is not None and d.label in ("ACTOR", "NORP")
                   and doc[d.head].tag_ in _PLURAL_TAGS), key=lambda d: d.start)


def _plural_mentions(ctx: Context) -> None:
    """"they"/"their" -> a plural group that is the subject of the same sentence, before
    the pronoun ("Biden administration officials have said they feel ..."), else of the
    previous sentence. Anything further is left alone: "they" is as often the talks or
    the negotiations as a party."""
    groups = _plural_groups(ctx)
    if not groups:
        return
    k = 0
    last: Draft | None = None
    for tok in ctx.doc:
        if tok.lower_ not in _PLURAL or tok.pos_ not in ("PRON", "DET"):
            continue
        while k < len(groups) and groups[k].tok_end <= tok.i:
            last = groups[k]
            k += 1
        if last is None or last.actor is None:
            continue
        sent = ctx.sent_of(tok.i)
        if last.sent not in (sent, sent - 1):
            continue
        ctx.add(tok.i, tok.i + 1, label="PRON", actor=last.actor, how="coref",
                antecedent=last.start, head=tok)


def pronoun_mentions(ctx: Context) -> None:
    """Pass 3: third-person pronouns: he/she to people, they to plural groups."""
    _plural_mentions(ctx)
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
