"""The coreference pass on hand-built parses (no model): the ranker's use of the
dependency tree — subject over object, a fronted clause's pronoun taking the name after
it, an object pronoun never its own verb's subject — on invented names."""

from __future__ import annotations

import datetime as dt

import pytest

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


def test_a_conjoined_subject_also_binds_the_object_pronoun() -> None:
    from detente.extract.coref.mentions import _governor

    # "Eva Berg arrived. Anna Lind and Dana Ek thanked her.": her is neither subject
    ek = ActorRef(code="", person="Dana Ek")
    rows = [("Eva", 1, "compound", "PROPN"), ("Berg", 2, "nsubj", "PROPN"),
            ("arrived", 2, "ROOT", "VERB"), (".", 2, "punct", "PUNCT"),
            ("Anna", 5, "compound", "PROPN"), ("Lind", 9, "nsubj", "PROPN"),
            ("and", 5, "cc", "CCONJ"), ("Dana", 8, "compound", "PROPN"),
            ("Ek", 5, "conj", "PROPN"), ("thanked", 9, "ROOT", "VERB"),
            ("her", 9, "dobj", "PRON"), (".", 9, "punct", "PUNCT")]
    ctx = _ctx(rows, [(0, 2, BERG), (4, 6, LIND), (7, 9, ek)])
    assert _governor(ctx.doc[8]) == 9  # the conjunct hangs on its head's verb
    resolve(ctx)
    assert _who(ctx, "her") == "Eva Berg"


def test_full_name_after_the_surname_alone_joins_its_entity() -> None:
    # "Lind arrived. Anna Lind spoke. She left.": one person, linked for the chains
    lind = ActorRef(code="", person="Lind")
    rows = [("Lind", 1, "nsubj", "PROPN"), ("arrived", 1, "ROOT", "VERB"),
            (".", 1, "punct", "PUNCT"), ("Anna", 4, "compound", "PROPN"),
            ("Lind", 5, "nsubj", "PROPN"), ("spoke", 5, "ROOT", "VERB"),
            (".", 5, "punct", "PUNCT"), ("She", 8, "nsubj", "PRON"),
            ("left", 8, "ROOT", "VERB"), (".", 8, "punct", "PUNCT")]
    ctx = _ctx(rows, [(0, 1, lind), (3, 5, LIND)])
    resolve(ctx)
    full = next(d for d in ctx.drafts if d.tok_start == 3)
    assert full.antecedent == 0


def test_names_join_by_surname_only_when_one_entity_has_it() -> None:
    from detente.extract.coref.mentions import _Ent, _Names

    names = _Names()
    anna = _Ent(actor=LIND, gender="f")
    names.add(anna, "Anna Lind")
    assert names.find("Lind", None) is anna
    assert names.find("Lind", "m") is None  # genders clash
    assert names.find("Maria Lind", None) is None  # two full names: two people
    lone = _Ent(actor=ActorRef(code="", person="Berg"), gender=None)
    names.add(lone, "Berg")
    assert names.find("Eva Berg", "f") is lone  # the full name after the surname alone
    names.add(_Ent(actor=ActorRef(code="", person="Per Lind"), gender="m"), "Per Lind")
    assert names.find("Lind", None) is None  # two Linds: neither


def test_a_silent_name_after_the_last_pronoun_joins_its_entity() -> None:
    # "Anna Lind arrived. She left. Lind stayed.": the last "Lind" (no NER entity)
    # becomes a mention of Anna Lind though no pronoun follows it
    rows = [("Anna", 1, "compound", "PROPN"), ("Lind", 2, "nsubj", "PROPN"),
            ("arrived", 2, "ROOT", "VERB"), (".", 2, "punct", "PUNCT"),
            ("She", 5, "nsubj", "PRON"), ("left", 5, "ROOT", "VERB"),
            (".", 5, "punct", "PUNCT"), ("Lind", 8, "nsubj", "PROPN"),
            ("stayed", 8, "ROOT", "VERB"), (".", 8, "punct", "PUNCT")]
    ctx = _ctx(rows, [(0, 2, LIND)])
    resolve(ctx)
    assert _who(ctx, "She") == "Anna Lind"
    last = [d for d in ctx.drafts if d.tok_start == 7 and d.label == "PERSON"]
    assert last and last[0].actor == LIND and last[0].antecedent is not None


