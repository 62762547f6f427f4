"""The coreference pass on hand-built parses (no model): the ranker's use of the
dependency tree — subject over object, a fronted clause's pronoun taking the name after
it, an object pronoun never its own verb's subject — on invented names."""

from __future__ import annotations

import datetime as dt

from _docs import parsed_doc
from detente.extract.actors.base import Context
from detente.extract.coref.resolve import resolve
from detente.lexicon.actors import load_actors
from detente.records import ActorRef

LIND = ActorRef(code="", person="Anna Lind")
BERG = ActorRef(code="", person="Eva Berg")


def _ctx(rows: list[tuple[str, int, str, str]], people: list[tuple[int, int, ActorRef]]
         ) -> Context:
    """rows: (word, head index, dep, pos); a sentence ends after each '.'."""
    starts = [i == 0 or rows[i - 1][0] == "." for i in range(len(rows))]
    doc = parsed_doc(rows, columns=(), sent_starts=starts)
    ctx = Context(doc, load_actors(), dt.date(2022, 4, 22))
    for lo, hi, actor in people:
        ctx.add(lo, hi, label="PERSON", actor=actor, how="ner", head=doc[hi - 1])
    return ctx


def _who(ctx: Context, word: str) -> str | None:
    found = [d for d in ctx.drafts if d.label == "PRON"
             and ctx.doc[d.tok_start].text == word]
    return found[0].actor.person if found and found[0].actor else None


def test_subject_of_the_previous_sentence_over_its_object() -> None:
    rows = [("Anna", 1, "compound", "PROPN"), ("Lind", 2, "nsubj", "PROPN"),
            ("thanked", 2, "ROOT", "VERB"), ("Eva", 4, "compound", "PROPN"),
            ("Berg", 2, "dobj", "PROPN"), (".", 2, "punct", "PUNCT"),
            ("She", 7, "nsubj", "PRON"), ("left", 7, "ROOT", "VERB"),
            (".", 7, "punct", "PUNCT")]
    ctx = _ctx(rows, [(0, 2, LIND), (3, 5, BERG)])
    resolve(ctx)
    assert _who(ctx, "She") == "Anna Lind"


def test_object_pronoun_is_never_its_own_verbs_subject() -> None:
    rows = [("Eva", 1, "compound", "PROPN"), ("Berg", 2, "nsubj", "PROPN"),
            ("arrived", 2, "ROOT", "VERB"), (".", 2, "punct", "PUNCT"),
            ("Anna", 5, "compound", "PROPN"), ("Lind", 6, "nsubj", "PROPN"),
            ("thanked", 6, "ROOT", "VERB"), ("her", 6, "dobj", "PRON"),
            (".", 6, "punct", "PUNCT")]
    ctx = _ctx(rows, [(0, 2, BERG), (4, 6, LIND)])
    resolve(ctx)
    assert _who(ctx, "her") == "Eva Berg"


def test_pronoun_of_a_fronted_clause_takes_the_name_after_it() -> None:
    rows = [("When", 2, "advmod", "SCONJ"), ("she", 2, "nsubj", "PRON"),
            ("arrived", 6, "advcl", "VERB"), (",", 6, "punct", "PUNCT"),
            ("Anna", 5, "compound", "PROPN"), ("Lind", 6, "nsubj", "PROPN"),
            ("spoke", 6, "ROOT", "VERB"), (".", 6, "punct", "PUNCT")]
    ctx = _ctx(rows, [(4, 6, LIND)])
    resolve(ctx)
    assert _who(ctx, "she") == "Anna Lind"


def _tagged(rows: list[tuple[str, int, str, str, str]], people: list[tuple[int, int, ActorRef]]
            ) -> Context:
    """Like :func:`_ctx`, with a fine tag per row (the object-case test reads PRP)."""
    starts = [i == 0 or rows[i - 1][0] == "." for i in range(len(rows))]
    doc = parsed_doc(rows, columns=("tags",), sent_starts=starts)
    ctx = Context(doc, load_actors(), dt.date(2022, 4, 22))
    for lo, hi, actor in people:
        ctx.add(lo, hi, label="PERSON", actor=actor, how="ner", head=doc[hi - 1])
    return ctx


def test_object_case_subject_of_a_complement_is_the_verbs_object() -> None:
    from detente.extract.coref.mentions import _governor, _role

    # "Anna Lind let her speak": the parse makes "her" the subject of "speak"
    rows = [("Eva", 1, "compound", "PROPN", "NNP"), ("Berg", 2, "nsubj", "PROPN", "NNP"),
            ("arrived", 2, "ROOT", "VERB", "VBD"), (".", 2, "punct", "PUNCT", "."),
            ("Anna", 5, "compound", "PROPN", "NNP"), ("Lind", 6, "nsubj", "PROPN", "NNP"),
            ("let", 6, "ROOT", "VERB", "VBD"), ("her", 8, "nsubj", "PRON", "PRP"),
            ("speak", 6, "ccomp", "VERB", "VB"), (".", 6, "punct", "PUNCT", ".")]
    ctx = _tagged(rows, [(0, 2, BERG), (4, 6, LIND)])
    her = ctx.doc[7]
    assert _role(her) == "dobj" and _governor(her) == 6
    resolve(ctx)
    assert _who(ctx, "her") == "Eva Berg"  # never the subject of "let"


def test_pronoun_argument_never_takes_a_name_under_its_verb() -> None:
    # "She said Anna Lind would come": principle C, she is not Anna Lind
    rows = [("She", 1, "nsubj", "PRON", "PRP"), ("said", 1, "ROOT", "VERB", "VBD"),
            ("Anna", 3, "compound", "PROPN", "NNP"), ("Lind", 5, "nsubj", "PROPN", "NNP"),
            ("would", 5, "aux", "AUX", "MD"), ("come", 1, "ccomp", "VERB", "VB"),
            (".", 1, "punct", "PUNCT", ".")]
    ctx = _tagged(rows, [(2, 4, LIND)])
    resolve(ctx)
    assert _who(ctx, "She") is None
    # in a fronted clause of its own the name after it is still its antecedent
    test_pronoun_of_a_fronted_clause_takes_the_name_after_it()


def test_topic_features_count_pronoun_chain_rivals_and_latest_subject() -> None:
    from detente.extract.coref.resolve import tracing

    rows = [("Anna", 1, "compound", "PROPN"), ("Lind", 2, "nsubj", "PROPN"),
            ("arrived", 2, "ROOT", "VERB"), (".", 2, "punct", "PUNCT"),
            ("She", 5, "nsubj", "PRON"), ("thanked", 5, "ROOT", "VERB"),
            ("Eva", 7, "compound", "PROPN"), ("Berg", 5, "dobj", "PROPN"),
            (".", 5, "punct", "PUNCT"), ("She", 10, "nsubj", "PRON"),
            ("left", 10, "ROOT", "VERB"), (".", 10, "punct", "PUNCT")]
    ctx = _ctx(rows, [(0, 2, LIND), (6, 8, BERG)])
    with tracing() as trace:
        resolve(ctx)
    last = {ent.actor.person: f for tok, cands in trace if tok.i == 9 for ent, f in cands}
    lind, berg = last["Anna Lind"], last["Eva Berg"]
    assert lind["last_is_pron"] == 1.0 and lind["pron_chain"] > 0 and lind["latest_subj"] == 1.0
    assert lind["rivals"] > 0 and lind["no_rival"] == 0.0  # Eva Berg named since
    assert berg["last_is_pron"] == 0.0 and berg["no_rival"] == 1.0
    assert berg["latest_subj"] == 0.0
