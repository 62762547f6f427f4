"""Cue verbs (detente.extract.quotes.grammar.is_cue_verb)."""

from __future__ import annotations

from dataclasses import replace

from spacy.lang.en import English
from spacy.tokens import Doc

from detente.extract.quotes.grammar import is_cue_verb
from detente.lexicon.cues import load_cues


def test_cue_verbs_read_speech_and_cognition_of_the_lexicon_given() -> None:
    doc = Doc(English().vocab, words=["She", "said", "he", "believed", "it", "Tweeted"],
              pos=["PRON", "VERB", "PRON", "VERB", "PRON", "PROPN"],
              deps=["nsubj", "ROOT", "nsubj", "ccomp", "nsubj", "conj"],
              heads=[1, 1, 3, 1, 5, 1], lemmas=["she", "say", "he", "believe", "it", "Tweeted"])
    lex = load_cues()
    assert is_cue_verb(doc[1], lex) and is_cue_verb(doc[3], lex)
    assert not is_cue_verb(doc[3], lex, cognition=False)
    assert is_cue_verb(doc[5], lex)  # a proper noun in a verb's role, inflection stripped
    # another lexicon (same id reused or not) is read for what it says
    for _ in range(3):
        other = replace(lex, cognition=frozenset())
        assert not is_cue_verb(doc[3], other) and is_cue_verb(doc[1], other)
    assert is_cue_verb(doc[3], lex)