def test_clause_features_see_coordination_and_a_fronted_clauses_subject() -> None:
    from detente.extract.coref.resolve import tracing

    # "Anna Lind and her sister left.": the name coordinated with the pronoun's phrase
    rows = [("Anna", 1, "compound", "PROPN"), ("Lind", 5, "nsubj", "PROPN"),
            ("and", 1, "cc", "CCONJ"), ("her", 4, "poss", "PRON"),
            ("sister", 1, "conj", "NOUN"), ("left", 5, "ROOT", "VERB"),
            (".", 5, "punct", "PUNCT")]
    with tracing() as trace:
        resolve(_ctx(rows, [(0, 2, LIND)]))
    feats = [f for tok, cands in trace if tok.i == 3 for _, f in cands]
    assert feats and feats[0]["conj_np"] == 1.0 and feats[0]["subj_of_sub_clause"] == 0.0
    # "When Anna Lind came, she spoke.": the subject of a clause on the pronoun's verb
    rows = [("When", 3, "advmod", "SCONJ"), ("Anna", 2, "compound", "PROPN"),
            ("Lind", 3, "nsubj", "PROPN"), ("came", 6, "advcl", "VERB"),
            (",", 6, "punct", "PUNCT"), ("she", 6, "nsubj", "PRON"),
            ("spoke", 6, "ROOT", "VERB"), (".", 6, "punct", "PUNCT")]
    with tracing() as trace:
        resolve(_ctx(rows, [(1, 3, LIND)]))
    feats = [f for tok, cands in trace if tok.i == 5 for _, f in cands]
    assert feats and feats[0]["subj_of_sub_clause"] == 1.0 and feats[0]["conj_np"] == 0.0


def test_using_trees_replaces_the_shipped_trees_within_the_block() -> None:
    from detente.extract.coref.model import _compiled, _scorer, score_compiled, using_trees

    shipped = _compiled()
    shipped_scorer = _scorer()
    with using_trees([["role=subj", 0.5, -1.0, 2.0]]):
        inner = _compiled()
        assert inner is not None and score_compiled(inner, {"role=subj": 1.0}) == 2.0
        # the straight-line scorer the pass uses follows the trees in place
        scorer = _scorer()
        assert scorer is not None and scorer({"role=subj": 1.0}) == 2.0
    assert _compiled() is shipped and _scorer() is shipped_scorer


def test_a_capitalised_word_the_tagger_missed_is_a_silent_candidate() -> None:
    from detente.extract.coref.lexicon import load_coref_lexicon
    from detente.extract.coref.mentions import _silent_drafts

    # "Eva Berg arrived. Later the young Nyro sang.": "Nyro" tagged as a common noun
    rows = [("Eva", 1, "compound", "PROPN"), ("Berg", 2, "nsubj", "PROPN"),
            ("arrived", 2, "ROOT", "VERB"), (".", 2, "punct", "PUNCT"),
            ("Later", 8, "advmod", "ADV"), ("the", 7, "det", "DET"),
            ("young", 7, "amod", "ADJ"), ("Nyro", 8, "nsubj", "NOUN"),
            ("sang", 8, "ROOT", "VERB"), (".", 8, "punct", "PUNCT")]
    ctx = _ctx(rows, [(0, 2, BERG)])
    found = {ctx.doc[d.tok_start].text for d in _silent_drafts(ctx, load_coref_lexicon())}
    assert "Nyro" in found and "Later" not in found  # not the word opening a sentence


def test_an_honorific_before_a_name_ner_found_alone_is_no_silent_candidate() -> None:
    from spacy.tokens import Span

    from detente.extract.coref.lexicon import load_coref_lexicon
    from detente.extract.coref.mentions import _silent_drafts

    # "Eva Berg met Mr. Holm and Sen. Dahl .": NER found "Holm" and "Dahl" but not the
    # titles before them; "Mr." and "Sen." on their own are no one (a "she" once went to
    # a silent "Mr." that became a person of that name)
    rows = [("Eva", 1, "compound", "PROPN"), ("Berg", 2, "nsubj", "PROPN"),
            ("met", 2, "ROOT", "VERB"), ("Mr.", 4, "compound", "PROPN"),
            ("Holm", 2, "dobj", "PROPN"), ("and", 4, "cc", "CCONJ"),
            ("Sen.", 7, "compound", "PROPN"), ("Dahl", 4, "conj", "PROPN"),
            (".", 2, "punct", "PUNCT")]
    ctx = _ctx(rows, [(0, 2, BERG)])
    doc = ctx.doc
    doc.ents = [Span(doc, 0, 2, label="PERSON"), Span(doc, 4, 5, label="PERSON"),
                Span(doc, 7, 8, label="PERSON")]
    found = {doc[d.tok_start:d.tok_end].text for d in _silent_drafts(ctx, load_coref_lexicon())}
    assert "Mr." not in found and "Sen." not in found


