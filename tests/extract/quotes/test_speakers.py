"""Quote speakers that must be someone: a relative pronoun speaks for the noun its
clause modifies (also through coordinated relative clauses); a demonstrative "That
said," or a question's "Who" is no speaker at all."""

from __future__ import annotations

import datetime as dt

import pytest
import spacy
from spacy.tokens import Doc

from _docs import model_quotes
from detente.extract.quotes.find import extract_quotes
from detente.extract.quotes.grammar import relative_antecedent, subject_of
from detente.records import Article

VOCAB = spacy.blank("en").vocab


def _hand(words, heads, deps) -> Doc:
    return Doc(VOCAB, words=words, heads=heads, deps=deps)


def test_relative_subject_is_the_noun_the_clause_modifies() -> None:
    # "a report , which said ..." (hand parse: no model).
    doc = _hand(["a", "report", ",", "which", "said", "so"], [1, 1, 1, 4, 1, 4],
                ["det", "ROOT", "punct", "nsubj", "relcl", "advmod"])
    assert subject_of(doc[4]).text == "report"
    assert relative_antecedent(doc[3]).text == "report"


def test_coordinated_relative_clause_reaches_the_noun() -> None:
    # "Ortiz , who won and who suggested so"
    doc = _hand(["Ortiz", ",", "who", "won", "and", "who", "suggested", "so"],
                [0, 0, 3, 0, 3, 6, 3, 6],
                ["ROOT", "punct", "nsubj", "relcl", "cc", "nsubj", "conj", "advmod"])
    assert subject_of(doc[6]).text == "Ortiz"


def test_demonstrative_that_is_no_speaker() -> None:
    # "That said , ..." : no relative clause, no antecedent, no subject.
    doc = _hand(["That", "said", ",", "it", "rained"], [1, 4, 4, 4, 4],
                ["nsubj", "advcl", "punct", "nsubj", "ROOT"])
    assert relative_antecedent(doc[0]) is None
    assert subject_of(doc[1]) is None


@pytest.mark.model
def test_relative_who_speaker_is_the_person_its_clause_modifies(nlp) -> None:
    # The span is the pronoun (PolNeAR's convention, like "he"); the speaker is resolved
    # through the noun the relative clause modifies, also through coordinated clauses.
    text = ("Governor Ana Ortiz, who won the primary and who suggested on Monday that "
            "the border crossings had doubled, left the state.")
    quotes = [q for q in model_quotes(nlp, text) if "border crossings" in q.text]
    assert quotes and quotes[0].speaker_text == "who"
    assert quotes[0].speaker is not None and quotes[0].speaker.person == "Ana Ortiz"


@pytest.mark.model
def test_that_said_is_no_quote(nlp) -> None:
    text = ("Turnout was low across the state. That said, a loss in the primary would "
            "provide a sour end to her campaign.")
    assert not [q for q in model_quotes(nlp, text) if (q.speaker_text or "").lower() == "that"]


@pytest.mark.model
def test_definite_nominal_takes_the_mention_with_its_head_noun(nlp) -> None:
    from detente.records import ActorRef, Mention

    text = ("Israeli officials met the envoy on Wednesday in Jerusalem.\n\n"
            "The officials said the meeting had been scheduled two weeks ago.")
    doc = nlp(text)
    isr = ActorRef(code="ISR GOV", country="ISR", sector="GOV")
    men = [Mention(article_id="t", start=0, end=len("Israeli officials"),
                   text="Israeli officials", label="NORP", actor=isr)]
    art = Article(id="t", text=text, published=dt.date(2016, 5, 17))
    quotes = [q for q in extract_quotes(doc, article=art, mentions=men)
              if "meeting" in q.text]
    assert quotes and quotes[0].speaker_text == "The officials"
    assert quotes[0].speaker == isr