def test_a_pronoun_never_takes_a_person_named_again_under_its_own_verb() -> None:
    # "Eva Berg met Anna Lind . She found Berg charming .": principle C holds for a
    # name met before too -- "she" is not Berg, who stands under "found"
    rows = [("Eva", 1, "compound", "PROPN"), ("Berg", 2, "nsubj", "PROPN"),
            ("met", 2, "ROOT", "VERB"), ("Anna", 4, "compound", "PROPN"),
            ("Lind", 2, "dobj", "PROPN"), (".", 2, "punct", "PUNCT"),
            ("She", 7, "nsubj", "PRON"), ("found", 7, "ROOT", "VERB"),
            ("Berg", 7, "dobj", "PROPN"), ("charming", 7, "oprd", "ADJ"),
            (".", 7, "punct", "PUNCT")]
    ctx = _ctx(rows, [(0, 2, BERG), (3, 5, LIND), (8, 9, BERG)])
    resolve(ctx)
    assert _who(ctx, "She") == "Anna Lind"


def test_the_full_name_after_the_surname_alone_names_the_whole_chain() -> None:
    # "Ostrow spoke . Daniel Ostrow , a diplomat , left . He smiled .": a headline's
    # surname alone, then the full name with its country; the surname and "he" take it
    ostrow = ActorRef(code="", person="Ostrow")
    full = ActorRef(code="UKR GOV", country="UKR", sector="GOV", person="Daniel Ostrow")
    rows = [("Ostrow", 1, "nsubj", "PROPN"), ("spoke", 1, "ROOT", "VERB"),
            (".", 1, "punct", "PUNCT"),
            ("Daniel", 4, "compound", "PROPN"), ("Ostrow", 5, "nsubj", "PROPN"),
            ("left", 5, "ROOT", "VERB"), (".", 5, "punct", "PUNCT"),
            ("He", 8, "nsubj", "PRON"), ("smiled", 8, "ROOT", "VERB"),
            (".", 8, "punct", "PUNCT")]
    ctx = _ctx(rows, [(0, 1, ostrow), (3, 5, full)])
    resolve(ctx)
    assert _who(ctx, "He") == "Daniel Ostrow"
    first = ctx.tok_draft[0]
    assert first.actor is not None and first.actor.code == "UKR GOV"


def test_a_title_in_front_of_the_surname_is_no_fuller_name() -> None:
    from detente.extract.coref.resolve import _fuller

    def titles(w: str) -> bool:
        return w in ("representative", "sen.")

    surname = ActorRef(code="", person="Brooks")
    assert _fuller(ActorRef(code="", person="Mo Brooks"), surname, titles)
    assert not _fuller(ActorRef(code="", person="Representative Brooks"), surname, titles)
    # a code under a shorter name does not replace the full name
    full = ActorRef(code="", person="Eswar Prasad")
    assert not _fuller(ActorRef(code="IMF", igo="IMF", person="Prasad"), full, titles)

def _feats(rows: list[tuple[str, int, str, str, str]], people: list[tuple[int, int, ActorRef]],
           pron: int) -> dict[str, dict[str, float]]:
    """The ranker's features per candidate name for the pronoun at token ``pron``."""
    from detente.extract.coref.resolve import tracing

    with tracing() as trace:
        resolve(_tagged(rows, people))
    return {ent.actor.person or "": f for tok, cands in trace if tok.i == pron
            for ent, f in cands if "cataphor" not in f}


def test_relative_clause_features_see_its_host_and_the_relative_words_role() -> None:
    # "Eva Berg arrived. Anna Lind, with whom she worked, left.": she is inside a
    # relative clause on Anna Lind, and "whom" is her co-argument (she is not Anna Lind)
    head = [("Eva", 1, "compound", "PROPN", "NNP"), ("Berg", 2, "nsubj", "PROPN", "NNP"),
            ("arrived", 2, "ROOT", "VERB", "VBD"), (".", 2, "punct", "PUNCT", "."),
            ("Anna", 5, "compound", "PROPN", "NNP")]
    rows = head + [
        ("Lind", 12, "nsubj", "PROPN", "NNP"), (",", 5, "punct", "PUNCT", ","),
        ("with", 10, "prep", "ADP", "IN"), ("whom", 7, "pobj", "PRON", "WP"),
        ("she", 10, "nsubj", "PRON", "PRP"), ("worked", 5, "relcl", "VERB", "VBD"),
        (",", 5, "punct", "PUNCT", ","), ("left", 12, "ROOT", "VERB", "VBD"),
        (".", 12, "punct", "PUNCT", ".")]
    f = _feats(rows, [(0, 2, BERG), (4, 6, LIND)], 9)
    assert f["Anna Lind"]["relcl_host"] == 1.0 and f["Anna Lind"]["relcl_coarg"] == 1.0
    assert f["Anna Lind"]["relcl_host_subj"] == 0.0
    assert f["Eva Berg"]["relcl_host"] == 0.0 and f["Eva Berg"]["relcl_coarg"] == 0.0
    # "... Anna Lind, who lost her keys, left.": "who" is the clause's subject
    rows = head + [
        ("Lind", 11, "nsubj", "PROPN", "NNP"), (",", 5, "punct", "PUNCT", ","),
        ("who", 8, "nsubj", "PRON", "WP"), ("lost", 5, "relcl", "VERB", "VBD"),
        ("her", 10, "poss", "PRON", "PRP$"), ("keys", 8, "dobj", "NOUN", "NNS"),
        (",", 5, "punct", "PUNCT", ","), ("left", 11, "ROOT", "VERB", "VBD"),
        (".", 11, "punct", "PUNCT", ".")]
    f = _feats(rows, [(0, 2, BERG), (4, 6, LIND)], 9)
    assert f["Anna Lind"]["relcl_host"] == 1.0 and f["Anna Lind"]["relcl_host_subj"] == 1.0
    assert f["Anna Lind"]["relcl_coarg"] == 0.0


def test_a_name_inside_a_relative_clause_the_pronoun_is_outside_of() -> None:
    # "Anna Lind, whom Eva Berg had met, saw what she wanted."
    rows = [("Anna", 1, "compound", "PROPN", "NNP"), ("Lind", 9, "nsubj", "PROPN", "NNP"),
            (",", 1, "punct", "PUNCT", ","), ("whom", 7, "dobj", "PRON", "WP"),
            ("Eva", 5, "compound", "PROPN", "NNP"), ("Berg", 7, "nsubj", "PROPN", "NNP"),
            ("had", 7, "aux", "AUX", "VBD"), ("met", 1, "relcl", "VERB", "VBN"),
            (",", 1, "punct", "PUNCT", ","), ("saw", 9, "ROOT", "VERB", "VBD"),
            ("what", 12, "dobj", "PRON", "WP"), ("she", 12, "nsubj", "PRON", "PRP"),
            ("wanted", 9, "ccomp", "VERB", "VBD"), (".", 9, "punct", "PUNCT", ".")]
    f = _feats(rows, [(0, 2, LIND), (4, 6, BERG)], 11)
    assert f["Eva Berg"]["in_relcl"] == 1.0 and f["Anna Lind"]["in_relcl"] == 0.0


def test_the_source_of_according_to() -> None:
    # "According to Anna Lind, Eva Berg had left, and she said so."
    rows = [("According", 7, "prep", "VERB", "VBG"), ("to", 0, "prep", "ADP", "IN"),
            ("Anna", 3, "compound", "PROPN", "NNP"), ("Lind", 1, "pobj", "PROPN", "NNP"),
            (",", 7, "punct", "PUNCT", ","), ("Eva", 6, "compound", "PROPN", "NNP"),
            ("Berg", 7, "nsubj", "PROPN", "NNP"), ("left", 7, "ROOT", "VERB", "VBD"),
            (",", 7, "punct", "PUNCT", ","), ("and", 7, "cc", "CCONJ", "CC"),
            ("she", 11, "nsubj", "PRON", "PRP"), ("said", 7, "conj", "VERB", "VBD"),
            ("so", 11, "advmod", "ADV", "RB"), (".", 7, "punct", "PUNCT", ".")]
    f = _feats(rows, [(2, 4, LIND), (5, 7, BERG)], 10)
    assert f["Anna Lind"]["according"] == 1.0 and f["Eva Berg"]["according"] == 0.0


def test_an_entity_named_again_under_the_pronouns_verb_is_marked() -> None:
    # "Anna Lind met Eva Berg. She was proud of Lind.": principle C, she is not Lind
    lind = ActorRef(code="", person="Lind")
    rows = [("Anna", 1, "compound", "PROPN", "NNP"), ("Lind", 2, "nsubj", "PROPN", "NNP"),
            ("met", 2, "ROOT", "VERB", "VBD"), ("Eva", 4, "compound", "PROPN", "NNP"),
            ("Berg", 2, "dobj", "PROPN", "NNP"), (".", 2, "punct", "PUNCT", "."),
            ("She", 7, "nsubj", "PRON", "PRP"), ("was", 7, "ROOT", "AUX", "VBD"),
            ("proud", 7, "acomp", "ADJ", "JJ"), ("of", 8, "prep", "ADP", "IN"),
            ("Lind", 9, "pobj", "PROPN", "NNP"), (".", 7, "punct", "PUNCT", ".")]
    f = _feats(rows, [(0, 2, LIND), (3, 5, BERG), (10, 11, lind)], 6)
    assert f["Anna Lind"]["commanded_later"] == 1.0
    assert f["Eva Berg"]["commanded_later"] == 0.0


def test_each_candidates_salience_is_set_against_the_others() -> None:
    from detente.extract.coref.ranking import relative_features

    feats = [{"salience": 1.2}, {"salience": 0.5}, {"salience": 0.9}]
    relative_features(feats)
    assert [next(k for k in f if k.startswith("sal_rank=")) for f in feats] == [
        "sal_rank=0", "sal_rank=2", "sal_rank=1"]
    assert feats[0]["sal_gap"] == pytest.approx(0.3)
    assert feats[1]["sal_gap"] == pytest.approx(-0.7)
    # "Anna Lind thanked Eva Berg. She left.": the subject leads the object
    rows = [("Anna", 1, "compound", "PROPN", "NNP"), ("Lind", 2, "nsubj", "PROPN", "NNP"),
            ("thanked", 2, "ROOT", "VERB", "VBD"), ("Eva", 4, "compound", "PROPN", "NNP"),
            ("Berg", 2, "dobj", "PROPN", "NNP"), (".", 2, "punct", "PUNCT", "."),
            ("She", 7, "nsubj", "PRON", "PRP"), ("left", 7, "ROOT", "VERB", "VBD"),
            (".", 7, "punct", "PUNCT", ".")]
    f = _feats(rows, [(0, 2, LIND), (3, 5, BERG)], 6)
    assert f["Anna Lind"]["sal_rank=0"] == 1.0 and f["Anna Lind"]["sal_gap"] > 0
    assert f["Eva Berg"]["sal_rank=1"] == 1.0 and f["Eva Berg"]["sal_gap"] < 0


def test_a_passives_agent_and_a_subjects_possessor() -> None:
    # "Eva Berg was warned by Anna Lind. She left."
    rows = [("Eva", 1, "compound", "PROPN", "NNP"), ("Berg", 3, "nsubjpass", "PROPN", "NNP"),
            ("was", 3, "auxpass", "AUX", "VBD"), ("warned", 3, "ROOT", "VERB", "VBN"),
            ("by", 3, "agent", "ADP", "IN"), ("Anna", 6, "compound", "PROPN", "NNP"),
            ("Lind", 4, "pobj", "PROPN", "NNP"), (".", 3, "punct", "PUNCT", "."),
            ("She", 9, "nsubj", "PRON", "PRP"), ("left", 9, "ROOT", "VERB", "VBD"),
            (".", 9, "punct", "PUNCT", ".")]
    f = _feats(rows, [(0, 2, BERG), (5, 7, LIND)], 8)
    assert f["Anna Lind"]["agent"] == 1.0 and f["Eva Berg"]["agent"] == 0.0
    # "Anna Lind's work is good. She left."
    rows = [("Anna", 1, "compound", "PROPN", "NNP"), ("Lind", 3, "poss", "PROPN", "NNP"),
            ("'s", 1, "case", "PART", "POS"), ("work", 4, "nsubj", "NOUN", "NN"),
            ("is", 4, "ROOT", "AUX", "VBZ"), ("good", 4, "acomp", "ADJ", "JJ"),
            (".", 4, "punct", "PUNCT", "."), ("She", 8, "nsubj", "PRON", "PRP"),
            ("left", 8, "ROOT", "VERB", "VBD"), (".", 8, "punct", "PUNCT", ".")]
    f = _feats(rows, [(0, 2, LIND)], 7)
    assert f["Anna Lind"]["poss_of_subj"] == 1.0
